//! The search index and page on a small site: every index file is JavaScript that
//! registers itself, a word is found in the shard `meta.js` points to (read here the way
//! `static/search.js` reads it), and the page offers the box, the filters and the script.

mod common;
use cablepress::render::search::{note_doc, person_doc, vlq, SearchDoc, SearchIndex, Weight};
use common::TestSite;
use serde_json::Value;
use std::path::Path;

const PP_1990: &str = "---\nid: 03PHNOMPENH1990\ndate: 2003-12-02 02:22\norigin: Embassy Phnom Penh\nclassification: CONFIDENTIAL\n---\nC O N F I D E N T I A L  PHNOM PENH 001990 \n\nTAGS: PREL, CB \nSUBJECT: AMBASSADOR'S MEETING WITH FOREIGN MINISTER HOR NAMHONG \n\n1.  (C) Summary.  The Ambassador briefed Foreign Minister Hor Namhong on his meetings in Washington.  End summary. \n\n2.  (C) The Minister raised the rice harvest. \n";

const BKK: &str = "---\nid: 04BANGKOK100\ndate: 2004-01-05 10:00\norigin: Embassy Bangkok\nclassification: UNCLASSIFIED\n---\nUNCLAS BANGKOK 000100 \n\nTAGS: PREL, TH \nSUBJECT: RICE EXPORTS \n\n1. Thai rice exports rose; the minister of commerce was pleased. \n";

fn site() -> TestSite {
    TestSite::build(&[
        ("site.yaml", "title: Test archive\n"),
        ("content/cables/03PHNOMPENH1990.txt", PP_1990),
        ("content/cables/04BANGKOK100.txt", BKK),
    ])
}

/// The data of index file `key` (`search/<key>.js`).
fn data(out: &Path, key: &str) -> Value {
    let js = std::fs::read_to_string(out.join(format!("search/{key}.js")))
        .unwrap_or_else(|e| panic!("search/{key}.js: {e}"));
    let prefix = format!("CP_SEARCH.add({},", serde_json::to_string(key).unwrap());
    let body = js
        .strip_prefix(&prefix)
        .and_then(|s| s.trim_end().strip_suffix(");"))
        .unwrap_or_else(|| panic!("search/{key}.js is not one CP_SEARCH.add call"));
    serde_json::from_str(body).unwrap_or_else(|e| panic!("search/{key}.js: {e}"))
}

