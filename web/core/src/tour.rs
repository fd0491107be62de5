//! The first-visit tour: four short steps pointing at the editor, the checks, the chain and result,
//! and the lessons menu. Shown once; dismissing or finishing it is remembered in localStorage (the
//! browser crate writes [`SEEN_KEY`]) and it comes back only from the Help button.

/// The localStorage key remembering that the tour was seen.
pub const SEEN_KEY: &str = "policy-playground/tour-seen";
/// The value stored under [`SEEN_KEY`].
pub const SEEN_VALUE: &str = "1";

/// One step of the tour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TourStep {
    /// The step's heading.
    pub title: &'static str,
    /// What it says.
    pub text: &'static str,
    /// The `data-testid` of the part of the page it is about (outlined while the step shows).
    pub target: &'static str,
}

/// The tour's steps, in order.
pub const STEPS: [TourStep; 4] = [
    TourStep {
        title: "Edit the policies",
        text: "The editor holds the scenario's policy documents. Pick one in the Accounts and Policy library lists (the Scenario tab on a phone); every change is evaluated as you type, and problems are underlined.",
        target: "editor-panel",
    },
    TourStep {
        title: "Watch the checks",
        text: "Each check is a request or a chain of role assumptions with the decision it should have. A check that is not as expected is marked, so you see at once what an edit broke.",
        target: "checks",
    },
    TourStep {
        title: "Read the chain and the result",
        text: "Select a check to see its chain hop by hop and the engine's decision, with the statements that decided it. Click a statement to jump to it in the editor.",
        target: "result",
    },
    TourStep {
        title: "Learn with lessons",
        text: "The Lessons menu has exercises with a goal, hints and an automatic grade. The ? button brings this tour back.",
        target: "lessons",
    },
];

/// Whether to start the tour when the page opens: on a first visit (nothing under [`SEEN_KEY`]),
/// never in an embedded page or when the page opens a shared link or lesson (the person came for
/// that, not for a tour).
pub fn show_on_open(seen: Option<&str>, embedded: bool, opened_a_link: bool) -> bool {
    seen.is_none() && !embedded && !opened_a_link
}

/// The step after `step`, or `None` when the tour ends.
pub fn next(step: usize) -> Option<usize> {
    (step + 1 < STEPS.len()).then_some(step + 1)
}

/// The step before `step` (the first stays the first).
pub fn previous(step: usize) -> usize {
    step.saturating_sub(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tour_shows_once_and_only_on_a_plain_first_visit() {
        assert!(show_on_open(None, false, false));
        assert!(!show_on_open(Some(SEEN_VALUE), false, false));
        assert!(!show_on_open(None, true, false), "embedded pages have no tour");
        assert!(!show_on_open(None, false, true), "a shared link opens straight away");
    }

    #[test]
    fn steps_walk_forward_to_the_end_and_back_to_the_first() {
        assert_eq!(next(0), Some(1));
        assert_eq!(next(STEPS.len() - 1), None);
        assert_eq!(previous(2), 1);
        assert_eq!(previous(0), 0);
        assert!(STEPS.iter().all(|s| !s.title.is_empty() && s.text.len() < 240), "steps are short");
    }

    #[test]
    fn no_step_points_left_or_right_because_a_phone_stacks_the_panels_in_tabs() {
        for step in STEPS {
            let words = step.text.to_lowercase();
            assert!(!words.contains("left") && !words.contains("right"), "{}", step.text);
        }
    }
}
