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

mod saved_view_format {
    use policy_playground_app::predict::{Guess, Predictions};
    use policy_playground_app::request::RequestForm;
    use policy_playground_app::snapshot::SavedView;
    use policy_playground_app::workspace::DocRef;
    use proptest::prelude::*;

    fn doc() -> impl Strategy<Value = DocRef> {
        prop_oneof![
            any::<String>().prop_map(DocRef::Library),
            any::<String>().prop_map(DocRef::Resource),
            (any::<String>(), any::<String>()).prop_map(|(account, role)| DocRef::Trust { account, role }),
        ]
    }

    fn request() -> impl Strategy<Value = RequestForm> {
        (any::<String>(), any::<String>(), any::<String>(), prop::collection::vec(any::<(String, String)>(), 0..3))
            .prop_map(|(principal, action, resource, context)| RequestForm { principal, action, resource, context })
    }

    fn predict() -> impl Strategy<Value = Predictions> {
        let guess = prop_oneof![Just(Guess::Allow), Just(Guess::Deny)];
        (any::<bool>(), prop::collection::vec((any::<String>(), guess), 0..3))
            .prop_map(|(on, guesses)| Predictions { on, guesses })
    }

    proptest! {
        /// The view's hand-written reader and writer (kept for the wasm's size, see
        /// snapshot.rs) use the very format the types' serde derives write: what one writes the
        /// other reads, so the two cannot drift apart.
        #[test]
        fn the_hand_written_view_format_is_the_derived_one(doc in doc(), request in request(), predict in predict()) {
            let predict = Predictions { on: true, ..predict };
            let view = SavedView { doc: Some(doc.clone()), request: Some(request.clone()), predict: predict.clone(), ..SavedView::default() };
            let written = view.to_value();
            prop_assert_eq!(&written["doc"], &serde_json::to_value(&doc).unwrap());
            prop_assert_eq!(&written["request"], &serde_json::to_value(&request).unwrap());
            prop_assert_eq!(&written["predict"], &serde_json::to_value(&predict).unwrap());
            // And the derived readers read what the hand-written writer wrote, and back.
            prop_assert_eq!(serde_json::from_value::<DocRef>(written["doc"].clone()).unwrap(), doc);
            prop_assert_eq!(serde_json::from_value::<RequestForm>(written["request"].clone()).unwrap(), request);
            prop_assert_eq!(serde_json::from_value::<Predictions>(written["predict"].clone()).unwrap(), predict);
            prop_assert_eq!(SavedView::from_value(&written), view);
        }
    }
}