/// The documents `word` is in, as (label, paragraph): found as search.js finds them.
fn lookup(out: &Path, word: &str) -> Vec<(String, u32)> {
    let meta = data(out, "meta");
    let dir: Vec<&str> = meta["dir"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    let n = dir.iter().rposition(|first| *first <= word).unwrap_or(0);
    let shard = data(out, &format!("t/{n}"));
    let shard = shard.as_array().unwrap();
    let Some(k) = (0..shard.len() / 3).find(|k| shard[k * 3] == word) else {
        return Vec::new();
    };
    let df = shard[k * 3 + 1].as_u64().unwrap() as u32;
    let postings = match &shard[k * 3 + 2] {
        Value::String(s) => s.clone(),
        Value::Number(_) => data(out, &format!("t/{n}-{k}"))
            .as_str()
            .unwrap()
            .to_string(),
        other => panic!("{other}"),
    };
    let with_par = df <= meta["parMaxDf"].as_u64().unwrap() as u32;
    let nums = vlq::decode(postings.as_bytes());
    let per = meta["docShard"].as_u64().unwrap() as u32;
    let (mut i, mut next, mut found) = (0, 0, Vec::new());
    while i < nums.len() {
        let doc = next + nums[i];
        let packed = nums[i + 1];
        i += 2;
        if packed % 3 == 2 {
            i += 1;
        }
        let par = if with_par {
            i += 1;
            nums[i - 1]
        } else {
            0
        };
        let records = data(out, &format!("d/{}", doc / per));
        found.push((
            records[(doc % per) as usize][1]
                .as_str()
                .unwrap()
                .to_string(),
            par,
        ));
        next = doc + 1;
    }
    assert_eq!(found.len(), df as usize, "{word}: df");
    found
}

fn labels(found: Vec<(String, u32)>) -> Vec<String> {
    found.into_iter().map(|f| f.0).collect()
}

#[test]
fn words_ids_and_subjects_are_found_with_their_paragraph() {
    let s = site();
    assert_eq!(s.report.errors(), 0, "{:?}", s.messages());
    let out = s.out();
    assert_eq!(
        lookup(&out, "namhong"),
        [("03PHNOMPENH1990".to_string(), 1)]
    );
    assert_eq!(labels(lookup(&out, "03phnompenh1990")), ["03PHNOMPENH1990"]);
    assert_eq!(
        labels(lookup(&out, "phnompenh1990")),
        ["03PHNOMPENH1990"],
        "the id without its year"
    );
    assert_eq!(
        labels(lookup(&out, "rice")),
        ["03PHNOMPENH1990", "04BANGKOK100"],
        "in date order"
    );
    assert_eq!(
        lookup(&out, "harvest"),
        [("03PHNOMPENH1990".to_string(), 2)]
    );
    assert!(lookup(&out, "the").is_empty(), "stopwords are not indexed");
    assert!(
        lookup(&out, "ric").is_empty(),
        "prefixes are expanded by the browser, not stored"
    );
    let meta = data(&out, "meta");
    assert_eq!(meta["docs"], 2);
    assert_eq!(meta["dated"], 2);
    assert!(meta["stop"]
        .as_array()
        .unwrap()
        .contains(&Value::from("the")));
    // The display record: id, url, date, origin, subject, classification, snippet.
    let rec = &data(&out, "d/0")[0];
    assert_eq!(rec[1], "03PHNOMPENH1990");
    assert_eq!(rec[2], "cable/2003/12/03PHNOMPENH1990.html");
    assert_eq!(rec[3], "2003-12-02");
    assert_eq!(rec[4], "Embassy Phnom Penh");
    assert_eq!(
        rec[5],
        "AMBASSADOR'S MEETING WITH FOREIGN MINISTER HOR NAMHONG"
    );
    assert_eq!(
        meta["classes"][rec[6].as_u64().unwrap() as usize],
        "CONFIDENTIAL"
    );
    assert!(
        rec[7]
            .as_str()
            .unwrap()
            .starts_with("Summary. The Ambassador briefed"),
        "{rec}"
    );
    // Facets: one file per value, listing its documents.
    let years = meta["facets"]["year"].as_array().unwrap();
    assert_eq!(years[0], serde_json::json!(["2003", "2003", 1]));
    assert_eq!(
        vlq::decode(data(&out, "f/year-1").as_str().unwrap().as_bytes()),
        [1]
    );
}

#[test]
fn the_page_has_the_box_filters_and_relative_script_urls() {
    let s = site();
    let html = s.page("search/index.html");
    assert!(html.contains("<input id=\"q\" type=\"search\" name=\"q\""));
    assert!(html.contains("<select name=\"year\">"));
    assert!(html.contains("<option value=\"2004\">2004 (1 cable)</option>"));
    assert!(html.contains("<option value=\"confidential\">CONFIDENTIAL (1 cable)</option>"));
    assert!(html.contains("<select name=\"sort\">"));
    assert!(html.contains(
        "<script src=\"../static/search.js\" data-index=\"../search/\" data-root=\"../\"></script>"
    ));
    assert!(html.contains("<script src=\"meta.js\"></script>"));
    assert!(s.page("static/search.js").contains("CP_SEARCH"));
    // The header box of every page, and the home page's, send the query here.
    assert!(s
        .page("index.html")
        .contains("action=\"search/index.html\""));
    assert!(s
        .page("cable/2003/12/03PHNOMPENH1990.html")
        .contains("action=\"../../../search/index.html\""));
    let check = cablepress::check::check_site(&s.out());
    assert!(check.problems.is_empty(), "{:?}", check.problems);
}

#[test]
fn the_index_is_the_same_bytes_on_every_build() {
    let a = site();
    let b = site();
    let files = |out: &Path| {
        let mut v: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(out.join("search"))
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                (
                    e.path().strip_prefix(out).unwrap().display().to_string(),
                    std::fs::read(e.path()).unwrap(),
                )
            })
            .collect();
        v.sort();
        v
    };
    let (fa, fb) = (files(&a.out()), files(&b.out()));
    assert!(fa.len() > 5);
    assert!(fa == fb, "search files differ between two builds");
}

