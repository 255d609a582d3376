//! Importing a real annotated edition: FRUS 1969–1976 vol. XX (TEI, in ../shared/frus),
//! then building it and reading the pages a reader would open. The JSON extract beside the
//! TEI (made by a different program) is the independent check. Skipped without ../shared.

mod common;
use cablepress::diagnostics::Diagnostics;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn frus() -> Option<PathBuf> {
    let p = common::shared()?.join("frus");
    if p.join("tei/frus1969-76v20.xml").is_file() {
        Some(p)
    } else {
        eprintln!("skipped: ../shared/frus is not on this machine");
        None
    }
}

fn json(path: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(path).expect("read json")).expect("json")
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Markdown escapes undone, for comparing note text.
fn unescape(md: &str) -> String {
    let mut out = String::new();
    let mut chars = md.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(&n) = chars.peek() {
                out.push(n);
                chars.next();
                continue;
            }
        }
        if c != '*' {
            out.push(c);
        }
    }
    squash(&out)
}

#[test]
fn imports_the_volume_and_builds_a_site_a_reader_can_use() {
    let Some(frus) = frus() else { return };
    let extract = frus.join("frus1969-76v20");
    let site = tempfile::tempdir().expect("tmp");
    let diags = Diagnostics::default();
    let report =
        cablepress::import::frus::import(&frus.join("tei/frus1969-76v20.xml"), site.path(), &diags)
            .expect("import");
    let msgs: Vec<String> = diags.into_sorted().iter().map(|d| d.to_string()).collect();
    assert!(msgs.is_empty(), "{msgs:#?}");

    // The counts of the volume.
    assert_eq!(report.telegrams, 106);
    assert_eq!(report.persons, 230);
    assert_eq!(report.footnotes, 261);
    assert_eq!(report.paragraphs, 1115);
    let content = site.path().join("content");
    let count = |dir: &Path, ext: &str| {
        walk(dir)
            .into_iter()
            .filter(|p| p.extension().is_some_and(|e| e == ext))
            .count()
    };
    assert_eq!(count(&content.join("cables"), "txt"), 106);
    assert_eq!(count(&content.join("annotations"), "md"), 261);
    assert_eq!(count(&content.join("people"), "yaml"), 230);

    // Every footnote of every telegram is kept, word for word, in a note on its cable.
    let mut notes_by_cable: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for p in walk(&content.join("annotations")) {
        let text = std::fs::read_to_string(&p).unwrap();
        let cable = text
            .lines()
            .find_map(|l| l.strip_prefix("cable: "))
            .unwrap()
            .to_string();
        let body = text.split("\n---\n").nth(1).unwrap_or("").to_string();
        notes_by_cable
            .entry(cable)
            .or_default()
            .push(unescape(&body));
    }
    let mut telegrams = Vec::new();
    for p in walk(&extract.join("telegrams")) {
        let t = json(&p);
        let id = format!("FRUS1969-76v20{}", t["id"].as_str().unwrap());
        for f in t["footnotes"].as_array().unwrap() {
            let want = squash(f["text"].as_str().unwrap());
            let have = notes_by_cable.get(&id).map(Vec::as_slice).unwrap_or(&[]);
            assert!(
                have.contains(&want),
                "{id}: footnote {} not kept: {want}\nhave: {have:#?}",
                f["n"]
            );
        }
        telegrams.push(t);
    }
    assert_eq!(telegrams.len(), 106);

    // Build it.
    let out = site.path().join("public");
    let built =
        cablepress::build(site.path(), &out, &cablepress::BuildOptions::default()).expect("build");
    assert_eq!(built.cables, 106);
    assert_eq!(built.errors(), 0, "{:#?}", built.diagnostics);
    let page =
        |rel: &str| std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));

    // The first telegram: its text, the names linked, the terms spelled out.
    let d1 = page("cable/1969/01/FRUS1969-76v20d1.html");
    assert!(d1.contains("Telegram From the Embassy in Thailand to the Department of State"));
    assert!(d1.contains("<a class=\"mention\" href=\"../../../person/thanat-khoman/index.html\" title=\"Thanat Khoman\">Thanat</a>"), "{d1}");
    assert!(
        d1.contains("title=\"Sawaeng Senanarong\">Sawaeng</a>"),
        "{d1}"
    );
    assert!(
        d1.contains("<abbr title=\"Royal Thai Government\">RTG</abbr>"),
        "{d1}"
    );
    assert!(d1.contains("id=\"par5\""));

    // Every footnote marked in a telegram's text (all but the 101 source notes and d284's
    // unanchored note) is highlighted at its mark, the text before paragraph 1 included
    // (d103: `Ref: Bangkok 125.`), and the highlight and the note link to each other.
    let (mut marks, mut abbrs) = (0, BTreeMap::<String, usize>::new());
    for p in walk(&out.join("cable")) {
        if p.extension().is_none_or(|e| e != "html") {
            continue;
        }
        let html = std::fs::read_to_string(&p).unwrap();
        for part in html.split("<mark class=\"quote\" id=\"q-").skip(1) {
            let k: String = part.chars().take_while(char::is_ascii_digit).collect();
            assert!(
                html.contains(&format!("href=\"#q-{k}\"")),
                "{}: q-{k}",
                p.display()
            );
            assert!(
                html.contains(&format!("href=\"#note-{k}\"")),
                "{}: q-{k}",
                p.display()
            );
            marks += 1;
        }
        // Terms are whole tokens: not the `S` of `U.S.`, not `C` in `C–130s` or `(C)`.
        assert!(!html.contains("U.<abbr"), "{}", p.display());
        assert!(!html.contains("</abbr>.S."), "{}", p.display());
        assert!(!html.contains("</abbr>–"), "{}", p.display());
        assert!(
            !html.contains("(<abbr title=\"Office of the Counselor"),
            "{}",
            p.display()
        );
        for part in html.split("<abbr title=\"").skip(1) {
            let term = part
                .split("\">")
                .nth(1)
                .unwrap()
                .split("</abbr>")
                .next()
                .unwrap();
            *abbrs.entry(term.to_string()).or_default() += 1;
        }
    }
    assert_eq!(marks, 261 - 101 - 1);
    let d103 = page("cable/1971/01/FRUS1969-76v20d103.html");
    assert!(
        d103.contains("Ref: <mark class=\"quote\" id=\"q-2\">Bangkok 125.</mark>"),
        "{d103}"
    );
    // One-letter terms only where the TEI glosses them as a word (`S` six times in the
    // volume, in telegrams only inside `C/S`, `S/S–S`); `C` nowhere.
    assert_eq!(abbrs.get("S"), None, "{abbrs:?}");
    assert_eq!(abbrs.get("C"), None, "{abbrs:?}");
    assert!(
        abbrs["NSC"] >= 4 && abbrs["JCS"] >= 2 && abbrs["RTG"] > 100,
        "{abbrs:?}"
    );
    assert!(abbrs["US"] > 200, "{abbrs:?}");

    // Every person FRUS links in a telegram's text is found there, under the spelling the
    // text uses (even where it differs from the persons list): each such telegram is on
    // the person's page.
    let persons = json(&extract.join("persons.json"));
    let slug_of: BTreeMap<String, String> = walk(&content.join("people"))
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            let xml_id = text
                .lines()
                .next()
                .unwrap()
                .split(" [checksum ")
                .next()
                .unwrap()
                .rsplit('(')
                .next()
                .unwrap()
                .trim_end_matches(')')
                .to_string();
            (
                xml_id,
                p.file_stem().unwrap().to_string_lossy().into_owned(),
            )
        })
        .collect();
    assert_eq!(slug_of.len(), persons.as_array().unwrap().len());
    let mut checked = 0;
    let mut by_person: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for t in &telegrams {
        let id = format!("FRUS1969-76v20{}", t["id"].as_str().unwrap());
        for m in t["person_mentions"].as_array().unwrap() {
            if m["location"] != "footnote" {
                by_person
                    .entry(m["id"].as_str().unwrap().to_string())
                    .or_default()
                    .insert(id.clone());
            }
        }
    }
    for (pid, docs) in &by_person {
        let slug = &slug_of[pid];
        let html = page(&format!("person/{slug}/index.html"));
        for d in docs {
            assert!(
                html.contains(&format!("<span class=\"cable-id\">{d}</span>")),
                "{slug} ({pid}) should list {d}"
            );
            checked += 1;
        }
    }
    assert!(checked > 300, "{checked}");
    // Thanat Khoman: a name the list gives in full, the telegrams mostly as "Thanat".
    let thanat = page("person/thanat-khoman/index.html");
    assert!(thanat.contains("Foreign Minister of Thailand until November 17, 1971"));
    assert!(thanat.contains("<mark>Thanat</mark>"));
    assert!(thanat.contains("aria-label=\"Mentions per year"));

    // The people index and the countries of the volume.
    let people = page("people/index.html");
    assert!(people.contains("230 people in the registry"));
    let countries = page("countries/index.html");
    for c in ["Thailand", "Philippines", "Indonesia"] {
        assert!(countries.contains(&format!(">{c}</a>")), "{c}");
    }
    let th = squash(&page("country/thailand/index.html"));
    assert!(
        th.contains("<a href=\"../../origin/embassy-bangkok/index.html\">Embassy Bangkok</a>"),
        "{th}"
    );
    assert!(th.contains(">Thanat Khoman</a>"));

    let rep = cablepress::check::check_site(&out);
    let problems: Vec<String> = rep
        .problems
        .iter()
        .filter(|p| !p.message.contains("search/index.html"))
        .map(|p| format!("{}: {}", p.page, p.message))
        .collect();
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn notes_anchor_on_a_quote_found_in_their_paragraph() {
    let Some(frus) = frus() else { return };
    let site = tempfile::tempdir().expect("tmp");
    let diags = Diagnostics::default();
    cablepress::import::frus::import(&frus.join("tei/frus1969-76v20.xml"), site.path(), &diags)
        .expect("import");
    let content = site.path().join("content");
    let mut cables: BTreeMap<String, String> = BTreeMap::new();
    for p in walk(&content.join("cables")) {
        let text = std::fs::read_to_string(&p).unwrap();
        let body = text.split("\n---\n").nth(1).unwrap().to_string();
        cables.insert(p.file_stem().unwrap().to_string_lossy().into_owned(), body);
    }
    let (mut anchored, mut with_paragraph) = (0, 0);
    for p in walk(&content.join("annotations")) {
        let text = std::fs::read_to_string(&p).unwrap();
        let front: serde_yaml::Value = serde_yaml::from_str(
            text.split("\n---\n")
                .next()
                .unwrap()
                .trim_start_matches("---\n"),
        )
        .unwrap();
        let body = &cables[front["cable"].as_str().unwrap()];
        assert_eq!(front["author"].as_str(), Some("Office of the Historian"));
        assert_eq!(front["date"].as_str(), Some("2006-01-01"));
        let Some(quote) = front["quote"].as_str() else {
            continue;
        };
        anchored += 1;
        assert_eq!(
            body.to_lowercase().matches(&quote.to_lowercase()).count(),
            1,
            "{}: quote `{quote}` is not unique",
            p.display()
        );
        if let Some(n) = front["paragraph"].as_u64() {
            with_paragraph += 1;
            let (parsed, _) = cablepress::source::telegram::parse(body);
            let para = parsed
                .paragraphs
                .iter()
                .find(|x| x.number == Some(n as u32))
                .expect("paragraph exists");
            assert!(
                body[para.range.clone()].contains(quote),
                "{}: `{quote}` not in paragraph {n}",
                p.display()
            );
        }
    }
    // 261 notes, of which 101 source notes and one unanchored note sit on the whole telegram.
    assert_eq!(anchored, 261 - 101 - 1);
    // The others sit in the telegram's preamble (`Ref: …`), its unnumbered blocks, the
    // dateline or the closer, and anchor by their quote alone.
    assert!(with_paragraph >= 100, "{with_paragraph}");
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .flatten()
    {
        if e.file_type().is_file() {
            out.push(e.into_path());
        }
    }
    out
}

