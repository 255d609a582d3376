//! References: REF lines and metadata → cable ids, and the reverse "cited by" lists.

use super::{CableLinks, RefLink};
use crate::cable::Cable;
use std::collections::HashMap;

/// Puts every reference id in the archive's spelling ([`archive_id`]), and fixes guessed
/// years: a REF id built from the citing cable's year may name last year's cable (a January
/// telegram citing a December one): when only that one is in the archive, use it. A cable
/// does not cite itself: an item that names it (last year's cable of the same number, or a
/// misread line) names last year's cable when the archive has it, and no cable otherwise.
pub fn resolve(cables: &mut [Cable], by_id: &HashMap<String, usize>) {
    use rayon::prelude::*;
    cables.par_iter_mut().for_each(|c| {
        for r in c.references.iter_mut() {
            if let Some(id) = archive_id(r, by_id) {
                *r = id;
            }
        }
        for item in c.ref_items.iter_mut() {
            let Some(id) = &mut item.id else { continue };
            if let Some(respelled) = archive_id(id, by_id) {
                *id = respelled;
            }
            let itself = *id == c.id;
            if !item.guessed || (by_id.contains_key(id.as_str()) && !itself) {
                if itself {
                    item.id = None;
                }
                continue;
            }
            match previous_year_id(id) {
                Some(prev) if by_id.contains_key(&prev) => item.id = Some(prev),
                _ if itself => item.id = None,
                _ => {}
            }
        }
    });
}

/// Posts that references write otherwise than the ids of their own cables: Cablegate's
/// references field names AIT Taipei's cables `04AITTAIPEI3152`, their ids are
/// `04TAIPEI3152`.
const ID_POST_SPELLINGS: [(&str, &str); 5] = [
    ("AITTAIPEI", "TAIPEI"),
    ("SECSTATE", "STATE"),
    ("HCMC", "HOCHIMINHCITY"),
    ("UNVIE", "UNVIEVIENNA"),
    ("USUN", "USUNNEWYORK"),
];

/// The id a reference stands for, when it is not as written: in capitals
/// (`03Tegucigalpa826` → `03TEGUCIGALPA826`), and with its post spelled as the ids of that
/// post's cables are (`04AITTAIPEI3152` → `04TAIPEI3152`) when the archive has that cable
/// and not the one as written. Different posts stay apart (`04USEUBRUSSELS10` is not
/// `04BRUSSELS10`). `None` when the id as written is the one to use.
pub fn archive_id(id: &str, by_id: &HashMap<String, usize>) -> Option<String> {
    if by_id.contains_key(id) {
        return None;
    }
    let upper = id.to_ascii_uppercase();
    if !by_id.contains_key(&upper) {
        let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        let year = upper.get(..2).filter(|y| digits(y));
        let rest = upper.get(2..).unwrap_or("");
        let post_end = rest
            .find(|c: char| !c.is_ascii_uppercase())
            .unwrap_or(rest.len());
        let (post, number) = rest.split_at(post_end);
        if let (Some(year), false, true) = (year, number.is_empty(), digits(number)) {
            if let Some(&(_, spelled)) = ID_POST_SPELLINGS.iter().find(|(p, _)| *p == post) {
                let respelled = format!("{year}{spelled}{number}");
                if by_id.contains_key(&respelled) {
                    return Some(respelled);
                }
            }
        }
    }
    (upper != id).then_some(upper)
}

fn previous_year_id(id: &str) -> Option<String> {
    let yy: u16 = id.get(..2)?.parse().ok()?;
    let prev = (yy + 99) % 100;
    Some(format!("{prev:02}{}", &id[2..]))
}

