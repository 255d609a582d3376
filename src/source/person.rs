//! The people registry: `content/people/<id>.yaml`, one person per file, the id being the
//! file stem. A person has a name, the other spellings cables use for them (`aliases`), the
//! phrases that hold a name but are not them (`not`), roles with dates, the countries they
//! belong to (TAGS codes), and a Markdown description.
//!
//! A file that cannot be used (bad YAML, a list instead of a map, no name, an id that is not
//! a safe slug) is an error naming the file and line; the other people are still read.

use super::yaml;
use crate::diagnostics::{Diagnostic, Diagnostics};
use rayon::prelude::*;
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// One person of the registry.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Person {
    /// The file stem: a lower-case slug, used in `person/<id>/index.html`.
    pub id: String,
    pub name: String,
    /// Other spellings, as cables write them (`HOR NAMHONG`, `Namhong`, `FM Hor Namhong`).
    pub aliases: Vec<String>,
    /// Phrases that hold one of the names but are not the person (`Ho Chi Minh City`):
    /// never linked.
    pub not: Vec<String>,
    /// How the A–Z list sorts them (`Abrams, Creighton W.`); the name when not given.
    pub sort_as: String,
    pub roles: Vec<Role>,
    /// TAGS country codes (`CB`, `TH`).
    pub countries: Vec<String>,
    pub born: Option<String>,
    pub died: Option<String>,
    /// Markdown.
    pub description: String,
    pub sources: Vec<SourceLink>,
    /// The file it was read from, and the 1-based line of each alias (for diagnostics).
    pub path: PathBuf,
    pub alias_lines: Vec<usize>,
    pub not_lines: Vec<usize>,
    pub countries_line: usize,
}

/// A position held, with the dates as written (`1998`, `2004-07`, `July 1971`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct Role {
    #[serde(deserialize_with = "yaml::scalar")]
    pub title: Option<String>,
    #[serde(deserialize_with = "yaml::scalar")]
    pub from: Option<String>,
    #[serde(deserialize_with = "yaml::scalar")]
    pub to: Option<String>,
}

