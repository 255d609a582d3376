//! Small helpers for reading YAML front matter leniently: a field that should be text may
//! be written as a number or a date (`id: 1990`, `date: 2026-11-20`), and lists may be
//! written as a single string.

use once_cell::sync::Lazy;
use regex::Regex;
use serde::{Deserialize, Deserializer};

/// The warning for a key the file may not hold (`noun`: `field`, or `setting` for
/// `site.yaml`): it names the key, says it is ignored, and lists the ones there are.
pub fn unknown_key(
    kind: &'static str,
    path: &std::path::Path,
    line: Option<usize>,
    noun: &str,
    key: &str,
    known: &[&str],
) -> crate::diagnostics::Diagnostic {
    crate::diagnostics::Diagnostic::warning(
        kind,
        path,
        line,
        format!("unknown {noun} `{}` is ignored", key.escape_debug()),
    )
    .with_hint(format!("the {noun}s are: {}", known.join(", ")))
}

/// A scalar of any YAML type, as text.
pub fn scalar<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let v = Option::<serde_yaml::Value>::deserialize(d)?;
    Ok(v.and_then(|v| value_to_string(&v)))
}

pub fn value_to_string(v: &serde_yaml::Value) -> Option<String> {
    match v {
        serde_yaml::Value::String(s) => Some(s.clone()),
        serde_yaml::Value::Number(n) => Some(n.to_string()),
        serde_yaml::Value::Bool(b) => Some(b.to_string()),
        serde_yaml::Value::Tagged(t) => value_to_string(&t.value),
        _ => None,
    }
}

/// The value of `key: value` on one line of YAML, as written, without a trailing
/// `# comment`: what a text field means by `0123`, `1.10` or `1e3`, which YAML reads as
/// numbers and writes back as `123`, `1.1`, `1000.0`.
pub fn plain_scalar<'a>(line: &'a str, key: &str) -> Option<&'a str> {
    let rest = line.strip_prefix(key)?.trim_start().strip_prefix(':')?;
    let value = match rest.find(" #") {
        Some(at) => &rest[..at],
        None => rest,
    }
    .trim();
    (!value.is_empty()).then_some(value)
}

/// A text field's value: a number or truth value as written on its line (`line`, the
/// `key: value` line, when known), anything else as [`value_to_string`] gives it.
pub fn text_as_written(v: &serde_yaml::Value, line: Option<&str>, key: &str) -> Option<String> {
    match v {
        serde_yaml::Value::Number(_) | serde_yaml::Value::Bool(_) => line
            .and_then(|l| plain_scalar(l, key))
            .map(str::to_string)
            .or_else(|| value_to_string(v)),
        _ => value_to_string(v),
    }
}

/// A list of scalars, or one string split on `|`, `,` or whitespace.
pub fn string_list<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<String>>, D::Error> {
    let v = Option::<serde_yaml::Value>::deserialize(d)?;
    Ok(match v {
        None | Some(serde_yaml::Value::Null) => None,
        Some(serde_yaml::Value::Sequence(items)) => {
            Some(items.iter().filter_map(value_to_string).collect())
        }
        Some(other) => value_to_string(&other).map(|s| {
            s.split(['|', ',', ' ', '\n'])
                .map(str::trim)
                .filter(|x| !x.is_empty())
                .map(String::from)
                .collect()
        }),
    })
}

/// The 1-based line of a YAML error within the file, given the line the YAML starts on.
pub fn error_line(e: &serde_yaml::Error, yaml_first_line: usize) -> usize {
    e.location()
        .map(|l| l.line() + yaml_first_line - 1)
        .unwrap_or(yaml_first_line)
}

/// A YAML error's message with its line numbers counted in the file, not in the YAML.
pub fn error_message(e: &serde_yaml::Error, yaml_first_line: usize) -> String {
    static LINE: Lazy<Regex> = Lazy::new(|| Regex::new(r"\bline (\d+)").unwrap());
    LINE.replace_all(&e.to_string(), |c: &regex::Captures<'_>| {
        match c[1].parse::<usize>() {
            Ok(n) => format!("line {}", n + yaml_first_line - 1),
            Err(_) => c[0].to_string(),
        }
    })
    .into_owned()
}

/// A YAML error's message without serde_yaml's ` at line L column C` (relative to the
/// front matter, not the file); the diagnostic carries the file line and column instead.
pub fn message_without_location(e: &serde_yaml::Error) -> String {
    static LOC: once_cell::sync::Lazy<regex::Regex> =
        once_cell::sync::Lazy::new(|| regex::Regex::new(r" at line \d+ column \d+").unwrap());
    LOC.replace_all(&e.to_string(), "").into_owned()
}
