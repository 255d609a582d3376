//! WRITE: the site goes into a fresh folder beside the output and is swapped in only when
//! the build has finished, so a failed, interrupted or killed build leaves the previous
//! site as it was. A file whose bytes did not change is hard-linked from the previous
//! site, keeping its modification time (rsync and CDNs see no change).
//!
//! On Linux the swap is one atomic `renameat2(RENAME_EXCHANGE)`, so there is no moment
//! without a site; elsewhere it is two renames, and a build killed between them has its
//! previous site put back by the next one. A lock on the output's parent folder keeps two
//! builds from writing the same output at once.

use anyhow::{bail, Context, Result};
use std::collections::{HashMap, HashSet};
use std::fs;
use std::io::Write;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use crate::uptodate::{content_hash, ContentHash, PreviousFiles, Stamp};

/// Where a build writes, and what it has written.
pub struct Output {
    /// The final output folder (`public/`).
    pub dest: PathBuf,
    /// The folder being written (`.public.building-<pid>` beside `dest`).
    staging: PathBuf,
    pub written: AtomicUsize,
    pub unchanged: AtomicUsize,
    pub bytes: AtomicUsize,
    /// Paths written so far: a second write to one path is a defect, never an overwrite
    /// (a hard-linked file shares its bytes with the previous site).
    /// With each, once written, its size and modification time (for the up-to-date
    /// check, so it need not walk a million files after the build).
    /// Sharded by path, so threads writing at once seldom wait for each other.
    paths: Vec<Mutex<PathMap>>,
    /// Held until the build is committed or abandoned (`None` where folders cannot be locked).
    _lock: Option<fs::File>,
    /// Writing straight into `dest` (the preview server's partial updates), each file
    /// replaced by a rename so a reader never sees half of it.
    in_place: bool,
    /// Whether there is a previous site to compare with (a first build skips the lookups).
    has_previous: bool,
    /// What the previous build recorded of its files (see [`Output::with_previous`]).
    previous: Option<PreviousFiles>,
    /// Folders created so far (each is created once, not once per file).
    dirs: std::sync::RwLock<HashSet<PathBuf, PathHash>>,
    /// Set when a write found the disk (or the quota) full.
    disk_full: std::sync::atomic::AtomicBool,
    not_written: AtomicUsize,
}

/// A boxed path is two words and its bytes exactly (a `PathBuf` is three, and built a
/// component at a time it has room to spare): the table holds every file of the site.
type PathMap = HashMap<Box<Path>, Option<(Stamp, ContentHash)>, PathHash>;

/// FNV-1a: the path tables take a path per file written (a million at Cablegate scale),
/// the paths are the site's own, and nothing here needs a keyed hash.
#[derive(Clone, Copy)]
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl std::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ b as u64).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

type PathHash = std::hash::BuildHasherDefault<Fnv>;

