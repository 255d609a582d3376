//! References as a reader sees them: the head's REF items, the References list and the
//! target's "Cited by" must name the same cables, and each REF item the cable it names.

mod common;
use common::TestSite;

/// A cable with front matter; `refs` is the metadata's references field.
fn cable(id: &str, date: &str, origin: &str, refs: &str, head: &str) -> (String, String) {
    let references = if refs.is_empty() {
        String::new()
    } else {
        format!("references: [{refs}]\n")
    };
    (
        format!("content/cables/{id}.txt"),
        format!(
            "---\nid: {id}\ndate: {date}\norigin: {origin}\nclassification: UNCLASSIFIED\n{references}---\nUNCLAS\n\nTAGS: PREL \nSUBJECT: CABLE {id} \n\n{head}\n\n1. Text of {id}. \n"
        ),
    )
}

fn build(cables: &[(String, String)]) -> TestSite {
    let files: Vec<(&str, &str)> = cables
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    TestSite::build(&files)
}

/// The page's parts: the head (routing and REF block), the References list and "Cited by".
fn parts(html: &str) -> (String, String, String) {
    let refs_at = html.find("id=\"references\"").unwrap_or(html.len());
    let cited_at = html.find("id=\"cited-by\"").unwrap_or(html.len());
    let head = html[..refs_at.min(cited_at)].to_string();
    let section = |at: usize| {
        let s = &html[at..];
        s[..s.find("</section>").unwrap_or(s.len())].to_string()
    };
    (head, section(refs_at), section(cited_at))
}

/// The ids a References or Cited by list names, in order.
fn listed(section: &str) -> Vec<String> {
    let re = regex::Regex::new(
        r#"<li><(?:a href="[^"]*/([^/"]+)\.html"|span class="ref missing">([^<]+))"#,
    )
    .unwrap();
    re.captures_iter(section)
        .map(|c| c.get(1).or(c.get(2)).unwrap().as_str().to_string())
        .collect()
}

#[test]
fn a_ref_item_with_its_year_names_that_years_cable_only() {
    let s = build(&[
        cable(
            "01HOCHIMINHCITY1304",
            "2001-11-05 10:00",
            "Consulate Ho Chi Minh City",
            "",
            "",
        ),
        cable(
            "03STATE15",
            "2003-02-01 10:00",
            "Secretary of State",
            "",
            "",
        ),
        cable(
            "03HOCHIMINHCITY468",
            "2003-05-31 08:44",
            "Consulate Ho Chi Minh City",
            "",
            "REF: 02 Ho Chi Minh City 1304 ",
        ),
        // With no year, last year's cable of that number still stands in.
        cable(
            "04HOCHIMINHCITY7",
            "2004-01-03 08:00",
            "Consulate Ho Chi Minh City",
            "",
            "REF: STATE 15 ",
        ),
    ]);
    let html = s.page("cable/2003/05/03HOCHIMINHCITY468.html");
    let (head, refs, _) = parts(&html);
    assert!(
        head.contains(
            "title=\"02HOCHIMINHCITY1304 is not in this archive\">02 Ho Chi Minh City 1304</span>"
        ),
        "{head}"
    );
    assert!(!head.contains("01HOCHIMINHCITY1304"), "{head}");
    assert_eq!(listed(&refs), ["02HOCHIMINHCITY1304"]);
    let (_, _, cited) = parts(&s.page("cable/2001/11/01HOCHIMINHCITY1304.html"));
    assert!(listed(&cited).is_empty(), "{cited}");
    let (head, _, _) = parts(&s.page("cable/2004/01/04HOCHIMINHCITY7.html"));
    assert!(
        head.contains("cable/2003/02/03STATE15.html\">STATE 15</a>"),
        "{head}"
    );
}

#[test]
fn a_four_digit_year_before_the_post_is_the_items_year() {
    let s = build(&[
        cable(
            "05MOSCOW11807",
            "2005-11-20 10:00",
            "Embassy Moscow",
            "",
            "",
        ),
        cable(
            "09MOSCOW11807",
            "2009-01-02 10:00",
            "Embassy Moscow",
            "",
            "",
        ),
        cable("05MADRID3528", "2005-09-01 10:00", "Embassy Madrid", "", ""),
        cable(
            "09STATE14070",
            "2009-02-13 10:00",
            "Secretary of State",
            "",
            "REF: (A) 2005 MADRID 3528\n     (B) 2005 MOSCOW 11807 ",
        ),
    ]);
    let html = s.page("cable/2009/02/09STATE14070.html");
    let (head, refs, _) = parts(&html);
    assert!(
        head.contains("cable/2005/11/05MOSCOW11807.html\">2005 MOSCOW 11807</a>"),
        "{head}"
    );
    assert!(
        head.contains("cable/2005/09/05MADRID3528.html\">2005 MADRID 3528</a>"),
        "{head}"
    );
    assert!(!html.contains("09MOSCOW11807"), "{html}");
    assert_eq!(listed(&refs), ["05MADRID3528", "05MOSCOW11807"]);
}

