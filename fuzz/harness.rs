//! What each fuzz target does with one input, and the properties it checks.
//!
//! Shared by the cargo-fuzz targets (`fuzz/fuzz_targets/*.rs`) and by
//! `tests/fuzz_regressions.rs`, which replays every input kept in `fuzz/regressions/` on
//! each `cargo test`, so a crash found by fuzzing stays fixed.
#![allow(dead_code)]

use cablepress::check::wellformed;
use cablepress::diagnostics::Diagnostics;
use cablepress::source::{cable_file, cablegate_csv, front_matter, telegram, text};
use std::ops::Range;
use std::path::Path;

/// What a target does with one input.
pub type Target = fn(&[u8]);

/// The fuzz targets, by name (the folder names under `fuzz/regressions/`).
pub const TARGETS: &[(&str, Target)] = &[
    ("telegram", telegram),
    ("cablegate_csv", cablegate_csv),
    ("front_matter", front_matter),
    ("cable_page", cable_page),
];

fn valid(text: &str, r: &Range<usize>, what: &str) {
    assert!(
        r.start <= r.end && text.get(r.clone()).is_some(),
        "{what} range {r:?} is not a valid slice of {} bytes",
        text.len()
    );
}

/// `source::telegram::parse`: never panics; every range it returns is a valid slice, in
/// order, and no non-blank line of the text is lost (each is in the routing block, the
/// head or a paragraph).
pub fn telegram(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let (p, notes) = telegram::parse(&text);
    let n_lines = text.split('\n').count();
    for n in &notes {
        assert!(n.line <= n_lines, "note on line {} of {n_lines}", n.line);
    }
    valid(&text, &p.routing, "routing");
    valid(&text, &p.head, "head");
    assert!(
        p.routing.end <= p.head.start || p.head.is_empty(),
        "head {:?} overlaps routing {:?}",
        p.head,
        p.routing
    );
    if let Some(r) = &p.tags_range {
        valid(&text, r, "tags");
    }
    if let Some(r) = &p.ref_block {
        valid(&text, r, "ref block");
    }
    for r in &p.ref_items {
        valid(&text, &r.range, "ref item");
    }
    let mut last_end = p.head.end.max(p.routing.end);
    for par in &p.paragraphs {
        valid(&text, &par.range, "paragraph");
        assert!(
            par.range.start >= last_end,
            "paragraph {:?} starts before the end of what precedes it ({last_end})",
            par.range
        );
        last_end = par.range.end;
    }
    let mut off = 0;
    for line in text.split('\n') {
        if !line.trim().is_empty() {
            let inside = p.routing.contains(&off)
                || p.head.contains(&off)
                || p.paragraphs.iter().any(|x| x.range.contains(&off));
            assert!(inside, "line at byte {off} is lost: {line:?}");
        }
        off += line.len() + 1;
    }
}

/// `source::cablegate_csv::read_rows`: never panics; rows come out in file order with
/// their line numbers inside the file.
pub fn cablegate_csv(data: &[u8]) {
    let lines = data.split(|&b| b == b'\n').count();
    let mut last = 0;
    let mut rows = 0;
    cablegate_csv::read_rows(
        data,
        Path::new("fuzz.csv"),
        |row| {
            assert!(
                row.line >= 1 && row.line <= lines,
                "row line {} of {lines}",
                row.line
            );
            assert!(row.line > last, "rows out of order");
            last = row.line;
            rows += 1;
            let _ = row.text();
            let _ = row.meta();
        },
        |d| {
            assert!(
                d.line.is_none_or(|l| l >= 1 && l <= lines + 1),
                "diagnostic line {:?} of {lines}",
                d.line
            );
            let _ = d.to_string();
        },
    );
    // Read in pieces (as a build reads a dump, in parallel), the same rows and reports.
    let whole = rows_and_reports(|on_row, on_error| {
        cablegate_csv::read_rows(data, Path::new("fuzz.csv"), on_row, on_error)
    });
    for size in [64, 300] {
        let pieces = rows_and_reports(|on_row, on_error| {
            cablegate_csv::read_rows_in_pieces(data, size, Path::new("fuzz.csv"), on_row, on_error)
        });
        assert_eq!(whole, pieces, "read in pieces of {size} bytes");
    }
}

/// What a CSV reader gives, as text: its rows in order, then its reports sorted.
fn rows_and_reports(
    read: impl FnOnce(
        &mut dyn FnMut(cablegate_csv::Row),
        &mut dyn FnMut(cablepress::diagnostics::Diagnostic),
    ),
) -> String {
    let mut rows = Vec::new();
    let mut reports = Vec::new();
    read(&mut |r| rows.push(format!("{r:?}")), &mut |d| {
        reports.push(format!("{d:?}"))
    });
    reports.sort();
    format!("{rows:?}\n{reports:?}")
}

/// `source::text::decode` + `source::front_matter::split` + the front matter's YAML:
/// never panics; the body is the tail of the text and its line number is right.
pub fn front_matter(data: &[u8]) {
    let (text, _) = text::decode(data.to_vec(), Path::new("fuzz.txt"));
    match front_matter::split(&text) {
        Ok(s) => {
            assert!(text.ends_with(s.body), "body is not the tail of the text");
            let before = &text[..text.len() - s.body.len()];
            assert_eq!(s.body_line, before.matches('\n').count() + 1, "body line");
            if let Some(y) = s.yaml {
                let _ = serde_yaml::from_str::<cable_file::CableMeta>(y);
            }
        }
        Err(front_matter::Unclosed) => assert!(text.starts_with("---")),
    }
}
use cablepress::check::wellformed::THEME_TAGS;

/// A whole cable page: decode → front matter → parse → assemble → render with the
/// built-in theme. Never panics, and whatever the input, the page holds only the
/// theme's elements, no event-handler attributes, and balanced tags: content cannot
/// inject markup.
pub fn cable_page(data: &[u8]) {
    static TERA: std::sync::OnceLock<tera::Tera> = std::sync::OnceLock::new();
    let diags = Diagnostics::default();
    let tera =
        TERA.get_or_init(|| cablepress::render::templates::load(Path::new("/nonexistent"), &diags));
    let (text, _) = text::decode(data.to_vec(), Path::new("X1.txt"));
    let Some(cable) = cable_file::from_text(Path::new("X1.txt"), text, &diags) else {
        return;
    };
    let archive = cablepress::archive::Archive::assemble(Default::default(), vec![cable], &diags);
    let summaries = cablepress::render::pages::summaries(&archive);
    let extras = cablepress::render::telegram::Extras::default();
    let ctx = cablepress::render::pages::cable_context(&archive, &summaries, 0, &extras);
    let html = match tera.render("cable.html", &ctx) {
        Ok(h) => h,
        Err(e) => panic!("the built-in cable template failed: {e:?}"),
    };
    for t in wellformed::tags(&html) {
        assert!(
            THEME_TAGS.contains(&t.name.as_str()),
            "content injected a <{}> element",
            t.name
        );
        for (a, _) in &t.attrs {
            assert!(
                !a.starts_with("on"),
                "content injected an `{a}` attribute on <{}>",
                t.name
            );
        }
    }
    let problems = wellformed::problems(&html);
    assert!(problems.is_empty(), "{problems:?}");
}
