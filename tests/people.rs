//! People and countries as a reader meets them: mentions linked in cable text, person
//! pages, the A–Z index, country pages and the countries index, the site's code table
//! overrides and terms spelled out on hover.

mod common;
use common::{squash, TestSite};

/// A small telegram with numbered paragraphs.
fn cable(id: &str, date: &str, origin: &str, tags: &str, paras: &[&str]) -> String {
    let mut s = format!(
        "---\nid: {id}\ndate: {date}\norigin: {origin}\nclassification: CONFIDENTIAL\n---\nCONFIDENTIAL\n\nE.O. 12958: DECL: 01/01/2020\nTAGS: {tags}\nSUBJECT: TEST CABLE {id}\n\n"
    );
    for (i, p) in paras.iter().enumerate() {
        s.push_str(&format!("{}. {}\n\n", i + 1, p));
    }
    s
}

fn people_site(extra: &[(&str, &str)]) -> TestSite {
    let c1 = cable(
        "03PHNOMPENH100",
        "2003-02-01 10:00",
        "Embassy Phnom Penh",
        "PREL, PGOV, CB",
        &[
            "FOREIGN MINISTER AND DEPUTY PRIME MINISTER HOR\nNAMHONG TOLD THE AMBASSADOR THAT THE GOVERNMENT\nWOULD ACT.",
            "NAMHONG ADDED THAT HUN SEN AGREED.",
        ],
    );
    let c2 = cable(
        "04PHNOMPENH200",
        "2004-05-01 10:00",
        "Embassy Phnom Penh",
        "PREL, CB",
        &[
            "THE SENATE MET. HOR NAMHONGS AIDE AND THE HORNAMHONG FILE WERE NOT DISCUSSED.",
            "Hor Namhong later spoke with Hun Sen.",
        ],
    );
    let c3 = cable(
        "05BANGKOK300",
        "2005-07-01 10:00",
        "Embassy Bangkok",
        "PREL, TH",
        &["SEN SAID NOTHING. THE CABLE NAMES NOBODY ELSE: SENATOR SEN IS NOT HUN SEN's BROTHER. hun sen in lower case is not a name."],
    );
    let mut files: Vec<(&str, String)> = vec![
        ("content/cables/03PHNOMPENH100.txt", c1),
        ("content/cables/04PHNOMPENH200.txt", c2),
        ("content/cables/05BANGKOK300.txt", c3),
        (
            "content/people/hor-namhong.yaml",
            "name: Hor Namhong\naliases: [HOR NAMHONG, Namhong]\nroles:\n  - {title: Foreign Minister of Cambodia, from: 1998, to: 2016}\ncountries: [CB]\nborn: 1935\ndescription: Cambodia's *long-serving* foreign minister.\nsources:\n  - {title: Biography, url: \"https://example.org/hor\"}\n".into(),
        ),
        ("content/people/hun-sen.yaml", "name: Hun Sen\ncountries: [CB]\nroles:\n  - {title: Prime Minister of Cambodia, from: 1985}\n".into()),
    ];
    for (p, t) in extra {
        files.push((p, t.to_string()));
    }
    let refs: Vec<(&str, &str)> = files.iter().map(|(p, t)| (*p, t.as_str())).collect();
    TestSite::build(&refs)
}

#[test]
fn mentions_are_found_across_wraps_in_any_case_on_word_boundaries() {
    let site = people_site(&[]);
    let c1 = site.page("cable/2003/02/03PHNOMPENH100.html");
    // A name wrapped over two lines is one link.
    assert!(
        c1.contains("<a class=\"mention\" href=\"../../../person/hor-namhong/index.html\" title=\"Hor Namhong\">HOR NAMHONG</a>"),
        "{c1}"
    );
    // A declared one-word alias counts.
    assert!(
        c1.contains("title=\"Hor Namhong\">NAMHONG</a> ADDED"),
        "{c1}"
    );
    assert!(c1.contains("title=\"Hun Sen\">HUN SEN</a> AGREED"), "{c1}");

    let c2 = site.page("cable/2004/05/04PHNOMPENH200.html");
    // Never inside another word: SENATE, NAMHONGS, HORNAMHONG.
    assert!(!c2.contains("title=\"Hun Sen\">HUN SEN</a>ATE"));
    assert!(!c2.contains(">NAMHONGS"), "{c2}");
    assert!(!c2.contains(">HORNAMHONG"), "{c2}");
    assert!(c2.contains("title=\"Hor Namhong\">Hor Namhong</a> later spoke with <a class=\"mention\" href=\"../../../person/hun-sen/index.html\" title=\"Hun Sen\">Hun Sen</a>."), "{c2}");

    let c3 = site.page("cable/2005/07/05BANGKOK300.html");
    // `SEN` alone is not an alias of Hun Sen (no one-word alias declared): only the full name.
    assert_eq!(c3.matches("class=\"mention\"").count(), 1, "{c3}");
    assert!(
        c3.contains("title=\"Hun Sen\">HUN SEN</a>&#39;s BROTHER"),
        "{c3}"
    );
    // An all-lower-case run is not taken for a capitalised name.
    assert!(c3.contains("hun sen in lower case"));
}

