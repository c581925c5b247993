//! The list a bulk run starts from: emails pasted one per line (or separated by commas, semicolons
//! or spaces, as mail programs copy them, `Name <address>` included), or a CSV file with a header
//! row naming an `email` column and optionally `connection` and `action` (comma, semicolon or tab
//! separated, quoted fields, a byte-order mark, CRLF and blank lines all fine).
//!
//! Every row is checked before anything runs; each problem keeps its line number so the operator
//! can fix it or drop the row. Pure: text in, rows and problems out.

use std::collections::HashMap;
use std::fmt;

use idp::{Action, Email};

/// The most people one run takes.
pub const MAX_ROWS: usize = 10_000;

/// What to do for one row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowAction {
    /// The connection's offboarding plan (the `action` column empty, or `offboard`).
    Offboard,
    /// This one action.
    Only(Action),
}

/// One checked row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListRow {
    /// The line it came from (1 is the first line of the text).
    pub line: usize,
    pub email: Email,
    /// The one connection to act on (as the operator's connections spell it), or every one.
    pub connection: Option<String>,
    pub action: RowAction,
}

/// What is wrong with one line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    NotAnEmail(String),
    Formula(String),
    Duplicate { first_line: usize },
    UnknownConnection { name: String, known: Vec<String> },
    UnknownAction(String),
    NoEmailColumn,
    Unreadable(String),
    TooMany,
}

/// A problem and where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListError {
    pub line: usize,
    pub problem: Problem,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::NotAnEmail(text) => write!(f, "“{text}” is not an email address."),
            Problem::Formula(text) => write!(f, "“{text}” is a spreadsheet formula, not an email address."),
            Problem::Duplicate { first_line } => write!(f, "The same person as line {first_line}."),
            Problem::UnknownConnection { name, known } => {
                write!(f, "No connection is called “{name}”. The connections are: {}.", known.join(", "))
            }
            Problem::UnknownAction(text) => write!(
                f,
                "“{text}” is not an action lockdesk knows. Leave it empty to offboard, or write one of: offboard, {}.",
                Action::ALL.iter().map(|a| a.label()).collect::<Vec<_>>().join(", ")
            ),
            Problem::NoEmailColumn => {
                write!(f, "The first line names the columns, and none of them is called “email”.")
            }
            Problem::Unreadable(why) => write!(f, "This line cannot be read: {why}."),
            Problem::TooMany => {
                write!(f, "A run takes at most {MAX_ROWS} people; this line and those after it are left out.")
            }
        }
    }
}

/// The rows and the problems of a list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Parsed {
    pub rows: Vec<ListRow>,
    pub errors: Vec<ListError>,
    /// CSV columns lockdesk does not use (a name, a department), which it leaves alone.
    pub ignored_columns: Vec<String>,
}

/// Reads `text` against the operator's `connections` (their ids).
pub fn parse_list(text: &str, connections: &[&str]) -> Parsed {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut checker = Checker { connections, seen: HashMap::new(), parsed: Parsed::default() };
    let header = text.lines().enumerate().find(|(_, l)| !l.trim().is_empty());
    match header.and_then(|(n, line)| csv_header(line).map(|d| (n, d))) {
        Some((skip, delimiter)) => read_csv(text, skip, delimiter, &mut checker),
        None => read_plain(text, &mut checker),
    }
    checker.parsed
}

/// The delimiter of a header line that names an `email` column.
fn csv_header(line: &str) -> Option<u8> {
    [b',', b';', b'\t'].into_iter().find(|d| {
        line.split(char::from(*d)).any(|cell| cell.trim().trim_matches('"').trim().eq_ignore_ascii_case("email"))
    })
}

fn read_plain(text: &str, checker: &mut Checker<'_>) {
    for (n, line) in text.lines().enumerate() {
        for piece in line.split([',', ';']) {
            let piece = piece.trim();
            // `Terry Example <terry@example.com>`, as mail programs copy addresses.
            let address = match (piece.rfind('<'), piece.ends_with('>')) {
                (Some(open), true) => vec![&piece[open + 1..piece.len() - 1]],
                _ => piece.split_whitespace().collect(),
            };
            for token in address {
                if !checker.row(n + 1, token, "", "") {
                    return;
                }
            }
        }
    }
}

