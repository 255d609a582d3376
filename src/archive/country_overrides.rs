//! The code tables a site uses: the built-in ones ([`super::codes`]) plus the site's own
//! `content/countries.yaml`, which can rename a country, add a code, or map a post to a
//! country:
//!
//! ```yaml
//! posts:
//!   "Embassy Bangkok": TH
//!   "Consulate Chiang Mai": TH
//! countries:
//!   KV: {name: Kosovo, region: Europe and Eurasia}
//!   BM: {name: Myanmar (Burma)}
//! ```
//!
//! Everything in `archive` and `render` that asks "which country is this post in" or "what
//! is code XY called" asks a [`CodeTables`], never the built-in tables directly.

use super::codes;
use crate::diagnostics::{Diagnostic, Diagnostics};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// A country as the site knows it (borrowed from the built-in table or the site's file).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CountryRef<'a> {
    pub code: &'a str,
    pub name: &'a str,
    pub region: &'a str,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct CountryEntry {
    code: String,
    name: String,
    region: String,
}

/// Built-in tables plus the site's overrides.
#[derive(Debug, Clone, Default)]
pub struct CodeTables {
    /// Upper-cased, whitespace-collapsed post name → code.
    posts: HashMap<String, String>,
    /// Added or renamed countries, complete (name and region filled from the built-in
    /// entry where the file leaves them out).
    countries: BTreeMap<String, CountryEntry>,
}

#[derive(Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
struct CountriesFile {
    posts: BTreeMap<String, String>,
    countries: BTreeMap<String, CountryField>,
}

#[derive(Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
struct CountryField {
    name: Option<String>,
    region: Option<String>,
}

fn post_key(post: &str) -> String {
    post.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_ascii_uppercase()
}

fn is_code(c: &str) -> bool {
    (2..=8).contains(&c.len())
        && c.bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

/// The region a country gets when the file names none and the built-in table has none.
pub const OTHER_REGION: &str = "Other";

impl CodeTables {
    /// The built-in tables alone.
    pub fn builtin() -> CodeTables {
        CodeTables::default()
    }

    /// The built-in tables with `content/countries.yaml` over them, when there is one.
    pub fn load(site_dir: &Path, diags: &Diagnostics) -> CodeTables {
        let path = site_dir.join("content").join("countries.yaml");
        match std::fs::read_to_string(&path) {
            Ok(text) => CodeTables::from_yaml(&text, &path, diags),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => CodeTables::builtin(),
            Err(e) => {
                diags.push(Diagnostic::error(
                    "countries",
                    &path,
                    None,
                    format!("cannot read: {e}"),
                ));
                CodeTables::builtin()
            }
        }
    }

    /// Parses a countries file; what is wrong is reported with its line and left out.
    pub fn from_yaml(text: &str, path: &Path, diags: &Diagnostics) -> CodeTables {
        let mut tables = CodeTables::builtin();
        if text.trim().is_empty() {
            return tables;
        }
        let file: CountriesFile = match serde_yaml::from_str(text) {
            Ok(f) => f,
            Err(e) => {
                diags.push(
                    Diagnostic::error("countries", path, Some(super::super::source::yaml::error_line(&e, 1)), format!("invalid countries.yaml: {e}"))
                        .with_hint("the file has two maps: `posts: {\"Post name\": CODE}` and `countries: {CODE: {name: ..., region: ...}}`"),
                );
                return tables;
            }
        };
        for (code, field) in file.countries {
            let code_t = code.trim().to_string();
            if !is_code(&code_t) {
                diags.push(
                    Diagnostic::error(
                        "countries",
                        path,
                        Some(line_of(text, &code)),
                        format!("`{code}` is not a country code; ignored"),
                    )
                    .with_hint("codes are upper-case letters and digits, as in TAGS (e.g. `CB`)"),
                );
                continue;
            }
            let builtin = codes::country_by_code(&code_t);
            let name = field
                .name
                .map(|n| n.trim().to_string())
                .filter(|n| !n.is_empty())
                .or(builtin.map(|b| b.name.to_string()));
            let Some(name) = name else {
                diags.push(Diagnostic::error(
                    "countries",
                    path,
                    Some(line_of(text, &code)),
                    format!("new country `{code_t}` needs a `name`; ignored"),
                ));
                continue;
            };
            let region = field
                .region
                .map(|r| r.trim().to_string())
                .filter(|r| !r.is_empty())
                .or(builtin.map(|b| b.region.to_string()))
                .unwrap_or_else(|| OTHER_REGION.to_string());
            tables.countries.insert(
                code_t.clone(),
                CountryEntry {
                    code: code_t,
                    name,
                    region,
                },
            );
        }
        for (post, code) in file.posts {
            let code_t = code.trim().to_ascii_uppercase();
            if tables.country_by_code(&code_t).is_none() {
                diags.push(
                    Diagnostic::error(
                        "countries",
                        path,
                        Some(line_of(text, &post)),
                        format!("post `{post}` is mapped to `{code}`, which is not a known country code; ignored"),
                    )
                    .with_hint("add the code under `countries:` with a name, or use a built-in code"),
                );
                continue;
            }
            tables.posts.insert(post_key(&post), code_t);
        }
        tables
    }

    /// The country code of a post (`Embassy Phnom Penh` → `CB`): the site's mapping first.
    pub fn country_for_post(&self, post: &str) -> Option<&str> {
        if !self.posts.is_empty() {
            if let Some(c) = self.posts.get(&post_key(post)) {
                return Some(c.as_str());
            }
        }
        codes::country_for_post(post)
    }

    /// A country by its TAGS code: the site's entry first.
    pub fn country_by_code(&self, code: &str) -> Option<CountryRef<'_>> {
        let code = code.trim();
        if let Some(e) = self.countries.get(code) {
            return Some(CountryRef {
                code: &e.code,
                name: &e.name,
                region: &e.region,
            });
        }
        codes::country_by_code(code).map(|c| CountryRef {
            code: c.code,
            name: c.name,
            region: c.region,
        })
    }

    /// A country by a TAGS token: the site's codes first, then the built-in table, which
    /// also knows the non-FIPS tokens TAGS lines use by mistake (`RU`, `JP`, `UAE`).
    pub fn country_by_tag(&self, token: &str) -> Option<CountryRef<'_>> {
        if let Some(e) = self.countries.get(token.trim()) {
            return Some(CountryRef {
                code: &e.code,
                name: &e.name,
                region: &e.region,
            });
        }
        let c = codes::country_by_tag(token)?;
        self.country_by_code(c.code)
    }

    /// A country by its name, ignoring case (`thailand` → `TH`).
    pub fn country_by_name(&self, name: &str) -> Option<CountryRef<'_>> {
        let n = name.trim();
        if let Some(e) = self
            .countries
            .values()
            .find(|e| e.name.eq_ignore_ascii_case(n))
        {
            return Some(CountryRef {
                code: &e.code,
                name: &e.name,
                region: &e.region,
            });
        }
        codes::all_countries()
            .iter()
            .find(|c| c.name.eq_ignore_ascii_case(n) && !self.countries.contains_key(c.code))
            .map(|c| CountryRef {
                code: c.code,
                name: c.name,
                region: c.region,
            })
    }

    /// The regions in their built-in order, then any the site added, A–Z.
    pub fn regions(&self) -> Vec<&str> {
        let mut out: Vec<&str> = codes::regions().to_vec();
        let mut extra: Vec<&str> = self
            .countries
            .values()
            .map(|e| e.region.as_str())
            .filter(|r| !out.contains(r))
            .collect();
        extra.sort_unstable();
        extra.dedup();
        out.extend(extra);
        out
    }
}

