//! Entry point of the panel: installs the panic hook and mounts `App`. Nothing else belongs here.

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(lockdesk::App);
}
