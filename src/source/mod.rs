//! READ: find a site's content files and parse each kind. Files are read in parallel;
//! a file that cannot be read or parsed is reported and skipped, never fatal.

pub mod annotation;
pub mod cable_file;
pub mod cablegate_csv;
pub mod front_matter;
pub mod page;
pub mod person;
pub mod telegram;
pub mod text;
pub mod uncached;
pub mod yaml;

use crate::cable::Cable;
use crate::diagnostics::{Diagnostic, Diagnostics};
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// Files under `dir` (at any depth) whose extension is one of `exts`, in a stable order.
/// Hidden files and folders are skipped; symlinks are not followed (one with such an
/// extension is a warning, so a linked file is not left out unnoticed).
pub fn find_files(dir: &Path, exts: &[&str], diags: &Diagnostics) -> Vec<PathBuf> {
    if !dir.is_dir() {
        return Vec::new();
    }
    let mut out = Vec::new();
    let walker = walkdir::WalkDir::new(dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter();
    for entry in
        walker.filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
    {
        match entry {
            Ok(e) if e.file_type().is_file() => {
                if has_extension(e.path(), exts) {
                    out.push(e.into_path());
                }
            }
            Ok(e) if e.path_is_symlink() && e.depth() > 0 => {
                if has_extension(e.path(), exts) {
                    diags.push(
                        Diagnostic::warning(
                            "symlink",
                            e.path(),
                            None,
                            "is a symlink, and links inside the site's folders are not followed: it is not read",
                        )
                        .with_hint("copy the file here, or link the whole folder (content/cables itself may be a link)"),
                    );
                }
            }
            Ok(_) => {}
            Err(err) => {
                let p = err
                    .path()
                    .map(Path::to_path_buf)
                    .unwrap_or_else(|| dir.to_path_buf());
                diags.push(Diagnostic::error(
                    "io",
                    &p,
                    None,
                    format!("cannot read folder entry: {err}"),
                ));
            }
        }
    }
    out
}

/// Does `path` end with one of `exts` (lower case), in any case?
fn has_extension(path: &Path, exts: &[&str]) -> bool {
    let ext = path
        .extension()
        .and_then(|x| x.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    exts.contains(&ext.as_str())
}

/// Reads every cable under `content/cables/`: `.txt` files in parallel, then each `.csv`
/// dump streaming (its rows parsed in parallel).
pub fn read_cables(site_dir: &Path, diags: &Diagnostics) -> Vec<Cable> {
    let dir = site_dir.join("content").join("cables");
    let files = find_files(&dir, &["txt", "csv"], diags);
    let (csvs, txts): (Vec<_>, Vec<_>) = files
        .into_iter()
        .partition(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv")));
    let mut cables: Vec<Cable> = txts
        .par_iter()
        .filter_map(|p| cable_file::read(p, diags))
        .collect();
    for csv in csvs {
        cables.extend(cablegate_csv::read(&csv, diags));
    }
    cables
}
