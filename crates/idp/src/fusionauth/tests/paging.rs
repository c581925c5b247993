//! FusionAuth paging: the next page's token, the 10,000-row search window, and tokens from an
//! address brought inside it.

use super::*;

#[test]
fn the_next_page_starts_where_this_one_ended_inside_the_search_window() {
    let user = format!(r#"{{"id":"{TERRY}","active":true}}"#);
    let users = |n: usize| vec![user.as_str(); n].join(",");
    let body = |total: u32, n: usize| format!(r#"{{"total":{total},"users":[{}]}}"#, users(n));
    let next = |op: &Operation, total, n| match fa().interpret(op, &reply(200, &body(total, n))).unwrap() {
        Reply::Users(page) => page.next.map(|t| t.0),
        other => panic!("{other:?}"),
    };
    assert_eq!(next(&search("t", 0, 25), 60, 25).as_deref(), Some("25"));
    assert_eq!(next(&search("t", 25, 25), 60, 25).as_deref(), Some("50"));
    assert_eq!(next(&search("t", 50, 25), 60, 10), None, "the last page");
    assert_eq!(next(&search("t", 9950, 25), 20_000, 25).as_deref(), Some("9975"));
    assert_eq!(next(&search("t", 9975, 25), 20_000, 25), None, "rows past 10,000 cannot be read");
    let token = next(&search("t", 0, 25), 60, 25).unwrap();
    let following = Operation::SearchUsers { query: "t".into(), page: Some(PageToken(token)), limit: 25 };
    assert_eq!(fa().recognise(&fa().build(&following)), Some(following), "the token rebuilds exactly");
}

#[test]
fn search_pages_stay_inside_the_first_ten_thousand_rows() {
    let op = |start| search("terry", start, 25);
    let last = fa().build(&op(MAX_START - 25));
    assert_eq!(fa().recognise(&last), Some(op(MAX_START - 25)), "rows 9,975-10,000 may be read");
    let beyond = fa().build(&op(MAX_START - 24));
    assert_eq!(fa().recognise(&beyond), None, "rows past 10,000 are refused before FusionAuth fails on them");
}

#[test]
fn a_page_token_from_an_address_is_brought_inside_the_search_window() {
    let token = |raw: &str| fa().page_token(raw, 25).map(|t| t.0);
    assert_eq!(token("25").as_deref(), Some("25"));
    assert_eq!(token("9990").as_deref(), Some("9975"), "the last page that can be read");
    for first in ["0", "", "abc", "-5"] {
        assert_eq!(token(first), None, "{first:?}");
    }
    let op = search("terry", 9975, 25);
    assert_eq!(fa().recognise(&fa().build(&op)), Some(op), "and the proxy accepts it");
}