/// Shards of the written-paths table.
const PATH_SHARDS: usize = 64;

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
        if dest.file_name().is_none()
            || dest
                .components()
                .any(|c| matches!(c, Component::CurDir | Component::ParentDir))
        {
            bail!(
                "output folder {} must be a plain folder name, without `.` or `..`",
                dest.display()
            );
        }
        let meta = fs::symlink_metadata(&dest);
        if meta.as_ref().is_ok_and(|m| m.file_type().is_symlink()) {
            bail!(
                "output folder {} is a symlink; give the folder it points to",
                dest.display()
            );
        }
        if meta.is_ok() && !dest.is_dir() {
            bail!("{} exists and is not a folder", dest.display());
        }
        // Wait for any other build writing beside this output; the lock ends with the
        // process, so a killed build never leaves it held.
        let lock = fs::File::open(&parent).ok().filter(|f| f.lock().is_ok());
        remove_stale(&dest);
        let staging = sibling(&dest, STAGING_MARK, &std::process::id().to_string());
        if staging.exists() {
            fs::remove_dir_all(&staging).ok();
        }
        fs::create_dir_all(&staging)
            .with_context(|| format!("cannot create {}", staging.display()))?;
        let has_previous = dest.is_dir();
        Ok(Output {
            dest,
            staging,
            written: AtomicUsize::new(0),
            unchanged: AtomicUsize::new(0),
            bytes: AtomicUsize::new(0),
            paths: (0..PATH_SHARDS).map(|_| Mutex::default()).collect(),
            _lock: lock,
            in_place: false,
            has_previous,
            previous: None,
            dirs: std::sync::RwLock::default(),
            disk_full: std::sync::atomic::AtomicBool::new(false),
            not_written: AtomicUsize::new(0),
        })
    }

    /// Compares what is rendered with what the previous build recorded of its files (size,
    /// modification time, content hash): a file whose bytes hash as recorded, and which
    /// is still as that build left it, is kept without being read. Any other is read and
    /// compared as before. Without it every kept file of the previous site is read.
    pub fn with_previous(mut self, previous: Option<PreviousFiles>) -> Output {
        if self.has_previous {
            self.previous = previous;
        }
        self
    }

    /// An output that updates a built site in place: for re-rendering the few pages an
    /// edit touches while the site is being served. Unchanged files are left alone.
    pub fn in_place(dest: &Path) -> Result<Output> {
        if !dest.is_dir() {
            bail!("{} is not a built site", dest.display());
        }
        Ok(Output {
            dest: dest.to_path_buf(),
            staging: dest.to_path_buf(),
            written: AtomicUsize::new(0),
            unchanged: AtomicUsize::new(0),
            bytes: AtomicUsize::new(0),
            paths: (0..PATH_SHARDS).map(|_| Mutex::default()).collect(),
            _lock: None,
            in_place: true,
            has_previous: true,
            previous: None,
            dirs: std::sync::RwLock::default(),
            disk_full: std::sync::atomic::AtomicBool::new(false),
            not_written: AtomicUsize::new(0),
        })
    }

    fn write_in_place(&self, rel_path: &Path, bytes: &[u8]) -> Result<()> {
        let target = self.dest.join(rel_path);
        if same_content(&target, bytes).is_some() {
            self.unchanged.fetch_add(1, Ordering::Relaxed);
            return Ok(());
        }
        if let Some(dir) = target.parent() {
            fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        }
        let tmp = target.with_extension(format!("cablepress-{}.tmp", std::process::id()));
        fs::write(&tmp, bytes).with_context(|| format!("cannot write {}", tmp.display()))?;
        // A rename replaces the name, not the file: the previous build's hard-linked copy
        // elsewhere is untouched.
        fs::rename(&tmp, &target).with_context(|| format!("cannot write {}", target.display()))?;
        self.written.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    /// Writes one file at a site-relative path. The path is checked: it must stay inside
    /// the output folder.
    ///
    /// Once the disk is full, the first failure is returned and the files after it are
    /// not attempted, only counted ([`Output::not_written`]): one clear error, not a
    /// million.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        if self.disk_full.load(Ordering::Relaxed) {
            self.not_written.fetch_add(1, Ordering::Relaxed);
            return Ok(());
        }
        let result = self.write_file(rel, bytes);
        if let Err(e) = &result {
            let full = e.chain().any(|c| {
                c.downcast_ref::<std::io::Error>().is_some_and(|io| {
                    matches!(
                        io.kind(),
                        std::io::ErrorKind::StorageFull | std::io::ErrorKind::QuotaExceeded
                    )
                })
            });
            // Threads that hit it at the same time: only the first reports.
            if full && self.disk_full.swap(true, Ordering::SeqCst) {
                self.not_written.fetch_add(1, Ordering::Relaxed);
                return Ok(());
            }
        }
        result
    }

    /// Files not attempted because the disk was full.
    pub fn not_written(&self) -> usize {
        self.not_written.load(Ordering::Relaxed)
    }

    fn write_file(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        let rel_path = safe_relative(rel)?;
        if let Ok(mut paths) = self.shard(&rel_path).lock() {
            if paths.insert(rel_path.as_path().into(), None).is_some() {
                bail!("two pages would be written to {rel}; the second is skipped");
            }
        }
        if self.in_place {
            self.bytes.fetch_add(bytes.len(), Ordering::Relaxed);
            return self.write_in_place(&rel_path, bytes);
        }
        let target = self.staging.join(&rel_path);
        if let Some(dir) = rel_path.parent() {
            self.make_dir(dir)?;
        }
        self.bytes.fetch_add(bytes.len(), Ordering::Relaxed);
        let hash = content_hash(bytes);
        if self.has_previous {
            let previous = self.dest.join(&rel_path);
            let recorded = self.previous.as_ref().and_then(|p| p.get(&rel_path));
            let kept = match recorded {
                // As the last build left it and the same bytes: no need to read it.
                Some((stamp, h)) if h == hash && stamp.0 == bytes.len() as u64 => {
                    fs::symlink_metadata(&previous)
                        .ok()
                        .filter(|m| m.is_file() && crate::uptodate::stamp(m) == stamp)
                }
                _ => None,
            }
            .or_else(|| same_content(&previous, bytes));
            if let Some(meta) = kept {
                if fs::hard_link(&previous, &target).is_ok() {
                    self.unchanged.fetch_add(1, Ordering::Relaxed);
                    self.stamp(&rel_path, &meta, hash);
                    return Ok(());
                }
            }
        }
        // `create_new`: never write through a file that might be a hard link to the old site.
        let mut f = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&target)
            .with_context(|| format!("cannot write {}", target.display()))?;
        f.write_all(bytes)
            .with_context(|| format!("cannot write {}", target.display()))?;
        self.written.fetch_add(1, Ordering::Relaxed);
        if let Ok(meta) = f.metadata() {
            self.stamp(&rel_path, &meta, hash);
        }
        Ok(())
    }

    fn shard(&self, rel_path: &Path) -> &Mutex<PathMap> {
        // The whole path's bytes (the tables themselves hash it component by component).
        let mut h = Fnv::default();
        std::hash::Hasher::write(&mut h, rel_path.as_os_str().as_encoded_bytes());
        &self.paths[(std::hash::Hasher::finish(&h) % PATH_SHARDS as u64) as usize]
    }

    /// Records a written file's size, time and content hash on the entry `write_file`
    /// made for it.
    fn stamp(&self, rel_path: &Path, meta: &fs::Metadata, hash: ContentHash) {
        if let Ok(mut paths) = self.shard(rel_path).lock() {
            if let Some(stamp) = paths.get_mut(rel_path) {
                *stamp = Some((crate::uptodate::stamp(meta), hash));
            }
        }
    }

    /// Every file this build wrote (or kept), with its size, modification time and
    /// content hash.
    pub fn take_stamps(&self) -> Vec<(PathBuf, Stamp, ContentHash)> {
        // Sized once: a million entries grown a doubling at a time would copy them all
        // and hold twice their room at the end of the build, its peak of memory.
        let len = self
            .paths
            .iter()
            .map(|shard| shard.lock().map_or(0, |p| p.len()))
            .sum();
        let mut all = Vec::with_capacity(len);
        for shard in &self.paths {
            if let Ok(mut p) = shard.lock() {
                all.extend(
                    std::mem::take(&mut *p)
                        .into_iter()
                        .filter_map(|(path, stamp)| {
                            let (stamp, hash) = stamp?;
                            Some((path.into_path_buf(), stamp, hash))
                        }),
                );
            }
        }
        all
    }

    /// Creates a staging folder (site-relative) unless this build already has.
    fn make_dir(&self, rel_dir: &Path) -> Result<()> {
        if rel_dir.as_os_str().is_empty() {
            return Ok(());
        }
        if self.dirs.read().is_ok_and(|d| d.contains(rel_dir)) {
            return Ok(());
        }
        let dir = self.staging.join(rel_dir);
        fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
        if let Ok(mut d) = self.dirs.write() {
            d.insert(rel_dir.to_path_buf());
        }
        Ok(())
    }

    /// The paths written so far (`/`-separated) that end with `suffix`, sorted: for the
    /// sitemap (only the pages; a site has three times as many other files).
    pub fn paths_ending(&self, suffix: &str) -> Vec<String> {
        let mut p: Vec<String> = Vec::new();
        for shard in &self.paths {
            if let Ok(s) = shard.lock() {
                p.extend(
                    s.keys()
                        .map(|x| x.to_string_lossy())
                        .filter(|x| x.ends_with(suffix))
                        .map(|x| x.replace('\\', "/")),
                );
            }
        }
        p.sort_unstable();
        p
    }

    pub fn files(&self) -> usize {
        self.written.load(Ordering::Relaxed) + self.unchanged.load(Ordering::Relaxed)
    }

    /// Swaps the finished site in place of the previous one.
    pub fn commit(self) -> Result<PathBuf> {
        if self.in_place {
            return Ok(self.dest.clone());
        }
        #[cfg(target_os = "linux")]
        if self.dest.exists() && exchange(&self.staging, &self.dest).is_ok() {
            // The staging name now holds the previous site; a build killed before this
            // removal has it removed by the next build.
            fs::remove_dir_all(&self.staging).ok();
            return Ok(self.dest.clone());
        }
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
        if self.in_place {
            return; // already written file by file; nothing staged
        }
        fs::remove_dir_all(&self.staging).ok();
    }
}

