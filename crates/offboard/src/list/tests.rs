//! The list reader: pasted addresses, CSV files as spreadsheets and HR systems write them, and
//! every kind of bad row, each with its line.

use super::*;

const CONNECTIONS: [&str; 3] = ["fusionauth", "okta", "docspace"];

fn emails(parsed: &Parsed) -> Vec<(usize, &str)> {
    parsed.rows.iter().map(|r| (r.line, r.email.as_str())).collect()
}

#[test]
fn pasted_addresses_in_any_separator_mail_programs_use() {
    let parsed = parse_list(
        "terry@example.com\n\n  john.doe@example.com, ada@example.org; Mike Z <mike@example.com>\r\nbob@example.com  eve@example.com\n",
        &CONNECTIONS,
    );
    assert_eq!(parsed.errors, []);
    assert_eq!(
        emails(&parsed),
        [
            (1, "terry@example.com"),
            (3, "john.doe@example.com"),
            (3, "ada@example.org"),
            (3, "mike@example.com"),
            (4, "bob@example.com"),
            (4, "eve@example.com")
        ]
    );
    assert!(parsed.rows.iter().all(|r| r.connection.is_none() && r.action == RowAction::Offboard));
}

#[test]
fn a_csv_with_a_bom_crlf_quotes_blank_lines_and_extra_columns() {
    let text = "\u{feff}Name,Email,Connection,Action\r\n\"Example, Terry\",terry@example.com,okta,\r\n\r\n\"Doe \"\"JD\"\" John\",john@example.com,DocSpace,Sign out everywhere\r\n,  ada@example.org ,,offboard\r\n";
    let parsed = parse_list(text, &CONNECTIONS);
    assert_eq!(parsed.errors, []);
    assert_eq!(emails(&parsed), [(2, "terry@example.com"), (4, "john@example.com"), (5, "ada@example.org")]);
    assert_eq!(parsed.rows[0].connection.as_deref(), Some("okta"));
    assert_eq!(parsed.rows[1].connection.as_deref(), Some("docspace"), "spelled as the connection is");
    assert_eq!(parsed.rows[1].action, RowAction::Only(Action::SignOutEverywhere));
    assert_eq!(parsed.rows[2].action, RowAction::Offboard);
    assert_eq!(parsed.ignored_columns, ["name"]);
}

#[test]
fn semicolon_and_tab_separated_files_from_spreadsheets() {
    for text in ["email;action\nterry@example.com;Deactivate\n", "email\taction\nterry@example.com\tDeactivate\n"] {
        let parsed = parse_list(text, &CONNECTIONS);
        assert_eq!(parsed.errors, [], "{text:?}");
        assert_eq!(parsed.rows[0].action, RowAction::Only(Action::Deactivate), "{text:?}");
    }
}

#[test]
fn every_bad_row_is_listed_with_its_line_and_kept_out() {
    let text = "email,connection,action\n\
        not-an-email,,\n\
        =HYPERLINK(\"http://evil\"),,\n\
        terry@example.com,,\n\
        TERRY@example.com,okta,\n\
        ada@example.org,salesforce,\n\
        bob@example.com,,obliterate\n\
        \"unclosed@example.com,okta\n";
    let parsed = parse_list(text, &CONNECTIONS);
    assert_eq!(emails(&parsed), [(4, "terry@example.com")]);
    let problems: Vec<(usize, String)> = parsed.errors.iter().map(|e| (e.line, e.problem.to_string())).collect();
    assert_eq!(problems[0], (2, "“not-an-email” is not an email address.".to_string()));
    assert_eq!(problems[1].0, 3);
    assert!(problems[1].1.contains("spreadsheet formula"), "{:?}", problems[1]);
    assert_eq!(problems[2], (5, "The same person as line 4.".to_string()));
    assert_eq!(
        problems[3],
        (6, "No connection is called “salesforce”. The connections are: fusionauth, okta, docspace.".to_string())
    );
    assert_eq!(problems[4].0, 7);
    assert!(problems[4].1.starts_with("“obliterate” is not an action lockdesk knows."), "{:?}", problems[4]);
    assert_eq!(problems[5].0, 8);
    assert!(problems[5].1.contains("quotes"), "{:?}", problems[5]);
    assert_eq!(problems.len(), 6, "{problems:#?}");
}

#[test]
fn one_address_on_two_connections_is_two_people_but_all_and_one_is_a_duplicate() {
    let parsed = parse_list("email,connection\nterry@example.com,okta\nterry@example.com,docspace\n", &CONNECTIONS);
    assert_eq!(parsed.errors, []);
    assert_eq!(parsed.rows.len(), 2);
    let parsed = parse_list("email,connection\nterry@example.com,\nterry@example.com,docspace\n", &CONNECTIONS);
    assert_eq!(parsed.errors, [ListError { line: 3, problem: Problem::Duplicate { first_line: 2 } }]);
}

#[test]
fn a_header_without_an_email_column_is_plain_text() {
    // Not a header at all: read as addresses, and the words are not addresses.
    let parsed = parse_list("name,connection\nTerry,okta\n", &CONNECTIONS);
    assert!(parsed.rows.is_empty());
    assert!(parsed.errors.iter().all(|e| matches!(e.problem, Problem::NotAnEmail(_))), "{:?}", parsed.errors);
}

#[test]
fn ten_thousand_rows_are_read_and_one_more_is_refused() {
    let mut text = String::from("email\n");
    for i in 0..MAX_ROWS {
        text.push_str(&format!("person{i}@example.com\n"));
    }
    let parsed = parse_list(&text, &CONNECTIONS);
    assert_eq!(parsed.errors, []);
    assert_eq!(parsed.rows.len(), MAX_ROWS);
    assert_eq!(parsed.rows[MAX_ROWS - 1].line, MAX_ROWS + 1);
    text.push_str("one.more@example.com\n");
    let parsed = parse_list(&text, &CONNECTIONS);
    assert_eq!(parsed.rows.len(), MAX_ROWS);
    assert_eq!(parsed.errors, [ListError { line: MAX_ROWS + 2, problem: Problem::TooMany }]);
}

#[test]
fn hostile_cells_are_cut_short_in_messages() {
    let long = "x".repeat(500);
    let parsed = parse_list(&format!("email\n{long}\n"), &CONNECTIONS);
    let message = parsed.errors[0].problem.to_string();
    assert!(message.chars().count() < 100, "{message}");
}

proptest::proptest! {
    #[test]
    fn any_text_gives_rows_or_problems_never_a_panic(text in "\\PC{0,300}") {
        let parsed = parse_list(&text, &CONNECTIONS);
        for row in &parsed.rows {
            proptest::prop_assert!(Email::parse(row.email.as_str()).is_ok());
        }
    }
}
