//! Hostile and broken input: each case builds a small site in a temp dir and checks that
//! the build reports a clear diagnostic (file, line, message), does not panic, still
//! builds the other files, and never writes outside the output folder.
#![cfg(unix)] // symlinks, inodes and SIGKILL

mod common;

use cablepress::check::{check_site, wellformed};
use common::{write_files, TestSite};
use std::path::Path;
use std::time::{Duration, Instant};

/// A well-formed cable that must survive next to whatever broken file a test adds.
const GOOD: (&str, &str) = (
    "content/cables/03PHNOMPENH1990.txt",
    "O 020222Z DEC 03\nFM AMEMBASSY PHNOM PENH\nTO SECSTATE WASHDC 1172\n\nCONFIDENTIAL PHNOM PENH 001990\n\nTAGS: PREL, CB\nSUBJECT: THE GOOD CABLE\n\n1. (C) Still built.\n",
);

fn good_page_built(site: &TestSite) {
    let html = site.page("cable/2003/12/03PHNOMPENH1990.html");
    assert!(
        html.contains("Still built."),
        "the good cable's page lost its text"
    );
}

fn has(site: &TestSite, needle: &str) -> bool {
    site.messages().iter().any(|m| m.contains(needle))
}

fn assert_msg(site: &TestSite, needle: &str) {
    assert!(
        has(site, needle),
        "no diagnostic containing {needle:?} in {:#?}",
        site.messages()
    );
}