#[test]
fn reference_ids_are_found_whatever_their_case_and_ait_taipeis_spelling() {
    let s = build(&[
        cable(
            "03TEGUCIGALPA826",
            "2003-04-01 10:00",
            "Embassy Tegucigalpa",
            "",
            "",
        ),
        cable(
            "03TEGUCIGALPA865",
            "2003-04-09 15:46",
            "Embassy Tegucigalpa",
            "03Tegucigalpa826",
            "",
        ),
        cable(
            "04TAIPEI3152",
            "2004-10-10 10:00",
            "American Institute Taiwan, Taipei",
            "",
            "",
        ),
        cable(
            "04BRUSSELS10",
            "2004-01-10 10:00",
            "Embassy Brussels",
            "",
            "",
        ),
        cable(
            "04TAIPEI3251",
            "2004-10-19 08:49",
            "American Institute Taiwan, Taipei",
            "04AITTAIPEI3152, 04AITTAIPEI9, 04STATE216948, 04USEUBRUSSELS10",
            "",
        ),
    ]);
    let (_, refs, _) = parts(&s.page("cable/2003/04/03TEGUCIGALPA865.html"));
    assert_eq!(listed(&refs), ["03TEGUCIGALPA826"]);
    assert!(
        refs.contains("cable/2003/04/03TEGUCIGALPA826.html"),
        "{refs}"
    );
    let (_, _, cited) = parts(&s.page("cable/2003/04/03TEGUCIGALPA826.html"));
    assert_eq!(listed(&cited), ["03TEGUCIGALPA865"]);

    let (_, refs, _) = parts(&s.page("cable/2004/10/04TAIPEI3251.html"));
    // AIT Taipei's cable as the archive names it; one not in the archive keeps its name;
    // USEU Brussels is not Embassy Brussels.
    assert_eq!(
        listed(&refs),
        [
            "04TAIPEI3152",
            "04AITTAIPEI9",
            "04STATE216948",
            "04USEUBRUSSELS10"
        ]
    );
    assert!(refs.contains("cable/2004/10/04TAIPEI3152.html"), "{refs}");
    let (_, _, cited) = parts(&s.page("cable/2004/10/04TAIPEI3152.html"));
    assert_eq!(listed(&cited), ["04TAIPEI3251"]);
    let (_, _, cited) = parts(&s.page("cable/2004/01/04BRUSSELS10.html"));
    assert!(listed(&cited).is_empty(), "{cited}");
}

#[test]
fn the_heads_ref_links_are_in_references_and_in_the_targets_cited_by() {
    let s = build(&[
        cable("04LAGOS31", "2004-01-05 10:00", "Consulate Lagos", "", ""),
        cable("04LAGOS54", "2004-01-08 10:00", "Consulate Lagos", "", ""),
        cable(
            "04LAGOS74",
            "2004-01-12 10:00",
            "Consulate Lagos",
            "03ABUJA2216, 04LAGOS31",
            "REF: A. LAGOS 54\n     B. LAGOS 31\n     C. 03 ABUJA 2216 ",
        ),
    ]);
    let html = s.page("cable/2004/01/04LAGOS74.html");
    let (head, refs, _) = parts(&html);
    assert!(
        head.contains("cable/2004/01/04LAGOS54.html\">LAGOS 54</a>"),
        "{head}"
    );
    assert!(
        head.contains("cable/2004/01/04LAGOS31.html\">LAGOS 31</a>"),
        "{head}"
    );
    // The metadata's first, then what only the REF line names; each once.
    assert_eq!(listed(&refs), ["03ABUJA2216", "04LAGOS31", "04LAGOS54"]);
    for target in [
        "cable/2004/01/04LAGOS54.html",
        "cable/2004/01/04LAGOS31.html",
    ] {
        let (_, _, cited) = parts(&s.page(target));
        assert_eq!(listed(&cited), ["04LAGOS74"], "{target}");
    }
}

#[test]
fn a_page_header_under_the_ref_line_is_not_a_reference_to_the_cable_itself() {
    let london = "VZCZCXRO4030\nOO RUEHKW\nDE RUEHLO #2598/01 3240805\nZNR UUUUU ZZH\nO 200805Z NOV 09 ZDK\nFM AMEMBASSY LONDON\nTO RUEHC/SECSTATE WASHDC IMMEDIATE 4021\n\nUNCLAS SECTION 01 OF 02 LONDON 002598 \n\nSENSITIVE \nSIPDIS \n\nEO 12958 N/A \nTAGS ECON, PGOV, UK \nSUBJECT:  LITTLE ENTHUSIASM \n\nREF: LONDON 02582\nLONDON 00002598 001.2 OF 002\n\n¶1. (U) Summary. Text. \n";
    let earlier = cable("09LONDON2582", "2009-11-18 10:00", "Embassy London", "", "");
    let s = build(&[
        (
            "content/cables/09LONDON2598.txt".to_string(),
            london.to_string(),
        ),
        earlier,
    ]);
    let html = s.page("cable/2009/11/09LONDON2598.html");
    let (head, refs, _) = parts(&html);
    assert!(
        head.contains("cable/2009/11/09LONDON2582.html\">LONDON 02582</a>"),
        "{head}"
    );
    assert!(head.contains("LONDON 00002598 001.2 OF 002"), "{head}");
    assert!(
        !head.contains("class=\"ref\" href=\"../../../cable/2009/11/09LONDON2598.html\""),
        "{head}"
    );
    assert_eq!(listed(&refs), ["09LONDON2582"]);
}
