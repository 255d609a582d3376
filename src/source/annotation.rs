//! Annotation files (`content/annotations/**/*.md`) → [`Annotation`]: one editorial note
//! per file, YAML front matter then a Markdown body.
//!
//! Only the file itself is checked here (valid YAML, required fields, well-formed values);
//! whether its cable, paragraph and quote exist is the archive's business
//! (`archive::annotations`). Every problem names the file and the line of the field.

use super::{front_matter, text, yaml};
use crate::cable::CableDate;
use crate::diagnostics::{Diagnostic, Diagnostics};
use rayon::prelude::*;
use serde_yaml::Value;
use std::path::{Path, PathBuf};

/// One editorial note, as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Annotation {
    pub file: PathBuf,
    /// The path below `content/annotations/`, with `/` separators: a stable name for the
    /// note (sort key, feed id).
    pub rel: String,
    /// Line of the front matter's opening `---` (always 1).
    pub line: usize,
    /// The cable it is about, and the line of that field.
    pub cable: String,
    pub cable_line: usize,
    /// The numbered paragraph it belongs to, and the line of that field.
    pub paragraph: Option<u32>,
    pub paragraph_line: usize,
    /// The exact passage it is anchored to, and the line of that field.
    pub quote: Option<String>,
    pub quote_line: usize,
    pub title: Option<String>,
    /// The author as written, and the line of that field.
    pub author: String,
    pub author_line: usize,
    pub date: CableDate,
    /// Person ids it is about, and the line of that field.
    pub people: Vec<String>,
    pub people_line: usize,
    pub body_md: String,
    /// Line of the body's first line in the file.
    pub body_line: usize,
}

const FIELDS: &[&str] = &[
    "cable",
    "paragraph",
    "quote",
    "title",
    "author",
    "date",
    "people",
];

/// Reads every annotation under `content/annotations/`, in parallel, sorted by path.
pub fn read_all(site_dir: &Path, diags: &Diagnostics) -> Vec<Annotation> {
    let dir = site_dir.join("content").join("annotations");
    let files = super::find_files(&dir, &["md", "markdown"], diags);
    files
        .par_iter()
        .filter_map(|p| {
            let rel = p
                .strip_prefix(&dir)
                .unwrap_or(p)
                .to_string_lossy()
                .replace('\\', "/");
            read(p, rel, diags)
        })
        .collect()
}

/// Reads one annotation file.
pub fn read(path: &Path, rel: String, diags: &Diagnostics) -> Option<Annotation> {
    let (content, warning) = match text::read(path) {
        Ok(x) => x,
        Err(d) => {
            diags.push(*d);
            return None;
        }
    };
    diags.extend(warning);
    parse(path, rel, &content, diags)
}

/// Parses an annotation from its text; `None` (with errors reported) if it is unusable.
pub fn parse(path: &Path, rel: String, content: &str, diags: &Diagnostics) -> Option<Annotation> {
    let err = |line: usize, msg: String| Diagnostic::error("annotation", path, Some(line), msg);
    let split = match front_matter::split(content) {
        Ok(s) => s,
        Err(front_matter::Unclosed) => {
            diags.push(
                err(1, "front matter opened with `---` is never closed".into())
                    .with_hint("add a line `---` after the last field"),
            );
            return None;
        }
    };
    let Some(yaml_text) = split.yaml else {
        diags.push(
            err(
                1,
                "an annotation needs front matter (`---`, then cable, author and date, then `---`)"
                    .into(),
            )
            .with_hint("start the file with a line `---`"),
        );
        return None;
    };
    let value: Value = match serde_yaml::from_str(yaml_text) {
        Ok(v) => v,
        Err(e) => {
            diags.push(err(
                yaml::error_line(&e, 2),
                format!(
                    "front matter is not valid YAML: {}",
                    yaml::error_message(&e, 2)
                ),
            ));
            return None;
        }
    };
    let Value::Mapping(map) = value else {
        diags.push(err(
            2,
            "front matter must be a set of `field: value` lines".into(),
        ));
        return None;
    };
    let line_of = |key: &str| field_line(yaml_text, key).unwrap_or(1);
    for k in map.keys() {
        let name = yaml::value_to_string(k).unwrap_or_default();
        if !FIELDS.contains(&name.as_str()) {
            diags.push(yaml::unknown_key(
                "annotation",
                path,
                Some(line_of(&name)),
                "field",
                &name,
                FIELDS,
            ));
        }
    }
    let get = |key: &str| map.get(key).filter(|v| !v.is_null());
    // A number or truth value as written (`cable: 0123`, `title: 1.10`).
    let text_field = |key: &str| {
        let line = field_line(yaml_text, key).and_then(|l| yaml_text.lines().nth(l - 2));
        get(key)
            .and_then(|v| yaml::text_as_written(v, line, key))
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
    };

    let mut ok = true;
    let mut required = |key: &str| {
        let v = text_field(key);
        if v.is_none() {
            let line =
                field_line(yaml_text, key).unwrap_or(split.body_line.saturating_sub(1).max(1));
            diags.push(err(
                line,
                format!("required field `{key}` is missing or empty"),
            ));
            ok = false;
        }
        v
    };
    let cable = required("cable");
    let author = required("author");
    let date_text = required("date");

    let date = match &date_text {
        Some(d) => match CableDate::parse(d) {
            Some(d) => Some(d),
            None => {
                diags.push(
                    err(
                        line_of("date"),
                        format!("date `{}` is not a valid date", d.escape_debug()),
                    )
                    .with_hint("write it as YYYY-MM-DD"),
                );
                ok = false;
                None
            }
        },
        None => None,
    };
    let paragraph = match get("paragraph") {
        None => None,
        Some(v) => match paragraph_number(v) {
            Some(n) => Some(n),
            None => {
                let shown =
                    yaml::value_to_string(v).unwrap_or_else(|| "(a list or mapping)".into());
                diags.push(
                    err(
                        line_of("paragraph"),
                        format!(
                            "paragraph `{}` is not a paragraph number",
                            shown.escape_debug()
                        ),
                    )
                    .with_hint("write the number of the paragraph, e.g. `paragraph: 4`"),
                );
                ok = false;
                None
            }
        },
    };
    let people: Vec<String> = match get("people") {
        None => Vec::new(),
        Some(Value::Sequence(items)) => items
            .iter()
            .filter_map(yaml::value_to_string)
            .map(|s| s.trim().to_string())
            .collect(),
        Some(v) => yaml::value_to_string(v)
            .map(|s| {
                s.split([',', ' '])
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(String::from)
                    .collect()
            })
            .unwrap_or_default(),
    };
    if let Some(c) = &cable {
        if !crate::cable::is_safe_id(c) {
            diags.push(err(
                line_of("cable"),
                format!("`{}` is not a cable id", c.escape_debug()),
            ));
            ok = false;
        }
    }
    if !ok {
        return None;
    }
    Some(Annotation {
        file: path.to_path_buf(),
        rel,
        line: 1,
        cable: cable?,
        cable_line: line_of("cable"),
        paragraph,
        paragraph_line: line_of("paragraph"),
        quote: text_field("quote"),
        quote_line: line_of("quote"),
        title: text_field("title"),
        author: author?,
        author_line: line_of("author"),
        date: date?,
        people,
        people_line: line_of("people"),
        body_md: split.body.to_string(),
        body_line: split.body_line,
    })
}

