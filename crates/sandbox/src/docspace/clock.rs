//! Dates for the DocSpace simulator: an `ApiDateTime` (RFC 3339 `utcTime` with offset
//! `+00:00`, `timeZoneOffset` `00:00:00`) for epoch milliseconds (the shared
//! `crate::clock`), and the wall clock.
//!
//! The wall clock is read only for changes made by requests (`registrationDate` of a created
//! person, `terminated`), never for seeded data. This module must not panic: a clock before 1970
//! degrades to the epoch.

use super::wire::ApiDateTime;
use crate::clock::{now_ms, Civil};

/// `YYYY-MM-DDTHH:MM:SS.mmm+00:00` for epoch milliseconds.
pub(crate) fn rfc3339(ms: i64) -> String {
    let at = Civil::of(ms);
    format!("{}.{:03}+00:00", at.date_time(), at.milli)
}

/// The `ApiDateTime` of epoch milliseconds.
pub(crate) fn date(ms: i64) -> ApiDateTime {
    ApiDateTime { utc_time: rfc3339(ms), time_zone_offset: "00:00:00".into() }
}

/// The `ApiDateTime` of now.
pub(crate) fn now() -> ApiDateTime {
    date(now_ms())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_rfc3339_in_utc() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00.000+00:00");
        assert_eq!(rfc3339(1_767_225_600_000), "2026-01-01T00:00:00.000+00:00");
        assert_eq!(rfc3339(951_782_400_123), "2000-02-29T00:00:00.123+00:00");
        assert_eq!(date(0).time_zone_offset, "00:00:00");
        assert!(now().utc_time.as_str() > "2020");
    }
}
