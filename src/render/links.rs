//! Where a wiki-link points: `[[03PHNOMPENH1990]]`, `[[03PHNOMPENH1990#par4]]`,
//! `[[person:hor-namhong]]`, `[[country:CB]]` → a site-relative URL and a default label.
//!
//! This is the one place that knows which things can be linked to, so that a people
//! registry (or anything else) can be plugged in here without touching the Markdown code.

use crate::archive::{codes, Archive};
use std::collections::BTreeMap;

/// The things a wiki-link may name.
pub struct LinkTargets<'a> {
    archive: &'a Archive,
    /// Person id → display name, from `content/people/<id>.yaml`.
    people: BTreeMap<String, String>,
}

/// A resolved link: site-relative URL (no leading root) and the label to show when the
/// link has none of its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub url: String,
    pub label: String,
}

impl<'a> LinkTargets<'a> {
    /// People come from the archive's registry (`content/people/*.yaml`).
    pub fn load(archive: &'a Archive) -> LinkTargets<'a> {
        let people = archive
            .people
            .persons
            .iter()
            .map(|p| (p.id.clone(), p.name.clone()))
            .collect();
        LinkTargets { archive, people }
    }

    /// For tests and callers that know the people already.
    pub fn with_people(archive: &'a Archive, people: BTreeMap<String, String>) -> LinkTargets<'a> {
        LinkTargets { archive, people }
    }

    pub fn person(&self, id: &str) -> Option<Target> {
        self.people.get(id).map(|name| Target {
            url: format!("person/{id}/index.html"),
            label: name.clone(),
        })
    }

    /// Resolves a wiki-link target; `Err` says why it points nowhere.
    pub fn resolve(&self, target: &str) -> Result<Target, String> {
        let target = target.trim();
        if let Some(id) = target.strip_prefix("person:") {
            let id = id.trim();
            return self
                .person(id)
                .ok_or_else(|| format!("no person `{id}` (content/people/{id}.yaml)"));
        }
        if let Some(code) = target.strip_prefix("country:") {
            let code = code.trim().to_ascii_uppercase();
            let country = self
                .archive
                .codes
                .country_by_code(&code)
                .ok_or_else(|| format!("`{code}` is not a country code"))?;
            let key = codes::slug(country.name);
            if self.archive.index.countries.find(&key).is_none() {
                return Err(format!(
                    "{} has no page: no cable in the archive is about it",
                    country.name
                ));
            }
            return Ok(Target {
                url: format!("country/{key}/index.html"),
                label: country.name.to_string(),
            });
        }
        let (id, fragment) = match target.split_once('#') {
            Some((id, f)) => (id.trim(), Some(f.trim())),
            None => (target, None),
        };
        let cable = self
            .archive
            .get(id)
            .ok_or_else(|| format!("no cable `{id}` in the archive"))?;
        match fragment {
            None | Some("") => Ok(Target {
                url: cable.page_path(),
                label: cable.id.clone(),
            }),
            Some(f) => {
                let n: u32 = f
                    .strip_prefix("par")
                    .and_then(|n| n.parse().ok())
                    .ok_or_else(|| format!("`#{f}`: link to a paragraph as `#par4`"))?;
                if !cable.paragraphs.iter().any(|p| p.number == Some(n)) {
                    return Err(format!("cable {id} has no paragraph {n}"));
                }
                Ok(Target {
                    url: format!("{}#par{n}", cable.page_path()),
                    label: format!("{} ¶{n}", cable.id),
                })
            }
        }
    }
}