/// Outgoing references (the metadata's, then the REF items' the metadata does not name,
/// each once, so the head's REF links, the References list and the targets' "cited by"
/// agree) and incoming "cited by", in date order.
pub fn link(cables: &[Cable], by_id: &HashMap<String, usize>) -> Vec<CableLinks> {
    use rayon::prelude::*;
    let mut links: Vec<CableLinks> = cables
        .par_iter()
        .map(|c| {
            let ids = c
                .references
                .iter()
                .map(String::as_str)
                .chain(c.ref_items.iter().filter_map(|r| r.id.as_deref()));
            // A set, not a list: a hostile REF block can name 100,000 telegrams.
            let mut seen: std::collections::HashSet<&str> = std::collections::HashSet::new();
            let mut links = CableLinks::default();
            for id in ids {
                if id == c.id || !seen.insert(id) {
                    continue;
                }
                let target = by_id.get(id).copied();
                links.refs_out.push(RefLink {
                    id: id.to_string(),
                    target,
                });
            }
            links
        })
        .collect();
    for i in 0..cables.len() {
        let targets: Vec<usize> = links[i].refs_out.iter().filter_map(|r| r.target).collect();
        for t in targets {
            links[t].cited_by.push(i);
        }
    }
    // Cables are sorted by date, so pushing in index order keeps cited_by in date order.
    links
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cable_citing(id: &str, items: &[(&str, bool)]) -> Cable {
        Cable {
            id: id.into(),
            ref_items: items
                .iter()
                .map(|&(id, guessed)| crate::cable::RefItem {
                    letter: None,
                    range: 0..0,
                    id: Some(id.into()),
                    guessed,
                })
                .collect(),
            ..Default::default()
        }
    }

    #[test]
    fn no_cable_cites_itself_and_a_written_year_stays() {
        let by_id: HashMap<String, usize> = ["09LONDON2598", "08LONDON2598", "08STATE1", "01HCMC4"]
            .iter()
            .enumerate()
            .map(|(i, id)| (id.to_string(), i))
            .collect();
        let mut cables = vec![
            // A page header read as an item (not guessed: it wrote its year), and one built
            // from the cable's year that is last year's cable of the same number.
            cable_citing(
                "09LONDON2598",
                &[("09LONDON2598", false), ("09LONDON2598", true)],
            ),
            cable_citing(
                "09STATE7",
                &[("09STATE7", true), ("09STATE1", true), ("02HCMC4", false)],
            ),
        ];
        resolve(&mut cables, &by_id);
        let ids = |c: &Cable| -> Vec<Option<String>> {
            c.ref_items.iter().map(|r| r.id.clone()).collect()
        };
        assert_eq!(ids(&cables[0]), [None, Some("08LONDON2598".into())]);
        assert_eq!(
            ids(&cables[1]),
            [None, Some("08STATE1".into()), Some("02HCMC4".into())]
        );
    }

    #[test]
    fn reference_ids_in_any_case_and_ait_taipeis_spelling() {
        let by_id: HashMap<String, usize> = [
            "03TEGUCIGALPA826",
            "04TAIPEI3152",
            "04BRUSSELS10",
            "03HOCHIMINHCITY9",
            "x1",
        ]
        .iter()
        .enumerate()
        .map(|(i, id)| (id.to_string(), i))
        .collect();
        let cases = [
            ("03TEGUCIGALPA826", None),
            ("03Tegucigalpa826", Some("03TEGUCIGALPA826")),
            ("04AITTAIPEI3152", Some("04TAIPEI3152")),
            ("04AitTaipei3152", Some("04TAIPEI3152")),
            ("03HCMC9", Some("03HOCHIMINHCITY9")),
            // Not in the archive either way: as written, in capitals.
            ("04AITTAIPEI9", None),
            ("04aittaipei9", Some("04AITTAIPEI9")),
            // Another post.
            ("04USEUBRUSSELS10", None),
            // A lower-case id the archive has as such.
            ("x1", None),
        ];
        for (id, want) in cases {
            assert_eq!(archive_id(id, &by_id).as_deref(), want, "{id}");
        }
    }

    #[test]
    fn previous_year() {
        assert_eq!(previous_year_id("04STATE1").as_deref(), Some("03STATE1"));
        assert_eq!(previous_year_id("00STATE1").as_deref(), Some("99STATE1"));
        assert_eq!(previous_year_id("X"), None);
    }
}
