//! Dates for the SCIM simulator: xsd:dateTime in UTC (`2010-01-23T04:56:22Z`, whole seconds, as
//! in RFC 7643's examples) for epoch milliseconds, by the civil-from-days algorithm (no date
//! crate), and the wall clock.
//!
//! The wall clock is read only for changes (`meta.lastModified` after a PATCH or somebody else's
//! edit), never for seeded data. This module must not panic: a clock before 1970 degrades to the
//! epoch.

use std::time::{SystemTime, UNIX_EPOCH};

/// `YYYY-MM-DDTHH:MM:SSZ` for epoch milliseconds (years 0..=9999 are exact; milliseconds dropped).
pub(crate) fn date_time(ms: i64) -> String {
    let (days, rem) = (ms.div_euclid(86_400_000), ms.rem_euclid(86_400_000));
    let (y, m, d) = civil_from_days(days);
    let (h, min, s) = (rem / 3_600_000, rem / 60_000 % 60, rem / 1000 % 60);
    format!("{y:04}-{m:02}-{d:02}T{h:02}:{min:02}:{s:02}Z")
}

/// Now, in epoch milliseconds.
pub(crate) fn now_ms() -> i64 {
    let ms = SystemTime::now().duration_since(UNIX_EPOCH).ok().and_then(|d| i64::try_from(d.as_millis()).ok());
    ms.unwrap_or(0)
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
    fn dates_are_xsd_date_times_in_utc() {
        assert_eq!(date_time(0), "1970-01-01T00:00:00Z");
        assert_eq!(date_time(1_264_222_582_000), "2010-01-23T04:56:22Z");
        assert_eq!(date_time(951_782_400_999), "2000-02-29T00:00:00Z");
        assert!(date_time(now_ms()).as_str() > "2020");
    }
}
