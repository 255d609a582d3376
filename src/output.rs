//! WRITE: nothing the build writes goes into the output folder until the build has
//! finished, so a failed, interrupted or killed build leaves the previous site as it was.
//! A file whose bytes did not change is left where it is, keeping its modification time
//! (rsync and CDNs see no change); the others go into a staging folder beside the output.
//!
//! The commit then takes one of two ways:
//! - **Few files changed** (at most a tenth of the site, the usual rebuild after an
//!   edit): the changed files are renamed into the site one by one and the files the
//!   new build does not have are removed. The commit is written down first (the staging
//!   folder is renamed to `.public.commit-<pid>`, beside a list of what to remove), so a
//!   build killed halfway through it is finished by the next one. Each file is replaced
//!   in one rename: a reader never sees half a page.
//! - **Many changed, or a first build**: the unchanged files are hard-linked into the
//!   staging folder, which is then swapped for the site. On Linux the swap is one atomic
//!   `renameat2(RENAME_EXCHANGE)`, so there is no moment without a site; elsewhere it is
//!   two renames, and a build killed between them has its previous site put back by the
//!   next one.
//!
//! A lock on the output's parent folder keeps two builds from writing the same output at
//! once.
//!
//! An output folder that is a mount point (a Docker bind mount, a partition of its own)
//! can be neither swapped nor reached by a rename from beside it. `begin` finds that out
//! before writing anything (a probe file renamed from the staging folder into the
//! output), and then stages inside the output instead (`public/.cablepress.building-<pid>`)
//! and always commits in place, by renames within the output's own file system.
//!
//! Entries at the top of the output whose names begin with `.` (a `.git` of a gh-pages
//! worktree, `.well-known`, `.nojekyll`) and `lost+found` are never written by cablepress
//! and are kept by every commit; the build's own hidden folders are among them.

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
    /// Paths written so far: a second write to one path is a defect, never an overwrite.
    /// With each, once written, whether it was kept or staged, and its size, modification
    /// time and content hash (for the up-to-date check, so it need not walk a million
    /// files after the build). Sharded by path, so threads writing at once seldom wait
    /// for each other.
    paths: Vec<Mutex<PathMap>>,
    /// Held until the build is committed or abandoned (`None` where folders cannot be locked).
    _lock: Option<fs::File>,
    /// Writing straight into `dest` (the preview server's partial updates), each file
    /// replaced by a rename so a reader never sees half of it.
    in_place: bool,
    /// Staging inside `dest`, which is a mount point: commits are always in place.
    inside: bool,
    /// Whether there is a previous site to compare with (a first build skips the lookups).
    has_previous: bool,
    /// What the previous build recorded of its files (see [`Output::with_previous`]).
    previous: Option<PreviousFiles>,
    /// Folders created so far (each is created once, not once per file).
    dirs: std::sync::RwLock<HashSet<PathBuf, PathHash>>,
    /// Set when a write found the disk (or the quota) full.
    disk_full: std::sync::atomic::AtomicBool,
    not_written: AtomicUsize,
    /// Writes a large output back to disk as it goes (see [`crate::writeback`]).
    writeback: crate::writeback::Writeback,
}

/// A boxed path is two words and its bytes exactly (a `PathBuf` is three, and built a
/// component at a time it has room to spare): the table holds every file of the site.
type PathMap = HashMap<Box<Path>, Entry, PathHash>;

/// What became of one path of the site.
#[derive(Clone, Copy)]
enum Entry {
    /// Being written.
    Pending,
    /// Written into the staging folder.
    Staged(Stamp, ContentHash),
    /// The previous site's file holds these bytes already: left where it is.
    Kept(Stamp, ContentHash),
}

/// A commit renames the changed files into the site, instead of swapping in a whole new
/// one, when they are at most this share of its files.
const IN_PLACE_SHARE: usize = 10;

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
/// A staging folder whose files are being renamed into the site (see the module notes).
const COMMIT_MARK: &str = ".commit-";
/// Beside it: the site-relative paths the commit removes, each ended by a NUL byte.
const REMOVE_MARK: &str = ".remove-";

fn sibling(dest: &Path, mark: &str, id: &str) -> PathBuf {
    let name = dest
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    dest.with_file_name(format!(".{name}{mark}{id}"))
}

/// A scratch folder beside the output for this process's `what` (the preview server's
/// search index, made whole before any of it goes in). Named like a build's staging
/// folder, so one a killed process left behind is removed by the next build.
pub fn scratch_beside(dest: &Path, what: &str) -> PathBuf {
    sibling(
        dest,
        STAGING_MARK,
        &format!("{what}-{}", std::process::id()),
    )
}

/// The prefix of the build's own folders and lists inside an output that is a mount point.
const INSIDE_PREFIX: &str = ".cablepress";

/// A build's folder or list: beside the output, or inside it when it is a mount point.
fn mark_path(dest: &Path, inside: bool, mark: &str, id: &str) -> PathBuf {
    if inside {
        dest.join(format!("{INSIDE_PREFIX}{mark}{id}"))
    } else {
        sibling(dest, mark, id)
    }
}