/// A link to where the facts come from: a bare URL, or `{title, url}`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceLink {
    pub title: String,
    pub url: String,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum SourceField {
    Url(String),
    Titled {
        #[serde(default)]
        title: Option<String>,
        url: String,
    },
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct PersonFile {
    #[serde(deserialize_with = "yaml::scalar")]
    name: Option<String>,
    #[serde(deserialize_with = "phrase_list")]
    aliases: Option<Vec<String>>,
    #[serde(deserialize_with = "phrase_list")]
    not: Option<Vec<String>>,
    #[serde(deserialize_with = "yaml::scalar")]
    sort_as: Option<String>,
    roles: Vec<Role>,
    #[serde(deserialize_with = "yaml::string_list")]
    countries: Option<Vec<String>>,
    #[serde(deserialize_with = "yaml::scalar")]
    born: Option<String>,
    #[serde(deserialize_with = "yaml::scalar")]
    died: Option<String>,
    #[serde(deserialize_with = "yaml::scalar")]
    description: Option<String>,
    sources: Vec<SourceField>,
}

/// A list of names, or a single name (never split: `HOR NAMHONG` is one alias).
fn phrase_list<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Vec<String>>, D::Error> {
    let v = Option::<serde_yaml::Value>::deserialize(d)?;
    Ok(match v {
        None | Some(serde_yaml::Value::Null) => None,
        Some(serde_yaml::Value::Sequence(items)) => {
            Some(items.iter().filter_map(yaml::value_to_string).collect())
        }
        Some(other) => yaml::value_to_string(&other).map(|s| vec![s]),
    })
}

const FIELDS: &[&str] = &[
    "name",
    "aliases",
    "not",
    "sort_as",
    "roles",
    "countries",
    "born",
    "died",
    "description",
    "sources",
];

/// Is this a usable person id: lower-case letters, digits, `-` and `_`, starting with a
/// letter or digit? Ids become folder names, so nothing else is accepted.
pub fn is_safe_slug(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 100
        && id.as_bytes()[0].is_ascii_alphanumeric()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

/// Reads every `content/people/**/*.yaml` (and `.yml`), in parallel, sorted by id.
pub fn read_people(site_dir: &Path, diags: &Diagnostics) -> Vec<Person> {
    let dir = site_dir.join("content").join("people");
    let files = super::find_files(&dir, &["yaml", "yml"], diags);
    let mut people: Vec<Person> = files
        .par_iter()
        .filter_map(|p| read_file(p, diags))
        .collect();
    people.sort_by(|a, b| a.id.cmp(&b.id).then(a.path.cmp(&b.path)));
    // Two files with the same stem in different folders.
    let mut out: Vec<Person> = Vec::with_capacity(people.len());
    for p in people {
        if let Some(first) = out.last().filter(|q| q.id == p.id) {
            diags.push(
                Diagnostic::error(
                    "person-duplicate",
                    &p.path,
                    Some(1),
                    format!(
                        "person id `{}` is also {}; this file is skipped",
                        p.id,
                        first.path.display()
                    ),
                )
                .with_hint("the file name is the id: rename one of them"),
            );
            continue;
        }
        out.push(p);
    }
    out
}

fn read_file(path: &Path, diags: &Diagnostics) -> Option<Person> {
    let (text, warning) = match super::text::read(path) {
        Ok(x) => x,
        Err(d) => {
            diags.push(*d);
            return None;
        }
    };
    diags.extend(warning);
    parse(path, &text, diags)
}

/// Parses one person file's text.
pub fn parse(path: &Path, text: &str, diags: &Diagnostics) -> Option<Person> {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    if !is_safe_slug(&stem) {
        diags.push(
            Diagnostic::error(
                "person-id",
                path,
                Some(1),
                format!("`{}` is not usable as a person id", stem.escape_debug()),
            )
            .with_hint(format!(
                "the file name is the id: use lower-case letters, digits and `-`, e.g. `{}.yaml`",
                crate::archive::codes::slug(&stem)
            )),
        );
        return None;
    }
    let value: serde_yaml::Value = match serde_yaml::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            diags.push(Diagnostic::error(
                "person-yaml",
                path,
                Some(yaml::error_line(&e, 1)),
                format!("invalid YAML: {e}"),
            ));
            return None;
        }
    };
    let map = match &value {
        serde_yaml::Value::Mapping(m) => m,
        other => {
            let what = match other {
                serde_yaml::Value::Sequence(_) => "a list",
                serde_yaml::Value::Null => "empty",
                _ => "a single value",
            };
            diags.push(
                Diagnostic::error(
                    "person-yaml",
                    path,
                    Some(first_content_line(text)),
                    format!("a person file is a map of fields, but this one is {what}"),
                )
                .with_hint(
                    "write one person per file: `name: ...`, `aliases: [...]`, `roles: [...]`",
                ),
            );
            return None;
        }
    };
    for key in map.keys() {
        let k = yaml::value_to_string(key).unwrap_or_default();
        if !FIELDS.contains(&k.as_str()) {
            diags.push(yaml::unknown_key(
                "person-field",
                path,
                Some(key_line(text, &k)),
                "field",
                &k,
                FIELDS,
            ));
        }
    }
    let file: PersonFile = match serde_yaml::from_str(text) {
        Ok(f) => f,
        Err(e) => {
            diags.push(Diagnostic::error(
                "person-yaml",
                path,
                Some(yaml::error_line(&e, 1)),
                format!("invalid person file: {e}"),
            ));
            return None;
        }
    };
    // A name YAML reads as a number (`007`, `1.10`) keeps the text as written.
    let as_written = |key: &str, parsed: Option<String>| match map.get(key) {
        Some(v) => {
            let line = text.lines().nth(key_line(text, key) - 1);
            yaml::text_as_written(v, line, key).or(parsed)
        }
        None => parsed,
    };
    // A list or a map inside a list of phrases names nobody: said, not dropped silently.
    for key in ["aliases", "not"] {
        if let Some(serde_yaml::Value::Sequence(items)) = map.get(key) {
            if items.iter().any(|v| v.is_sequence() || v.is_mapping()) {
                diags.push(Diagnostic::warning(
                    "person-field",
                    path,
                    Some(key_line(text, key)),
                    format!("an item of `{key}` is a list or a map, not a phrase; ignored"),
                ));
            }
        }
    }
    let name = as_written("name", file.name)
        .map(|n| n.trim().to_string())
        .unwrap_or_default();
    let sort_as = as_written("sort_as", file.sort_as);
    if name.is_empty() {
        diags.push(
            Diagnostic::error(
                "person-name",
                path,
                Some(first_content_line(text)),
                "person has no `name`; this file is skipped",
            )
            .with_hint("add `name: Full Name` (the form the person's page shows)"),
        );
        return None;
    }
    let mut aliases = Vec::new();
    let mut alias_lines = Vec::new();
    for a in file.aliases.unwrap_or_default() {
        let a = a.split_whitespace().collect::<Vec<_>>().join(" ");
        if a.is_empty() {
            continue;
        }
        if a.chars().filter(|c| c.is_alphanumeric()).count() < 2 {
            diags.push(Diagnostic::warning(
                "person-alias",
                path,
                Some(value_line(text, &a)),
                format!("alias `{a}` is too short to find reliably; ignored"),
            ));
            continue;
        }
        alias_lines.push(value_line(text, &a));
        aliases.push(a);
    }
    let mut not = Vec::new();
    let mut not_lines = Vec::new();
    for phrase in file.not.unwrap_or_default() {
        let phrase = phrase.split_whitespace().collect::<Vec<_>>().join(" ");
        if !phrase.is_empty() {
            not_lines.push(value_line(text, &phrase));
            not.push(phrase);
        }
    }
    let mut roles = Vec::new();
    for r in file.roles {
        if r.title.as_deref().is_none_or(|t| t.trim().is_empty()) {
            diags.push(Diagnostic::warning(
                "person-role",
                path,
                Some(key_line(text, "roles")),
                "a role has no `title`; ignored",
            ));
            continue;
        }
        roles.push(r);
    }
    let sources = file
        .sources
        .into_iter()
        .map(|s| match s {
            SourceField::Url(url) => SourceLink {
                title: url.clone(),
                url,
            },
            SourceField::Titled { title, url } => SourceLink {
                title: title.unwrap_or_else(|| url.clone()),
                url,
            },
        })
        .collect();
    Some(Person {
        id: stem,
        sort_as: sort_as
            .filter(|s| !s.trim().is_empty())
            .unwrap_or_else(|| name.clone()),
        name,
        aliases,
        not,
        roles,
        countries: file
            .countries
            .unwrap_or_default()
            .into_iter()
            .map(|c| c.trim().to_ascii_uppercase())
            .collect(),
        born: file.born,
        died: file.died,
        description: file.description.unwrap_or_default(),
        sources,
        path: path.to_path_buf(),
        alias_lines,
        not_lines,
        countries_line: key_line(text, "countries"),
    })
}

