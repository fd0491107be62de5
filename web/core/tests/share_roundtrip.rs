//! Share links carry every workspace exactly: each built-in scenario, with any of its editable
//! documents replaced by any text (broken JSON, non-breaking spaces, quotes, emoji, text the
//! deflate stream compresses well or not at all), decodes to the workspace that was encoded.

use policy_playground_app::examples::EXAMPLES;
use policy_playground_app::share;
use policy_playground_app::workspace::Workspace;
use proptest::prelude::*;

/// Text as people paste it, and as nobody would.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        prop::collection::vec(
            prop::sample::select(vec![
                "{",
                "}",
                "\"",
                "\\",
                "\u{a0}",
                "\n",
                "é",
                "😀",
                "\"Statement\"",
                "*",
                "?",
                "${x}"
            ]),
            0..80
        )
        .prop_map(|pieces| pieces.concat()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn every_workspace_survives_a_share_link(
        example in 0..EXAMPLES.len(),
        edits in prop::collection::vec((any::<prop::sample::Index>(), text()), 0..4),
    ) {
        let mut workspace = Workspace::example(EXAMPLES[example].id).expect("a built-in example");
        for (which, text) in edits {
            let editable: Vec<_> = workspace.documents().into_iter().filter(|d| !d.read_only).collect();
            if editable.is_empty() {
                break;
            }
            let doc = editable[which.index(editable.len())].doc.clone();
            prop_assert!(workspace.set_text(&doc, &text));
        }
        let link = share::encode(&workspace);
        let opened = share::decode(&link).expect("a link made by encode opens");
        prop_assert_eq!(&opened, &workspace);
        // What the editors show is the same text, byte for byte.
        let texts = |w: &Workspace| w.documents().into_iter().map(|d| (d.name, d.text)).collect::<Vec<_>>();
        prop_assert_eq!(texts(&opened), texts(&workspace));
    }
}
