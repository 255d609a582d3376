//! Diagnostics: the errors and warnings a build reports, each tied to a file and line.
//!
//! Every stage pushes into one shared [`Diagnostics`] sink; nothing is printed from inside
//! the pipeline, so the CLI decides the format (human or JSON) and tests can assert on them.

use serde::Serialize;
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
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let path = self.path.strip_prefix(".").unwrap_or(&self.path);
        write!(f, "{sev}: {}", path.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(col) = self.column {
                write!(f, ":{col}")?;
            }
        }
        write!(f, ": {}", self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

/// A thread-safe collector shared by every stage of a build.
#[derive(Debug, Default)]
pub struct Diagnostics {
    items: Mutex<Vec<Diagnostic>>,
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

    pub fn error_count(&self) -> usize {
        self.items
            .lock()
            .map(|v| v.iter().filter(|d| d.severity == Severity::Error).count())
            .unwrap_or(0)
    }

    /// All diagnostics in a stable order (path, line, message), so output is reproducible.
    pub fn into_sorted(self) -> Vec<Diagnostic> {
        let mut v = self.items.into_inner().unwrap_or_else(|e| e.into_inner());
        v.sort_by(|a, b| {
            (&a.path, a.line, &a.message, a.severity)
                .cmp(&(&b.path, b.line, &b.message, b.severity))
        });
        v.dedup();
        v
    }
}