/// Entries at the top of the output that no build writes and every commit keeps: hidden
/// ones (`.git`, `.well-known`, the build's own staging inside a mount point) and a
/// file system's `lost+found`.
pub fn kept_at_top(name: &std::ffi::OsStr) -> bool {
    let n = name.as_encoded_bytes();
    n.first() == Some(&b'.') || n == b"lost+found"
}

/// Whether a file renamed from `staging` arrives in `dest`: not when `dest` is a mount
/// point, where the rename fails with "Invalid cross-device link". Any other failure is
/// left for the commit to report.
fn renames_into(staging: &Path, dest: &Path) -> bool {
    let probe = staging.join("probe");
    // A hard link from a file of the output into the staging folder crosses the same
    // boundary a rename would, without touching the output folder: its modification
    // time stays, so a build that changes nothing leaves no trace there either.
    let existing = fs::read_dir(dest).ok().and_then(|entries| {
        entries
            .flatten()
            .find(|e| e.file_type().is_ok_and(|t| t.is_file()))
            .map(|e| e.path())
    });
    if let Some(existing) = existing {
        match fs::hard_link(&existing, &probe) {
            Ok(()) => {
                fs::remove_file(&probe).ok();
                return true;
            }
            Err(e) if e.kind() == std::io::ErrorKind::CrossesDevices => return false,
            // Links not allowed here: try a rename.
            Err(_) => {}
        }
    }
    if fs::write(&probe, b"").is_err() {
        return true;
    }
    let target = dest.join(format!("{INSIDE_PREFIX}.probe-{}", std::process::id()));
    let crosses = match fs::rename(&probe, &target) {
        Ok(()) => {
            fs::remove_file(&target).ok();
            false
        }
        Err(e) => e.kind() == std::io::ErrorKind::CrossesDevices,
    };
    fs::remove_file(&probe).ok();
    !crosses
}

/// A file that a build writes a second time: two things of the site's have the same
/// page (two countries of one name in `countries.yaml`, say). The first one written is
/// kept and the build goes on; unlike a failure to write, it does not keep the previous
/// site in place of this one.
#[derive(Debug)]
pub struct TakenPath(pub String);

impl std::fmt::Display for TakenPath {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "two pages would be written to {}; the second is skipped",
            self.0
        )
    }
}

impl std::error::Error for TakenPath {}

