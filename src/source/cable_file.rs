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
            match read_front_matter(y, path, diags) {
                Ok(m) => meta = m,
                Err(d) => {
                    diags.push(*d);
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

/// The fields a cable's front matter may have. The last three are written by `import
/// frus-tei` for readers of the file; the build does not use them.
const FIELDS: &[&str] = &[
    "id",
    "date",
    "origin",
    "classification",
    "references",
    "released",
    "subject",
    "tags",
    "edition",
    "url",
    "source_note",
];

/// The fields whose value is one piece of text (the others are lists).
const TEXT_FIELDS: &[&str] = &[
    "id",
    "date",
    "origin",
    "classification",
    "released",
    "subject",
    "edition",
    "url",
    "source_note",
];

/// Whether a `released` value is a date: a year (`2011`, as FRUS volumes give it), a
/// year and month (`2011-08`) or a day (`2011-08-30`, or any date [`CableDate::parse`]
/// reads).
pub fn is_release_date(s: &str) -> bool {
    let s = s.trim();
    let digits = |x: &str, n: usize| x.len() == n && x.bytes().all(|b| b.is_ascii_digit());
    match s.split_once('-') {
        None => digits(s, 4),
        Some((y, m)) if digits(y, 4) && digits(m, 2) => (1..=12).contains(&m.parse().unwrap_or(0)),
        _ => CableDate::parse(s).is_some(),
    }
}

/// A cable's front matter (the YAML between the `---` lines, which start on line 2).
/// An unknown field is a warning and a value of the wrong kind an error, each naming
/// its line; either is left out and the rest is used. `Err`: the YAML is unusable.
fn read_front_matter(
    yaml_text: &str,
    path: &Path,
    diags: &Diagnostics,
) -> Result<CableMeta, Box<Diagnostic>> {
    let invalid = |e: serde_yaml::Error| {
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
        Box::new(d)
    };
    let ShallowMap(map) = serde_yaml::from_str::<ShallowMap>(yaml_text).map_err(invalid)?;
    let Some(map) = map else {
        return Err(not_a_map(path));
    };
    let field_lines = top_level_keys(yaml_text, 2);
    let line_of = |key: &str| {
        field_lines
            .iter()
            .find(|(k, _)| k == key)
            .map_or(2, |(_, l)| *l)
    };
    let mut kept = serde_yaml::Mapping::new();
    for (key, v) in map {
        // YAML reads `0123`, `1e3` or `true` as a number or a truth value, and writes it
        // back as `123`, `1000.0`, `true`: a text field keeps the text as written.
        let v = match v {
            serde_yaml::Value::Number(_) | serde_yaml::Value::Bool(_)
                if TEXT_FIELDS.contains(&key.as_str()) =>
            {
                let line = line_of(&key)
                    .checked_sub(2)
                    .and_then(|i| yaml_text.lines().nth(i));
                yaml::text_as_written(&v, line, &key).map_or(v, serde_yaml::Value::String)
            }
            v => v,
        };
        if !FIELDS.contains(&key.as_str()) {
            diags.push(yaml::unknown_key(
                "front-matter",
                path,
                Some(line_of(&key)),
                "field",
                &key,
                FIELDS,
            ));
            continue;
        }
        if let Err(why) = check_field(&key, &v) {
            diags.push(Diagnostic::error(
                "front-matter",
                path,
                Some(line_of(&key)),
                format!("`{key}` {why}; ignored"),
            ));
            continue;
        }
        kept.insert(serde_yaml::Value::String(key), v);
    }
    let mut meta: CableMeta =
        serde_yaml::from_value(serde_yaml::Value::Mapping(kept)).map_err(invalid)?;
    meta.field_lines = field_lines;
    Ok(meta)
}

fn not_a_map(path: &Path) -> Box<Diagnostic> {
    Box::new(
        Diagnostic::error(
            "front-matter",
            path,
            Some(2),
            "invalid front matter: it must be a set of `field: value` lines",
        )
        .with_hint(format!("the fields are: {}", FIELDS.join(", "))),
    )
}

/// The top level of a front matter: each field with its value read one level deep (a
/// scalar, or a list of scalars). Anything deeper is skipped, not built, and stands as
/// an empty map, which no field accepts: a field nobody uses may hold a deep or huge
/// value without costing memory or stack, and a used one holding such a value is
/// reported as being of the wrong kind. A field given twice is an error.
/// `None`: the YAML is not a map (`- a`, `just text`).
struct ShallowMap(Option<Vec<(String, serde_yaml::Value)>>);

/// One value at most one level deep (see [`ShallowMap`]).
struct Shallow(serde_yaml::Value);

impl<'de> serde::Deserialize<'de> for ShallowMap {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = ShallowMap;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a set of `field: value` lines")
            }
            fn visit_unit<E>(self) -> Result<ShallowMap, E> {
                Ok(ShallowMap(Some(Vec::new()))) // only comments
            }
            fn visit_none<E>(self) -> Result<ShallowMap, E> {
                Ok(ShallowMap(Some(Vec::new())))
            }
            fn visit_bool<E>(self, _: bool) -> Result<ShallowMap, E> {
                Ok(ShallowMap(None))
            }
            fn visit_i64<E>(self, _: i64) -> Result<ShallowMap, E> {
                Ok(ShallowMap(None))
            }
            fn visit_u64<E>(self, _: u64) -> Result<ShallowMap, E> {
                Ok(ShallowMap(None))
            }
            fn visit_f64<E>(self, _: f64) -> Result<ShallowMap, E> {
                Ok(ShallowMap(None))
            }
            fn visit_str<E>(self, _: &str) -> Result<ShallowMap, E> {
                Ok(ShallowMap(None))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut s: A,
            ) -> Result<ShallowMap, A::Error> {
                while s.next_element::<serde::de::IgnoredAny>()?.is_some() {}
                Ok(ShallowMap(None))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut m: A,
            ) -> Result<ShallowMap, A::Error> {
                let mut out: Vec<(String, serde_yaml::Value)> = Vec::new();
                while let Some(Shallow(k)) = m.next_key::<Shallow>()? {
                    let key = yaml::value_to_string(&k).unwrap_or_default();
                    let Shallow(v) = m.next_value()?;
                    if out.iter().any(|(x, _)| *x == key) {
                        return Err(serde::de::Error::custom(format_args!(
                            "duplicate field `{key}`"
                        )));
                    }
                    out.push((key, v));
                }
                Ok(ShallowMap(Some(out)))
            }
        }
        d.deserialize_any(V)
    }
}