/// A small volume of our own, so the importer is tested without ../shared.
const SMALL_VOLUME: &str = r##"<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0">
  <teiHeader><fileDesc><titleStmt><title type="complete">Test Volume of Telegrams</title></titleStmt>
    <publicationStmt><date>2001</date><idno type="frus">frus1999-00v01</idno></publicationStmt></fileDesc></teiHeader>
  <text><front>
    <div type="section" xml:id="terms"><list type="terms">
      <item><hi rend="strong"><term xml:id="t_RTG1">RTG</term>,</hi> Royal Thai Government</item>
    </list></div>
    <div type="section" xml:id="persons"><list type="names">
      <item><hi rend="strong"><persName xml:id="p_KS1">Khoman, Somchai</persName>,</hi> Thai Minister of Testing</item>
      <item><hi rend="strong"><persName xml:id="p_DJ1">Doe, General John Q., Jr.</persName>,</hi> Ambassador to Thailand</item>
    </list></div>
  </front><body>
    <div type="compilation"><head>Southeast Asia</head>
    <div type="chapter"><head>Thailand</head>
      <div type="document" xml:id="d1" n="1">
        <head>1. Telegram From the <gloss type="from">Embassy in Thailand</gloss> to the <gloss type="to">Department of State</gloss><note n="1" xml:id="d1fn1" type="source">Source: Test files. Secret; Exdis.</note></head>
        <dateline><placeName>Bangkok</placeName>, <date when="1970-03-02T10:15:00Z">March 2, 1970, 1015Z</date>.</dateline>
        <p>4321. 1. Today I saw Minister <persName corresp="#p_KS1">Somchai K.</persName><note n="2" xml:id="d1fn2">Somchai <persName corresp="#p_KS1">Khoman</persName>, whom the <hi rend="italic">Times</hi> called “the tester”.</note> and the <gloss target="#t_RTG1">RTG</gloss> agreed.</p>
        <p>2. <persName corresp="#p_DJ1">Ambassador Doe</persName> was there; the minister spoke.<note n="3" xml:id="d1fn3">1970. Not printed.</note></p>
        <closer><signed><persName corresp="#p_DJ1">Doe</persName></signed></closer>
      </div>
      <div type="document" xml:id="d2" n="2"><head>2. Memorandum for the Record</head><p>Not a telegram.</p></div>
    </div></div>
  </body></text>
