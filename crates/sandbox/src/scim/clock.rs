//! Dates for the SCIM simulator: xsd:dateTime in UTC (`2010-01-23T04:56:22Z`, whole seconds, as
//! in RFC 7643's examples) for epoch milliseconds, by the civil-from-days algorithm (no date
//! crate), and the wall clock.
//!
//! The wall clock is read only for changes (`meta.lastModified` after a PATCH or somebody else's
//! edit), never for seeded data. This module must not panic: a clock before 1970 degrades to the
//! epoch.

pub(crate) use crate::clock::now_ms;
use crate::clock::Civil;

/// `YYYY-MM-DDTHH:MM:SSZ` for epoch milliseconds (milliseconds dropped).
pub(crate) fn date_time(ms: i64) -> String {
    format!("{}Z", Civil::of(ms).date_time())
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