/// Every file under `root`, relative, sorted.
fn tree(root: &Path) -> Vec<String> {
    let mut v: Vec<String> = walkdir::WalkDir::new(root)
        .into_iter()
        .flatten()
        .filter(|e| !e.file_type().is_dir())
        .map(|e| {
            e.path()
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    v.sort();
    v
}

#[test]
fn invalid_utf8_is_read_as_windows_1252_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    write_files(dir.path(), &[GOOD]);
    std::fs::write(
        dir.path().join("content/cables/04PHNOMPENH7.txt"),
        b"---\ndate: 2004-01-02\n---\nUNCLASSIFIED\n\nSUBJECT: CAF\xc9 TALKS\n\n1. The minister\x92s \x93view\x94.\n",
    )
    .unwrap();
    let site = TestSite::at(dir);
    assert_msg(
        &site,
        "warning: content/cables/04PHNOMPENH7.txt:6: not valid UTF-8; read as Windows-1252",
    );
    let html = site.page("cable/2004/01/04PHNOMPENH7.html");
    assert!(html.contains("CAFÉ TALKS"), "subject not decoded");
    assert!(html.contains("minister’s “view”"), "text not decoded");
    good_page_built(&site);
}

#[test]
fn a_bom_and_crlf_line_ends_are_read_like_plain_utf8() {
    let text = "\u{feff}---\r\nid: 05PHNOMPENH1\r\ndate: 2005-03-04 10:00\r\n---\r\nUNCLASSIFIED\r\n\r\nTAGS: PREL, CB\r\nSUBJECT: WINDOWS FILE\r\n\r\n1. First.\r\n\r\n2. Second.\r\n";
    let site = TestSite::build(&[GOOD, ("content/cables/x.txt", text)]);
    assert!(site.messages().is_empty(), "{:#?}", site.messages());
    let html = site.page("cable/2005/03/05PHNOMPENH1.html");
    assert!(!html.contains('\r') && !html.contains('\u{feff}'));
    assert!(html.contains("id=\"par2\""), "paragraphs not found");
    assert!(html.contains("WINDOWS FILE"));
}

#[test]
fn an_empty_file_is_an_error_and_the_rest_is_built() {
    let site = TestSite::build(&[
        GOOD,
        ("content/cables/06EMPTY1.txt", ""),
        ("content/cables/06BLANK1.txt", "\n \n"),
    ]);
    assert_msg(
        &site,
        "error: content/cables/06EMPTY1.txt: the file is empty",
    );
    assert_msg(
        &site,
        "error: content/cables/06BLANK1.txt: the file is empty",
    );
    assert!(!site.exists("cable/undated/06EMPTY1.html"));
    good_page_built(&site);
    assert!(site.report.committed);
}

#[test]
fn deeply_nested_yaml_is_an_error_not_a_stack_overflow() {
    let depth = 10_000;
    let nested = format!(
        "---\nid: 07X1\nsubject: {}1{}\n---\nUNCLASSIFIED\n",
        "[".repeat(depth),
        "]".repeat(depth)
    );
    // Block nesting by indentation (2,000 levels are already 2 MB of spaces).
    let mapping: String = (0..2_000)
        .map(|i| format!("{}k:\n", " ".repeat(i)))
        .collect();
    let t = Instant::now();
    let site = TestSite::build(&[
        GOOD,
        ("content/cables/07X1.txt", &nested),
        (
            "content/cables/07X2.txt",
            &format!("---\nid: 07X2\n{mapping}---\nUNCLASSIFIED\n"),
        ),
        (
            "site.yaml",
            &format!("title: {}x{}\n", "[".repeat(depth), "]".repeat(depth)),
        ),
    ]);
    assert!(t.elapsed() < Duration::from_secs(20));
    // Front matter is read one level deep: what is deeper is skipped, not recursed into.
    assert_msg(
        &site,
        "error: content/cables/07X1.txt:3: `subject` must be a single value",
    );
    // A deep mapping under a field cablepress does not use is skipped, not recursed into.
    assert!(site.exists("cable/undated/07X2.html"));
    assert_msg(&site, "error: site.yaml:1: invalid site.yaml");
    good_page_built(&site);
}

#[test]
fn a_yaml_alias_bomb_is_refused_quickly() {
    let mut y = String::from("---\nid: 08X1\na0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    for i in 1..10 {
        let p = i - 1;
        y.push_str(&format!(
            "a{i}: &a{i} [*a{p},*a{p},*a{p},*a{p},*a{p},*a{p},*a{p},*a{p},*a{p}]\n"
        ));
    }
    y.push_str("subject: *a9\n---\nUNCLASSIFIED\n\n1. X.\n");
    let t = Instant::now();
    let site = TestSite::build(&[GOOD, ("content/cables/08X1.txt", &y)]);
    assert!(
        t.elapsed() < Duration::from_secs(20),
        "took {:?}",
        t.elapsed()
    );
    // The front matter is read one level deep: the anchors are unknown fields, skipped
    // without being expanded, and the alias where one value goes is a value of the
    // wrong kind.
    assert_msg(
        &site,
        "error: content/cables/08X1.txt:13: `subject` must be a single value",
    );
    good_page_built(&site);
}

#[test]
fn front_matter_without_its_closing_line_is_an_error_with_a_hint() {
    let site = TestSite::build(&[
        GOOD,
        (
            "content/cables/09X1.txt",
            "---\nid: 09X1\ndate: 2009-01-01\nUNCLASSIFIED\n\n1. X.\n",
        ),
    ]);
    assert_msg(
        &site,
        "error: content/cables/09X1.txt:1: front matter opened with `---` is never closed",
    );
    assert_msg(
        &site,
        "hint: add a line `---` after the last metadata field",
    );
    good_page_built(&site);
}

const CSV_GOOD: &str = "\"1\",\"3/28/1992 6:52\",\"92PHNOMPENH664\",\"Embassy Phnom Penh\",\"CONFIDENTIAL\",\"\",\"O 280652Z MAR 92\nFM AMEMBASSY PHNOM PENH\n\",\"CONFIDENTIAL\n\nSUBJECT: FROM THE DUMP\n\n1. (C) Row one.\n\"\n";

#[test]
fn csv_rows_with_an_unterminated_quote_or_the_wrong_column_count_are_errors_for_that_row() {
    let dump = format!(
        "{CSV_GOOD}\"2\",\"3/29/1992 6:52\",\"92PHNOMPENH665\",\"Embassy Phnom Penh\",\"CONFIDENTIAL\",\"\",\"\"\n\"3\",\"3/30/1992 6:52\",\"92PHNOMPENH666\",\"Embassy Phnom Penh\",\"CONFIDENTIAL\",\"\",\"\",\"never closed\n\nstill in the field\n{}",
        CSV_GOOD.replace("\"1\",\"3/28/1992", "\"4\",\"3/31/1992").replace("92PHNOMPENH664", "92PHNOMPENH667").replace("Row one", "Row four")
    );
    let site = TestSite::build(&[GOOD, ("content/cables/dump.csv", &dump)]);
    assert_msg(
        &site,
        "error: content/cables/dump.csv:9: row has 7 columns; a Cablegate row has 8",
    );
    assert_msg(
        &site,
        "error: content/cables/dump.csv:10: row has a quote that is never closed; row skipped",
    );
    assert_msg(&site, "hint: the next record starts on line 13");
    assert!(site
        .page("cable/1992/03/92PHNOMPENH664.html")
        .contains("Row one."));
    assert!(site
        .page("cable/1992/03/92PHNOMPENH667.html")
        .contains("Row four."));
    assert!(
        !site.exists("cable/1992/03/92PHNOMPENH665.html")
            && !site.exists("cable/1992/03/92PHNOMPENH666.html")
    );
    good_page_built(&site);
    // A quote still open at the end of the file.
    let site = TestSite::build(&[
        GOOD,
        (
            "content/cables/dump.csv",
            &format!("{CSV_GOOD}\"2\",\"never"),
        ),
    ]);
    assert_msg(&site, "error: content/cables/dump.csv:9: row has a quote that is never closed before the end of the file");
    assert!(site.exists("cable/1992/03/92PHNOMPENH664.html"));
}

#[test]
fn what_the_parser_reports_about_a_csv_row_names_the_line_of_the_file() {
    // Row 2 (lines 9-17): the header column ends with a line end, so the content column
    // begins on the line of its closing quote (11); its REF line is line 14. Row 3
    // (lines 18-26): no line end after the header, whose second line (19) is where the
    // content begins; its REF line is line 22.
    let row = |n: &str, id: &str, header: &str| {
        format!(
            "\"{n}\",\"3/28/1992 6:52\",\"{id}\",\"Embassy Phnom Penh\",\"CONFIDENTIAL\",\"\",\"{header}\",\"CONFIDENTIAL\n\nSUBJECT: ROW {n}\nREF: A. GMP20040305000091\n\n1. (C) Row {n}.\n\"\n"
        )
    };
    let dump = format!(
        "{CSV_GOOD}{}{}",
        row(
            "2",
            "92PHNOMPENH670",
            "O 280652Z MAR 92\nFM AMEMBASSY PHNOM PENH\n"
        ),
        row(
            "3",
            "92PHNOMPENH671",
            "O 280652Z MAR 92\nFM AMEMBASSY PHNOM PENH"
        )
    );
    assert_eq!(dump.lines().nth(13), Some("REF: A. GMP20040305000091"));
    assert_eq!(dump.lines().nth(21), Some("REF: A. GMP20040305000091"));
    let site = TestSite::build(&[GOOD, ("content/cables/dump.csv", &dump)]);
    assert_msg(
        &site,
        "warning: content/cables/dump.csv:14: REF line names no telegram",
    );
    assert_msg(
        &site,
        "warning: content/cables/dump.csv:22: REF line names no telegram",
    );
    assert!(site
        .page("cable/1992/03/92PHNOMPENH671.html")
        .contains("Row 3."));
}

#[test]
fn an_impossible_date_is_an_error_and_the_telegram_date_is_used() {
    let site = TestSite::build(&[
        GOOD,
        ("content/cables/10X1.txt", "---\ndate: 13/45/2009 25:61\n---\nR 171307Z DEC 09\nFM AMEMBASSY PHNOM PENH\n\nUNCLASSIFIED\n\n1. X.\n"),
        ("content/cables/10X2.txt", "---\ndate: \"2009-02-30\"\n---\nUNCLASSIFIED\n\n1. No date in the text.\n"),
        (
            "content/cables/dump.csv",
            &CSV_GOOD.replace("3/28/1992 6:52", "13/45/2009 25:61").replace("O 280652Z MAR 92\n", ""),
        ),
    ]);
    assert_msg(&site, "error: content/cables/10X1.txt:2: date `13/45/2009 25:61` is not a valid date; using the telegram's own date");
    assert_msg(&site, "hint: write dates as YYYY-MM-DD HH:MM");
    assert!(site
        .page("cable/2009/12/10X1.html")
        .contains("2009-12-17 13:07"));
    // Without a date in the text either, the message says what becomes of it, once.
    assert_msg(
        &site,
        "error: content/cables/10X2.txt:2: date `2009-02-30` is not a valid date; the telegram gives none, so it is listed as undated",
    );
    assert!(!has(&site, "10X2 has no date"), "{:?}", site.messages());
    assert!(site
        .page("cable/undated/10X2.html")
        .contains("No date in the text."));
    assert_msg(
        &site,
        "error: content/cables/dump.csv:1: date `13/45/2009 25:61`",
    );
    // The dump's own date format in the hint, not the front matter's.
    assert_msg(
        &site,
        "hint: a Cablegate dump writes dates as M/D/YYYY H:MM (3/28/1992 6:52)",
    );
    assert!(site.exists("cable/undated/92PHNOMPENH664.html"));
    good_page_built(&site);
}

#[test]
fn duplicate_ids_keep_the_first_file_and_name_both() {
    let second = GOOD.1.replace("Still built.", "The second copy.");
    let in_csv = CSV_GOOD
        .replace("92PHNOMPENH664", "03PHNOMPENH1990")
        .replace("Row one.", "The CSV copy.");
    let site = TestSite::build(&[
        GOOD,
        ("content/cables/z-later/03PHNOMPENH1990.txt", &second),
        ("content/cables/a-dump.csv", &in_csv),
    ]);
    // `.txt` files are read before CSV dumps, each kind in path order: the first wins.
    assert_msg(
        &site,
        "warning: content/cables/z-later/03PHNOMPENH1990.txt:1: cable 03PHNOMPENH1990 is also in content/cables/03PHNOMPENH1990.txt:1; the first one read is kept",
    );
    assert_msg(&site, "warning: content/cables/a-dump.csv:1: cable 03PHNOMPENH1990 is also in content/cables/03PHNOMPENH1990.txt:1");
    let html = site.page("cable/2003/12/03PHNOMPENH1990.html");
    assert!(
        html.contains("Still built.")
            && !html.contains("second copy")
            && !html.contains("CSV copy")
    );
    assert_eq!(site.report.cables, 1);
}

#[test]
fn a_template_with_a_syntax_error_is_reported_at_its_line_and_the_builtin_is_used() {
    let site = TestSite::build(&[
        GOOD,
        ("templates/cable.html", "{% extends \"base.html\" %}\n{% block content %}\n<h1>{{ cable.id }</h1>\n{% endblock content %}\n"),
    ]);
    let msg = site
        .messages()
        .into_iter()
        .find(|m| m.starts_with("error: templates/cable.html:3:"))
        .unwrap_or_else(|| {
            panic!("no error at templates/cable.html:3: {:#?}", site.messages());
        });
    assert!(msg.contains("template does not compile"), "{msg}");
    assert!(msg.contains("hint: the built-in template of this name is used instead"));
    good_page_built(&site);
}

#[test]
fn ids_that_would_leave_the_output_folder_are_rejected() {
    let dir = tempfile::tempdir().unwrap();
    let site_dir = dir.path().join("site");
    let cable =
        |id: &str| format!("---\nid: {id}\ndate: 2003-12-02\n---\nUNCLASSIFIED\n\n1. Escaped?\n");
    write_files(
        &site_dir,
        &[
            GOOD,
            ("content/cables/a.txt", &cable("../../etc/x")),
            ("content/cables/b.txt", &cable("/tmp/abs")),
            ("content/cables/c.txt", &cable("\"a\\0b\"")),
            ("content/cables/d.txt", &cable("\"tab\\there\"")),
            ("content/cables/e.txt", &cable("..")),
            ("content/cables/f.txt", &cable("'C:\\x'")),
            ("content/cables/g.txt", &cable(&"9".repeat(121))),
        ],
    );
    // A file whose stem (the id when front matter has none) holds a control character.
    std::fs::write(
        site_dir.join("content/cables/bell\u{7}.txt"),
        "UNCLASSIFIED\n\n1. X.\n",
    )
    .unwrap();
    let report =
        cablepress::build(&site_dir, &site_dir.join("public"), &Default::default()).unwrap();
    let msgs: Vec<String> = report.diagnostics.iter().map(|d| d.to_string()).collect();
    for (file, id) in [
        ("a", "../../etc/x"),
        ("b", "/tmp/abs"),
        ("c", "a\\0b"),
        ("d", "tab\\there"),
        ("e", ".."),
        ("f", "C:\\\\x"),
    ] {
        assert!(
            msgs.iter().any(|m| m.contains(&format!(
                "content/cables/{file}.txt:2: cable id `{id}` is not usable"
            ))),
            "{file}: {msgs:#?}"
        );
    }
    assert!(
        msgs.iter()
            .any(|m| m.contains("bell\\u{7}.txt") && m.contains("is not usable")),
        "{msgs:#?}"
    );
    // Each is told what is wrong with it: characters, or a length.
    let hint = |file: &str| {
        msgs.iter()
            .find(|m| m.contains(&format!("content/cables/{file}.txt:2:")))
            .unwrap_or_else(|| panic!("{file}: {msgs:#?}"))
            .clone()
    };
    assert!(hint("a").contains("hint: an id is letters, digits, `-` and `_` only"));
    assert!(
        hint("g").contains("hint: an id is at most 120 characters (this one has 121;"),
        "{}",
        hint("g")
    );
    // Nothing but the site and its output in the temp dir, and only the good cable's page.
    let top: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(top, vec!["site"]);
    let cables: Vec<String> = tree(&site_dir.join("public"))
        .into_iter()
        .filter(|p| p.starts_with("cable/"))
        .collect();
    // The good cable's page and its downloads (.bib, .json, .txt), nothing else.
    assert_eq!(
        cables,
        vec![
            "cable/2003/12/03PHNOMPENH1990.bib",
            "cable/2003/12/03PHNOMPENH1990.html",
            "cable/2003/12/03PHNOMPENH1990.json",
            "cable/2003/12/03PHNOMPENH1990.txt"
        ]
    );
    assert_eq!(report.cables, 1);
}

#[test]
fn static_files_with_unsafe_names_are_skipped_and_symlinks_not_followed() {
    let dir = tempfile::tempdir().unwrap();
    write_files(dir.path(), &[GOOD, ("static/ok.txt", "fine")]);
    std::fs::write(dir.path().join("static/bad\u{1}name.txt"), "x").unwrap();
    std::os::unix::fs::symlink("/etc/passwd", dir.path().join("static/passwd")).unwrap();
    let site = TestSite::at(dir);
    assert_msg(&site, "error: static/bad\\u{1}name.txt: refusing to write");
    assert!(
        site.report.committed,
        "one bad static file must not keep the whole site back"
    );
    assert_eq!(site.page("static/ok.txt"), "fine");
    assert!(!site.exists("static/passwd"));
    good_page_built(&site);
}

#[test]
fn output_folders_that_would_destroy_something_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    write_files(dir.path(), &[GOOD]);
    let opts = Default::default();
    let err = |out: &Path| {
        cablepress::build(dir.path(), out, &opts)
            .err()
            .map(|e| format!("{e:#}"))
            .unwrap_or_default()
    };
    assert!(err(dir.path()).contains("would replace the site folder"));
    assert!(err(&dir.path().join("..")).contains("would replace the site folder"));
    assert!(err(&dir.path().join("content/public")).contains("inside the site's content/ folder"));
    // A folder with other things in it (a home folder, a source tree) is never swapped away.
    let other = dir.path().join("notes");
    write_files(&other, &[("todo.txt", "keep me")]);
    assert!(err(&other).contains("was not built by cablepress"));
    assert_eq!(
        std::fs::read_to_string(other.join("todo.txt")).unwrap(),
        "keep me"
    );
    // A built site can be rebuilt, and an empty folder filled.
    std::fs::create_dir(dir.path().join("empty")).unwrap();
    assert!(cablepress::build(dir.path(), &dir.path().join("empty"), &opts).is_ok());
    assert!(cablepress::build(dir.path(), &dir.path().join("empty"), &opts).is_ok());
}
use cablepress::check::wellformed::THEME_TAGS;

