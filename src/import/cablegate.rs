//! `cablepress import cablegate-csv DUMP.csv --into DIR`: one `.txt` per row, with front
//! matter carrying the CSV's metadata, so editors can keep cables in version control.

use crate::cable::{is_safe_id, CableDate};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::source::cablegate_csv::{read_rows, Row};
use anyhow::{Context, Result};
use std::collections::HashMap;
use std::path::Path;

/// Writes each row of `dump` as `DIR/<YYYY>/<ID>.txt`; returns how many files were
/// written. A row whose id an earlier row has is skipped with a warning naming both, as
/// the build keeps the first cable of an id: the file would otherwise be overwritten (or,
/// with another year, be a second file of that id).
pub fn import(dump: &Path, into: &Path, diags: &Diagnostics) -> Result<usize> {
    let file =
        std::fs::File::open(dump).with_context(|| format!("cannot open {}", dump.display()))?;
    std::fs::create_dir_all(into).with_context(|| format!("cannot create {}", into.display()))?;
    let mut n = 0;
    let mut failure = None;
    let mut first_row: HashMap<String, usize> = HashMap::new();
    read_rows(
        file,
        dump,
        |row| {
            if failure.is_some() {
                return;
            }
            let id = row.id.trim();
            if is_safe_id(id) {
                if let Some(&first) = first_row.get(id) {
                    diags.push(
                        Diagnostic::warning(
                            "duplicate-id",
                            dump,
                            Some(row.line),
                            format!(
                                "cable {id} is also in {}:{first}; the first row is kept and this one skipped",
                                dump.display()
                            ),
                        )
                        .with_hint("remove one of the two rows, or give them different ids"),
                    );
                    return;
                }
                first_row.insert(id.to_string(), row.line);
            }
            match write_row(&row, into, dump) {
                Ok(None) => n += 1,
                Ok(Some(d)) => diags.push(d),
                Err(e) => failure = Some(e),
            }
        },
        |d| diags.push(d),
    );
    match failure {
        Some(e) => Err(e),
        None => Ok(n),
    }
}

fn yaml_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

/// The front matter and text of one row.
pub fn row_to_file(row: &Row) -> String {
    let mut s = String::from("---\n");
    s.push_str(&format!("id: {}\n", row.id.trim()));
    if let Some(d) = CableDate::parse(&row.date) {
        s.push_str(&format!("date: {}\n", d.display()));
    } else {
        s.push_str(&format!("date: {}\n", yaml_string(&row.date)));
    }
    s.push_str(&format!("origin: {}\n", yaml_string(&row.origin)));
    s.push_str(&format!(
        "classification: {}\n",
        yaml_string(&row.classification)
    ));
    let refs: Vec<&str> = row
        .references
        .split('|')
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .collect();
    s.push_str(&format!(
        "references: [{}]\n",
        refs.iter()
            .map(|r| yaml_string(r))
            .collect::<Vec<_>>()
            .join(", ")
    ));
    s.push_str("---\n");
    s.push_str(row.text());
    if !s.ends_with('\n') {
        s.push('\n');
    }
    s
}

/// Writes one row; `Ok(Some(..))` is a row skipped with a diagnostic, `Err` a failure to write.
fn write_row(row: &Row, into: &Path, dump: &Path) -> Result<Option<Diagnostic>> {
    let id = row.id.trim();
    if !is_safe_id(id) {
        return Ok(Some(Diagnostic::error(
            "bad-id",
            dump,
            Some(row.line),
            format!(
                "cable id `{}` is not usable; row skipped",
                id.escape_debug()
            ),
        )));
    }
    let year = CableDate::parse(&row.date)
        .map(|d| format!("{:04}", d.year))
        .unwrap_or_else(|| "undated".into());
    let dir = into.join(year);
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let path = dir.join(format!("{id}.txt"));
    std::fs::write(&path, row_to_file(row))
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(None)
}
