//! The case-file loader and evaluation, differentially: when the whole file reads, the batch
//! splitter and the fast per-case reader (with its statement interner) give every case exactly
//! what the ordinary reader gives, and evaluating it gives the same result.
#![no_main]

use libfuzzer_sys::fuzz_target;
use policy_playground::case::{case_at_cached, load_cases};
use policy_playground::interner::StatementInterner;
use policy_playground::json::split::ArrayElements;
use policy_playground::span::LineIndex;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let whole = load_cases(text);
    if let Ok(cases) = &whole {
        for case in cases {
            let _ = case.evaluate();
        }
    }
    let Some(elements) = ArrayElements::new(text) else { return };
    let Ok(cases) = whole else { return };
    let mut interner = StatementInterner::new(LineIndex::new(text));
    let mut count = 0;
    for (i, element) in elements.enumerate() {
        let Ok((start, end)) = element else { panic!("the splitter refused a file the reader reads") };
        let fast = case_at_cached(&mut interner, start, end, i).expect("the fast reader refused a case the reader reads");
        let expected = &cases[i];
        assert_eq!(
            serde_json::to_string(&fast.evaluate()).unwrap(),
            serde_json::to_string(&expected.evaluate()).unwrap(),
            "case {i}"
        );
        count += 1;
    }
    assert_eq!(count, cases.len());
});