/// The first line that is not blank, a comment or `---`.
fn first_content_line(text: &str) -> usize {
    text.lines()
        .position(|l| {
            let t = l.trim();
            !t.is_empty() && !t.starts_with('#') && t != "---"
        })
        .map(|i| i + 1)
        .unwrap_or(1)
}

/// The line of a top-level `key:`.
pub fn key_line(text: &str, key: &str) -> usize {
    text.lines()
        .position(|l| {
            l.strip_prefix(key)
                .is_some_and(|r| r.trim_start().starts_with(':'))
        })
        .map(|i| i + 1)
        .unwrap_or(1)
}

/// The first line holding a value (for pointing at one alias).
fn value_line(text: &str, value: &str) -> usize {
    text.lines()
        .position(|l| l.contains(value))
        .map(|i| i + 1)
        .unwrap_or(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(name: &str, text: &str) -> (Option<Person>, Vec<String>) {
        let diags = Diagnostics::default();
        let p = parse(Path::new(name), text, &diags);
        (
            p,
            diags.into_sorted().iter().map(|d| d.to_string()).collect(),
        )
    }

    #[test]
    fn reads_a_full_person() {
        let (p, msgs) = parse_str(
            "people/hor-namhong.yaml",
            "name: Hor Namhong\naliases: [HOR NAMHONG, Namhong, FM Hor Namhong]\nroles:\n  - title: Foreign Minister\n    from: 1998\n    to: 2016\ncountries: CB\nborn: 1935\ndescription: |\n  Cambodia's *foreign minister*.\nsources:\n  - https://example.org/a\n  - {title: Bio, url: https://example.org/b}\n",
        );
        assert!(msgs.is_empty(), "{msgs:?}");
        let p = p.unwrap();
        assert_eq!(p.id, "hor-namhong");
        assert_eq!(p.aliases, vec!["HOR NAMHONG", "Namhong", "FM Hor Namhong"]);
        assert_eq!(p.roles[0].from.as_deref(), Some("1998"));
        assert_eq!(p.countries, vec!["CB"]);
        assert_eq!(p.born.as_deref(), Some("1935"));
        assert_eq!(
            p.sources[1],
            SourceLink {
                title: "Bio".into(),
                url: "https://example.org/b".into()
            }
        );
        assert_eq!(p.sort_as, "Hor Namhong");
    }

    #[test]
    fn numbers_keep_their_text_and_lists_in_name_lists_are_reported() {
        let (p, msgs) = parse_str(
            "people/agent.yaml",
            "name: 007\nsort_as: 0.070 # as filed\naliases:\n  - Double-O Seven\n  - [a, b]\nnot:\n  - {x: y}\n  - 007 Street\n",
        );
        let p = p.unwrap();
        assert_eq!((p.name.as_str(), p.sort_as.as_str()), ("007", "0.070"));
        assert_eq!(p.aliases, vec!["Double-O Seven"]);
        assert_eq!(p.not, vec!["007 Street"]);
        assert_eq!(
            msgs,
            vec![
                "warning: people/agent.yaml:3: an item of `aliases` is a list or a map, not a phrase; ignored".to_string(),
                "warning: people/agent.yaml:6: an item of `not` is a list or a map, not a phrase; ignored".to_string(),
            ]
        );
    }

    #[test]
    fn bad_files_are_errors_with_file_and_line() {
        let (p, msgs) = parse_str("x.yaml", "# a list\n- name: A\n- name: B\n");
        assert!(p.is_none());
        assert_eq!(msgs, vec!["error: x.yaml:2: a person file is a map of fields, but this one is a list\n  hint: write one person per file: `name: ...`, `aliases: [...]`, `roles: [...]`"]);

        let (p, msgs) = parse_str("x.yaml", "name: A\naliases: [B\nroles: x\n");
        assert!(p.is_none());
        assert!(msgs[0].starts_with("error: x.yaml:"), "{msgs:?}");
        assert!(msgs[0].contains("invalid YAML"), "{msgs:?}");

        let (p, msgs) = parse_str("x.yaml", "\naliases: [B]\n");
        assert!(p.is_none());
        assert!(
            msgs[0].starts_with("error: x.yaml:2: person has no `name`"),
            "{msgs:?}"
        );

        let (p, msgs) = parse_str("Hor Namhong.yaml", "name: Hor Namhong\n");
        assert!(p.is_none());
        assert!(
            msgs[0].starts_with(
                "error: Hor Namhong.yaml:1: `Hor Namhong` is not usable as a person id"
            ),
            "{msgs:?}"
        );
        assert!(msgs[0].contains("hor-namhong.yaml"), "{msgs:?}");

        let (p, msgs) = parse_str("a.yaml", "name: A B\nrole: x\n");
        assert!(p.is_some());
        assert_eq!(
            msgs[0].lines().next().unwrap(),
            "warning: a.yaml:2: unknown field `role` is ignored"
        );
    }

    #[test]
    fn slugs() {
        assert!(is_safe_slug("hor-namhong"));
        assert!(is_safe_slug("p_tk5"));
        assert!(!is_safe_slug("../x"));
        assert!(!is_safe_slug("Hor"));
        assert!(!is_safe_slug("-x"));
        assert!(!is_safe_slug(""));
    }
}