#[test]
fn cable_page_lists_the_people_in_it() {
    let site = people_site(&[]);
    let c1 = squash(&site.page("cable/2003/02/03PHNOMPENH100.html"));
    assert!(
        c1.contains("<h2>People in this cable <span class=\"count\">2</span></h2>"),
        "{c1}"
    );
    assert!(c1.contains("<li><a href=\"../../../person/hor-namhong/index.html\">Hor Namhong</a> <span class=\"count\">×2</span></li>"), "{c1}");
    assert!(
        c1.contains("<li><a href=\"../../../person/hun-sen/index.html\">Hun Sen</a></li>"),
        "{c1}"
    );
}

#[test]
fn person_page_shows_who_they_were_and_every_cable_newest_first() {
    let site = people_site(&[]);
    let page = squash(&site.page("person/hor-namhong/index.html"));
    assert!(page.contains("<h1>Hor Namhong</h1>"));
    assert!(page.contains("Named 3 times in 2 cables"), "{page}");
    assert!(page.contains("<span class=\"when\">1998–2016</span> <span class=\"role\">Foreign Minister of Cambodia</span>"), "{page}");
    assert!(page.contains("Born 1935"));
    assert!(page.contains("<em>long-serving</em>"));
    assert!(
        page.contains("<a href=\"../../country/cambodia/index.html\">Cambodia</a>"),
        "{page}"
    );
    assert!(page.contains("<a href=\"https://example.org/hor\">Biography</a>"));
    // Newest first, each linked to the paragraph of the first mention, with a snippet.
    let newer = page.find("04PHNOMPENH200").expect("newer cable listed");
    let older = page.find("03PHNOMPENH100").expect("older cable listed");
    assert!(newer < older);
    assert!(
        page.contains("href=\"../../cable/2004/05/04PHNOMPENH200.html#par2\""),
        "{page}"
    );
    assert!(
        page.contains("href=\"../../cable/2003/02/03PHNOMPENH100.html#par1\""),
        "{page}"
    );
    assert!(page.contains("FOREIGN MINISTER AND DEPUTY PRIME MINISTER <mark>HOR NAMHONG</mark> TOLD THE AMBASSADOR THAT THE GOVERNMENT WOULD ACT."), "{page}");
    assert!(
        page.contains("<mark>Hor Namhong</mark> later spoke with Hun Sen."),
        "{page}"
    );
    // Who is named with them, and a chart drawn at build time.
    assert!(page.contains("<a href=\"../../person/hun-sen/index.html\">Hun Sen</a> <span class=\"count\" title=\"cables naming both\">2</span>"), "{page}");
    assert!(
        page.contains("aria-label=\"Mentions per year, 2003 to 2004: 3 in all\""),
        "{page}"
    );
    assert!(page.contains("<title>2003: 2</title>"), "{page}");
    assert!(!page.contains("<script"));
}