</TEI>
"##;

#[test]
fn a_small_volume_becomes_a_site() {
    let dir = tempfile::tempdir().expect("tmp");
    let xml = dir.path().join("vol.xml");
    std::fs::write(&xml, SMALL_VOLUME).unwrap();
    let site = dir.path().join("site");
    let diags = Diagnostics::default();
    let r = cablepress::import::frus::import(&xml, &site, &diags).expect("import");
    assert!(diags.into_sorted().is_empty());
    assert_eq!((r.telegrams, r.footnotes, r.persons, r.terms), (1, 3, 2, 1));
    let content = site.join("content");
    let cable = std::fs::read_to_string(content.join("cables/frus1999-00v01/FRUS1999-00v01d1.txt"))
        .unwrap();
    assert!(cable.contains("\nid: FRUS1999-00v01d1\n"), "{cable}");
    assert!(cable.contains("\ndate: 1970-03-02 10:15\n"), "{cable}");
    assert!(cable.contains("\norigin: Embassy Bangkok\n"), "{cable}");
    assert!(cable.contains("\nclassification: SECRET\n"), "{cable}");
    assert!(cable.contains("\ntags:\n- TH\n"), "{cable}");
    assert!(cable.ends_with(
        "---\nFM Embassy in Thailand\nTO Department of State\n\nBangkok, March 2, 1970, 1015Z.\n\n4321.\n\n1. Today I saw Minister Somchai K. and the RTG agreed.\n\n2. Ambassador Doe was there; the minister spoke.\n\nDoe\n"
    ), "{cable}");
    let note = std::fs::read_to_string(content.join("annotations/FRUS1999-00v01d1-2.md")).unwrap();
    assert!(note.contains("\ncable: FRUS1999-00v01d1\nparagraph: 1\nquote: Minister Somchai K.\ntitle: Footnote 2\nauthor: Office of the Historian\ndate: 2001-01-01\npeople:\n- somchai-khoman\n---\n"), "{note}");
    assert!(
        note.ends_with("---\nSomchai Khoman, whom the *Times* called “the tester”.\n"),
        "{note}"
    );
    let note3 = std::fs::read_to_string(content.join("annotations/FRUS1999-00v01d1-3.md")).unwrap();
    assert!(
        note3.contains("paragraph: 2\nquote: minister spoke.\n"),
        "{note3}"
    );
    assert!(note3.ends_with("---\n1970\\. Not printed.\n"), "{note3}");
    let source =
        std::fs::read_to_string(content.join("annotations/FRUS1999-00v01d1-1.md")).unwrap();
    assert!(
        source.contains("title: Source note") && !source.contains("quote:"),
        "{source}"
    );
    // Spellings the text uses become aliases.
    let somchai = std::fs::read_to_string(content.join("people/somchai-khoman.yaml")).unwrap();
    assert!(somchai.contains("name: Somchai Khoman\nsort_as: Khoman, Somchai\naliases:\n- Somchai K.\n- Khoman\ncountries:\n- TH\n"), "{somchai}");
    let doe = std::fs::read_to_string(content.join("people/john-q-doe-jr.yaml")).unwrap();
    assert!(doe.contains("name: General John Q. Doe, Jr.\n"), "{doe}");
    assert!(doe.contains("- Ambassador Doe\n- Doe\n"), "{doe}");
    assert_eq!(
        std::fs::read_to_string(content.join("terms.yaml"))
            .unwrap()
            .lines()
            .nth(1),
        Some("RTG: Royal Thai Government")
    );

    // Importing again changes nothing; a file edited by hand is left alone.
    std::fs::write(
        content.join("people/somchai-khoman.yaml"),
        "name: Somchai Khoman\n",
    )
    .unwrap();
    let diags = Diagnostics::default();
    let again = cablepress::import::frus::import(&xml, &site, &diags).expect("import");
    assert_eq!(again.files_written, 0);
    let msgs: Vec<String> = diags.into_sorted().iter().map(|d| d.to_string()).collect();
    assert!(
        msgs[0].contains("somchai-khoman.yaml:1: exists and was not written by the importer"),
        "{msgs:#?}"
    );

    // The site builds, the names link, the term is spelled out.
    let out = site.join("public");
    let built =
        cablepress::build(&site, &out, &cablepress::BuildOptions::default()).expect("build");
    assert_eq!(built.errors(), 0, "{:#?}", built.diagnostics);
    let page = std::fs::read_to_string(out.join("cable/1970/03/FRUS1999-00v01d1.html")).unwrap();
    assert!(
        page.contains("title=\"General John Q. Doe, Jr.\">Ambassador Doe</a> was there"),
        "{page}"
    );
    assert!(
        page.contains("<abbr title=\"Royal Thai Government\">RTG</abbr>"),
        "{page}"
    );
    let person = std::fs::read_to_string(out.join("person/john-q-doe-jr/index.html")).unwrap();
    assert!(
        person.contains("<span class=\"cable-id\">FRUS1999-00v01d1</span>"),
        "{person}"
    );
}