impl<'de> serde::Deserialize<'de> for Shallow {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V {
            nested: bool,
        }
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = serde_yaml::Value;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a YAML value")
            }
            fn visit_bool<E>(self, b: bool) -> Result<serde_yaml::Value, E> {
                Ok(serde_yaml::Value::Bool(b))
            }
            fn visit_i64<E>(self, n: i64) -> Result<serde_yaml::Value, E> {
                Ok(serde_yaml::Value::Number(n.into()))
            }
            fn visit_u64<E>(self, n: u64) -> Result<serde_yaml::Value, E> {
                Ok(serde_yaml::Value::Number(n.into()))
            }
            fn visit_f64<E>(self, n: f64) -> Result<serde_yaml::Value, E> {
                Ok(serde_yaml::Value::Number(n.into()))
            }
            // Integers too large for 64 bits: a number all the same (a text field takes
            // them as written, see `TEXT_FIELDS`).
            fn visit_i128<E>(self, n: i128) -> Result<serde_yaml::Value, E> {
                Ok(serde_yaml::Value::Number((n as f64).into()))
            }
            fn visit_u128<E>(self, n: u128) -> Result<serde_yaml::Value, E> {
                Ok(serde_yaml::Value::Number((n as f64).into()))
            }
            fn visit_str<E>(self, s: &str) -> Result<serde_yaml::Value, E> {
                Ok(serde_yaml::Value::String(s.to_string()))
            }
            fn visit_string<E>(self, s: String) -> Result<serde_yaml::Value, E> {
                Ok(serde_yaml::Value::String(s))
            }
            fn visit_unit<E>(self) -> Result<serde_yaml::Value, E> {
                Ok(serde_yaml::Value::Null)
            }
            fn visit_none<E>(self) -> Result<serde_yaml::Value, E> {
                Ok(serde_yaml::Value::Null)
            }
            fn visit_some<D: serde::Deserializer<'de>>(
                self,
                d: D,
            ) -> Result<serde_yaml::Value, D::Error> {
                d.deserialize_any(self)
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut s: A,
            ) -> Result<serde_yaml::Value, A::Error> {
                if self.nested {
                    while s.next_element::<serde::de::IgnoredAny>()?.is_some() {}
                    return Ok(serde_yaml::Value::Mapping(Default::default()));
                }
                let mut items = Vec::new();
                while let Some(Item(v)) = s.next_element::<Item>()? {
                    items.push(v);
                }
                Ok(serde_yaml::Value::Sequence(items))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut m: A,
            ) -> Result<serde_yaml::Value, A::Error> {
                while m
                    .next_entry::<serde::de::IgnoredAny, serde::de::IgnoredAny>()?
                    .is_some()
                {}
                Ok(serde_yaml::Value::Mapping(Default::default()))
            }
        }
        /// An item of a list: a scalar, or anything deeper skipped.
        struct Item(serde_yaml::Value);
        impl<'de> serde::Deserialize<'de> for Item {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                d.deserialize_any(V { nested: true }).map(Item)
            }
        }
        d.deserialize_any(V { nested: false }).map(Shallow)
    }
}