#[test]
fn people_index_lists_everyone_a_to_z_with_counts() {
    let site = people_site(&[(
        "content/people/zz-nobody.yaml",
        "name: Zed Nobody\nsort_as: Nobody, Zed\n",
    )]);
    let page = squash(&site.page("people/index.html"));
    let hor = page.find(">Hor Namhong</a>").unwrap();
    let hun = page.find(">Hun Sen</a>").unwrap();
    let zed = page.find(">Zed Nobody</a>").unwrap();
    // Sorted by `sort_as`: Hor, Hun, then Nobody (N).
    assert!(hor < hun && hun < zed);
    assert!(page.contains("<h2>N</h2>"));
    assert!(
        page.contains(">Hor Namhong</a> <span class=\"count\">3 mentions in 2 cables</span>"),
        "{page}"
    );
    assert!(
        page.contains(">Hun Sen</a> <span class=\"count\">3 mentions in 3 cables</span>"),
        "{page}"
    );
    assert!(
        page.contains(">Zed Nobody</a> <span class=\"count\">not named in the cables</span>"),
        "{page}"
    );
    assert!(site
        .page("person/zz-nobody/index.html")
        .contains("No cable in this archive names Zed Nobody."));
    // The home page offers the most named people as a way in.
    let home = squash(&site.page("index.html"));
    assert!(
        home.contains("<h2><a href=\"people/index.html\">People</a></h2>"),
        "{home}"
    );
    assert!(
        home.contains(
            "<a href=\"person/hun-sen/index.html\">Hun Sen</a> <span class=\"count\">3</span>"
        ),
        "{home}"
    );
    assert!(!home.contains(">Zed Nobody<"));
}

#[test]
fn invalid_person_files_are_errors_with_file_and_line_and_the_rest_still_builds() {
    let site = people_site(&[
        ("content/people/list.yaml", "- name: A\n- name: B\n"),
        (
            "content/people/broken.yaml",
            "name: X\naliases: [unclosed\n",
        ),
        ("content/people/noname.yaml", "aliases: [Someone]\n"),
        ("content/people/Bad Id.yaml", "name: Bad Id\n"),
        (
            "content/people/odd.yaml",
            "name: Odd One\ncountries: [QQ]\n",
        ),
    ]);
    let msgs = site.messages();
    let has = |prefix: &str| msgs.iter().any(|m| m.starts_with(prefix));
    assert!(has("error: content/people/list.yaml:1: a person file is a map of fields, but this one is a list"), "{msgs:#?}");
    assert!(has("error: content/people/broken.yaml:"), "{msgs:#?}");
    assert!(
        has("error: content/people/noname.yaml:1: person has no `name`"),
        "{msgs:#?}"
    );
    assert!(
        has("error: content/people/Bad Id.yaml:1: `Bad Id` is not usable as a person id"),
        "{msgs:#?}"
    );
    assert!(
        has("warning: content/people/odd.yaml:2: unknown country code `QQ`"),
        "{msgs:#?}"
    );
    assert!(site.exists("person/hor-namhong/index.html"));
    assert!(site.exists("person/odd/index.html"));
    assert!(!site.exists("person/list/index.html"));
}

#[test]
fn country_pages_show_posts_people_subjects_and_the_index_groups_by_region() {
    let site = people_site(&[]);
    let page = squash(&site.page("country/cambodia/index.html"));
    assert!(
        page.contains("<h2>Posts <span class=\"count\">1</span></h2>"),
        "{page}"
    );
    assert!(page.contains("<a href=\"../../origin/embassy-phnom-penh/index.html\">Embassy Phnom Penh</a> <span class=\"count\">2</span>"), "{page}");
    assert!(
        page.contains("<a href=\"../../person/hor-namhong/index.html\">Hor Namhong</a>"),
        "{page}"
    );
    assert!(
        page.contains("<a href=\"../../person/hun-sen/index.html\">Hun Sen</a>"),
        "{page}"
    );
    // PREL is in both Cambodian cables; subject tags only, not country codes.
    assert!(
        page.contains(
            "<code>PREL</code> External Political Relations</a> <span class=\"count\">2</span>"
        ),
        "{page}"
    );
    assert!(
        page.contains("aria-label=\"Cables per year, 2003 to 2004: 2 in all\""),
        "{page}"
    );
    assert!(page.contains("<td class=\"id\"><a href=\"../../cable/2003/02/03PHNOMPENH100.html\">03PHNOMPENH100</a></td>"));

    let index = squash(&site.page("countries/index.html"));
    let region = cablepress::archive::codes::country_by_code("CB")
        .unwrap()
        .region;
    assert!(
        index.contains(&format!("<h2>{region} <span class=\"count\">2</span></h2>")),
        "{index}"
    );
    assert!(index.contains("<a href=\"../country/cambodia/index.html\" title=\"CB\">Cambodia</a> <span class=\"count\">2</span>"), "{index}");
    assert!(index.contains("<a href=\"../country/thailand/index.html\" title=\"TH\">Thailand</a> <span class=\"count\">1</span>"), "{index}");
}

