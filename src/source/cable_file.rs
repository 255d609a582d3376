//! A cable file (`*.txt`: optional front matter + telegram text) → [`Cable`]; also the
//! assembly step shared with the Cablegate CSV reader, where metadata and the telegram's
//! own header are reconciled.

use super::{front_matter, telegram, text, yaml};
use crate::archive::codes;
use crate::cable::{is_safe_id, Cable, CableDate, RefItem};
use crate::diagnostics::{Diagnostic, Diagnostics};
use serde::Deserialize;
use std::path::Path;

/// Metadata that front matter or a CSV row supplies; each field overrides what the
/// telegram text says.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct CableMeta {
    #[serde(deserialize_with = "yaml::scalar")]
    pub id: Option<String>,
    #[serde(deserialize_with = "yaml::scalar")]
    pub date: Option<String>,
    #[serde(deserialize_with = "yaml::scalar")]
    pub origin: Option<String>,
    #[serde(deserialize_with = "yaml::scalar")]
    pub classification: Option<String>,
    #[serde(deserialize_with = "yaml::string_list")]
    pub references: Option<Vec<String>>,
    #[serde(deserialize_with = "yaml::scalar")]
    pub released: Option<String>,
    #[serde(deserialize_with = "yaml::scalar")]
    pub subject: Option<String>,
    #[serde(deserialize_with = "yaml::string_list")]
    pub tags: Option<Vec<String>>,
    /// The file line of each top-level field (front matter), or of the row (CSV), for
    /// pointing errors at the right line.
    #[serde(skip)]
    pub field_lines: Vec<(String, usize)>,
}

impl CableMeta {
    /// The line of a field, or of the metadata as a whole.
    pub fn line_of(&self, field: &str, fallback: usize) -> usize {
        self.field_lines
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, l)| *l)
            .unwrap_or(fallback)
    }
}