/// Swaps two paths in one atomic step (Linux 3.15+, on file systems that support it).
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let ca = CString::new(a.as_os_str().as_bytes())?;
    let cb = CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: both are valid NUL-terminated paths; AT_FDCWD makes them relative to the
    // working directory (they are absolute here anyway).
    let r = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            ca.as_ptr(),
            libc::AT_FDCWD,
            cb.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if r == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
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

/// Refuses an output folder that would replace the site itself (`-o .`, `-o ..`), sit
/// among its sources (where the next build would read the output as content), or replace
/// a folder that holds something other than a built site (`-o ~`).
pub fn check_location(site_dir: &Path, out_dir: &Path) -> Result<()> {
    let Ok(site) = fs::canonicalize(site_dir) else {
        return Ok(());
    };
    let out = if out_dir.is_absolute() {
        out_dir.to_path_buf()
    } else {
        std::env::current_dir()?.join(out_dir)
    };
    // Resolve what exists of the output path (its parent may be a symlink, `..`, ...).
    let mut existing = out.as_path();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.parent(), existing.file_name()) {
            (Some(p), Some(n)) => {
                rest.push(n.to_os_string());
                existing = p;
            }
            _ => break,
        }
    }
    let mut resolved = fs::canonicalize(existing).unwrap_or_else(|_| existing.to_path_buf());
    for n in rest.into_iter().rev() {
        resolved.push(n);
    }
    if site.starts_with(&resolved) {
        bail!("output folder {} would replace the site folder {} itself; use a folder inside it such as public/", out_dir.display(), site_dir.display());
    }
    if out.is_dir()
        && !out.join("index.html").exists()
        && fs::read_dir(&out)
            .map(|mut d| d.next().is_some())
            .unwrap_or(false)
    {
        bail!(
            "{} is not empty and holds no index.html, so it does not look like a built site; \
             cablepress replaces its output folder whole and will not replace this one (choose another output folder, or empty it first)",
            out_dir.display()
        );
    }
    for src in ["content", "templates", "static"] {
        if resolved.starts_with(site.join(src)) {
            bail!("output folder {} is inside the site's {src}/ folder; the next build would read it as input", out_dir.display());
        }
    }
    Ok(())
}

