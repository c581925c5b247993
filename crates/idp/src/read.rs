//! Lenient reading of a provider's JSON person: each field on its own, so one wrongly typed field
//! marks only that fact unreadable and the person is still shown (ARCHITECTURE.md's rule). Shared
//! by every adapter; no wire structs and no provider knowledge here.

use serde_json::Value;

use crate::model::{Fact, FactValue};

/// One field as found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Got<T> {
    Absent,
    Value(T),
    /// Present, but not of the documented type.
    Wrong,
}

impl<T> Got<T> {
    /// The value, if it was there and readable.
    pub(crate) fn ok(self) -> Option<T> {
        match self {
            Got::Value(v) => Some(v),
            _ => None,
        }
    }

    fn map<U>(self, f: impl FnOnce(T) -> Option<U>) -> Got<U> {
        match self {
            Got::Value(v) => f(v).map_or(Got::Wrong, Got::Value),
            Got::Absent => Got::Absent,
            Got::Wrong => Got::Wrong,
        }
    }
}

fn at<'a>(v: &'a Value, pointer: &str) -> Got<&'a Value> {
    match v.pointer(pointer) {
        None | Some(Value::Null) => Got::Absent,
        Some(found) => Got::Value(found),
    }
}

/// A string field.
pub(crate) fn text<'a>(v: &'a Value, pointer: &str) -> Got<&'a str> {
    at(v, pointer).map(Value::as_str)
}

/// An integer field.
pub(crate) fn int(v: &Value, pointer: &str) -> Got<i64> {
    at(v, pointer).map(Value::as_i64)
}

/// A boolean field.
pub(crate) fn flag(v: &Value, pointer: &str) -> Got<bool> {
    at(v, pointer).map(Value::as_bool)
}

/// An RFC 3339 timestamp field (`2013-06-24T16:39:18.000Z`), as milliseconds since the epoch.
pub(crate) fn time(v: &Value, pointer: &str) -> Got<i64> {
    text(v, pointer).map(rfc3339_ms)
}

/// A fact from a field: its value, "not set", or "unreadable".
pub(crate) fn fact<T>(label: &str, got: Got<T>, value: impl FnOnce(T) -> FactValue) -> Fact {
    let value = match got {
        Got::Value(v) => value(v),
        Got::Absent => FactValue::NotSet,
        Got::Wrong => FactValue::Unreadable,
    };
    Fact::new(label, value)
}

/// A text fact; blank text counts as not set.
pub(crate) fn text_fact(label: &str, got: Got<&str>) -> Fact {
    match got {
        Got::Value(t) => Fact::text(label, Some(t)),
        other => fact(label, other, |_| FactValue::NotSet),
    }
}

/// The first non-blank of `candidates`.
pub(crate) fn first_text<'a>(candidates: &[Option<&'a str>]) -> Option<&'a str> {
    candidates.iter().flatten().map(|s| s.trim()).find(|s| !s.is_empty())
}

/// An HTTP date (`Wed, 02 Dec 2026 00:37:39 GMT`, RFC 9110's IMF-fixdate) → seconds since the epoch.
pub(crate) fn http_date_s(s: &str) -> Option<u64> {
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let parts: Vec<&str> = s.split_whitespace().collect();
    let [_, day, month, year, time, "GMT"] = parts.as_slice() else { return None };
    let month = MONTHS.iter().position(|m| m == month)? + 1;
    let iso = format!("{year:0>4}-{month:02}-{day:0>2}T{time}Z");
    u64::try_from(rfc3339_ms(&iso)? / 1000).ok()
}

/// `YYYY-MM-DDTHH:MM:SS[.fff](Z|±HH:MM)` → milliseconds since the Unix epoch.
pub(crate) fn rfc3339_ms(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        let part = s.get(r)?;
        part.bytes().all(|c| c.is_ascii_digit()).then(|| part.parse().ok())?
    };
    if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't') || b[13] != b':' || b[16] != b':' {
        return None;
    }
    let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (hour, minute, second) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) || hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let mut rest = &s[19..];
    let mut millis = 0;
    if let Some(frac) = rest.strip_prefix('.') {
        let digits = frac.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        let first3: String = frac[..digits].chars().chain("00".chars()).take(3).collect();
        millis = first3.parse::<i64>().ok()?;
        rest = &frac[digits..];
    }
    let offset_min = match rest {
        "Z" | "z" => 0,
        // `get`, not indexing: a provider's odd text must never split a character (a panic).
        _ if rest.len() == 6 && matches!(rest.get(..1), Some("+" | "-")) && rest.get(3..4) == Some(":") => {
            let (h, m): (i64, i64) = (rest.get(1..3)?.parse().ok()?, rest.get(4..6)?.parse().ok()?);
            let sign = if rest.starts_with('-') { -1 } else { 1 };
            sign * (h * 60 + m)
        }
        _ => return None,
    };
    // Days from the civil date (Howard Hinnant's algorithm).
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    let secs = days * 86_400 + hour * 3600 + minute * 60 + second - offset_min * 60;
    Some(secs * 1000 + millis)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_are_read_exactly() {
        assert_eq!(rfc3339_ms("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(rfc3339_ms("2013-06-24T16:39:18.000Z"), Some(1_372_091_958_000));
        assert_eq!(rfc3339_ms("2013-07-02T21:36:25.344Z"), Some(1_372_800_985_344));
        assert_eq!(rfc3339_ms("2013-06-24T18:39:18.5+02:00"), Some(1_372_091_958_500));
        assert_eq!(rfc3339_ms("2000-02-29T00:00:00Z"), Some(951_782_400_000));
        for bad in
            ["", "yesterday", "2013-06-24", "2013-13-01T00:00:00Z", "2013-06-24T16:39:18", "2013-06-24T16:39:18.Z"]
        {
            assert_eq!(rfc3339_ms(bad), None, "{bad}");
        }
    }

    #[test]
    fn http_dates_are_read() {
        assert_eq!(http_date_s("Thu, 01 Jan 1970 00:00:10 GMT"), Some(10));
        assert_eq!(http_date_s("Mon, 24 Jun 2013 16:39:18 GMT"), Some(1_372_091_958));
        for bad in ["", "yesterday", "Mon, 24 Jun 2013 16:39:18 CET", "Mon, 24 Foo 2013 16:39:18 GMT"] {
            assert_eq!(http_date_s(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_wrongly_typed_field_is_marked_not_fatal() {
        let v: Value = serde_json::json!({"a": "x", "n": 5, "when": 17, "blank": " "});
        assert_eq!(text(&v, "/a"), Got::Value("x"));
        assert_eq!(text(&v, "/n"), Got::Wrong);
        assert_eq!(text(&v, "/missing"), Got::Absent);
        assert_eq!(time(&v, "/when"), Got::Wrong);
        assert_eq!(text_fact("Blank", text(&v, "/blank")).value, FactValue::NotSet);
        assert_eq!(fact("When", time(&v, "/when"), FactValue::Time).value, FactValue::Unreadable);
    }

    proptest::proptest! {
        #[test]
        fn provider_text_never_panics_the_date_readers(text in "\\PC{0,40}", tail in "[0-9T:+.Zé-]{0,12}") {
            let _ = rfc3339_ms(&text);
            let _ = http_date_s(&text);
            let _ = rfc3339_ms(&format!("2013-06-24T16:39:18{tail}"));
        }
    }
}