/// A telegram whose notes are marked in the text before paragraph 1 (`Ref: …`), two of
/// them at one mark, and whose terms include one-letter ones that the text uses in
/// `U.S.`, `C–130s` and paragraph markings.
const PREAMBLE_VOLUME: &str = r##"<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0">
  <teiHeader><fileDesc><titleStmt><title type="complete">Test Volume of Telegrams</title></titleStmt>
    <publicationStmt><date>2001</date><idno type="frus">frus1999-00v02</idno></publicationStmt></fileDesc></teiHeader>
  <text><front>
    <div type="section" xml:id="terms"><list type="terms">
      <item><hi rend="strong"><term xml:id="t_C1">C</term>,</hi> Office of the Counselor</item>
      <item><hi rend="strong"><term xml:id="t_S1">S</term>,</hi> Office of the Secretary of State</item>
      <item><hi rend="strong"><term xml:id="t_NSC1">NSC</term>,</hi> National Security Council</item>
    </list></div>
    <div type="section" xml:id="persons"><list type="names"></list></div>
  </front><body>
    <div type="compilation"><head>Southeast Asia</head>
    <div type="chapter"><head>Thailand</head>
      <div type="document" xml:id="d7" n="7">
        <head>7. Telegram From the <gloss type="from">Embassy in Thailand</gloss> to the <gloss type="to">Department of State</gloss><note n="1" xml:id="d7fn1" type="source">Source: Test files. Secret.</note></head>
        <dateline><placeName>Bangkok</placeName>, <date when="1971-01-05T12:33:00Z">January 5, 1971, 1233Z</date>.</dateline>
        <p>130. Subj: Thai Assistance. Ref: State 082969<note n="2" xml:id="d7fn2">Dated January 2.</note> and 082970.<note n="3" xml:id="d7fn3">Dated January 3.</note> Also Bangkok 125<note n="4" xml:id="d7fn4">Not found.</note><note n="5" xml:id="d7fn5">See footnote 4.</note></p>
        <p>1. The <gloss target="#t_NSC1">NSC</gloss> and <gloss target="#t_S1">S</gloss> agreed. U.S. views (C) on C–130s and C/S did not change; the NSC. Later NSC/JCS.</p>
        <p>2. (C) Paragraph C. S said nothing.</p>
      </div>
    </div></div>
  </body></text>
