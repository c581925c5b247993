//! The application shell: context providers (session, notices), the router and the error boundary.
//!
//! No I/O here beyond what the session starts loading.

use leptos::prelude::*;
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::path;

use crate::components::NoticeBar;
use crate::pages::{
    AuditPage, BulkPage, ConnectionGate, CreateUserPage, EverywherePage, OffboardPage, OperatorBadge, OperatorGate,
    RunPage, SearchPage, UserDetailPage,
};
use crate::state::notices::Notices;
use crate::state::session::Session;

/// The whole panel.
#[component]
pub fn App() -> impl IntoView {
    let notices = Notices::new();
    provide_context(Session::new());
    provide_context(notices);
    view! {
        <Router>
            <a class="skip-link" href="#main">"Skip to content"</a>
            <header class="topbar">
                <a class="brand" href="/">"lockdesk"</a>
                <span class="tagline">"Find an account. See if they can sign in. Offboard safely."</span>
                <OperatorBadge/>
            </header>
            <NoticeBar notices=notices/>
            <ErrorBoundary fallback=|errors| view! {
                <section class="error-panel" role="alert">
                    <h2>"Something went wrong while showing this page"</h2>
                    <p>"Nothing was changed. Reload the page; if it happens again, tell your IT admin."</p>
                    <details><summary>"Details"</summary>
                        <ul>{move || errors.get().into_iter().map(|(_, e)| view! { <li>{e.to_string()}</li> }).collect_view()}</ul>
                    </details>
                </section>
            }>
                <OperatorGate>
                <Routes fallback=|| view! {
                    <main id="main"><h1>"Page not found"</h1><p><a href="/">"Go to the home page"</a></p></main>
                }>
                    <Route path=path!("/") view=EverywherePage/>
                    <Route path=path!("/offboard") view=OffboardPage/>
                    <Route path=path!("/offboard/bulk") view=BulkPage/>
                    <Route path=path!("/offboard/run/:run") view=RunPage/>
                    <Route path=path!("/audit") view=AuditPage/>
                    <ParentRoute path=path!("/c/:conn") view=ConnectionGate>
                        <Route path=path!("users") view=SearchPage/>
                        <Route path=path!("users/:id") view=UserDetailPage/>
                        <Route path=path!("new-user") view=CreateUserPage/>
                    </ParentRoute>
                </Routes>
                </OperatorGate>
            </ErrorBoundary>
        </Router>
    }
}
