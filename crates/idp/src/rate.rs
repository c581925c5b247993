//! A provider's rate window as its reply headers describe it (how many calls the window allows,
//! how many are left, when it starts again), in one shape across providers, so a bulk run can slow
//! down before the provider refuses it rather than after. Adapters say which headers they send
//! (`IdentityProvider::rate_window`); nothing here does I/O or keeps time.

use crate::http::{header_text, HttpResponse};

/// One rate window, read from one reply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateWindow {
    /// Calls the window allows.
    pub limit: u32,
    /// Calls left in it.
    pub remaining: u32,
    /// Seconds until it starts again, by the provider's own clock where it sent one.
    pub resets_in_s: u64,
}

/// Reads a window from the three headers named: the limit, what is left, and the reset, which is
/// a number of seconds to wait or, when it is that large, a time (UTC seconds since the epoch)
/// measured against the reply's `Date` (the provider's clock) or else `now_s`. `None` when any of
/// them is missing or not a number, or the limit is 0.
pub fn read_window(
    resp: &HttpResponse,
    [limit, remaining, reset]: [&http::HeaderName; 3],
    now_s: u64,
) -> Option<RateWindow> {
    let number = |name: &http::HeaderName| header_text(resp.headers(), name).and_then(|v| v.trim().parse::<u64>().ok());
    let (limit, remaining, reset) = (number(limit)?, number(remaining)?, number(reset)?);
    if limit == 0 {
        return None;
    }
    let resets_in_s = if reset > 1_000_000_000 {
        let now = header_text(resp.headers(), &http::header::DATE)
            .and_then(|d| crate::read::http_date_s(&d))
            .unwrap_or(now_s);
        reset.saturating_sub(now)
    } else {
        reset
    };
    let clamp = |n: u64| u32::try_from(n).unwrap_or(u32::MAX);
    Some(RateWindow { limit: clamp(limit), remaining: clamp(remaining.min(limit)), resets_in_s })
}

#[cfg(test)]
mod tests {
    use super::*;

    static NAMES: [http::HeaderName; 3] = [
        http::HeaderName::from_static("x-rate-limit-limit"),
        http::HeaderName::from_static("x-rate-limit-remaining"),
        http::HeaderName::from_static("x-rate-limit-reset"),
    ];

    fn reply(headers: &[(&str, &str)]) -> HttpResponse {
        let mut b = http::Response::builder().status(200);
        for (k, v) in headers {
            b = b.header(*k, *v);
        }
        b.body(Vec::new()).unwrap()
    }

    fn names() -> [&'static http::HeaderName; 3] {
        [&NAMES[0], &NAMES[1], &NAMES[2]]
    }

    #[test]
    fn an_epoch_reset_is_measured_against_the_providers_clock() {
        let resp = reply(&[
            ("x-rate-limit-limit", "600"),
            ("x-rate-limit-remaining", "17"),
            ("x-rate-limit-reset", "1764633600"),
            ("date", "Tue, 02 Dec 2025 00:00:00 GMT"),
        ]);
        // 1764633600 is 2025-12-02T00:00:00Z; the browser's clock (now_s) is ignored when Date is there.
        assert_eq!(read_window(&resp, names(), 5), Some(RateWindow { limit: 600, remaining: 17, resets_in_s: 0 }));
        let resp = reply(&[
            ("x-rate-limit-limit", "600"),
            ("x-rate-limit-remaining", "5"),
            ("x-rate-limit-reset", "1764633642"),
        ]);
        assert_eq!(read_window(&resp, names(), 1_764_633_600).map(|w| w.resets_in_s), Some(42));
    }

    #[test]
    fn a_small_reset_is_a_wait_and_bad_headers_are_no_window() {
        let resp =
            reply(&[("x-rate-limit-limit", "100"), ("x-rate-limit-remaining", "250"), ("x-rate-limit-reset", "17")]);
        assert_eq!(read_window(&resp, names(), 0), Some(RateWindow { limit: 100, remaining: 100, resets_in_s: 17 }));
        for bad in [
            [("x-rate-limit-limit", "0"), ("x-rate-limit-remaining", "1"), ("x-rate-limit-reset", "1")],
            [("x-rate-limit-limit", "ten"), ("x-rate-limit-remaining", "1"), ("x-rate-limit-reset", "1")],
            [("x-rate-limit-limit", "10"), ("x-rate-limit-remaining", "-1"), ("x-rate-limit-reset", "1")],
        ] {
            assert_eq!(read_window(&reply(&bad), names(), 0), None, "{bad:?}");
        }
        assert_eq!(read_window(&reply(&[("x-rate-limit-limit", "10")]), names(), 0), None);
    }
}