</TEI>
"##;

#[test]
fn notes_before_paragraph_one_and_short_terms() {
    let dir = tempfile::tempdir().expect("tmp");
    let xml = dir.path().join("vol.xml");
    std::fs::write(&xml, PREAMBLE_VOLUME).unwrap();
    let site = dir.path().join("site");
    let diags = Diagnostics::default();
    let r = cablepress::import::frus::import(&xml, &site, &diags).expect("import");
    assert!(diags.into_sorted().is_empty());
    // `C` is glossed nowhere in the telegram: left out.
    assert_eq!((r.telegrams, r.footnotes, r.terms), (1, 5, 2));
    let content = site.join("content");
    let cable = std::fs::read_to_string(content.join("cables/frus1999-00v02/FRUS1999-00v02d7.txt"))
        .unwrap();
    let body = cable.split("\n---\n").nth(1).unwrap();
    let terms = std::fs::read_to_string(content.join("terms.yaml")).unwrap();
    let s_at = body.find("and S agreed").unwrap() + 4;
    assert!(
        terms.contains(&format!(
            "\nNSC: National Security Council\nS:\n  expansion: Office of the Secretary of State\n  at:\n    FRUS1999-00v02d7:\n    - {s_at}\n"
        )),
        "{terms}"
    );
    let quote = |n: u32| {
        let note =
            std::fs::read_to_string(content.join(format!("annotations/FRUS1999-00v02d7-{n}.md")))
                .unwrap();
        assert!(!note.contains("\nparagraph:"), "{note}");
        note.lines()
            .find_map(|l| l.strip_prefix("quote: "))
            .unwrap_or("")
            .to_string()
    };
    // Each quote ends at its mark and does not reach back past the one before.
    assert_eq!(quote(2), "State 082969");
    assert_eq!(quote(3), "and 082970.");
    assert_eq!(quote(4), "Also Bangkok 125");
    assert_eq!(quote(5), "Also Bangkok 125");

    let out = site.join("public");
    let built =
        cablepress::build(&site, &out, &cablepress::BuildOptions::default()).expect("build");
    assert_eq!(built.errors(), 0, "{:#?}", built.diagnostics);
    let page = std::fs::read_to_string(out.join("cable/1971/01/FRUS1999-00v02d7.html")).unwrap();
    // The notes marked before paragraph 1 are highlighted where their mark is, and the
    // highlight and the note link to each other.
    let head = page
        .split("<pre class=\"telegram-head\">")
        .nth(1)
        .unwrap()
        .split("</pre>")
        .next()
        .unwrap();
    let sup = |k: u32| {
        format!("</mark><sup class=\"note-ref\"><a href=\"#note-{k}\" title=\"Annotation {k}\">{k}</a></sup>")
    };
    assert!(
        head.contains(&format!(
            "Ref: <mark class=\"quote\" id=\"q-2\">State 082969{} <mark class=\"quote\" id=\"q-3\">and 082970.{}",
            sup(2),
            sup(3)
        )),
        "{head}"
    );
    assert!(
        head.contains(&format!(
            "<mark class=\"quote\" id=\"q-4\"><mark class=\"quote\" id=\"q-5\">Also Bangkok 125{}{}",
            sup(5),
            sup(4)
        )),
        "{head}"
    );
    for k in 2..=5 {
        assert!(page.contains(&format!("id=\"note-{k}\"")), "{page}");
        assert!(page.contains(&format!("href=\"#q-{k}\"")), "{page}");
    }
    // Terms: whole tokens, short ones only where glossed, none in a marking.
    let abbr = |t: &str| page.matches(&format!("\">{t}</abbr>")).count();
    assert_eq!(abbr("NSC"), 2, "{page}");
    assert_eq!(abbr("S"), 1, "{page}");
    assert_eq!(abbr("C"), 0, "{page}");
    assert!(page.contains("and <abbr title=\"Office of the Secretary of State\">S</abbr> agreed. U.S. views (C) on C–130s and C/S"), "{page}");
}