/// The previous file's metadata when it holds exactly `bytes`.
fn same_content(path: &Path, bytes: &[u8]) -> Option<fs::Metadata> {
    // Only a regular file is reused: never a symlink someone left in the output.
    match fs::symlink_metadata(path) {
        Ok(m) if m.is_file() && m.len() == bytes.len() as u64 => {
            fs::read(path).ok().filter(|old| old == bytes).map(|_| m)
        }
        _ => None,
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

    #[test]
    fn a_build_killed_between_the_two_renames_gets_its_previous_site_back() {
        let tmp = tempfile::tempdir().unwrap();
        let dest = tmp.path().join("public");
        // What the fallback commit leaves if killed after moving the old site aside.
        let old = sibling(&dest, OLD_MARK, "4242");
        fs::create_dir_all(&old).unwrap();
        fs::write(old.join("index.html"), b"previous").unwrap();
        let staging = sibling(&dest, STAGING_MARK, "4242");
        fs::create_dir_all(&staging).unwrap();
        fs::write(staging.join("index.html"), b"half").unwrap();
        let o = Output::begin(&dest).unwrap();
        assert_eq!(fs::read(dest.join("index.html")).unwrap(), b"previous");
        assert!(!old.exists() && !staging.exists());
        o.abandon();
        let left: Vec<_> = fs::read_dir(tmp.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(left, vec![std::ffi::OsString::from("public")]);
    }

    #[test]
    fn a_second_build_waits_for_the_first_instead_of_removing_its_staging_folder() {
        let tmp = tempfile::tempdir().unwrap();
        let dest = tmp.path().join("public");
        let first = Output::begin(&dest).unwrap();
        first.write("index.html", b"first").unwrap();
        let d = dest.clone();
        let second = std::thread::spawn(move || {
            let o = Output::begin(&d).unwrap();
            o.write("index.html", b"second").unwrap();
            o.commit().unwrap();
        });
        std::thread::sleep(std::time::Duration::from_millis(300));
        assert!(
            first.staging.join("index.html").exists(),
            "the second build removed the first one's files"
        );
        first.commit().unwrap();
        second.join().unwrap();
        assert_eq!(fs::read(dest.join("index.html")).unwrap(), b"second");
    }

    #[test]
    fn one_path_is_written_once_and_never_through_a_hard_link() {
        let tmp = tempfile::tempdir().unwrap();
        let dest = tmp.path().join("public");
        let o = Output::begin(&dest).unwrap();
        o.write("a.html", b"old").unwrap();
        o.commit().unwrap();
        let o = Output::begin(&dest).unwrap();
        o.write("a.html", b"old").unwrap(); // hard-linked to the previous site's file
        let err = o.write("a.html", b"other").unwrap_err();
        assert!(format!("{err:#}").contains("two pages would be written to a.html"));
        o.abandon();
        assert_eq!(
            fs::read(dest.join("a.html")).unwrap(),
            b"old",
            "the previous site was written through"
        );
    }

    #[test]
    #[cfg(unix)]
    fn symlinks_in_the_previous_site_are_not_reused() {
        let tmp = tempfile::tempdir().unwrap();
        let dest = tmp.path().join("public");
        fs::create_dir_all(&dest).unwrap();
        fs::write(tmp.path().join("secret"), b"same").unwrap();
        std::os::unix::fs::symlink(tmp.path().join("secret"), dest.join("index.html")).unwrap();
        let o = Output::begin(&dest).unwrap();
        o.write("index.html", b"same").unwrap();
        o.commit().unwrap();
        assert!(!fs::symlink_metadata(dest.join("index.html"))
            .unwrap()
            .file_type()
            .is_symlink());
    }
}
