//! The one calendar of the simulators: epoch milliseconds as a UTC civil date and time (Howard
//! Hinnant's public civil-from-days algorithm; no date crate), the HTTP `Date` format, and the
//! wall clock. Each provider writes the parts in its own format (Okta `…Z` with milliseconds,
//! DocSpace `+00:00`, SCIM whole seconds). The wall clock is read only for changes made by requests, never for seeded data.
//! Nothing here panics: a clock before 1970 reads as the epoch.

use std::time::{SystemTime, UNIX_EPOCH};

/// A UTC date and time: year, month, day, hour, minute, second, millisecond.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Civil {
    pub(crate) year: i64,
    pub(crate) month: i64,
    pub(crate) day: i64,
    pub(crate) hour: i64,
    pub(crate) minute: i64,
    pub(crate) second: i64,
    pub(crate) milli: i64,
}

impl Civil {
    /// The UTC date and time of epoch milliseconds (years 0..=9999 are exact).
    pub(crate) fn of(ms: i64) -> Civil {
        let (days, rem) = (ms.div_euclid(86_400_000), ms.rem_euclid(86_400_000));
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        Civil {
            year: yoe + era * 400 + i64::from(month <= 2),
            month,
            day,
            hour: rem / 3_600_000,
            minute: rem / 60_000 % 60,
            second: rem / 1000 % 60,
            milli: rem % 1000,
        }
    }

    /// `YYYY-MM-DDTHH:MM:SS`, the part every format shares.
    pub(crate) fn date_time(&self) -> String {
        let Civil { year, month, day, hour, minute, second, .. } = *self;
        format!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}")
    }
}

/// The IMF-fixdate of epoch milliseconds, as HTTP's `Date` header carries it (RFC 9110 §5.6.7):
/// `Sun, 06 Nov 1994 08:49:37 GMT`.
pub(crate) fn http_date(ms: i64) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let at = Civil::of(ms);
    let weekday = DAYS[usize::try_from(ms.div_euclid(86_400_000).rem_euclid(7)).unwrap_or(0)];
    let month = MONTHS[usize::try_from(at.month - 1).unwrap_or(0).min(11)];
    format!("{weekday}, {:02} {month} {:04} {:02}:{:02}:{:02} GMT", at.day, at.year, at.hour, at.minute, at.second)
}

/// Wall-clock epoch milliseconds (0 if the clock is before 1970).
pub(crate) fn now_ms() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).ok().and_then(|d| i64::try_from(d.as_millis()).ok()).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates_are_utc() {
        assert_eq!(Civil::of(0).date_time(), "1970-01-01T00:00:00");
        assert_eq!(Civil::of(951_782_400_123).date_time(), "2000-02-29T00:00:00");
        assert_eq!(Civil::of(951_782_400_123).milli, 123);
        assert_eq!(Civil::of(1_264_222_582_000).date_time(), "2010-01-23T04:56:22");
        assert_eq!(Civil::of(-1).date_time(), "1969-12-31T23:59:59");
        assert!(now_ms() > 1_600_000_000_000);
    }

    #[test]
    fn http_dates_are_imf_fixdates() {
        assert_eq!(http_date(0), "Thu, 01 Jan 1970 00:00:00 GMT");
        assert_eq!(http_date(784_111_777_000), "Sun, 06 Nov 1994 08:49:37 GMT");
        assert_eq!(http_date(951_782_400_123), "Tue, 29 Feb 2000 00:00:00 GMT");
        assert_eq!(http_date(-1), "Wed, 31 Dec 1969 23:59:59 GMT");
    }
}
