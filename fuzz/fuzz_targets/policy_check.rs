//! The policy parser and every check on arbitrary bytes: no panic, and every finding's span lies
//! within the text on character boundaries.
#![no_main]

use libfuzzer_sys::fuzz_target;
use policy_playground::findings::{CheckContext, check_policy};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for f in check_policy("fuzz", &text, None, &CheckContext::default()) {
        assert!(f.span.start <= f.span.end && f.span.end <= text.len(), "{f:?}");
        assert!(text.is_char_boundary(f.span.start) && text.is_char_boundary(f.span.end), "{f:?}");
        assert!(f.span.line >= 1 && f.span.column >= 1, "{f:?}");
    }
});
