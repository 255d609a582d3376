//! What a site's own files say, read as their authors meant it: TAGS codes, `site.yaml`,
//! cable front matter, Cablegate dumps, annotation authors. Each test builds a small site
//! in a temp dir and asserts on the pages and the diagnostics.

mod common;
use common::TestSite;

/// A telegram from `fm` (an FM line's post) with a TAGS line.
fn cable(id: &str, fm: &str, tags: &str) -> String {
    format!(
        "---\nid: {id}\ndate: 2004-03-01 10:00\n---\nR 011000Z MAR 04\nFM AMEMBASSY {fm}\nTO SECSTATE WASHDC\n\nC O N F I D E N T I A L {fm} 000001\n\nTAGS: {tags}\nSUBJECT: A CABLE\n\n1. (C) Text.\n"
    )
}

fn tagged_site(extra: &[(&str, &str)]) -> TestSite {
    let mut files = vec![
        (
            "content/cables/03SANAA2536.txt".to_string(),
            cable("03SANAA2536", "SANAA", "PREL, IO, YM, DEMARCHE"),
        ),
        (
            "content/cables/03ZAGREB1365.txt".to_string(),
            cable("03ZAGREB1365", "ZAGREB", "PREL, PGOV, EU, HR, RU"),
        ),
        (
            "content/cables/07LAPAZ3262.txt".to_string(),
            cable("07LAPAZ3262", "LA PAZ", "ASEC PREL PGOV PINL VN CU BL"),
        ),
    ];
    files.extend(extra.iter().map(|(p, t)| (p.to_string(), t.to_string())));
    let files: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    TestSite::build(&files)
}

#[test]
fn tags_codes_that_mean_no_country_put_a_cable_in_no_country_list() {
    let s = tagged_site(&[]);
    assert_eq!(s.report.errors(), 0, "{:#?}", s.messages());
    // EU is the European Union, IO International Organization affairs, VN not a FIPS code.
    for wrong in [
        "country/europa-island/index.html",
        "country/british-indian-ocean-territory/index.html",
        "country/vietnam/index.html",
    ] {
        assert!(!s.exists(wrong), "{wrong} was written");
    }
    let countries = s.page("countries/index.html");
    for wrong in ["Europa Island", "British Indian Ocean", "Vietnam"] {
        assert!(!countries.contains(wrong), "{wrong} listed");
    }
    // The codes that are countries still are.
    for (page, id) in [
        ("country/yemen/index.html", "03SANAA2536"),
        ("country/croatia/index.html", "03ZAGREB1365"),
        ("country/russia/index.html", "03ZAGREB1365"), // RU: ISO, meant as FIPS RS
        ("country/cuba/index.html", "07LAPAZ3262"),
        ("country/bolivia/index.html", "07LAPAZ3262"),
    ] {
        assert!(s.page(page).contains(id), "{id} not in {page}");
    }
    // EU and IO read as what they mean in TAGS.
    let zagreb = s.page("cable/2004/03/03ZAGREB1365.html");
    assert!(zagreb.contains("European Union"), "EU spelled out");
    assert!(!zagreb.contains("Europa"));
    assert!(s
        .page("tag/IO/index.html")
        .contains("International Organization Affairs"));
    // VN names no country, so it is reported as a code the tables do not know.
    let msgs = s.messages();
    assert!(
        msgs.iter()
            .any(|m| m.starts_with("warning: content/cables/07LAPAZ3262.txt") && m.contains("VN")),
        "{msgs:#?}"
    );
    // The codes the tables know, as a country or as a tag, are not.
    assert!(
        !msgs
            .iter()
            .any(|m| m.contains("`EU`") || m.contains("`IO`") || m.contains("`RU`")),
        "{msgs:#?}"
    );
}

#[test]
fn a_site_can_give_a_tags_code_its_country_in_countries_yaml() {
    let s = tagged_site(&[(
        "content/countries.yaml",
        "countries:\n  IO: {name: British Indian Ocean Territory}\n  VN: {name: Venezuela (VN), region: Western Hemisphere}\n",
    )]);
    assert_eq!(s.report.errors(), 0, "{:#?}", s.messages());
    assert!(s
        .page("country/british-indian-ocean-territory/index.html")
        .contains("03SANAA2536"));
    assert!(s
        .page("country/venezuela-vn/index.html")
        .contains("07LAPAZ3262"));
    assert!(!s.exists("country/europa-island/index.html"));
}