#[test]
fn people_and_notes_can_be_added_and_are_found_by_name() {
    let tmp = tempfile::tempdir().unwrap();
    let dest = tmp.path().join("public");
    let out = cablepress::output::Output::begin(&dest).unwrap();
    let mut index = SearchIndex::default();
    let mut cable = SearchDoc::new(
        "cable",
        "03PHNOMPENH1990",
        "cable/2003/12/03PHNOMPENH1990.html",
        "MEETING",
    )
    .field(Weight::Text, 1, "Foreign Minister Hor Namhong spoke.");
    cable.date = "2003-12-02 02:22".into();
    index.add_document(cable);
    index.add_document(person_doc(
        "person/hor-namhong/index.html",
        "Hor Namhong",
        &["Hor Nam Hong".to_string()],
        "Foreign minister of Cambodia.",
        &["CB".to_string()],
    ));
    index.add_document(note_doc(
        "cable/2003/12/03PHNOMPENH1990.html#note-1",
        "Who was in the room",
        "The minister's aide took notes.",
        "2010-12-01",
    ));
    let stats = index.write(&out).unwrap();
    out.commit().unwrap();
    assert_eq!(stats.docs, 3);
    let meta = data(&dest, "meta");
    assert_eq!(
        meta["kinds"],
        serde_json::json!(["cable", "note", "person"])
    );
    assert_eq!(
        meta["dated"], 2,
        "undated documents come after the dated ones"
    );
    assert_eq!(
        labels(lookup(&dest, "namhong")),
        ["03PHNOMPENH1990", "Hor Namhong"]
    );
    assert_eq!(
        labels(lookup(&dest, "nam")),
        ["Hor Namhong"],
        "an alias is searchable"
    );
    assert_eq!(labels(lookup(&dest, "aide")), ["Who was in the room"]);
    // Whole names, one term each: what search.js looks the whole query up as.
    assert_eq!(labels(lookup(&dest, "hor namhong ")), ["Hor Namhong"]);
    assert_eq!(labels(lookup(&dest, "hor nam hong ")), ["Hor Namhong"]);
    assert_eq!(
        labels(lookup(&dest, "who was in the room ")),
        ["Who was in the room"],
        "every word, stopwords and one-letter words too"
    );
    assert!(lookup(&dest, "who room ").is_empty());
    assert!(lookup(&dest, "foreign minister cambodia ").is_empty());
    let records = data(&dest, "d/0");
    assert_eq!(
        (&records[1][0], &records[2][0]),
        (&Value::from(1), &Value::from(2)),
        "kinds: note, person"
    );
    assert_eq!(
        records[2][7], "Foreign minister of Cambodia.",
        "the description is the snippet"
    );
    assert_eq!(meta["facets"]["country"][0][0], "CB");
    let cb = &stats.facets["country"][0];
    assert_eq!(
        (cb.key.as_str(), &cb.kinds[..]),
        ("CB", &[("person", 1)][..])
    );
    assert_eq!((cb.docs(), cb.of("cable")), (1, 0));
}