#[test]
fn an_unknown_post_is_reported_once_with_its_count_and_a_known_one_not_at_all() {
    let site = people_site(&[
        (
            "content/cables/06NOWHEREVILLE1.txt",
            &cable(
                "06NOWHEREVILLE1",
                "2006-01-01 00:00",
                "Consulate Nowhereville",
                "PGOV",
                &["ONE."],
            ),
        ),
        (
            "content/cables/06NOWHEREVILLE2.txt",
            &cable(
                "06NOWHEREVILLE2",
                "2006-01-02 00:00",
                "Consulate Nowhereville",
                "PGOV",
                &["TWO."],
            ),
        ),
    ]);
    let messages = site.messages();
    let unknown: Vec<&String> = messages
        .iter()
        .filter(|m| m.contains("unknown post"))
        .collect();
    assert_eq!(unknown.len(), 1, "{messages:#?}");
    assert!(
        unknown[0].contains("unknown post `Consulate Nowhereville` (in 2 cables)"),
        "{messages:#?}"
    );
    // Its cables have no country; the other posts' cables keep theirs.
    let page = squash(&site.page("cable/2006/01/06NOWHEREVILLE1.html"));
    assert!(!page.contains(">Countries</th>"), "{page}");
    let page = squash(&site.page("cable/2003/02/03PHNOMPENH100.html"));
    assert!(page.contains(">Countries</th>"), "{page}");
}

#[test]
fn countries_yaml_renames_adds_codes_and_maps_posts() {
    let site = people_site(&[
        ("content/countries.yaml", "posts:\n  Consulate Elsewhere: ZQ\n  Embassy Bangkok: ZQ\ncountries:\n  ZQ: {name: Zedland, region: Nowhere Region}\n  CB: {name: Kampuchea}\n"),
        (
            "content/cables/06ELSEWHERE1.txt",
            &cable("06ELSEWHERE1", "2006-01-01 00:00", "Consulate Elsewhere", "PGOV", &["NOTHING."]),
        ),
    ]);
    assert!(
        site.messages()
            .iter()
            .all(|m| !m.contains("unknown post `Consulate Elsewhere`")),
        "{:#?}",
        site.messages()
    );
    let index = squash(&site.page("countries/index.html"));
    assert!(
        index.contains("<h2>Nowhere Region <span class=\"count\">1</span></h2>"),
        "{index}"
    );
    assert!(
        index.contains(">Zedland</a> <span class=\"count\">2</span>"),
        "{index}"
    );
    assert!(
        index.contains("<a href=\"../country/kampuchea/index.html\" title=\"CB\">Kampuchea</a>"),
        "{index}"
    );
    let cable_page = site.page("cable/2003/02/03PHNOMPENH100.html");
    assert!(
        cable_page.contains(">Kampuchea</a>"),
        "the cable page uses the site's name"
    );
    assert!(site
        .page("country/zedland/index.html")
        .contains("Embassy Bangkok"));

    let bad = people_site(&[("content/countries.yaml", "posts:\n  Embassy Nowhere: ZZ\n")]);
    assert!(
        bad.messages().iter().any(|m| m.starts_with(
            "error: content/countries.yaml:2: post `Embassy Nowhere` is mapped to `ZZ`"
        )),
        "{:#?}",
        bad.messages()
    );
}

#[test]
fn terms_are_spelled_out_on_hover() {
    let site = people_site(&[(
        "content/terms.yaml",
        "GOVERNMENT: the Royal Government of Cambodia\nAIDE: assistant\n",
    )]);
    let c1 = site.page("cable/2003/02/03PHNOMPENH100.html");
    assert!(
        c1.contains("<abbr title=\"the Royal Government of Cambodia\">GOVERNMENT</abbr>"),
        "{c1}"
    );
    let c2 = site.page("cable/2004/05/04PHNOMPENH200.html");
    assert!(c2.contains("<abbr title=\"assistant\">AIDE</abbr>"), "{c2}");
}

#[test]
fn the_site_checks_clean() {
    let site = people_site(&[]);
    let rep = cablepress::check::check_site(&site.out());
    let problems: Vec<String> = rep
        .problems
        .iter()
        .filter(|p| !p.message.contains("search/index.html"))
        .map(|p| format!("{}: {}", p.page, p.message))
        .collect();
    assert!(problems.is_empty(), "{problems:#?}");
}

