//! References: REF lines and metadata → cable ids, and the reverse "cited by" lists.

use super::{CableLinks, RefLink};
use crate::cable::Cable;
use std::collections::HashMap;

/// A REF id built from the citing cable's year may name last year's cable (a January
/// telegram citing a December one): when only that one is in the archive, use it. A cable
/// does not cite itself: an item that names it (last year's cable of the same number, or a
/// misread line) names last year's cable when the archive has it, and no cable otherwise.
pub fn fix_guessed_years(cables: &mut [Cable], by_id: &HashMap<String, usize>) {
    use rayon::prelude::*;
    cables.par_iter_mut().for_each(|c| {
        for item in c.ref_items.iter_mut() {
            let Some(id) = &item.id else { continue };
            let itself = *id == c.id;
            if !item.guessed || (by_id.contains_key(id) && !itself) {
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

fn previous_year_id(id: &str) -> Option<String> {
    let yy: u16 = id.get(..2)?.parse().ok()?;
    let prev = (yy + 99) % 100;
    Some(format!("{prev:02}{}", &id[2..]))
}

/// Outgoing references (metadata first; the REF line when the metadata has none) and
/// incoming "cited by", in date order.
pub fn link(cables: &[Cable], by_id: &HashMap<String, usize>) -> Vec<CableLinks> {
    use rayon::prelude::*;
    let mut links: Vec<CableLinks> = cables
        .par_iter()
        .map(|c| {
            let mut ids: Vec<&str> = c.references.iter().map(String::as_str).collect();
            if ids.is_empty() {
                ids = c.ref_items.iter().filter_map(|r| r.id.as_deref()).collect();
            }
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
        fix_guessed_years(&mut cables, &by_id);
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
    fn previous_year() {
        assert_eq!(previous_year_id("04STATE1").as_deref(), Some("03STATE1"));
        assert_eq!(previous_year_id("00STATE1").as_deref(), Some("99STATE1"));
        assert_eq!(previous_year_id("X"), None);
    }
}