/// Why a front matter value cannot be used for its field, if it cannot.
fn check_field(key: &str, v: &serde_yaml::Value) -> Result<(), String> {
    use serde_yaml::Value;
    let scalar = |v: &Value| !matches!(v, Value::Sequence(_) | Value::Mapping(_));
    match key {
        // A list of cable ids, or one id (a YAML number such as `5` is no cable id).
        "references" => match v {
            Value::Null | Value::String(_) => Ok(()),
            Value::Sequence(items) if items.iter().all(|i| matches!(i, Value::String(_))) => Ok(()),
            _ => Err(format!(
                "must be a list of cable ids, e.g. `[03PHNOMPENH1969, 03STATE329077]`, not `{}`",
                yaml_inline(v)
            )),
        },
        "tags" => match v {
            Value::Sequence(items) if items.iter().all(scalar) => Ok(()),
            Value::Sequence(_) | Value::Mapping(_) => {
                Err("must be a list of TAGS, e.g. `[PREL, CB]`".into())
            }
            _ => Ok(()),
        },
        _ if !scalar(v) => Err("must be a single value, not a list or a map".into()),
        "released" => match yaml::value_to_string(v) {
            None => Ok(()),
            Some(s) if is_release_date(&s) => Ok(()),
            Some(s) => Err(format!(
                "`{}` is not a date (write YYYY-MM-DD, or a year)",
                s.escape_debug()
            )),
        },
        _ => Ok(()),
    }
}