#[test]
fn an_unknown_key_in_site_yaml_is_a_warning_and_the_other_settings_are_used() {
    let s = TestSite::build(&[
        (
            "site.yaml",
            "title: MyTitle\nbase_url: https://ok.example/\nunknown: 1\n",
        ),
        (
            "content/cables/03SANAA2536.txt",
            &cable("03SANAA2536", "SANAA", "PREL, YM"),
        ),
    ]);
    assert_eq!(s.report.errors(), 0, "{:#?}", s.messages());
    assert!(
        s.messages()
            .iter()
            .any(|m| m.starts_with("warning: site.yaml:3: unknown setting `unknown` is ignored")),
        "{:#?}",
        s.messages()
    );
    let home = s.page("index.html");
    assert!(home.contains("<title>MyTitle"), "title used");
    assert!(home.contains("https://ok.example/"), "base_url used");
    assert!(s.exists("sitemap.xml"), "a sitemap needs base_url");
}

#[test]
fn misspelt_or_mistyped_cable_front_matter_is_reported_with_file_and_line() {
    let text = "---\nid: 03SANAA2536\nclasification: SECRET\norign: Embassy Sanaa\nreleased: yesterday\nreferences: 5\n---\nC O N F I D E N T I A L SANAA 002536\n\nTAGS: PREL, YM\nSUBJECT: X\n\n1. (C) Text.\n";
    let s = TestSite::build(&[("content/cables/03SANAA2536.txt", text)]);
    let msgs = s.messages();
    for want in [
        "warning: content/cables/03SANAA2536.txt:3: unknown field `clasification` is ignored",
        "warning: content/cables/03SANAA2536.txt:4: unknown field `orign` is ignored",
        "error: content/cables/03SANAA2536.txt:5: `released` `yesterday` is not a date",
        "error: content/cables/03SANAA2536.txt:6: `references` must be a list of cable ids",
    ] {
        assert!(
            msgs.iter().any(|m| m.starts_with(want)),
            "{want}\n{msgs:#?}"
        );
    }
    // The cable is still built, from its text.
    let html = s.page("cable/undated/03SANAA2536.html");
    assert!(html.contains("CONFIDENTIAL"));
    assert!(!html.contains("yesterday"));
}

#[test]
fn import_keeps_the_first_of_two_rows_with_one_id_and_counts_files_written() {
    let tmp = tempfile::tempdir().unwrap();
    let dump = tmp.path().join("d.csv");
    let row = |n: u32, date: &str, id: &str, text: &str| {
        format!("\"{n}\",\"{date}\",\"{id}\",\"Embassy Sanaa\",\"UNCLASSIFIED\",\"\",\"R 011000Z MAR 04\",\"UNCLAS SANAA\n\nSUBJECT: {text}\n\n1. Text.\n\"\n")
    };
    let csv = [
        row(1, "3/1/2004 10:00", "04SANAA1", "FIRST"),
        row(2, "3/2/2004 10:00", "04SANAA2", "SECOND"),
        row(3, "3/3/2004 10:00", "04SANAA1", "FIRST AGAIN"),
        row(
            4,
            "3/4/2005 10:00",
            "04SANAA2",
            "SECOND AGAIN, ANOTHER YEAR",
        ),
        row(5, "3/5/2004 10:00", "04SANAA3", "THIRD"),
    ]
    .concat();
    std::fs::write(&dump, csv).unwrap();
    let into = tmp.path().join("cables");
    let diags = cablepress::diagnostics::Diagnostics::default();
    let n = cablepress::import::cablegate::import(&dump, &into, &diags).unwrap();
    let files: Vec<_> = walkdir::WalkDir::new(&into)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .collect();
    assert_eq!((n, files.len()), (3, 3), "{files:?}");
    assert!(!into.join("2005").exists(), "no second file of 04SANAA2");
    let first = std::fs::read_to_string(into.join("2004/04SANAA1.txt")).unwrap();
    assert!(
        first.contains("SUBJECT: FIRST\n"),
        "the first row is kept: {first}"
    );
    let msgs: Vec<String> = diags
        .into_sorted()
        .iter()
        .map(|d| {
            d.to_string()
                .replace(&format!("{}/", tmp.path().display()), "")
        })
        .collect();
    assert_eq!(msgs.len(), 2, "{msgs:#?}");
    assert!(
        msgs[0].starts_with("warning: d.csv:13: cable 04SANAA1 is also in d.csv:1;"),
        "{msgs:#?}"
    );
    assert!(
        msgs[1].starts_with("warning: d.csv:19: cable 04SANAA2 is also in d.csv:7;"),
        "{msgs:#?}"
    );
}

fn note(author: &str, date: &str) -> String {
    format!(
        "---\ncable: 03SANAA2536\nauthor: \"{author}\"\ndate: {date}\n---\nA note by {author}.\n"
    )
}

