//! Telegram texts in the forms the real corpus has them, read without front matter (or
//! with only what the text lacks) and checked on the page a reader gets: date and origin
//! from routing lines wherever they stand, page headers with text after them, fields in
//! mixed case, caveats already in the classification, markings before the number.

mod common;
use common::{squash, TestSite};

/// Two precedence letters on the date-time line.
const MEXICO: &str = "VZCZCXRO1882\nOO RUEHCD RUEHHO\nDE RUEHME #0083/01 0292049\nZNY SSSSS ZZH\nO R 292049Z JAN 10\nFM AMEMBASSY MEXICO\nTO RUEHC/SECSTATE WASHDC IMMEDIATE 0250\n\nC O N F I D E N T I A L MEXICO 000083\n\nE.O. 12958: DECL: 01/29/2020\nTAGS: PREL, MX\nSUBJECT: A MEETING\n\n1. (C) Text.\n";

/// The date-time line under a classification line.
const STATE: &str = "UNCLASSIFIED   STATE   00100153 \nO 251814Z SEP 09\nFM SECSTATE WASHDC\nTO ALL DIPLOMATIC AND CONSULAR POSTS COLLECTIVE IMMEDIATE\n\nUNCLAS SECTION 01 OF 02 STATE 100153\n\nTAGS: AMGT\nSUBJECT: A NOTICE\n\n1. Text.\n";

/// A zero for the letter O.
const TEHRAN: &str = "0 241208Z OCT 79\nFM AMEMBASSY TEHRAN\nTO RUEHC/SECSTATE WASHDC IMMEDIATE 4442\n\nC O N F I D E N T I A L TEHRAN 11260\n\nTAGS: PINS, IR\nSUBJECT: A VISIT\n\n1. (C) Text.\n";

/// A printed copy: page headers, one with the comment after it on its line.
const HARARE: &str = "This record is a partial extract of the original cable. The full text of the original cable is not available.\n\n291359Z Nov 00\n\n    CONFIDENTIAL     PTQ1859\n\nACTION AF-00\n                  ------------------A54E38  291401Z /38    \nFM AMEMBASSY HARARE\nTO SECSTATE WASHDC IMMEDIATE 7738\n\nC O N F I D E N T I A L SECTION 01 OF 03 HARARE 006677\nTAGS PGOV, ZI\nSUBJECT: A MEETING\n\n\u{b6}10. (C) THE ASSISTANT SECRETARY STRESSED THE IMPORTANCE OF A PEACEFUL TRANSITION.\n CONFIDENTIAL\nPAGE 03 HARARE 06677 03 OF 03 291401Z 11. (C) COMMENT: TSVANGIRAI WAS FRANK, CONFIDENT AND RELAXED.\n\u{b6}12. (U) A/S RICE HAS CLEARED THIS MESSAGE.\nMCDONALD\n";

/// Fields in mixed case; the classification carries the caveat the text repeats.
const STATE_68250: &str = "---\ndate: 2009-07-01 10:00\nclassification: SECRET//NOFORN\n---\nS E C R E T STATE 068250\n\nNOFORN\nSIPDIS\nE.O. 12958: DECL: 07/01/2019\nTags: mtcre, parm, prel, ir, gm\nSubject: german test chamber sold by chinese subsidiary to\niranian firm\n\nClassified By: ISN/MTR Director.\n\n1. (S/NF) Text.\n";

/// The marking before the number.
const LAGOS: &str = "---\ndate: 2003-11-04 10:00\norigin: Embassy Lagos\n---\nUNCLAS LAGOS 002200\n\nTAGS: ELAB, NI\nSUBJECT: LABOR COALITION\n\n(SBU) 1. The coalition held a rally.\n\n(SBU) 2.  Its president spoke.\n";

/// A partial extract whose only paragraph is the seventh.
const VATICAN: &str = "---\ndate: 2001-10-30 10:00\norigin: Embassy Vatican\n---\nC O N F I D E N T I A L SECTION 02 OF 02 VATICAN 005629 \n \nTAGS: PREL, VT\nSUBJECT: VATICAN PLAYS CHINA GAMBIT.\n \nPRESIDENT HAD DELIVERED A STRONG MESSAGE.\n \n7.  (C) ACTION REQUEST: EMBASSY REQUESTS GUIDANCE.\nNICHOLSON \n";