#[test]
fn markup_in_content_is_shown_as_text_everywhere() {
    let evil = r#""><img src=x onerror=alert(1)><script>alert('x')</script>"#;
    let yaml_evil = evil.replace('\'', "''");
    let cable = format!(
        "---\nid: 11EVIL1\ndate: 2011-01-01\norigin: '{yaml_evil}'\nclassification: '<b>SECRET</b>'\nsubject: '{yaml_evil}'\ntags: ['<svg onload=alert(1)>', PREL]\nreleased: '</td></tr></table><script>x</script>'\n---\nSECRET <script>alert(1)</script>\n\nTAGS: PREL, <i>CB</i>\nSUBJECT: {evil}\nREF: A. STATE 1234 {evil}\n\n1. (S) {evil} & done.\n\n2. (S) <a href=\"javascript:alert(1)\">click</a>\n"
    );
    let site = TestSite::build(&[GOOD, ("content/cables/evil.txt", &cable)]);
    let mut pages = vec![
        "cable/2011/01/11EVIL1.html".to_string(),
        "index.html".to_string(),
    ];
    pages.extend(tree(&site.out()).into_iter().filter(|p| {
        p.ends_with(".html")
            && (p.starts_with("origin/")
                || p.starts_with("tag/")
                || p.starts_with("classification/"))
    }));
    assert!(pages.len() > 5, "{pages:?}");
    for page in &pages {
        let html = site.page(page);
        for t in wellformed::tags(&html) {
            assert!(
                THEME_TAGS.contains(&t.name.as_str()),
                "{page}: content injected <{}>",
                t.name
            );
            for (a, v) in &t.attrs {
                assert!(
                    !a.starts_with("on"),
                    "{page}: content injected {a}= on <{}>",
                    t.name
                );
                assert!(
                    !v.to_ascii_lowercase().contains("javascript:"),
                    "{page}: javascript: URL in {a}"
                );
            }
        }
        assert!(
            wellformed::problems(&html).is_empty(),
            "{page}: {:?}",
            wellformed::problems(&html)
        );
    }
    let html = site.page("cable/2011/01/11EVIL1.html");
    assert!(html.contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;&#x2F;script&gt;") || html.contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"), "the text is not shown escaped");
    assert!(html.contains("&lt;b&gt;SECRET&lt;/b&gt;"));
    assert!(html.contains("&lt;a href=&quot;javascript:alert(1)&quot;&gt;click&lt;/a&gt;"));
    let report = check_site(&site.out());
    // The search page is another feature's; until it lands, links to it are broken.
    let problems: Vec<_> = report
        .problems
        .iter()
        .filter(|p| !p.message.contains("search/index.html"))
        .collect();
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn a_base_url_that_is_not_http_is_refused() {
    let site = TestSite::build(&[
        GOOD,
        (
            "site.yaml",
            "title: T\nbase_url: \"javascript:alert(1)//\"\n",
        ),
    ]);
    assert_msg(&site, "error: site.yaml:2: base_url `javascript:alert(1)//` is not an http or https address; ignored");
    let html = site.page("index.html");
    assert!(!html.contains("javascript:"), "{html}");
    assert!(
        html.contains("<title>T</title>"),
        "the rest of site.yaml still applies"
    );
}

#[test]
fn a_symlinked_cable_file_is_not_read_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    write_files(dir.path(), &[GOOD]);
    let outside = tempfile::tempdir().unwrap();
    let target = outside.path().join("03PHNOMPENH7.txt");
    std::fs::write(
        &target,
        "SUBJECT: OUTSIDE\n\n1. (C) Text from outside the site.\n",
    )
    .unwrap();
    std::os::unix::fs::symlink(&target, dir.path().join("content/cables/03PHNOMPENH7.txt"))
        .unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("gone.txt"),
        dir.path().join("content/cables/03PHNOMPENH8.txt"),
    )
    .unwrap();
    let site = TestSite::at(dir);
    assert_msg(&site, "03PHNOMPENH7.txt: is a symlink");
    assert_msg(&site, "03PHNOMPENH8.txt: is a symlink");
    assert!(!site.exists("cable/2003/12/03PHNOMPENH7.html"));
    good_page_built(&site);
}

