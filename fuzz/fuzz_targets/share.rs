//! The share-link decoder on arbitrary text, including compressed data that unpacks to far more
//! than the limit: no panic, and whatever opens encodes to a link that opens to the same workspace.
#![no_main]

use libfuzzer_sys::fuzz_target;
use policy_playground_app::share::{decode, encode};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    // Fuzzed text as it comes, and as the body of a link (so the deflate reader sees it).
    for fragment in [text.to_string(), format!("s=1.{text}")] {
        if let Ok(workspace) = decode(&fragment) {
            assert_eq!(decode(&encode(&workspace)).as_ref(), Ok(&workspace));
        }
    }
});