/// The kind of diagnostic for an error from [`Output::write`]: `write` (the site could
/// not be written as built: the previous one is kept) or `duplicate-path` (see
/// [`TakenPath`]).
pub fn write_error_kind(e: &anyhow::Error) -> &'static str {
    if e.downcast_ref::<TakenPath>().is_some() {
        "duplicate-path"
    } else {
        "write"
    }
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
        let id = std::process::id().to_string();
        let mut staging = sibling(&dest, STAGING_MARK, &id);
        if staging.exists() {
            fs::remove_dir_all(&staging).ok();
        }
        let made = fs::create_dir_all(&staging);
        // A mount point (or a parent that cannot be written) is found out here, before
        // anything is written: staging then goes inside the output.
        let inside = dest.is_dir() && (made.is_err() || !renames_into(&staging, &dest));
        if inside {
            fs::remove_dir_all(&staging).ok();
            staging = mark_path(&dest, true, STAGING_MARK, &id);
            if staging.exists() {
                fs::remove_dir_all(&staging).ok();
            }
            fs::create_dir_all(&staging)
                .with_context(|| format!("cannot create {}", staging.display()))?;
        } else {
            made.with_context(|| format!("cannot create {}", staging.display()))?;
        }
        let has_previous = dest.is_dir();
        let writeback = crate::writeback::Writeback::for_dir(&staging);
        Ok(Output {
            dest,
            staging,
            written: AtomicUsize::new(0),
            unchanged: AtomicUsize::new(0),
            bytes: AtomicUsize::new(0),
            paths: (0..PATH_SHARDS).map(|_| Mutex::default()).collect(),
            _lock: lock,
            in_place: false,
            inside,
            has_previous,
            previous: None,
            dirs: std::sync::RwLock::default(),
            disk_full: std::sync::atomic::AtomicBool::new(false),
            not_written: AtomicUsize::new(0),
            writeback,
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
            inside: false,
            has_previous: true,
            previous: None,
            dirs: std::sync::RwLock::default(),
            disk_full: std::sync::atomic::AtomicBool::new(false),
            not_written: AtomicUsize::new(0),
            writeback: crate::writeback::Writeback::with_budget(u64::MAX),
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

    /// Removes a file an in-place update no longer writes (a page that no longer exists),
    /// and the folders that leaves empty. Only a regular file reached through real
    /// folders of the output is removed, so nothing outside it is ever touched: a path
    /// that is not safe is refused, and one that leads through a symlink, or names a
    /// symlink or a folder, is left alone (`Ok(false)`, as when it is already gone).
    pub fn remove_in_place(&self, rel: &str) -> Result<bool> {
        if !self.in_place {
            bail!("refusing to remove {rel:?}: not an update in place");
        }
        let rel_path = safe_relative(rel)?;
        if self.has(&rel_path) {
            bail!("refusing to remove {rel}: this update wrote it");
        }
        let mut path = self.dest.clone();
        let mut parts = rel_path.components().peekable();
        while let Some(part) = parts.next() {
            path.push(part);
            let real = match fs::symlink_metadata(&path) {
                Ok(m) if parts.peek().is_some() => m.is_dir(),
                Ok(m) => m.is_file(),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => false,
                Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
            };
            if !real {
                return Ok(false);
            }
        }
        fs::remove_file(&path).with_context(|| format!("cannot remove {}", path.display()))?;
        // The folders left empty go too (not the output itself); one that is not empty stops it.
        let mut dir = rel_path.parent();
        while let Some(d) = dir.filter(|d| !d.as_os_str().is_empty()) {
            if fs::remove_dir(self.dest.join(d)).is_err() {
                break;
            }
            dir = d.parent();
        }
        Ok(true)
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
            // The first file written there stays as it was recorded.
            match paths.entry(rel_path.as_path().into()) {
                std::collections::hash_map::Entry::Occupied(_) => {
                    return Err(TakenPath(rel.to_string()).into());
                }
                std::collections::hash_map::Entry::Vacant(v) => {
                    v.insert(Entry::Pending);
                }
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
                self.unchanged.fetch_add(1, Ordering::Relaxed);
                self.set(&rel_path, Entry::Kept(crate::uptodate::stamp(&meta), hash));
                return Ok(());
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
            self.set(
                &rel_path,
                Entry::Staged(crate::uptodate::stamp(&meta), hash),
            );
        }
        self.writeback.written(f, bytes.len());
        Ok(())
    }

    fn shard(&self, rel_path: &Path) -> &Mutex<PathMap> {
        // The whole path's bytes (the tables themselves hash it component by component).
        let mut h = Fnv::default();
        std::hash::Hasher::write(&mut h, rel_path.as_os_str().as_encoded_bytes());
        &self.paths[(std::hash::Hasher::finish(&h) % PATH_SHARDS as u64) as usize]
    }

    /// Records what became of a written path on the entry `write_file` made for it.
    fn set(&self, rel_path: &Path, entry: Entry) {
        if let Ok(mut paths) = self.shard(rel_path).lock() {
            if let Some(e) = paths.get_mut(rel_path) {
                *e = entry;
            }
        }
    }

    /// Whether this build wrote (or kept) `rel_path`.
    fn has(&self, rel_path: &Path) -> bool {
        self.shard(rel_path)
            .lock()
            .is_ok_and(|p| p.contains_key(rel_path))
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
                        .filter_map(|(path, entry)| match entry {
                            Entry::Staged(stamp, hash) | Entry::Kept(stamp, hash) => {
                                Some((path.into_path_buf(), stamp, hash))
                            }
                            Entry::Pending => None,
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

    /// The build expects its files to take about `bytes` of page cache (see
    /// [`crate::writeback::Writeback::expect`]).
    pub fn expect_cache(&self, bytes: u64) {
        self.writeback.expect(bytes);
    }

    /// Files written back to disk and dropped from the page cache during the build.
    pub fn written_back(&self) -> usize {
        self.writeback.dropped()
    }

    pub fn files(&self) -> usize {
        self.written.load(Ordering::Relaxed) + self.unchanged.load(Ordering::Relaxed)
    }

    /// Puts the finished site in place of the previous one (see the module notes for
    /// the two ways it does so), and lets the next build begin.
    pub fn commit(self) -> Result<PathBuf> {
        self.put_in_place()
    }

    /// [`Output::commit`], returning what [`Output::take_stamps`] would after it.
    pub fn commit_with_stamps(self) -> Result<Vec<(PathBuf, Stamp, ContentHash)>> {
        self.put_in_place()?;
        Ok(self.take_stamps())
    }

    fn put_in_place(&self) -> Result<PathBuf> {
        if self.in_place {
            return Ok(self.dest.clone());
        }
        let changed = self.written.load(Ordering::Relaxed);
        // An output that is a mount point cannot be swapped: always in place there.
        if self.inside
            || (self.has_previous && self.dest.is_dir() && changed * IN_PLACE_SHARE <= self.files())
        {
            self.commit_in_place()?;
            return Ok(self.dest.clone());
        }
        if self.has_previous {
            self.link_kept()?;
        }
        // What the output holds that no build writes goes with it into the new site,
        // before the swap (a build killed in between has it put back by the next one,
        // see `remove_stale`).
        let carried = carry_kept(&self.dest, &self.staging)?;
        let swapped = self.swap();
        if swapped.is_err() {
            // The previous site is where it was: give its entries back.
            for name in &carried {
                fs::rename(self.staging.join(name), self.dest.join(name)).ok();
            }
        }
        swapped
    }

    /// Swaps the staging folder for the site.
    fn swap(&self) -> Result<PathBuf> {
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

    /// Hard-links every file kept from the previous site into the staging folder, before
    /// the staging folder is swapped in.
    fn link_kept(&self) -> Result<()> {
        use rayon::prelude::*;
        let kept: Vec<PathBuf> = self
            .paths
            .iter()
            .flat_map(|shard| {
                shard.lock().map_or_else(
                    |_| Vec::new(),
                    |p| {
                        p.iter()
                            .filter(|(_, e)| matches!(e, Entry::Kept(..)))
                            .map(|(path, _)| path.to_path_buf())
                            .collect()
                    },
                )
            })
            .collect();
        kept.par_iter().try_for_each(|rel| {
            if let Some(dir) = rel.parent() {
                self.make_dir(dir)?;
            }
            let from = self.dest.join(rel);
            let to = self.staging.join(rel);
            // A hard link keeps the file's modification time; where one cannot be made
            // (another file system, no hard links), a copy with its time set.
            if fs::hard_link(&from, &to).is_err() {
                let meta = fs::symlink_metadata(&from)
                    .ok()
                    .filter(|m| m.is_file())
                    .with_context(|| format!("cannot keep {}: it is gone", from.display()))?;
                fs::copy(&from, &to).with_context(|| format!("cannot keep {}", from.display()))?;
                if let Ok(t) = meta.modified() {
                    fs::File::options()
                        .write(true)
                        .open(&to)
                        .and_then(|f| f.set_modified(t))
                        .ok();
                }
                if let (Ok(m), Ok(mut paths)) = (fs::metadata(&to), self.shard(rel).lock()) {
                    if let Some(Entry::Kept(stamp, _)) = paths.get_mut(rel.as_path()) {
                        *stamp = crate::uptodate::stamp(&m);
                    }
                }
            }
            Ok(())
        })
    }

    /// Renames the staged files into the site and removes what the new site does not have
    /// (files, symlinks and then empty folders), having first written down the commit so
    /// that a build killed halfway through it is finished by the next one.
    fn commit_in_place(&self) -> Result<()> {
        let id = std::process::id().to_string();
        let mut remove = Vec::new();
        self.not_in_site(&self.dest, Path::new(""), &mut remove)?;
        let list = mark_path(&self.dest, self.inside, REMOVE_MARK, &id);
        let mut bytes = Vec::new();
        for rel in &remove {
            bytes.extend_from_slice(rel.as_os_str().as_encoded_bytes());
            bytes.push(0);
        }
        fs::write(&list, &bytes).with_context(|| format!("cannot write {}", list.display()))?;
        let commit = mark_path(&self.dest, self.inside, COMMIT_MARK, &id);
        fs::rename(&self.staging, &commit)
            .with_context(|| format!("cannot rename {}", self.staging.display()))?;
        finish_commit(&self.dest, &commit, &list)
    }

    /// Adds to `remove` what is under `dir` (the site's folder `rel`) that this build did
    /// not write: anything but a folder or a file it wrote, and, after their contents,
    /// folders that hold nothing it wrote (except one where it writes a file: the rename
    /// of that file replaces it). What [`kept_at_top`] keeps at the top stays. Returns
    /// how many of its entries stay.
    fn not_in_site(&self, dir: &Path, rel: &Path, remove: &mut Vec<PathBuf>) -> Result<usize> {
        use rayon::prelude::*;
        let mut stay = 0;
        let mut dirs = Vec::new();
        let entries =
            fs::read_dir(dir).with_context(|| format!("cannot list {}", dir.display()))?;
        for e in entries {
            let e = e.with_context(|| format!("cannot list {}", dir.display()))?;
            if rel.as_os_str().is_empty() && kept_at_top(&e.file_name()) {
                stay += 1;
                continue;
            }
            let rel_path = rel.join(e.file_name());
            let kind = e
                .file_type()
                .with_context(|| format!("cannot read {}", e.path().display()))?;
            if kind.is_dir() {
                dirs.push((e.path(), rel_path));
            } else if kind.is_file() && self.has(&rel_path) {
                stay += 1;
            } else {
                remove.push(rel_path);
            }
        }
        let below: Vec<Result<(usize, Vec<PathBuf>, PathBuf)>> = dirs
            .into_par_iter()
            .map(|(path, rel_path)| {
                let mut r = Vec::new();
                let n = self.not_in_site(&path, &rel_path, &mut r)?;
                Ok((n, r, rel_path))
            })
            .collect();
        for b in below {
            let (n, r, rel_path) = b?;
            remove.extend(r);
            if n == 0 && !self.has(&rel_path) {
                remove.push(rel_path);
            } else {
                stay += 1;
            }
        }
        Ok(stay)
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
pub(crate) fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
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

/// Carries out a commit written down by [`Output::commit_in_place`]: renames each file
/// of `commit` into `dest`, then removes the listed paths and drops `commit` and the list.
/// The renames come first, so a commit that fails (a full disk, another file system)
/// has removed nothing: the site holds the new files beside the old, and no link into
/// it is broken. Every step can be taken again, so a commit cut short is finished by
/// doing it again.
fn finish_commit(dest: &Path, commit: &Path, list: &Path) -> Result<()> {
    use rayon::prelude::*;
    let mut files = Vec::new();
    for e in walkdir::WalkDir::new(commit).min_depth(1) {
        let e = e.with_context(|| format!("cannot list {}", commit.display()))?;
        if !e.file_type().is_dir() {
            files.push(e.into_path());
        }
    }
    let made = Mutex::new(HashSet::<PathBuf, PathHash>::default());
    files.par_iter().try_for_each(|from| -> Result<()> {
        let rel = from.strip_prefix(commit).unwrap_or(from);
        if let Some(dir) = rel.parent() {
            real_dir(dest, dir, &made)?;
        }
        let to = dest.join(rel);
        // A folder of the previous site where this build has a file (its contents are
        // on the list): a rename cannot replace a folder.
        if fs::symlink_metadata(&to).is_ok_and(|m| m.is_dir()) {
            fs::remove_dir_all(&to).with_context(|| format!("cannot remove {}", to.display()))?;
        }
        fs::rename(from, &to).with_context(|| format!("cannot write {}", to.display()))
    })?;
    let listed = fs::read(list).unwrap_or_default();
    for raw in listed.split(|&b| b == 0).filter(|r| !r.is_empty()) {
        let Some(rel) = path_from_bytes(raw) else {
            continue;
        };
        // Only ever inside the site, and never what it keeps at its top.
        if !rel.components().all(|c| matches!(c, Component::Normal(_)))
            || rel.components().count() == 1 && kept_at_top(rel.as_os_str())
        {
            continue;
        }
        let path = dest.join(&rel);
        match fs::symlink_metadata(&path) {
            // Emptied by the removals before it; one that is not empty stays.
            Ok(m) if m.is_dir() => {
                fs::remove_dir(&path).ok();
            }
            Ok(_) => fs::remove_file(&path)
                .with_context(|| format!("cannot remove {}", path.display()))?,
            Err(_) => {}
        }
    }
    fs::remove_dir_all(commit).ok();
    fs::remove_file(list).ok();
    Ok(())
}

/// Renames the entries at the top of `from` that [`kept_at_top`] keeps (but not the
/// build's own) into `to`, where there is none of that name; returns their names.
fn carry_kept(from: &Path, to: &Path) -> Result<Vec<std::ffi::OsString>> {
    let mut carried = Vec::new();
    let Ok(entries) = fs::read_dir(from) else {
        return Ok(carried);
    };
    for e in entries.flatten() {
        let name = e.file_name();
        if !kept_at_top(&name)
            || name.to_string_lossy().starts_with(INSIDE_PREFIX)
            || fs::symlink_metadata(to.join(&name)).is_ok()
        {
            continue;
        }
        if let Err(err) = fs::rename(e.path(), to.join(&name)) {
            for n in &carried {
                fs::rename(to.join(n), from.join(n)).ok();
            }
            return Err(err).with_context(|| format!("cannot keep {}", e.path().display()));
        }
        carried.push(name);
    }
    Ok(carried)
}

/// Makes `dest/rel_dir` a folder of the site: each part of it a real folder, never a
/// symlink that would lead out of the site or a file in the way (those are removed).
fn real_dir(dest: &Path, rel_dir: &Path, made: &Mutex<HashSet<PathBuf, PathHash>>) -> Result<()> {
    if rel_dir.as_os_str().is_empty() || made.lock().is_ok_and(|m| m.contains(rel_dir)) {
        return Ok(());
    }
    let mut path = dest.to_path_buf();
    for part in rel_dir.components() {
        path.push(part);
        match fs::symlink_metadata(&path) {
            Ok(m) if m.is_dir() => continue,
            Ok(_) => fs::remove_file(&path)
                .with_context(|| format!("cannot remove {}", path.display()))?,
            Err(_) => {}
        }
        if let Err(e) = fs::create_dir(&path) {
            // Another thread made it first.
            if !fs::symlink_metadata(&path).is_ok_and(|m| m.is_dir()) {
                return Err(e).with_context(|| format!("cannot create {}", path.display()));
            }
        }
    }
    if let Ok(mut m) = made.lock() {
        m.insert(rel_dir.to_path_buf());
    }
    Ok(())
}

#[cfg(unix)]
fn path_from_bytes(raw: &[u8]) -> Option<PathBuf> {
    use std::os::unix::ffi::OsStrExt;
    Some(PathBuf::from(std::ffi::OsStr::from_bytes(raw)))
}

#[cfg(not(unix))]
fn path_from_bytes(raw: &[u8]) -> Option<PathBuf> {
    std::str::from_utf8(raw).ok().map(PathBuf::from)
}

/// Removes staging and old folders that killed builds left beside `dest`; finishes a
/// commit that was cut short; restores the previous site if a build was killed between
/// the two renames of a swap.
fn remove_stale(dest: &Path) {
    let Some(parent) = dest.parent() else { return };
    let Some(name) = dest.file_name().map(|n| n.to_string_lossy().into_owned()) else {
        return;
    };
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    let mut olds = Vec::new();
    let mut commits = Vec::new();
    let mut lists = Vec::new();
    for e in entries.flatten() {
        let n = e.file_name().to_string_lossy().into_owned();
        if n.starts_with(&format!(".{name}{STAGING_MARK}")) {
            // It may hold what a swap was carrying into the new site: give that back.
            if dest.is_dir() {
                carry_kept(&e.path(), dest).ok();
            }
            fs::remove_dir_all(e.path()).ok();
        } else if n.starts_with(&format!(".{name}{OLD_MARK}")) {
            olds.push(e.path());
        } else if let Some(id) = n.strip_prefix(&format!(".{name}{COMMIT_MARK}")) {
            commits.push((e.path(), sibling(dest, REMOVE_MARK, id)));
        } else if n.starts_with(&format!(".{name}{REMOVE_MARK}")) {
            lists.push(e.path());
        }
    }
    finish_commits(dest, commits, lists);
    for old in olds {
        if !dest.exists() {
            let _ = fs::rename(&old, dest);
        } else {
            carry_kept(&old, dest).ok();
            fs::remove_dir_all(&old).ok();
        }
    }
    // The same, inside an output that is a mount point.
    let Ok(entries) = fs::read_dir(dest) else {
        return;
    };
    let mut commits = Vec::new();
    let mut lists = Vec::new();
    for e in entries.flatten() {
        let n = e.file_name().to_string_lossy().into_owned();
        let Some(rest) = n.strip_prefix(INSIDE_PREFIX) else {
            continue;
        };
        if rest.starts_with(STAGING_MARK) || rest.starts_with(".probe-") {
            if e.file_type().is_ok_and(|t| t.is_dir()) {
                fs::remove_dir_all(e.path()).ok();
            } else {
                fs::remove_file(e.path()).ok();
            }
        } else if let Some(id) = rest.strip_prefix(COMMIT_MARK) {
            commits.push((e.path(), mark_path(dest, true, REMOVE_MARK, id)));
        } else if rest.starts_with(REMOVE_MARK) {
            lists.push(e.path());
        }
    }
    finish_commits(dest, commits, lists);
}

/// Finishes the commits a killed build left (`(commit folder, its list)`), then drops
/// the lists whose commit never began.
fn finish_commits(dest: &Path, commits: Vec<(PathBuf, PathBuf)>, lists: Vec<PathBuf>) {
    for (commit, list) in commits {
        if finish_commit(dest, &commit, &list).is_err() {
            // Cannot be finished: the next build compares every file anyway.
            fs::remove_dir_all(&commit).ok();
        }
    }
    for list in lists {
        fs::remove_file(list).ok();
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
    if out.is_dir() && holds_other_files(&out) && !built_by_cablepress(&out) {
        bail!(
            "{} is not empty and was not built by cablepress (there is no {} beside it and \
             no page of cablepress in it); a build replaces everything in its output folder, \
             so it will not build into this one: choose another output folder (-o), or empty \
             this one first",
            out_dir.display(),
            crate::uptodate::state_path(&out)
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
        );
    }
    for src in ["content", "templates", "static"] {
        if resolved.starts_with(site.join(src)) {
            bail!("output folder {} is inside the site's {src}/ folder; the next build would read it as input", out_dir.display());
        }
    }
    Ok(())
}

/// Whether `out` holds anything a build would remove (what it keeps does not count: a
/// fresh gh-pages worktree holds only `.git`).
fn holds_other_files(out: &Path) -> bool {
    fs::read_dir(out).is_ok_and(|d| d.flatten().any(|e| !kept_at_top(&e.file_name())))
}

/// Whether `out` was written by cablepress: a state beside it, the build's own folders
/// inside it, or one of the files every build writes, with its mark. The marks are those
/// earlier versions wrote too, none of them the site's to change: the feed's
/// `<generator>` (written by code, by every build since feeds were added), the built-in
/// stylesheet's and search script's first line (unless the site replaces them), the
/// built-in templates' footer. A generator tag in the pages would not do better: a site
/// may replace `base.html`.
pub fn built_by_cablepress(out: &Path) -> bool {
    if crate::uptodate::state_path(out).is_file() {
        return true;
    }
    if fs::read_dir(out).is_ok_and(|d| {
        d.flatten()
            .any(|e| e.file_name().to_string_lossy().starts_with(INSIDE_PREFIX))
    }) {
        return true;
    }
    let holds = |rel: &str, marks: &[&str]| {
        use std::io::Read;
        let mut text = Vec::new();
        fs::File::open(out.join(rel))
            .and_then(|f| f.take(4 << 20).read_to_end(&mut text))
            .is_ok_and(|_| {
                let text = String::from_utf8_lossy(&text);
                marks.iter().any(|m| text.contains(m))
            })
    };
    holds("feed.xml", &["<generator>cablepress</generator>"])
        || holds("static/style.css", &["/* cablepress default theme"])
        || holds("static/search.js", &["/* cablepress offline search"])
        || holds("index.html", &["built with cablepress"])
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

    /// A site of `n` pages, built once.
    fn built(dest: &Path, n: usize) {
        let o = Output::begin(dest).unwrap();
        for i in 0..n {
            o.write(
                &format!("p/{}/{i}.html", i % 3),
                format!("page {i}").as_bytes(),
            )
            .unwrap();
        }
        o.write("gone/only.html", b"removed next time").unwrap();
        o.commit().unwrap();
    }

    fn beside(dest: &Path) -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(dest.parent().unwrap())
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    #[cfg(unix)]
    fn a_rebuild_that_changes_few_files_updates_the_site_in_place() {
        let tmp = tempfile::tempdir().unwrap();
        let dest = tmp.path().join("public");
        built(&dest, 40);
        let ino = |p: &Path| std::os::unix::fs::MetadataExt::ino(&fs::symlink_metadata(p).unwrap());
        let site_before = ino(&dest);
        let kept_before = ino(&dest.join("p/1/1.html"));
        let changed_before = ino(&dest.join("p/2/2.html"));
        // Left in the output by hand: a stray file, an empty folder, and a symlink where
        // the new build puts a folder.
        fs::write(dest.join("p/stray.txt"), b"x").unwrap();
        fs::create_dir_all(dest.join("empty/deeper")).unwrap();
        let outside = tmp.path().join("outside");
        fs::create_dir_all(&outside).unwrap();
        std::os::unix::fs::symlink(&outside, dest.join("new")).unwrap();

        let o = Output::begin(&dest).unwrap();
        for i in 0..40 {
            let body = if i == 2 {
                "page 2, edited".to_string()
            } else {
                format!("page {i}")
            };
            o.write(&format!("p/{}/{i}.html", i % 3), body.as_bytes())
                .unwrap();
        }
        o.write("new/page.html", b"added").unwrap();
        assert_eq!(o.written.load(Ordering::Relaxed), 2);
        assert_eq!(o.unchanged.load(Ordering::Relaxed), 39);
        let stamps = o.commit_with_stamps().unwrap();

        assert_eq!(ino(&dest), site_before, "the site was swapped, not updated");
        assert_eq!(ino(&dest.join("p/1/1.html")), kept_before);
        assert_ne!(ino(&dest.join("p/2/2.html")), changed_before);
        assert_eq!(
            fs::read(dest.join("p/2/2.html")).unwrap(),
            b"page 2, edited"
        );
        assert_eq!(fs::read(dest.join("new/page.html")).unwrap(), b"added");
        assert!(fs::symlink_metadata(dest.join("new")).unwrap().is_dir());
        assert_eq!(
            fs::read_dir(&outside).unwrap().count(),
            0,
            "wrote through a symlink"
        );
        for gone in ["gone/only.html", "gone", "p/stray.txt", "empty"] {
            assert!(!dest.join(gone).exists(), "{gone} is still there");
        }
        assert_eq!(beside(&dest), ["outside", "public"]);
        let mut stamps: Vec<_> = stamps
            .into_iter()
            .map(|(p, stamp, _)| {
                let on_disk = crate::uptodate::stamp(&fs::metadata(dest.join(&p)).unwrap());
                assert_eq!(stamp, on_disk, "{}", p.display());
                p
            })
            .collect();
        stamps.sort();
        assert_eq!(stamps.len(), 41);
    }

    #[test]
    fn a_rebuild_that_changes_many_files_swaps_in_a_new_site() {
        let tmp = tempfile::tempdir().unwrap();
        let dest = tmp.path().join("public");
        built(&dest, 10);
        let o = Output::begin(&dest).unwrap();
        for i in 0..10 {
            let body = if i < 5 {
                format!("page {i}, new")
            } else {
                format!("page {i}")
            };
            o.write(&format!("p/{}/{i}.html", i % 3), body.as_bytes())
                .unwrap();
        }
        o.commit().unwrap();
        for i in 0..10 {
            let want = if i < 5 {
                format!("page {i}, new")
            } else {
                format!("page {i}")
            };
            assert_eq!(
                fs::read_to_string(dest.join(format!("p/{}/{i}.html", i % 3))).unwrap(),
                want
            );
        }
        assert!(!dest.join("gone").exists());
        assert_eq!(beside(&dest), ["public"]);
    }

    #[test]
    fn a_commit_cut_short_is_finished_by_the_next_build() {
        let tmp = tempfile::tempdir().unwrap();
        let dest = tmp.path().join("public");
        built(&dest, 10);
        // What a build killed in the middle of renaming its files in leaves behind: one
        // file moved in already, one still to move, one removal done and one not.
        fs::write(dest.join("p/0/0.html"), b"new 0").unwrap();
        let commit = sibling(&dest, COMMIT_MARK, "4242");
        fs::create_dir_all(commit.join("p/1")).unwrap();
        fs::write(commit.join("p/1/1.html"), b"new 1").unwrap();
        fs::remove_file(dest.join("p/2/2.html")).unwrap();
        fs::write(
            sibling(&dest, REMOVE_MARK, "4242"),
            b"p/2/2.html\0gone/only.html\0gone\0../outside\0",
        )
        .unwrap();
        fs::write(tmp.path().join("outside"), b"not the site's").unwrap();
        // A list whose commit never began is dropped, and removes nothing.
        fs::write(sibling(&dest, REMOVE_MARK, "99"), b"p/0/3.html\0").unwrap();
        let o = Output::begin(&dest).unwrap();
        assert_eq!(fs::read(dest.join("p/0/0.html")).unwrap(), b"new 0");
        assert_eq!(fs::read(dest.join("p/1/1.html")).unwrap(), b"new 1");
        assert!(dest.join("p/0/3.html").exists());
        assert!(!dest.join("gone").exists() && !dest.join("p/2/2.html").exists());
        assert!(tmp.path().join("outside").exists());
        o.abandon();
        assert_eq!(beside(&dest), ["outside", "public"]);
    }

    #[test]
    fn what_a_swap_killed_halfway_was_carrying_is_given_back_to_the_site() {
        let tmp = tempfile::tempdir().unwrap();
        let dest = tmp.path().join("public");
        built(&dest, 3);
        // Killed after moving the site's `.git` into its staging folder, before the swap.
        let staging = sibling(&dest, STAGING_MARK, "4242");
        fs::create_dir_all(staging.join(".git")).unwrap();
        fs::write(staging.join(".git/HEAD"), b"ref").unwrap();
        fs::write(staging.join("index.html"), b"half").unwrap();
        let o = Output::begin(&dest).unwrap();
        o.abandon();
        assert_eq!(fs::read(dest.join(".git/HEAD")).unwrap(), b"ref");
        assert!(!dest.join("index.html").exists());
        assert_eq!(beside(&dest), ["public"]);
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
    fn a_path_written_twice_keeps_the_first_and_the_site_is_still_committed() {
        let tmp = tempfile::tempdir().unwrap();
        let dest = tmp.path().join("public");
        for previous in [false, true] {
            let o = Output::begin(&dest).unwrap();
            o.write("index.html", b"home").unwrap();
            o.write("a/b.html", b"first").unwrap();
            let err = o.write("a/b.html", b"second").unwrap_err();
            assert_eq!(write_error_kind(&err), "duplicate-path", "{previous}");
            assert_eq!(write_error_kind(&anyhow::anyhow!("disk on fire")), "write");
            o.commit().unwrap();
            assert_eq!(fs::read(dest.join("a/b.html")).unwrap(), b"first");
        }
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

    #[test]
    #[cfg(unix)]
    fn an_update_in_place_removes_only_its_own_files_inside_the_output() {
        use std::os::unix::fs::symlink;
        let tmp = tempfile::tempdir().unwrap();
        let dest = tmp.path().join("public");
        let outside = tmp.path().join("outside");
        fs::create_dir_all(dest.join("a/b/c")).unwrap();
        fs::create_dir_all(dest.join("keep")).unwrap();
        fs::create_dir_all(outside.join("d")).unwrap();
        fs::write(dest.join("a/b/c/index.html"), b"x").unwrap();
        fs::write(dest.join("a/other.html"), b"x").unwrap();
        fs::write(dest.join("keep/index.html"), b"x").unwrap();
        fs::write(outside.join("index.html"), b"secret").unwrap();
        fs::write(outside.join("d/index.html"), b"secret").unwrap();
        symlink(&outside, dest.join("up")).unwrap();
        symlink(outside.join("index.html"), dest.join("keep/link.html")).unwrap();
        let o = Output::in_place(&dest).unwrap();
        // The file goes, and the folders it leaves empty, up to one that is not.
        assert!(o.remove_in_place("a/b/c/index.html").unwrap());
        assert!(!dest.join("a/b").exists());
        assert!(dest.join("a/other.html").is_file());
        // Gone already, or never there: nothing to do.
        assert!(!o.remove_in_place("a/b/c/index.html").unwrap());
        // Never through a symlink, never a symlink's target, never a folder.
        assert!(!o.remove_in_place("up/index.html").unwrap());
        assert!(!o.remove_in_place("up/d/index.html").unwrap());
        assert!(!o.remove_in_place("keep/link.html").unwrap());
        assert!(!o.remove_in_place("keep").unwrap());
        for bad in [
            "../outside/index.html",
            "/etc/hostname",
            "a/../../outside/index.html",
            "",
        ] {
            assert!(o.remove_in_place(bad).is_err(), "{bad}");
        }
        assert_eq!(fs::read(outside.join("index.html")).unwrap(), b"secret");
        assert_eq!(fs::read(outside.join("d/index.html")).unwrap(), b"secret");
        assert!(fs::symlink_metadata(dest.join("keep/link.html")).is_ok());
        assert!(dest.join("keep/index.html").is_file());
        // Not what this update wrote, and not from a build that stages.
        o.write("new.html", b"x").unwrap();
        assert!(o.remove_in_place("new.html").is_err());
        assert!(dest.join("new.html").is_file());
        let staged = Output::begin(&tmp.path().join("other")).unwrap();
        assert!(staged.remove_in_place("x.html").is_err());
        staged.abandon();
    }
}