fn read_csv(text: &str, skip: usize, delimiter: u8, checker: &mut Checker<'_>) {
    let body: String = text.split_inclusive('\n').skip(skip).collect();
    let mut reader = csv::ReaderBuilder::new().delimiter(delimiter).flexible(true).from_reader(body.as_bytes());
    let headers = match reader.headers() {
        Ok(h) => h.iter().map(|c| c.trim().to_ascii_lowercase()).collect::<Vec<_>>(),
        Err(e) => return checker.error(skip + 1, Problem::Unreadable(plain(&e))),
    };
    let column = |name: &str| headers.iter().position(|h| h == name);
    let Some(email) = column("email") else { return checker.error(skip + 1, Problem::NoEmailColumn) };
    let (connection, action) = (column("connection"), column("action"));
    checker.parsed.ignored_columns =
        headers.iter().filter(|h| !["email", "connection", "action"].contains(&h.as_str())).cloned().collect();
    // Lines are counted from byte offsets (the reader's own count skips blank lines); a record's
    // offset may stand just before the line break that ends the one before it.
    // Offsets only grow, so the count carries on from the last one.
    let bytes = body.as_bytes();
    let (mut counted_to, mut breaks) = (0usize, 0usize);
    let mut line_at = |byte: u64| {
        let mut at = (byte as usize).min(bytes.len());
        while at < bytes.len() && matches!(bytes[at], b'\r' | b'\n') {
            at += 1;
        }
        if at > counted_to {
            breaks += bytes[counted_to..at].iter().filter(|b| **b == b'\n').count();
            counted_to = at;
        }
        skip + 1 + breaks
    };
    let mut record = csv::StringRecord::new();
    loop {
        let start = reader.position().byte();
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                checker.error(line_at(e.position().map_or(start, |p| p.byte())), Problem::Unreadable(plain(&e)));
                continue;
            }
        }
        let begins = record.position().map_or(start, |p| p.byte());
        let line = line_at(begins);
        let raw = body.get(begins as usize..reader.position().byte() as usize).unwrap_or("");
        // A quote left open swallows the rest of the file into one field.
        if raw.matches('"').count() % 2 == 1 {
            checker.error(line, Problem::Unreadable("its quotes do not match".into()));
            continue;
        }
        let cell = |i: Option<usize>| i.and_then(|i| record.get(i)).unwrap_or("").trim();
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if !checker.row(line, cell(Some(email)), cell(connection), cell(action)) {
            return;
        }
    }
}

/// The csv crate's error without its position (the line is shown apart).
fn plain(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::Utf8 { .. } => "it is not UTF-8 text".into(),
        _ => "its quotes do not match".into(),
    }
}

struct Checker<'a> {
    connections: &'a [&'a str],
    /// Each address (lower case) with the connection it names ("" for every one) and its line.
    seen: HashMap<String, Vec<(String, usize)>>,
    parsed: Parsed,
}

impl Checker<'_> {
    fn error(&mut self, line: usize, problem: Problem) {
        self.parsed.errors.push(ListError { line, problem });
    }

    /// Checks one row; `false` once the run is full.
    fn row(&mut self, line: usize, email: &str, connection: &str, action: &str) -> bool {
        if self.parsed.rows.len() >= MAX_ROWS {
            self.error(line, Problem::TooMany);
            return false;
        }
        let shown = idp::model::shorten_to(email, 60);
        let email = if email.starts_with(['=', '+', '-', '@']) {
            Err(Problem::Formula(shown))
        } else {
            Email::parse(email).map_err(|_| Problem::NotAnEmail(shown))
        };
        let connection = match connection {
            "" => Ok(None),
            name => match self.connections.iter().find(|c| c.eq_ignore_ascii_case(name)) {
                Some(known) => Ok(Some(known.to_string())),
                None => Err(Problem::UnknownConnection {
                    name: idp::model::shorten_to(name, 60),
                    known: self.connections.iter().map(|c| c.to_string()).collect(),
                }),
            },
        };
        let action = match action {
            "" => Ok(RowAction::Offboard),
            word if word.eq_ignore_ascii_case("offboard") => Ok(RowAction::Offboard),
            word => Action::ALL
                .iter()
                .find(|a| a.label().eq_ignore_ascii_case(word) || a.operation_name() == word)
                .map(|a| RowAction::Only(*a))
                .ok_or_else(|| Problem::UnknownAction(idp::model::shorten_to(word, 40))),
        };
        let (email, connection, action) = match (email, connection, action) {
            (Ok(e), Ok(c), Ok(a)) => (e, c, a),
            (e, c, a) => {
                for problem in [e.err(), c.err(), a.err()].into_iter().flatten() {
                    self.error(line, problem);
                }
                return true;
            }
        };
        let key = email.as_str().to_lowercase();
        let mine = connection.clone().unwrap_or_default();
        let earlier = self.seen.entry(key).or_default();
        // The same address twice on one connection, or once for all and once for one, is one person twice.
        if let Some((_, first_line)) = earlier.iter().find(|(c, _)| c.is_empty() || mine.is_empty() || *c == mine) {
            let first_line = *first_line;
            self.error(line, Problem::Duplicate { first_line });
            return true;
        }
        earlier.push((mine, line));
        self.parsed.rows.push(ListRow { line, email, connection, action });
        true
    }
}

#[cfg(test)]
mod tests;