/// `4`, `"4"`, `par4`, `¶4` → 4.
fn paragraph_number(v: &Value) -> Option<u32> {
    match v {
        Value::Number(n) => n.as_u64().and_then(|n| u32::try_from(n).ok()),
        Value::String(s) => {
            let s = s.trim();
            let s = s
                .strip_prefix("par")
                .or_else(|| s.strip_prefix('¶'))
                .unwrap_or(s)
                .trim();
            s.parse().ok()
        }
        _ => None,
    }
}

/// The file line (1-based, the opening `---` being line 1) of a top-level `key:` in the
/// front matter.
fn field_line(yaml_text: &str, key: &str) -> Option<usize> {
    yaml_text
        .lines()
        .position(|l| {
            let l = l.trim_end();
            l.strip_prefix(key)
                .is_some_and(|rest| rest.starts_with(':'))
                || l.strip_prefix(&format!("\"{key}\""))
                    .is_some_and(|rest| rest.starts_with(':'))
        })
        .map(|i| i + 2)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(s: &str) -> (Option<Annotation>, Vec<String>) {
        let d = Diagnostics::default();
        let a = parse(Path::new("n.md"), "n.md".into(), s, &d);
        (a, d.into_sorted().iter().map(|d| d.to_string()).collect())
    }

    #[test]
    fn reads_fields_and_their_lines() {
        let (a, msgs) = parse_str(
            "---\ncable: 03PHNOMPENH1990\nparagraph: 2\nquote: \"Cambodian Freedom Fighters\"\ntitle: Who?\nauthor: Jane Editor\ndate: 2026-11-20\npeople: [hor-namhong, x]\n---\nBody *md*.\n",
        );
        assert!(msgs.is_empty(), "{msgs:?}");
        let a = a.unwrap();
        assert_eq!(a.cable, "03PHNOMPENH1990");
        assert_eq!(a.cable_line, 2);
        assert_eq!(a.paragraph, Some(2));
        assert_eq!(a.quote_line, 4);
        assert_eq!(a.quote.as_deref(), Some("Cambodian Freedom Fighters"));
        assert_eq!(a.date.ymd(), "2026-11-20");
        assert_eq!(a.people, vec!["hor-namhong", "x"]);
        assert_eq!(a.body_md, "Body *md*.\n");
        assert_eq!(a.body_line, 10);
    }

    #[test]
    fn reports_what_is_wrong_with_the_line() {
        let (a, msgs) = parse_str("---\ncable: X1\nauthor: [unclosed\ndate: 2026-01-01\n---\n");
        assert!(a.is_none());
        assert!(
            msgs[0].starts_with("error: n.md:3:") || msgs[0].starts_with("error: n.md:4:"),
            "{msgs:?}"
        );
        let (a, msgs) = parse_str("---\ncable: X1\ndate: 2026-01-01\n---\nbody\n");
        assert!(a.is_none());
        assert_eq!(
            msgs,
            vec!["error: n.md:4: required field `author` is missing or empty"]
        );
        let (_, msgs) = parse_str("---\ncable: X1\nauthor: A\ndate: 2026-02-30\n---\n");
        assert!(
            msgs[0].starts_with("error: n.md:4: date `2026-02-30` is not a valid date"),
            "{msgs:?}"
        );
        let (_, msgs) =
            parse_str("---\ncable: X1\nauthor: A\ndate: 2026-02-03\nparagraph: two\n---\n");
        assert!(
            msgs[0].starts_with("error: n.md:5: paragraph `two`"),
            "{msgs:?}"
        );
        let (_, msgs) = parse_str("no front matter\n");
        assert!(
            msgs[0].starts_with("error: n.md:1: an annotation needs front matter"),
            "{msgs:?}"
        );
        let (a, msgs) = parse_str("---\ncable: X1\nauthor: A\ndate: 2026-02-03\ncolor: red\n---\n");
        assert!(a.is_some());
        assert!(
            msgs[0].starts_with("warning: n.md:5: unknown field `color`"),
            "{msgs:?}"
        );
    }
}