#[test]
fn a_second_import_keeps_the_files_edited_since_the_first() {
    let dir = tempfile::tempdir().expect("tmp");
    let xml = dir.path().join("vol.xml");
    std::fs::write(&xml, PREAMBLE_VOLUME).unwrap();
    let site = dir.path().join("site");
    let diags = Diagnostics::default();
    cablepress::import::frus::import(&xml, &site, &diags).expect("import");
    let content = site.join("content");
    let cable = content.join("cables/frus1999-00v02/FRUS1999-00v02d7.txt");
    let note = content.join("annotations/FRUS1999-00v02d7-1.md");
    let terms = content.join("terms.yaml");
    let untouched = std::fs::read_to_string(&note).unwrap();
    // An editor corrects the cable and the terms; the note is left alone and deleted.
    let edited = std::fs::read_to_string(&cable).unwrap().replacen(
        "agreed",
        "agreed (editor's correction)",
        1,
    );
    std::fs::write(&cable, &edited).unwrap();
    let edited_terms = std::fs::read_to_string(&terms).unwrap().replace(
        "National Security Council",
        "the NSC, as the editor puts it",
    );
    std::fs::write(&terms, &edited_terms).unwrap();
    std::fs::remove_file(&note).unwrap();
    let diags = Diagnostics::default();
    cablepress::import::frus::import(&xml, &site, &diags).expect("import again");
    let msgs: Vec<String> = diags.into_sorted().iter().map(|d| d.to_string()).collect();
    assert_eq!(std::fs::read_to_string(&cable).unwrap(), edited);
    assert_eq!(std::fs::read_to_string(&terms).unwrap(), edited_terms);
    assert_eq!(std::fs::read_to_string(&note).unwrap(), untouched);
    assert_eq!(msgs.len(), 2, "{msgs:#?}");
    assert!(msgs
        .iter()
        .all(|m| m.contains("edited since the importer wrote it; left as it is")));
    // A third import, with nothing edited in between, writes nothing and says nothing new.
    let diags = Diagnostics::default();
    let r = cablepress::import::frus::import(&xml, &site, &diags).expect("import a third time");
    assert_eq!(diags.into_sorted().len(), 2);
    assert_eq!(r.files_written, 0);
}