fn site() -> TestSite {
    TestSite::build(&[
        ("content/cables/10MEXICO83.txt", MEXICO),
        ("content/cables/09STATE100153.txt", STATE),
        ("content/cables/79TEHRAN11260.txt", TEHRAN),
        ("content/cables/00HARARE6677.txt", HARARE),
        ("content/cables/09STATE68250.txt", STATE_68250),
        ("content/cables/03LAGOS2200.txt", LAGOS),
        ("content/cables/01VATICAN5629.txt", VATICAN),
    ])
}

#[test]
fn dates_and_origins_come_from_routing_lines_wherever_they_stand() {
    let s = site();
    assert_eq!(s.report.errors(), 0, "{:?}", s.messages());
    for (page, date, origin) in [
        (
            "cable/2010/01/10MEXICO83.html",
            "2010-01-29 20:49",
            "Embassy Mexico",
        ),
        (
            "cable/2009/09/09STATE100153.html",
            "2009-09-25 18:14",
            "Secretary of State",
        ),
        (
            "cable/1979/10/79TEHRAN11260.html",
            "1979-10-24 12:08",
            "Embassy Tehran",
        ),
        (
            "cable/2000/11/00HARARE6677.html",
            "2000-11-29 13:59",
            "Embassy Harare",
        ),
    ] {
        let html = s.page(page);
        assert!(html.contains(&format!("<time>{date}</time>")), "{page}");
        assert!(html.contains(&format!(">{origin}</a>")), "{page}: {origin}");
        assert!(!html.contains("Origin unknown"), "{page}");
    }
    assert!(
        !s.messages()
            .iter()
            .any(|m| m.contains("no-date") || m.contains("has no date")),
        "{:?}",
        s.messages()
    );
}

#[test]
fn a_page_header_is_a_marker_and_the_text_after_it_a_paragraph() {
    let s = site();
    let html = s.page("cable/2000/11/00HARARE6677.html");
    for n in [10, 11, 12] {
        assert!(html.contains(&format!("id=\"par{n}\"")), "par{n}");
    }
    assert!(html
        .contains("<span class=\"marker\">PAGE 03 HARARE 06677 03 OF 03 291401Z</span></p></div>"));
    let eleven = html.split("id=\"par11\"").nth(1).unwrap_or("");
    let eleven = eleven.split("</div>").next().unwrap_or("");
    assert!(
        eleven.contains("<span class=\"marking\">(C)</span> <p>COMMENT: TSVANGIRAI WAS FRANK"),
        "{eleven}"
    );
    assert!(!eleven.contains("marker"), "{eleven}");
}

#[test]
fn subject_and_tags_in_mixed_case_and_no_caveat_twice() {
    let s = site();
    let html = s.page("cable/2009/07/09STATE68250.html");
    let flat = squash(&html);
    assert!(flat.contains(
        "<span class=\"subject\">german test chamber sold by chinese subsidiary to iranian firm</span>"
    ));
    assert!(
        flat.contains("<title>09STATE68250: german test chamber"),
        "title"
    );
    assert!(html.contains("<th scope=\"row\">Tags</th>"));
    assert!(html.contains("tag/PARM/index.html"));
    // The tags in the head link where they are written.
    assert!(html.contains("title=\"") && html.contains(">parm</a>"));
    // NOFORN is in the classification: not again as a caveat; SIPDIS is not in it.
    assert!(html.contains("SECRET//NOFORN"));
    assert!(!html.contains("<span class=\"caveat\">NOFORN</span>"));
    assert!(html.contains("<span class=\"caveat\">SIPDIS</span>"));
}

#[test]
fn paragraphs_numbered_after_their_marking_or_from_seven() {
    let s = site();
    let html = s.page("cable/2003/11/03LAGOS2200.html");
    for n in [1, 2] {
        assert!(html.contains(&format!("id=\"par{n}\"")), "par{n}");
    }
    assert!(html.contains("<span class=\"marking\">(SBU)</span> <p>The coalition held a rally."));
    let html = s.page("cable/2001/10/01VATICAN5629.html");
    assert!(html.contains("id=\"par7\""));
    assert!(html.contains("<span class=\"marking\">(C)</span> <p>ACTION REQUEST"));
}
