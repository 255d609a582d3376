//! Helpers for tests that build a small site in a temp dir and read what a reader gets.
#![allow(dead_code)]

use cablepress::{build, BuildOptions, BuildReport};
use std::path::{Path, PathBuf};

/// A site written into a temp dir from `(relative path, contents)` pairs, then built into
/// `<tmp>/public`.
pub struct TestSite {
    pub dir: tempfile::TempDir,
    pub report: BuildReport,
}

impl TestSite {
    pub fn build(files: &[(&str, &str)]) -> TestSite {
        Self::build_with(files, &BuildOptions::default())
    }

    pub fn build_with(files: &[(&str, &str)], opts: &BuildOptions) -> TestSite {
        let dir = tempfile::tempdir().expect("temp dir");
        write_files(dir.path(), files);
        let report = build(dir.path(), &dir.path().join("public"), opts).expect("build runs");
        TestSite { dir, report }
    }

    /// Builds a site already written into `dir` (for files `build` cannot write: bytes
    /// that are not UTF-8, odd file names, symlinks).
    pub fn at(dir: tempfile::TempDir) -> TestSite {
        let report = build(
            dir.path(),
            &dir.path().join("public"),
            &BuildOptions::default(),
        )
        .expect("build runs");
        TestSite { dir, report }
    }

    pub fn out(&self) -> PathBuf {
        self.dir.path().join("public")
    }

    /// A page of the built site, as text; panics with the list of pages if it is missing.
    pub fn page(&self, rel: &str) -> String {
        let p = self.out().join(rel);
        std::fs::read_to_string(&p)
            .unwrap_or_else(|e| panic!("{rel}: {e}; diagnostics: {:#?}", self.messages()))
    }

    pub fn exists(&self, rel: &str) -> bool {
        self.out().join(rel).exists()
    }

    /// Every diagnostic as printed (`error: PATH:LINE: message`), with the temp dir
    /// prefix removed.
    pub fn messages(&self) -> Vec<String> {
        let prefix = format!("{}/", self.dir.path().display());
        self.report
            .diagnostics
            .iter()
            .map(|d| d.to_string().replace(&prefix, ""))
            .collect()
    }
}

pub fn write_files(root: &Path, files: &[(&str, &str)]) {
    for (rel, text) in files {
        let p = root.join(rel);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(&p, text).expect("write");
    }
}

/// `../shared` next to the repository, when this machine has it.
pub fn shared() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared");
    if p.join("corpus").is_dir() {
        Some(p)
    } else {
        eprintln!("skipped: ../shared (the real corpus) is not on this machine");
        None
    }
}

/// Whitespace-collapsed text, for assertions that do not care about line breaks.
pub fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What `each` gives of every file under `root` (its path, its metadata), by the path
/// relative to `from`.
pub fn files_under<T>(
    root: &Path,
    from: &Path,
    each: impl Fn(&Path, &std::fs::Metadata) -> T,
) -> std::collections::BTreeMap<String, T> {
    walkdir::WalkDir::new(root)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(from).unwrap();
            let m = e.metadata().unwrap();
            (rel.to_string_lossy().into_owned(), each(e.path(), &m))
        })
        .collect()
}

/// Every file under `root` with its bytes, by relative path.
pub fn snapshot(root: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    files_under(root, root, |p, _| std::fs::read(p).unwrap())
}

/// Copies the registry of 68 real officials (`tests/fixtures/people-real`) into
/// `site/content/people`.
pub fn copy_people_real(site: &Path) {
    let people = site.join("content/people");
    std::fs::create_dir_all(&people).unwrap();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/people-real");
    for e in std::fs::read_dir(fixtures).unwrap().flatten() {
        if e.path().extension().is_some_and(|x| x == "yaml") {
            std::fs::copy(e.path(), people.join(e.file_name())).unwrap();
        }
    }
}