/// A name that begins the name of a place or an institution (`Ho Chi Minh City`, `Kennedy
/// Center`, `Indira Gandhi International Airport`) is not a mention of the person; the
/// same name followed by anything else still is. Words that telegrams also use of the
/// person (`ASSK HOSPITAL UPDATE`) count as a place only written as a proper noun.
#[test]
fn places_and_institutions_named_after_a_person_are_not_mentions() {
    let c = cable(
        "06HOCHIMINH100",
        "2006-03-01 10:00",
        "Consulate Ho Chi Minh City",
        "PREL, VM",
        &[
            "THE CONSULATE IN HO CHI MINH CITY REPORTS THAT HO CHI MINH\nTRAIL VETERANS MET.",
            "Ho Chi Minh City officials said the Ho Chi Minh Mausoleum and the Indira Gandhi International Airport were busy.",
            "HO CHI MINH SAID NOTHING. Ho Chi Minh, the city's namesake, and Indira Gandhi met.",
            "In the Ho Chi Minh Hospital, at a Ho Chi Minh City-based bank, Kennedy Center-goers and KENNEDY, HO CHI MINH HOSPITAL VISIT.",
        ],
    );
    let site = TestSite::build(&[
        ("content/cables/06HOCHIMINH100.txt", &c),
        ("content/people/ho-chi-minh.yaml", "name: Ho Chi Minh\n"),
        ("content/people/indira-gandhi.yaml", "name: Indira Gandhi\n"),
        (
            "content/people/john-kennedy.yaml",
            "name: John F. Kennedy\naliases: [Kennedy]\n",
        ),
    ]);
    let page = site.page("cable/2006/03/06HOCHIMINH100.html");
    let linked: Vec<&str> = page
        .split("class=\"mention\"")
        .skip(1)
        .map(|s| {
            let s = &s[s.find('>').unwrap() + 1..];
            &s[..s.find("</a>").unwrap()]
        })
        .collect();
    assert_eq!(
        linked,
        vec![
            "HO CHI MINH",
            "Ho Chi Minh",
            "Indira Gandhi",
            "KENNEDY",
            "HO CHI MINH"
        ],
        "{page}"
    );
    assert!(page.contains("IN HO CHI MINH CITY REPORTS"), "{page}");
    assert!(
        page.contains("the Indira Gandhi International Airport were"),
        "{page}"
    );
    assert!(
        page.contains("title=\"Ho Chi Minh\">HO CHI MINH</a> SAID"),
        "{page}"
    );
    let person = squash(&site.page("person/ho-chi-minh/index.html"));
    assert!(person.contains("Named 3 times in 1 cable"), "{person}");
}

/// `not:` lists phrases that hold the person's name but are not the person: they are
/// never linked, in any case, and across a line wrap.
#[test]
fn a_person_s_not_phrases_are_never_linked() {
    let c = cable(
        "06HOCHIMINH101",
        "2006-03-02 10:00",
        "Consulate Ho Chi Minh City",
        "PREL, VM",
        &["THE HO CHI MINH YOUTH UNION AND THE Ho Chi Minh Youth Union MET; Ho Chi Minh\nYouth\nUnion LEADERS PRAISED HO CHI MINH."],
    );
    let site = TestSite::build(&[
        ("content/cables/06HOCHIMINH101.txt", &c),
        (
            "content/people/ho-chi-minh.yaml",
            "name: Ho Chi Minh\nnot: [Ho Chi Minh Youth Union]\n",
        ),
        (
            "content/people/x.yaml",
            "name: Xavier Example\nnot: [Xavier Example Park, Young Xample]\n",
        ),
    ]);
    let page = site.page("cable/2006/03/06HOCHIMINH101.html");
    assert_eq!(page.matches("class=\"mention\"").count(), 1, "{page}");
    assert!(
        page.contains("title=\"Ho Chi Minh\">HO CHI MINH</a>."),
        "{page}"
    );
    let msgs = site.messages();
    assert!(
        msgs.iter().any(|m| m.contains("x.yaml:2")
            && m.contains("`Young Xample` does not contain a name of Xavier Example")),
        "{msgs:?}"
    );
    assert!(
        !msgs.iter().any(|m| m.contains("unknown field")),
        "{msgs:?}"
    );
}
