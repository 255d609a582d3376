//! Diagnostics: the errors and warnings a build reports, each tied to a file and line.
//!
//! Every stage pushes into one shared [`Diagnostics`] sink; nothing is printed from inside
//! the pipeline, so the CLI decides the format (human or JSON) and tests can assert on them.

use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// A short stable name for the kind of problem (`unknown-tag`, `csv-row`, ...).
    pub kind: &'static str,
    #[serde(serialize_with = "serialize_path")]
    pub path: PathBuf,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn new(
        severity: Severity,
        kind: &'static str,
        path: &Path,
        line: Option<usize>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity,
            kind,
            path: path.to_path_buf(),
            line,
            column: None,
            message: message.into(),
            hint: None,
        }
    }

    pub fn error(
        kind: &'static str,
        path: &Path,
        line: Option<usize>,
        msg: impl Into<String>,
    ) -> Self {
        Self::new(Severity::Error, kind, path, line, msg)
    }

    pub fn warning(
        kind: &'static str,
        path: &Path,
        line: Option<usize>,
        msg: impl Into<String>,
    ) -> Self {
        Self::new(Severity::Warning, kind, path, line, msg)
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn with_column(mut self, column: usize) -> Self {
        self.column = Some(column);
        self
    }

    /// The path as printed: `content/x.txt`, not `./content/x.txt`.
    pub fn shown_path(&self) -> String {
        self.path
            .strip_prefix(".")
            .unwrap_or(&self.path)
            .display()
            .to_string()
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{sev}: {}", printable(&self.shown_path()))?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(col) = self.column {
                write!(f, ":{col}")?;
            }
        }
        write!(f, ": {}", printable(&self.message))?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {}", printable(hint))?;
        }
        Ok(())
    }
}

fn serialize_path<S: serde::Serializer>(p: &Path, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&p.strip_prefix(".").unwrap_or(p).to_string_lossy())
}

/// Control characters from content (file names, ids, quoted text) written as `\u{1b}`,
/// so a hostile file name cannot send escape sequences to the terminal of whoever builds.
fn printable(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(char::is_control) {
        return s.into();
    }
    s.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            }
        })
        .collect::<String>()
        .into()
}

/// A thread-safe collector shared by every stage of a build.
#[derive(Debug, Default)]
pub struct Diagnostics {
    items: Mutex<Vec<Diagnostic>>,
    /// Pages the templates could not render, by the place the error was found at and its
    /// message (a typo in `base.html` fails every page of every template built on it):
    /// reported once each.
    render_failures: Mutex<RenderFailures>,
}

#[derive(Debug, Default)]
struct RenderFailures {
    /// Where each template's error was found, and its message without the template's
    /// name when that place is known (worked out once per template and message).
    located: HashMap<(String, String), FailureKey>,
    failures: BTreeMap<FailureKey, RenderFailure>,
}

type FailureKey = (PathBuf, Option<usize>, String);

/// How many pages failed alike, and the first of them in path order.
#[derive(Debug)]
struct RenderFailure {
    count: usize,
    first: String,
}

/// A template error's message without the name of the template being rendered, which
/// differs for every template built on the one at fault (`Failed to render 'list.html'
/// (error happened in a parent template): Variable `x` not found in context while
/// rendering 'list.html'` → ``Variable `x` not found in context``).
fn without_template_name(msg: &str) -> String {
    static PREFIX: once_cell::sync::Lazy<regex::Regex> = once_cell::sync::Lazy::new(|| {
        regex::Regex::new(r"^Failed to render '[^']*'(?: \(error happened in [^)]*\))?: ").unwrap()
    });
    static WHILE: once_cell::sync::Lazy<regex::Regex> =
        once_cell::sync::Lazy::new(|| regex::Regex::new(r" while rendering '[^']*'").unwrap());
    WHILE.replace_all(&PREFIX.replace(msg, ""), "").into_owned()
}

impl Diagnostics {
    pub fn push(&self, d: Diagnostic) {
        if let Ok(mut items) = self.items.lock() {
            items.push(d);
        }
    }

    pub fn extend(&self, ds: impl IntoIterator<Item = Diagnostic>) {
        if let Ok(mut items) = self.items.lock() {
            items.extend(ds);
        }
    }

    /// A page that `template` could not render: reported once per place and message,
    /// with the number of pages and the first of them, at the place `locate` gives (asked
    /// once per template and message: the template file and the line that uses what
    /// failed). Errors found at the same line of a template that others extend are one.
    pub fn render_failed(
        &self,
        template: &str,
        message: String,
        page: &str,
        locate: impl FnOnce() -> (PathBuf, Option<usize>),
    ) {
        let Ok(mut all) = self.render_failures.lock() else {
            return;
        };
        let RenderFailures { located, failures } = &mut *all;
        let key = located
            .entry((template.to_string(), message))
            .or_insert_with_key(|(_, message)| {
                let (path, line) = locate();
                // Without a line the template's name tells errors apart.
                let shown = match line {
                    Some(_) => without_template_name(message),
                    None => message.clone(),
                };
                (path, line, shown)
            });
        match failures.get_mut(key) {
            Some(f) => {
                f.count += 1;
                if page < f.first.as_str() {
                    f.first = page.to_string();
                }
            }
            None => {
                failures.insert(
                    key.clone(),
                    RenderFailure {
                        count: 1,
                        first: page.to_string(),
                    },
                );
            }
        }
    }

    pub fn error_count(&self) -> usize {
        let failures = self
            .render_failures
            .lock()
            .map(|f| f.failures.len())
            .unwrap_or(0);
        self.items
            .lock()
            .map(|v| v.iter().filter(|d| d.severity == Severity::Error).count())
            .unwrap_or(0)
            + failures
    }

    /// All diagnostics in a stable order (path, line, message), so output is reproducible.
    pub fn into_sorted(self) -> Vec<Diagnostic> {
        let mut v = self.items.into_inner().unwrap_or_else(|e| e.into_inner());
        let failures = self
            .render_failures
            .into_inner()
            .unwrap_or_else(|e| e.into_inner())
            .failures;
        v.extend(failures.into_iter().map(|((path, line, message), f)| {
            let what = match f.count {
                1 => f.first,
                n => format!(
                    "{} pages ({} and {} more)",
                    crate::render::html::thousands(n as u64),
                    f.first,
                    crate::render::html::thousands(n as u64 - 1)
                ),
            };
            Diagnostic::error(
                "render",
                &path,
                line,
                format!("cannot render {what}: {message}"),
            )
        }));
        v.sort_by(|a, b| {
            (&a.path, a.line, &a.message, a.severity)
                .cmp(&(&b.path, b.line, &b.message, b.severity))
        });
        v.dedup();
        v
    }
}
