//! Small formatting helpers for what the panel shows: times in the viewer's own time zone.
//!
//! Pure presentation; no I/O and no provider knowledge.

/// Milliseconds since the epoch as a local date and time, e.g. "04/10/2019, 15:08:13".
pub fn local_time(ms: i64) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms as f64));
    if date.get_time().is_nan() {
        return "unknown".to_string();
    }
    String::from(date.to_locale_string("default", &wasm_bindgen::JsValue::UNDEFINED))
}

/// Marks a moment on the browser's performance timeline (`lockdesk-search-start`…), which the
/// benchmarks read; nothing is sent anywhere.
pub fn mark(name: &str) {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.mark(name);
    }
}

/// "Never" or the local time of the last sign-in.
pub fn last_sign_in(ms: Option<i64>) -> String {
    ms.map(local_time).unwrap_or_else(|| "Never".to_string())
}