/// Lines of the top-level keys of a YAML mapping that starts on `first_line`.
pub fn top_level_keys(yaml: &str, first_line: usize) -> Vec<(String, usize)> {
    yaml.lines()
        .enumerate()
        .filter_map(|(i, l)| {
            let key = l.split_once(':')?.0;
            (!key.is_empty()
                && !key.starts_with([' ', '\t', '#', '-'])
                && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
            .then(|| (key.to_string(), first_line + i))
        })
        .collect()
}

/// Reads one `.txt` cable file.
pub fn read(path: &Path, diags: &Diagnostics) -> Option<Cable> {
    let (content, warning) = match text::read(path) {
        Ok(x) => x,
        Err(d) => {
            diags.push(*d);
            return None;
        }
    };
    diags.extend(warning);
    from_text(path, content, diags)
}

/// A `.txt` cable from its decoded text.
pub fn from_text(path: &Path, content: String, diags: &Diagnostics) -> Option<Cable> {
    if content.trim().is_empty() {
        diags.push(
            Diagnostic::error(
                "empty-file",
                path,
                None,
                "the file is empty; no cable read from it",
            )
            .with_hint("a cable file holds a telegram's text, optionally after front matter"),
        );
        return None;
    }
    let split = match front_matter::split(&content) {
        Ok(s) => s,
        Err(front_matter::Unclosed) => {
            diags.push(
                Diagnostic::error(
                    "front-matter",
                    path,
                    Some(1),
                    "front matter opened with `---` is never closed",
                )
                .with_hint("add a line `---` after the last metadata field"),
            );
            return None;
        }
    };
    let mut meta = CableMeta::default();
    if let Some(y) = split.yaml {
        if !y.trim().is_empty() {
            match serde_yaml::from_str::<CableMeta>(y) {
                Ok(m) => {
                    meta = m;
                    meta.field_lines = top_level_keys(y, 2);
                }
                Err(e) => {
                    let mut d = Diagnostic::error(
                        "front-matter",
                        path,
                        Some(yaml::error_line(&e, 2)),
                        format!(
                            "invalid front matter: {}",
                            yaml::message_without_location(&e)
                        ),
                    );
                    if let Some(loc) = e.location() {
                        d = d.with_column(loc.column());
                    }
                    diags.push(d);
                    return None;
                }
            }
        }
    }
    if meta.id.is_none() {
        meta.id = path.file_stem().map(|s| s.to_string_lossy().into_owned());
    }
    let body_line = split.body_line;
    let body = if body_line == 1 {
        content
    } else {
        split.body.to_string()
    };
    assemble(meta, body, path, body_line, None, diags)
}

/// Where the lines of a telegram put together from a CSV row are in the file: the header
/// column, then a blank line, then the content column (see [`crate::source::cablegate_csv::Row::text`]).
#[derive(Debug, Clone, Copy)]
pub struct RowLines {
    /// The file line where the header column begins.
    pub header: usize,
    /// The line of the text (0-based) where the content column begins.
    pub content_from: usize,
    /// The file line where the content column begins.
    pub content: usize,
}

/// Builds a cable from metadata and telegram text, reporting what does not fit.
/// `text_line`: the file line of the cable (of the text's first line, for a file).
/// `row`: for text put together from a CSV row, where its lines are in the file, so that
/// what the parser reports about the text names the file's lines.
pub fn assemble(
    meta: CableMeta,
    text: String,
    path: &Path,
    text_line: usize,
    row: Option<RowLines>,
    diags: &Diagnostics,
) -> Option<Cable> {
    let file_line = |t: usize| match row {
        Some(r) if t >= r.content_from => r.content + (t - r.content_from),
        Some(r) => r.header + t,
        None => text_line + t,
    };
    let id = meta.id.clone().unwrap_or_default().trim().to_string();
    if !is_safe_id(&id) {
        diags.push(
            Diagnostic::error(
                "bad-id",
                path,
                Some(meta.line_of("id", text_line)),
                format!("cable id `{}` is not usable", id.escape_debug()),
            )
            .with_hint("an id is letters, digits, `-` and `_` only (it becomes a file name)"),
        );
        return None;
    }
    let (parsed, notes) = telegram::parse(&text);
    for n in notes {
        if n.kind == "no-classification"
            && meta
                .classification
                .as_deref()
                .is_some_and(|c| !c.trim().is_empty())
        {
            continue; // the metadata supplies it; nothing is missing from the page
        }
        diags.push(Diagnostic::warning(
            n.kind,
            path,
            Some(file_line(n.line)),
            n.message,
        ));
    }
    let date = match &meta.date {
        Some(s) => match CableDate::parse(s) {
            Some(d) => Some(d),
            None => {
                diags.push(
                    Diagnostic::error(
                        "bad-date",
                        path,
                        Some(meta.line_of("date", text_line)),
                        format!(
                            "date `{}` is not a valid date; using the telegram's own date",
                            s.escape_debug()
                        ),
                    )
                    .with_hint("write dates as YYYY-MM-DD HH:MM"),
                );
                parsed.date
            }
        },
        None => parsed.date,
    };
    if date.is_none() {
        diags.push(Diagnostic::warning(
            "no-date",
            path,
            Some(text_line),
            format!("cable {id} has no date; listed as undated"),
        ));
    }
    let origin = match meta
        .origin
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        Some(o) => o.to_string(),
        None => match &parsed.from {
            Some(fm) => codes::canonical_post(fm).unwrap_or_else(|| fm.clone()),
            None => String::new(),
        },
    };
    let classification = meta
        .classification
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .or(parsed.classification.clone())
        .unwrap_or_default();
    let ref_line = meta.line_of("references", text_line);
    let references: Vec<String> = meta
        .references
        .unwrap_or_default()
        .into_iter()
        .map(|r| r.trim().to_string())
        .filter(|r| !r.is_empty())
        .filter_map(|r| {
            if is_safe_id(&r) {
                return Some(r);
            }
            match salvage_reference(&r) {
                Some(id) => {
                    diags.push(Diagnostic::warning(
                        "bad-reference",
                        path,
                        Some(ref_line),
                        format!(
                            "reference `{}` is not a cable id; read as {id}",
                            r.escape_debug()
                        ),
                    ));
                    Some(id)
                }
                None => {
                    diags.push(Diagnostic::warning(
                        "bad-reference",
                        path,
                        Some(ref_line),
                        format!(
                            "reference `{}` is not a cable id; ignored",
                            r.escape_debug()
                        ),
                    ));
                    None
                }
            }
        })
        .collect();
    let year = date.map(|d| d.year);
    let ref_items: Vec<RefItem> = parsed
        .ref_items
        .into_iter()
        .map(|c| {
            if let Some(id) = match_metadata_reference(&c, &references) {
                return c.into_item(Some(id), false);
            }
            let id = guess_reference_id(&c, year);
            // Only an id that took the cable's year may be last year's cable instead: a
            // year written on the REF line (`02 HCMC 1304`) is that year.
            let guessed = id.is_some() && c.year.is_none();
            c.into_item(id, guessed)
        })
        .collect();
    let subject = meta
        .subject
        .filter(|s| !s.trim().is_empty())
        .unwrap_or(parsed.subject);
    let tags = meta.tags.unwrap_or(parsed.tags);
    let caveats = caveats_beyond(&classification, parsed.caveats);
    Some(Cable {
        id,
        date,
        origin,
        classification,
        caveats,
        tags,
        subject,
        references,
        ref_items,
        released: meta.released,
        text,
        routing: parsed.routing,
        head: parsed.head,
        tags_range: parsed.tags_range,
        paragraphs: parsed.paragraphs,
        source: path.to_path_buf(),
        text_line,
    })
}

