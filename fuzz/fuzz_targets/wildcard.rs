//! The wildcard matcher against the textbook matcher: the input is a pattern and a text
//! separated by the first NUL byte.
#![no_main]

use libfuzzer_sys::fuzz_target;
use policy_playground::pattern::{Pattern, PatternSyntax};

/// The textbook matcher: one row of the (pattern, text) table at a time.
fn reference(pattern: &str, input: &str) -> bool {
    let t: Vec<char> = input.chars().collect();
    let mut reach = vec![false; t.len() + 1];
    reach[0] = true;
    for c in pattern.chars() {
        let mut next = vec![false; t.len() + 1];
        for j in 0..=t.len() {
            next[j] = match c {
                '*' => reach[j] || (j > 0 && next[j - 1]),
                '?' => j > 0 && reach[j - 1],
                c => j > 0 && reach[j - 1] && t[j - 1] == c,
            };
        }
        reach = next;
    }
    reach[t.len()]
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Some((pattern, input)) = text.split_once('\0') else { return };
    // Variables are read as literal text here: the reference has none.
    let syntax = PatternSyntax { wildcards: true, variables: false };
    assert_eq!(Pattern::new(pattern, syntax).matches(input), reference(pattern, input), "{pattern:?} vs {input:?}");
});
