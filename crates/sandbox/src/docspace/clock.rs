//! Dates for the DocSpace simulator: an `ApiDateTime` (RFC 3339 `utcTime` with offset
//! `+00:00`, `timeZoneOffset` `00:00:00`) for epoch milliseconds, by the civil-from-days
//! algorithm (no date crate), and the wall clock.
//!
//! The wall clock is read only for changes made by requests (`registrationDate` of a created
//! person, `terminated`), never for seeded data. This module must not panic: a clock before 1970
//! degrades to the epoch.

use std::time::{SystemTime, UNIX_EPOCH};

use super::wire::ApiDateTime;

/// `YYYY-MM-DDTHH:MM:SS.mmm+00:00` for epoch milliseconds (years 0..=9999 are exact).
pub(crate) fn rfc3339(ms: i64) -> String {
    let (days, rem) = (ms.div_euclid(86_400_000), ms.rem_euclid(86_400_000));
    let (y, m, d) = civil_from_days(days);
    let (h, min, s, milli) = (rem / 3_600_000, rem / 60_000 % 60, rem / 1000 % 60, rem % 1000);
    format!("{y:04}-{m:02}-{d:02}T{h:02}:{min:02}:{s:02}.{milli:03}+00:00")
}

/// The `ApiDateTime` of epoch milliseconds.
pub(crate) fn date(ms: i64) -> ApiDateTime {
    ApiDateTime { utc_time: rfc3339(ms), time_zone_offset: "00:00:00".into() }
}

/// The `ApiDateTime` of now.
pub(crate) fn now() -> ApiDateTime {
    let ms = SystemTime::now().duration_since(UNIX_EPOCH).ok().and_then(|d| i64::try_from(d.as_millis()).ok());
    date(ms.unwrap_or(0))
}

/// Days since 1970-01-01 → (year, month, day), after Howard Hinnant's public description.
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
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