#[test]
fn author_slugs_fold_accents_and_a_shared_page_is_reported() {
    let s = TestSite::build(&[
        (
            "content/cables/03SANAA2536.txt",
            &cable("03SANAA2536", "SANAA", "PREL, YM"),
        ),
        (
            "content/annotations/a.md",
            &note("José García", "2026-01-01"),
        ),
        (
            "content/annotations/b.md",
            &note("Jose Garcia", "2026-01-02"),
        ),
        (
            "content/annotations/c.md",
            &note("Jose-Garcia", "2026-01-03"),
        ),
        (
            "content/annotations/d.md",
            &note("Lê Thị Hoa", "2026-01-04"),
        ),
        (
            "content/annotations/e.md",
            &note("Jane Editor", "2026-01-05"),
        ),
        ("content/annotations/f.md", &note("...", "2026-01-06")),
        ("content/annotations/g.md", &note("!!!", "2026-01-07")),
    ]);
    assert_eq!(s.report.errors(), 0, "{:#?}", s.messages());
    // Accents folded; plain ASCII names keep their URLs.
    assert!(s.exists("annotations/by/le-thi-hoa/index.html"));
    assert!(s.exists("annotations/by/jane-editor/index.html"));
    assert!(s.exists("annotations/by/jose-garcia/index.html"));
    assert!(s.exists("annotations/by/untitled/index.html"));
    // Three spellings on one page: a warning for each spelling but the one the page is
    // headed with (the newest note's), at its note's author line.
    let msgs = s.messages();
    let shared: Vec<&String> = msgs
        .iter()
        .filter(|m| m.contains("annotations/by/jose-garcia/"))
        .collect();
    assert_eq!(shared.len(), 2, "{msgs:#?}");
    assert!(
        shared[0].starts_with("warning: content/annotations/a.md:3: author `José García` shares the page annotations/by/jose-garcia/ with `Jose-Garcia`, the name it is headed with"),
        "{msgs:#?}"
    );
    assert!(
        shared[1].starts_with("warning: content/annotations/b.md:3: author `Jose Garcia` shares"),
        "{msgs:#?}"
    );
    let untitled: Vec<&String> = msgs
        .iter()
        .filter(|m| m.contains("annotations/by/untitled/"))
        .collect();
    assert_eq!(untitled.len(), 1, "{msgs:#?}");
    assert!(
        untitled[0].starts_with("warning: content/annotations/f.md:3: author `...` shares"),
        "{msgs:#?}"
    );
    // The page shows every spelling it holds.
    let page = s.page("annotations/by/jose-garcia/index.html");
    for name in ["José García", "Jose Garcia", "Jose-Garcia"] {
        assert!(page.contains(name), "{name} not on the page");
    }
}

#[test]
fn corpus_site_refuses_an_option_for_its_destination() {
    // `cargo test` builds the examples beside the test binaries' own folder.
    let bin = std::path::Path::new(env!("CARGO_BIN_EXE_cablepress"))
        .with_file_name("examples")
        .join(format!("corpus-site{}", std::env::consts::EXE_SUFFIX));
    if !bin.is_file() {
        eprintln!("skipped: {} is not built", bin.display());
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    for args in [&["--help"][..], &["-o"], &["site", "-3"], &["site", "lots"]] {
        let o = std::process::Command::new(&bin)
            .args(args)
            .current_dir(tmp.path())
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(!o.status.success(), "{args:?}");
        assert!(err.contains("usage: corpus-site DEST"), "{args:?}: {err}");
    }
    assert_eq!(
        std::fs::read_dir(tmp.path()).unwrap().count(),
        0,
        "nothing created"
    );
}

#[test]
fn numbers_in_text_fields_of_front_matter_keep_the_text_as_written() {
    let text = |id: &str, subject: &str| {
        format!("---\nid: {id}\ndate: 2003-12-02\nsubject: {subject} # a comment\n---\nUNCLASSIFIED\n\n1. Text.\n")
    };
    let s = TestSite::build(&[
        ("content/cables/a.txt", &text("0123", "1.10")),
        ("content/cables/b.txt", &text("1e3", "0x1F")),
        (
            "content/cables/c.txt",
            &text("true", "12345678901234567890123"),
        ),
    ]);
    assert_eq!(s.report.errors(), 0, "{:#?}", s.messages());
    let a = s.page("cable/2003/12/0123.html");
    assert!(a.contains(">0123<") && a.contains("1.10"), "{a}");
    assert!(!s.exists("cable/2003/12/123.html"));
    let b = s.page("cable/2003/12/1e3.html");
    assert!(b.contains("0x1F"), "{b}");
    let c = s.page("cable/2003/12/true.html");
    assert!(c.contains("12345678901234567890123"), "{c}");
}