/// A short YAML value as written, for messages.
fn yaml_inline(v: &serde_yaml::Value) -> String {
    let s = serde_yaml::to_string(v).unwrap_or_default();
    let s = s.trim().replace('\n', " ");
    match s.char_indices().nth(60) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s,
    }
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
        let hint = if id.is_empty() {
            "give the cable an id (`id:` in the front matter, or a file named after it)".to_string()
        } else if crate::cable::has_id_characters(&id) {
            format!(
                "an id is at most {} characters (this one has {}; it becomes a file name)",
                crate::cable::MAX_ID_BYTES,
                id.len()
            )
        } else {
            "an id is letters, digits, `-` and `_` only (it becomes a file name)".to_string()
        };
        diags.push(
            Diagnostic::error(
                "bad-id",
                path,
                Some(meta.line_of("id", text_line)),
                format!("cable id `{}` is not usable", id.escape_debug()),
            )
            .with_hint(hint),
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
                // What happens instead, and how the source writes its dates.
                let instead = if parsed.date.is_some() {
                    "using the telegram's own date"
                } else {
                    "the telegram gives none, so it is listed as undated"
                };
                let hint = match row {
                    Some(_) => "a Cablegate dump writes dates as M/D/YYYY H:MM (3/28/1992 6:52)",
                    None => "write dates as YYYY-MM-DD HH:MM",
                };
                // A dump's row: its first line, where the date column is.
                let line = meta.line_of("date", text_line);
                diags.push(
                    Diagnostic::error(
                        "bad-date",
                        path,
                        Some(line),
                        format!("date `{}` is not a valid date; {instead}", s.escape_debug()),
                    )
                    .with_hint(hint),
                );
                parsed.date
            }
        },
        None => parsed.date,
    };
    // (An invalid date was reported above, with what became of it.)
    let bad_date = meta.date.is_some() && parsed.date.is_none() && date.is_none();
    if date.is_none() && !bad_date {
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

    fn read_str(text: &str) -> (Option<Cable>, Vec<String>) {
        let d = Diagnostics::default();
        let c = from_text(Path::new("c.txt"), text.to_string(), &d);
        (c, d.into_sorted().iter().map(|d| d.to_string()).collect())
    }

    const TELEGRAM: &str = "UNCLAS BANGKOK 000100\n\nTAGS: PREL, TH\nSUBJECT: X\n\n1. Text.\n";

    #[test]
    fn unknown_front_matter_fields_are_warnings_naming_their_line() {
        let (c, msgs) = read_str(&format!(
            "---\nid: 04BANGKOK100\nclasification: SECRET\norign: Embassy Bangkok\ndate: 2004-01-05 10:00\n---\n{TELEGRAM}"
        ));
        let c = c.expect("the cable is read");
        assert_eq!(c.id, "04BANGKOK100");
        assert_eq!(
            c.date.map(|d| d.display()).as_deref(),
            Some("2004-01-05 10:00")
        );
        assert_eq!(
            c.classification, "UNCLASSIFIED",
            "from the text, not the misspelt field"
        );
        assert_eq!(msgs.len(), 2, "{msgs:?}");
        assert!(
            msgs[0].starts_with("warning: c.txt:3: unknown field `clasification` is ignored"),
            "{msgs:?}"
        );
        assert!(
            msgs[1].starts_with("warning: c.txt:4: unknown field `orign` is ignored"),
            "{msgs:?}"
        );
        assert!(
            msgs[0].contains("the fields are: id, date, origin, classification"),
            "{msgs:?}"
        );
    }

    #[test]
    fn front_matter_values_of_the_wrong_kind_are_errors_naming_their_line() {
        let (c, msgs) = read_str(&format!(
            "---\nid: 04BANGKOK100\nreleased: yesterday\nreferences: 5\norigin: [a, b]\nclassification: SECRET\ndate: 2004-01-05\n---\n{TELEGRAM}"
        ));
        let c = c.expect("the cable is read, without the bad fields");
        assert_eq!(c.released, None);
        assert!(c.references.is_empty());
        assert_eq!(c.classification, "SECRET", "the good fields are used");
        assert_eq!(msgs.len(), 3, "{msgs:?}");
        assert!(
            msgs[0].starts_with("error: c.txt:3: `released` `yesterday` is not a date"),
            "{msgs:?}"
        );
        assert!(
            msgs[1].starts_with("error: c.txt:4: `references` must be a list of cable ids"),
            "{msgs:?}"
        );
        assert!(
            msgs[2].starts_with("error: c.txt:5: `origin` must be a single value"),
            "{msgs:?}"
        );
        for ok in ["2011", "2011-08", "2011-08-30", "2011-08-30 12:00"] {
            assert!(is_release_date(ok), "{ok}");
        }
        for bad in ["yesterday", "201", "2011-13", "2011-08-32", "08/2011", ""] {
            assert!(!is_release_date(bad), "{bad}");
        }
        // A field given twice, or front matter that is not a map, leaves the file unread.
        let (c, msgs) = read_str(&format!("---\nid: A1\nid: A2\n---\n{TELEGRAM}"));
        assert!(c.is_none());
        assert!(msgs[0].contains("duplicate field `id`"), "{msgs:?}");
        let (c, msgs) = read_str(&format!("---\n- a\n---\n{TELEGRAM}"));
        assert!(c.is_none());
        assert!(
            msgs[0].starts_with("error: c.txt:2: invalid front matter: it must be a set"),
            "{msgs:?}"
        );
        // What the README shows is read without a word.
        let (c, msgs) = read_str(&format!(
            "---\nid: 04BANGKOK100\ndate: 2004-01-05 10:00\norigin: Embassy Bangkok\nclassification: SECRET\nreferences: [03PHNOMPENH1969, 03STATE329077]\nreleased: 2011-08-30\n---\n{TELEGRAM}"
        ));
        assert!(msgs.is_empty(), "{msgs:?}");
        let c = c.unwrap();
        assert_eq!(c.released.as_deref(), Some("2011-08-30"));
        assert_eq!(c.references, ["03PHNOMPENH1969", "03STATE329077"]);
    }
}
