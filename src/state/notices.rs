//! The notice shown after something succeeded ("Terry Example was deactivated."), kept across a
//! navigation so the next page can show it.

use leptos::prelude::*;

/// The current notice, if any.
#[derive(Clone, Copy)]
pub struct Notices(pub RwSignal<Option<String>>);

impl Notices {
    /// An empty notice slot.
    pub fn new() -> Notices {
        Notices(RwSignal::new(None))
    }

    /// Shows `text`, replacing any earlier notice.
    pub fn show(&self, text: String) {
        self.0.set(Some(text));
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