/// The caveats the classification does not already carry: `SECRET//NOFORN` shows
/// `NOFORN` once, not again as a caveat.
fn caveats_beyond(classification: &str, mut caveats: Vec<String>) -> Vec<String> {
    let words: Vec<&str> = classification
        .split(|c: char| !c.is_ascii_alphanumeric())
        .collect();
    caveats.retain(|c| !words.iter().any(|w| w.eq_ignore_ascii_case(c)));
    caveats
}

/// Cablegate's references field holds some garbled ids with the REF line's label glued
/// in: `03RefA:Tegucigalpa3149`, `04REFERENCE:Dublin868`. The year and what follows the
/// colon still make the id (`03TEGUCIGALPA3149`).
fn salvage_reference(r: &str) -> Option<String> {
    let (head, tail) = r.split_once(':')?;
    let year = head
        .get(..2)
        .filter(|y| y.bytes().all(|b| b.is_ascii_digit()))?;
    let tail: String = tail
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_uppercase();
    let id = if tail.starts_with(|c: char| c.is_ascii_digit()) {
        tail
    } else {
        format!("{year}{tail}")
    };
    is_safe_id(&id).then_some(id)
}

/// The trailing number of an id (`03STATE329077` → 329077).
fn trailing_number(id: &str) -> Option<u64> {
    let digits: String = id
        .chars()
        .rev()
        .take_while(|c| c.is_ascii_digit())
        .collect();
    digits.chars().rev().collect::<String>().parse().ok()
}

/// The letters of an id between its year and its number (`03PHNOMPENH1969` → `PHNOMPENH`).
fn id_post(id: &str) -> &str {
    let s = id.trim_start_matches(|c: char| c.is_ascii_digit());
    s.trim_end_matches(|c: char| c.is_ascii_digit())
}

/// A REF item matches a metadata reference with the same number whose post begins like
/// the item's (`HCMC 1135` ↔ `98HOCHIMINHCITY1135`, `ADDIS 1556` ↔ `00ADDISABABA1556`).
fn match_metadata_reference(c: &telegram::RefCandidate, references: &[String]) -> Option<String> {
    let compact: String = c
        .post
        .chars()
        .filter(|ch| ch.is_ascii_alphabetic())
        .collect();
    let first = compact.chars().next()?;
    references
        .iter()
        .find(|r| {
            trailing_number(r) == Some(c.number) && {
                let post = id_post(r);
                post.starts_with(first) || (compact.ends_with("STATE") && post == "STATE")
            }
        })
        .cloned()
}

/// The id a REF item stands for, built the way Cablegate ids are: two-digit year, post
/// without spaces, number without leading zeros. Only for posts the code tables know.
pub fn guess_reference_id(c: &telegram::RefCandidate, cable_year: Option<u16>) -> Option<String> {
    let yy = match c.year {
        Some(y) => y,
        None => cable_year? % 100,
    };
    let post = codes::reference_post(&c.post)?;
    Some(format!("{yy:02}{post}{}", c.number))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_caveat_in_the_classification_is_not_repeated() {
        let caveats = || vec!["NOFORN".to_string(), "SIPDIS".to_string()];
        assert_eq!(caveats_beyond("SECRET//NOFORN", caveats()), vec!["SIPDIS"]);
        assert_eq!(
            caveats_beyond("CONFIDENTIAL//NOFORN//SIPDIS", caveats()),
            Vec::<String>::new()
        );
        assert_eq!(caveats_beyond("SECRET", caveats()), caveats());
        assert_eq!(caveats_beyond("", caveats()), caveats());
    }

    #[test]
    fn only_an_item_without_a_year_takes_a_guessed_year() {
        let text = "---\nid: 03HOCHIMINHCITY468\ndate: 2003-05-31 08:44\n---\nUNCLAS\n\nREF: 02 Ho Chi Minh City 1304; STATE 05\n\n1. Text.\n";
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("03HOCHIMINHCITY468.txt");
        std::fs::write(&path, text).unwrap();
        let c = read(&path, &Diagnostics::default()).unwrap();
        let items: Vec<(Option<&str>, bool)> = c
            .ref_items
            .iter()
            .map(|r| (r.id.as_deref(), r.guessed))
            .collect();
        assert_eq!(
            items,
            [
                (Some("02HOCHIMINHCITY1304"), false),
                (Some("03STATE5"), true)
            ]
        );
    }

    #[test]
    fn garbled_metadata_references_are_salvaged() {
        assert_eq!(
            salvage_reference("03RefA:Tegucigalpa3149").as_deref(),
            Some("03TEGUCIGALPA3149")
        );
        assert_eq!(
            salvage_reference("03REFTEL:STATE43993").as_deref(),
            Some("03STATE43993")
        );
        assert_eq!(salvage_reference("../x"), None);
        assert_eq!(salvage_reference("ab:c d"), None);
    }
}