#[test]
fn a_template_that_fails_to_render_is_reported_once_at_its_line_and_the_previous_site_is_kept() {
    let second = (
        "content/cables/03PHNOMPENH1991.txt",
        "O 030222Z DEC 03\nFM AMEMBASSY PHNOM PENH\nTO SECSTATE WASHDC 1173\n\nCONFIDENTIAL PHNOM PENH 001991\n\nTAGS: PREL, CB\nSUBJECT: THE SECOND CABLE\n\n1. (C) Also here.\n",
    );
    let first = TestSite::build(&[GOOD, second]);
    assert!(first.report.committed && first.report.errors() == 0);
    write_files(
        first.dir.path(),
        &[
            (
                "templates/cable.html",
                "{% extends \"base.html\" %}\n{% block content %}\n<h1>{{ cable.id }}</h1>\n<p>{{ cable.subjekt }}</p>\n{% endblock content %}\n",
            ),
            (
                "templates/country.html",
                "{% extends \"base.html\" %}\n{% block content %}\n\n\n<h1>{{ title | upercase }}</h1>\n{% endblock content %}\n",
            ),
            (
                "templates/notes.html",
                "<div class=\"notes\">\n{{ notes_heading }}\n</div>\n",
            ),
            (
                "content/annotations/n.md",
                "---\ncable: 03PHNOMPENH1991\nauthor: A. Editor\ndate: 2026-11-20\n---\nA note.\n",
            ),
        ],
    );
    let report = cablepress::build(
        first.dir.path(),
        &first.out(),
        &cablepress::BuildOptions::default(),
    )
    .unwrap();
    let site = TestSite {
        dir: first.dir,
        report,
    };
    let msgs = site.messages();
    let cable: Vec<_> = msgs
        .iter()
        .filter(|m| m.contains("cable.subjekt"))
        .collect();
    // One error for both pages, at the line that names the missing variable.
    assert_eq!(cable.len(), 1, "{msgs:#?}");
    assert!(
        cable[0].starts_with("error: templates/cable.html:4: cannot render 2 pages (cable/2003/12/03PHNOMPENH1990.html and 1 more): "),
        "{}",
        cable[0]
    );
    let filter: Vec<_> = msgs.iter().filter(|m| m.contains("upercase")).collect();
    assert_eq!(filter.len(), 1, "{msgs:#?}");
    assert!(
        filter[0].starts_with("error: templates/country.html:5: cannot render "),
        "{}",
        filter[0]
    );
    // The notes' template, at its line, naming the page that would have lacked them.
    let notes: Vec<_> = msgs
        .iter()
        .filter(|m| m.contains("notes_heading"))
        .collect();
    assert_eq!(notes.len(), 1, "{msgs:#?}");
    assert!(
        notes[0].starts_with(
            "error: templates/notes.html:2: cannot render cable/2003/12/03PHNOMPENH1991.html: "
        ),
        "{}",
        notes[0]
    );
    assert_eq!(site.report.errors(), 3, "{msgs:#?}");
    // A site without its cable pages is not published: the last one stays.
    assert!(!site.report.committed);
    good_page_built(&site);
    assert!(site
        .page("cable/2003/12/03PHNOMPENH1991.html")
        .contains("Also here."));
}

#[test]
fn a_typo_in_the_base_template_is_one_error_for_every_page_built_on_it() {
    let base = cablepress::render::templates::BUILTIN
        .iter()
        .find(|(n, _)| *n == "base.html")
        .unwrap()
        .1;
    let broken = base.replacen("<body", "{{ site_titel }}<body", 1);
    let line = broken
        .lines()
        .position(|l| l.contains("site_titel"))
        .unwrap()
        + 1;
    let site = TestSite::build(&[GOOD, ("templates/base.html", &broken)]);
    let msgs = site.messages();
    let typo: Vec<_> = msgs.iter().filter(|m| m.contains("site_titel")).collect();
    assert_eq!(typo.len(), 1, "{msgs:#?}");
    assert!(
        typo[0].starts_with(&format!(
            "error: templates/base.html:{line}: cannot render "
        )),
        "{}",
        typo[0]
    );
    assert_eq!(site.report.errors(), 1, "{msgs:#?}");
}