#[test]
fn the_site_index_holds_people_and_annotations() {
    let s = TestSite::build(&[
        ("content/cables/03PHNOMPENH1990.txt", PP_1990),
        (
            "content/people/hor-namhong.yaml",
            "name: Hor Namhong\naliases: [\"HOR NAM HONG\"]\ncountries: [CB]\ndescription: Foreign minister of **Cambodia** from 1998.\n",
        ),
        (
            "content/annotations/harvest.md",
            "---\ncable: 03PHNOMPENH1990\nparagraph: 2\ntitle: Why the harvest mattered\nauthor: A. Editor\ndate: 2010-12-01\n---\nThe drought of 2002 had halved the *paddy* crop.\n",
        ),
    ]);
    assert_eq!(s.report.errors(), 0, "{:?}", s.messages());
    let out = s.out();
    assert_eq!(
        labels(lookup(&out, "namhong")),
        ["03PHNOMPENH1990", "Hor Namhong"],
        "the cable, then the person (undated: last)"
    );
    assert_eq!(labels(lookup(&out, "paddy")), ["Why the harvest mattered"]);
    assert_eq!(
        labels(lookup(&out, "editor")),
        ["Why the harvest mattered"],
        "a note is found by its author"
    );
    let meta = data(&out, "meta");
    assert_eq!(
        meta["kinds"],
        serde_json::json!(["cable", "note", "person"])
    );
    let records = data(&out, "d/0");
    let person = records
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r[1] == "Hor Namhong")
        .unwrap();
    assert_eq!(person[2], "person/hor-namhong/index.html");
    assert_eq!(
        person[7], "Foreign minister of Cambodia from 1998.",
        "Markdown as text"
    );
    let note = records
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r[1] == "Why the harvest mattered")
        .unwrap();
    assert!(
        note[2]
            .as_str()
            .unwrap()
            .starts_with("cable/2003/12/03PHNOMPENH1990.html#note-"),
        "{note}"
    );
    assert_eq!(note[3], "2010-12-01");
    assert_eq!(note[4], "on 03PHNOMPENH1990 · A. Editor");
    // The person carries the country facet, so the filter returns the cable and the
    // person: the option says which, and its cables are the country page's.
    let page = s.page("search/index.html");
    assert!(
        page.contains("<option value=\"CB\">Cambodia (1 cable, 1 person)</option>"),
        "{page}"
    );
    assert!(s
        .page("country/cambodia/index.html")
        .contains("<p class=\"stats\">1 cable</p>"));
    assert_eq!(
        meta["facets"]["country"][0],
        serde_json::json!(["CB", "Cambodia", 2])
    );
    assert!(
        page.contains("<option value=\"2003\">2003 (1 cable)</option>"),
        "the note's date is not a year to filter by"
    );
    let check = cablepress::check::check_site(&out);
    assert!(check.problems.is_empty(), "{:?}", check.problems);
}

#[test]
fn free_pages_are_found_by_their_words_and_their_title() {
    let s = TestSite::build(&[
        ("content/cables/03PHNOMPENH1990.txt", PP_1990),
        (
            "content/pages/methodology.md",
            "---\ntitle: How we read the cables\n---\nEvery telegram was checked against the *microfiche* copy.\n",
        ),
    ]);
    assert_eq!(s.report.errors(), 0, "{:?}", s.messages());
    let out = s.out();
    assert_eq!(
        labels(lookup(&out, "microfiche")),
        ["How we read the cables"]
    );
    assert_eq!(
        labels(lookup(&out, "how we read the cables ")),
        ["How we read the cables"],
        "its title, whole, as search.js looks a query up"
    );
    let records = data(&out, "d/0");
    let page = records
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r[1] == "How we read the cables")
        .unwrap();
    assert_eq!(page[2], "methodology/index.html");
    assert_eq!(
        page[7], "Every telegram was checked against the microfiche copy.",
        "Markdown as text"
    );
    assert_eq!(
        data(&out, "meta")["kinds"],
        serde_json::json!(["cable", "page"])
    );
}
