//! The notice shown after something succeeded ("Terry Example was deactivated."). A notice may be
//! kept across the one navigation its action causes (Delete goes back to the search), and is
//! gone after any other, so it never describes a different page.

use leptos::prelude::*;

/// The current notice and how many more page changes it survives.
#[derive(Clone, Copy)]
pub struct Notices(pub RwSignal<Option<(String, u8)>>);

impl Notices {
    /// An empty notice slot.
    pub fn new() -> Notices {
        Notices(RwSignal::new(None))
    }

    /// Shows `text` on this page, replacing any earlier notice.
    pub fn show(&self, text: String) {
        self.0.set(Some((text, 0)));
    }

    /// Shows `text` on the page the caller is about to navigate to.
    pub fn show_after_navigation(&self, text: String) {
        self.0.set(Some((text, 1)));
    }

    /// Called on every page change: a notice without navigations left goes.
    pub fn navigated(&self) {
        self.0.update(|n| {
            *n = match n.take() {
                Some((text, left)) if left > 0 => Some((text, left - 1)),
                _ => None,
            }
        });
    }

    /// Hides the notice.
    pub fn clear(&self) {
        self.0.set(None);
    }
}

impl Default for Notices {
    fn default() -> Self {
        Notices::new()
    }
}

/// The notices from context.
pub fn use_notices() -> Notices {
    expect_context::<Notices>()
}
