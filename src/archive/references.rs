//! References: REF lines and metadata → cable ids, and the reverse "cited by" lists.

use super::{CableLinks, RefLink};
use crate::cable::Cable;
use std::collections::HashMap;

/// A REF id built from the citing cable's year may name last year's cable (a January
/// telegram citing a December one): when only that one is in the archive, use it.
pub fn fix_guessed_years(cables: &mut [Cable], by_id: &HashMap<String, usize>) {
    use rayon::prelude::*;
    cables.par_iter_mut().for_each(|c| {
        for item in c.ref_items.iter_mut().filter(|r| r.guessed) {
            let Some(id) = &item.id else { continue };
            if by_id.contains_key(id) {
                continue;
            }
            if let Some(prev) = previous_year_id(id) {
                if by_id.contains_key(&prev) {
                    item.id = Some(prev);
                }
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

    #[test]
    fn previous_year() {
        assert_eq!(previous_year_id("04STATE1").as_deref(), Some("03STATE1"));
        assert_eq!(previous_year_id("00STATE1").as_deref(), Some("99STATE1"));
        assert_eq!(previous_year_id("X"), None);
    }
}
