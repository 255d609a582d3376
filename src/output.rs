//! WRITE: the site goes into a fresh folder beside the output and is swapped in only when
//! the build has finished, so a failed, interrupted or killed build leaves the previous
//! site as it was. A file whose bytes did not change is hard-linked from the previous
//! site, keeping its modification time (rsync and CDNs see no change).

use anyhow::{bail, Context, Result};
use std::fs;
use std::io::Write;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Where a build writes, and what it has written.
pub struct Output {
    /// The final output folder (`public/`).
    pub dest: PathBuf,
    /// The folder being written (`.public.building-<pid>` beside `dest`).
    staging: PathBuf,
    pub written: AtomicUsize,
    pub unchanged: AtomicUsize,
    pub bytes: AtomicUsize,
    /// Every path written, for the sitemap.
    paths: std::sync::Mutex<Vec<String>>,
}

const STAGING_MARK: &str = ".building-";
const OLD_MARK: &str = ".old-";

fn sibling(dest: &Path, mark: &str, id: &str) -> PathBuf {
    let name = dest
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    dest.with_file_name(format!(".{name}{mark}{id}"))
}

impl Output {
    /// Prepares a staging folder, first removing any left behind by killed builds.
    pub fn begin(dest: &Path) -> Result<Output> {
        let dest = if dest.is_absolute() {
            dest.to_path_buf()
        } else {
            std::env::current_dir()?.join(dest)
        };
        let parent = dest
            .parent()
            .context("output folder has no parent")?
            .to_path_buf();
        fs::create_dir_all(&parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
        if dest.exists() && !dest.is_dir() {
            bail!("{} exists and is not a folder", dest.display());
        }
        remove_stale(&dest);
        let staging = sibling(&dest, STAGING_MARK, &std::process::id().to_string());
        if staging.exists() {
            fs::remove_dir_all(&staging).ok();
        }
        fs::create_dir_all(&staging)
            .with_context(|| format!("cannot create {}", staging.display()))?;
        Ok(Output {
            dest,
            staging,
            written: AtomicUsize::new(0),
            unchanged: AtomicUsize::new(0),
            bytes: AtomicUsize::new(0),
            paths: std::sync::Mutex::new(Vec::new()),
        })
    }

    /// Writes one file at a site-relative path. The path is checked: it must stay inside
    /// the output folder.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        let rel_path = safe_relative(rel)?;
        let target = self.staging.join(&rel_path);
        if let Some(dir) = target.parent() {
            fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        }
        self.bytes.fetch_add(bytes.len(), Ordering::Relaxed);
        if let Ok(mut paths) = self.paths.lock() {
            paths.push(rel.to_string());
        }
        let previous = self.dest.join(&rel_path);
        if same_content(&previous, bytes) && fs::hard_link(&previous, &target).is_ok() {
            self.unchanged.fetch_add(1, Ordering::Relaxed);
            return Ok(());
        }
        let mut f = fs::File::create(&target)
            .with_context(|| format!("cannot write {}", target.display()))?;
        f.write_all(bytes)
            .with_context(|| format!("cannot write {}", target.display()))?;
        self.written.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    /// The paths written so far, sorted.
    pub fn paths(&self) -> Vec<String> {
        let mut p = self.paths.lock().map(|p| p.clone()).unwrap_or_default();
        p.sort();
        p
    }

    pub fn files(&self) -> usize {
        self.written.load(Ordering::Relaxed) + self.unchanged.load(Ordering::Relaxed)
    }

    /// Swaps the finished site in place of the previous one.
    pub fn commit(self) -> Result<PathBuf> {
        let old = sibling(&self.dest, OLD_MARK, &std::process::id().to_string());
        if self.dest.exists() {
            fs::rename(&self.dest, &old)
                .with_context(|| format!("cannot move {} aside", self.dest.display()))?;
        }
        if let Err(e) = fs::rename(&self.staging, &self.dest) {
            // Put the previous site back.
            let _ = fs::rename(&old, &self.dest);
            return Err(e)
                .with_context(|| format!("cannot move the new site to {}", self.dest.display()));
        }
        if old.exists() {
            fs::remove_dir_all(&old).ok();
        }
        Ok(self.dest.clone())
    }

    /// Drops the staging folder; the previous site stays.
    pub fn abandon(self) {
        fs::remove_dir_all(&self.staging).ok();
    }
}

/// Removes staging and old folders that killed builds left beside `dest`; restores the
/// previous site if a build was killed between the two renames of a commit.
fn remove_stale(dest: &Path) {
    let Some(parent) = dest.parent() else { return };
    let Some(name) = dest.file_name().map(|n| n.to_string_lossy().into_owned()) else {
        return;
    };
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    let mut olds = Vec::new();
    for e in entries.flatten() {
        let n = e.file_name().to_string_lossy().into_owned();
        if n.starts_with(&format!(".{name}{STAGING_MARK}")) {
            fs::remove_dir_all(e.path()).ok();
        } else if n.starts_with(&format!(".{name}{OLD_MARK}")) {
            olds.push(e.path());
        }
    }
    for old in olds {
        if !dest.exists() {
            let _ = fs::rename(&old, dest);
        } else {
            fs::remove_dir_all(&old).ok();
        }
    }
}

fn same_content(path: &Path, bytes: &[u8]) -> bool {
    match fs::metadata(path) {
        Ok(m) if m.is_file() && m.len() == bytes.len() as u64 => {
            fs::read(path).map(|old| old == bytes).unwrap_or(false)
        }
        _ => false,
    }
}

/// A site-relative path that cannot leave the output folder: no `..`, no root, no
/// drive, no empty or control-character names.
pub fn safe_relative(rel: &str) -> Result<PathBuf> {
    if rel.is_empty()
        || rel.chars().any(|c| c.is_control())
        || rel.contains('\\')
        || rel
            .split('/')
            .any(|seg| seg.is_empty() || seg == "." || seg == "..")
    {
        bail!("refusing to write {rel:?}: not a safe path");
    }
    let p = Path::new(rel);
    for comp in p.components() {
        match comp {
            Component::Normal(_) => {}
            _ => bail!("refusing to write {rel:?}: the path would leave the output folder"),
        }
    }
    Ok(p.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_from_content_cannot_escape() {
        assert!(safe_relative("cable/2003/12/X.html").is_ok());
        for bad in [
            "../x",
            "/etc/passwd",
            "a/../../b",
            "",
            "a\0b",
            "a\\b",
            "a/./b",
        ] {
            assert!(safe_relative(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn unchanged_files_keep_their_inode_and_a_commit_replaces_the_site() {
        let tmp = tempfile::tempdir().unwrap();
        let dest = tmp.path().join("public");
        let o = Output::begin(&dest).unwrap();
        o.write("a/b.html", b"one").unwrap();
        o.write("c.html", b"two").unwrap();
        o.commit().unwrap();
        let ino = |p: &Path| std::os::unix::fs::MetadataExt::ino(&fs::metadata(p).unwrap());
        let before = ino(&dest.join("a/b.html"));
        let o = Output::begin(&dest).unwrap();
        o.write("a/b.html", b"one").unwrap();
        o.write("c.html", b"changed").unwrap();
        assert_eq!(o.unchanged.load(Ordering::Relaxed), 1);
        o.commit().unwrap();
        assert_eq!(ino(&dest.join("a/b.html")), before);
        assert_eq!(fs::read(dest.join("c.html")).unwrap(), b"changed");
        let leftovers: Vec<_> = fs::read_dir(tmp.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(leftovers, vec![std::ffi::OsString::from("public")]);
    }

    #[test]
    fn an_abandoned_build_leaves_the_previous_site() {
        let tmp = tempfile::tempdir().unwrap();
        let dest = tmp.path().join("public");
        let o = Output::begin(&dest).unwrap();
        o.write("index.html", b"old").unwrap();
        o.commit().unwrap();
        let o = Output::begin(&dest).unwrap();
        o.write("index.html", b"new").unwrap();
        o.abandon();
        assert_eq!(fs::read(dest.join("index.html")).unwrap(), b"old");
    }
}