/// The line of the first `key:` entry (quoted or not) in the file, for diagnostics.
fn line_of(text: &str, key: &str) -> usize {
    text.lines()
        .position(|l| {
            let t = l.trim_start().trim_start_matches(['"', '\'']);
            t.starts_with(key)
                && t[key.len()..]
                    .trim_start_matches(['"', '\''])
                    .trim_start()
                    .starts_with(':')
        })
        .map(|i| i + 1)
        .unwrap_or(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> (CodeTables, Vec<String>) {
        let diags = Diagnostics::default();
        let t = CodeTables::from_yaml(text, Path::new("countries.yaml"), &diags);
        (
            t,
            diags.into_sorted().iter().map(|d| d.to_string()).collect(),
        )
    }

    #[test]
    fn renames_adds_and_maps_posts() {
        let (t, msgs) = load(
            "posts:\n  \"Embassy  Bangkok\": TH\n  Consulate Pristina: KV\ncountries:\n  KV: {name: Kosovo, region: Europe}\n  TH: {name: Siam}\n",
        );
        assert!(msgs.is_empty(), "{msgs:?}");
        assert_eq!(t.country_for_post("EMBASSY BANGKOK"), Some("TH"));
        assert_eq!(t.country_for_post("Consulate Pristina"), Some("KV"));
        let th = t.country_by_code("TH").unwrap();
        assert_eq!(
            (th.name, th.region),
            ("Siam", codes::country_by_code("TH").unwrap().region)
        );
        assert_eq!(t.country_by_code("KV").unwrap().region, "Europe");
        assert_eq!(t.country_by_name("kosovo").unwrap().code, "KV");
        assert!(t.regions().contains(&"Europe"));
        // The built-in table is still consulted for the rest.
        assert_eq!(
            t.country_by_code("CB").map(|c| c.name),
            codes::country_by_code("CB").map(|c| c.name)
        );
    }

    #[test]
    fn errors_name_the_line() {
        let (_, msgs) = load("posts:\n  Embassy X: ZZ\n");
        assert_eq!(msgs.len(), 1);
        assert!(
            msgs[0].starts_with("error: countries.yaml:2: post `Embassy X` is mapped to `ZZ`"),
            "{msgs:?}"
        );
        let (_, msgs) = load("countries:\n  QQ: {region: Nowhere}\n");
        assert!(
            msgs[0].starts_with("error: countries.yaml:2: new country `QQ` needs a `name`"),
            "{msgs:?}"
        );
        let (_, msgs) = load("posts: [a, b]\n");
        assert!(
            msgs[0].starts_with("error: countries.yaml:1: invalid countries.yaml"),
            "{msgs:?}"
        );
        let (_, msgs) = load("posts:\n  A: TH\ncountry:\n  X: y\n");
        assert!(
            msgs[0].starts_with(
                "error: countries.yaml:3: invalid countries.yaml: unknown field `country`"
            ),
            "{msgs:?}"
        );
        let (_, msgs) = load("countries:\n  th: {name: x}\n");
        assert!(
            msgs[0].starts_with("error: countries.yaml:2: `th` is not a country code"),
            "{msgs:?}"
        );
    }
}
