//! The up-to-date check: a rebuild whose inputs are exactly those of the last build, into
//! an output folder exactly as that build left it, has nothing to do. Like `make`, it
//! compares file metadata, not contents: the inputs are every file under `content/`,
//! `templates/` and `static/` plus `site.yaml` (path, size, modification time), the
//! cablepress binary itself and the build options; the output is checked file by file
//! (size and modification time), so a page edited or deleted by hand is rebuilt.
//!
//! The state of the last build lives beside the output (`.public.cablepress-state`),
//! never inside it, so it is not deployed. It keeps that build's diagnostics, which an
//! up-to-date build reports again: the exit status does not depend on whether a build
//! was skipped. Anything unexpected (no state, an unreadable state, a changed file)
//! means a full build. If a new kind of input is added to a site, add it to
//! [`INPUTS`].

use crate::diagnostics::{Diagnostic, Severity};
use crate::BuildOptions;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

/// What a build reads from the site folder.
pub const INPUTS: &[&str] = &["site.yaml", "content", "templates", "static"];

/// A fingerprint of everything a build's output depends on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Inputs(u64);

/// Size and modification time (nanoseconds since the epoch, which 64 bits hold from 1677
/// to 2262; times outside are clamped) of a file. Kept for each of a site's files (a
/// million at Cablegate scale), so it is 16 bytes.
pub(crate) type Stamp = (u64, i64);

pub(crate) fn stamp(m: &std::fs::Metadata) -> Stamp {
    let ns = |d: std::time::Duration| i64::try_from(d.as_nanos()).unwrap_or(i64::MAX);
    let mtime = match m.modified().map(|t| t.duration_since(UNIX_EPOCH)) {
        Ok(Ok(d)) => ns(d),
        Ok(Err(e)) => -ns(e.duration()),
        Err(_) => 0,
    };
    (m.len(), mtime)
}

/// Every file under `root` with its stamp, by relative path, as the reader sees them:
/// `root` followed when it is a symlink (the reader's walks follow their root), and a
/// symlink at most `follow` levels below it followed as well (`content/cables` may be one:
/// the reader walks it). Deeper symlinks, which the reader skips, are stamped as links.
/// With `skip_kept`, the entries at the top that a build keeps (`.git`, ...) are left out.
/// `None` when a folder or file cannot be read: then nothing can be trusted. Listing the
/// folders is cheap; the files are looked at in parallel (a large site has 250,000).
fn files_under(root: &Path, follow: usize, skip_kept: bool) -> Option<Vec<(PathBuf, Stamp)>> {
    let mut files = Vec::new();
    let mut linked = Vec::new();
    let walker = walkdir::WalkDir::new(root)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            !(skip_kept && e.depth() == 1 && crate::output::kept_at_top(e.file_name()))
        });
    for entry in walker {
        let entry = entry.ok()?;
        if entry.depth() > 0 && entry.depth() <= follow && entry.path_is_symlink() {
            linked.push(entry.into_path());
        } else if !entry.file_type().is_dir() {
            files.push(entry.into_path());
        }
    }
    let mut found: Vec<(PathBuf, Stamp)> = files
        .into_par_iter()
        .map(|path| {
            let m = std::fs::symlink_metadata(&path).ok()?;
            Some((path.strip_prefix(root).ok()?.to_path_buf(), stamp(&m)))
        })
        .collect::<Option<_>>()?;
    for link in linked {
        let rel = link.strip_prefix(root).ok()?.to_path_buf();
        let depth = rel.components().count();
        match std::fs::metadata(&link) {
            Ok(m) if m.is_dir() => {
                let below = files_under(&link, follow - depth, false)?;
                found.extend(below.into_iter().map(|(p, s)| (rel.join(p), s)));
            }
            Ok(m) => found.push((rel, stamp(&m))),
            // A broken link: the reader finds nothing there either.
            Err(_) => found.push((rel, stamp(&std::fs::symlink_metadata(&link).ok()?))),
        }
    }
    // The order is the walk's, then the links': the same for the same files.
    Some(found)
}

/// The fingerprint of a build of `site_dir` into `out_dir` with `opts`.
pub fn fingerprint(site_dir: &Path, out_dir: &Path, opts: &BuildOptions) -> Option<Inputs> {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    env!("CARGO_PKG_VERSION").hash(&mut h);
    // The binary itself: a rebuilt cablepress (new templates, new code) rebuilds the site.
    let exe = std::env::current_exe().ok()?;
    exe.hash(&mut h);
    stamp(&std::fs::metadata(&exe).ok()?).hash(&mut h);
    // Every option, including ones added later, except those that only change what is
    // shown while building.
    let key_opts = BuildOptions {
        force: false,
        always: false,
        progress: false,
        ..opts.clone()
    };
    format!("{key_opts:?}").hash(&mut h);
    out_dir.hash(&mut h);
    for name in INPUTS {
        let path = site_dir.join(name);
        name.hash(&mut h);
        // Through symlinks, as the reader reads: `content/`, `templates/`, `static/` or
        // `site.yaml` may be a link to a shared copy, and so may each folder in
        // `content/` (the reader walks `content/cables` and the others from their roots).
        let follow = if *name == "content" { 1 } else { 0 };
        match std::fs::metadata(&path) {
            Err(_) => 0u8.hash(&mut h),
            Ok(m) if m.is_dir() => {
                1u8.hash(&mut h);
                files_under(&path, follow, false)?.hash(&mut h);
            }
            Ok(m) => {
                2u8.hash(&mut h);
                stamp(&m).hash(&mut h);
            }
        }
    }
    Some(Inputs(h.finish()))
}

/// The layout of the state's lines; a state of another layout is not read.
/// 2: `size<TAB>mtime<TAB>content hash<TAB>path` (1 had no content hash).
const STATE_FORMAT: u32 = 2;

/// A hash of a file's bytes (XXH3, 128 bits), kept in the state so that the next build
/// can tell a page it renders again is the one already there without reading it. Two
/// halves rather than a `u128`, whose 16-byte alignment would pad every entry of the
/// table of written files (a million at Cablegate scale).
pub type ContentHash = [u64; 2];

pub fn content_hash(bytes: &[u8]) -> ContentHash {
    let h = xxhash_rust::xxh3::xxh3_128(bytes);
    [(h >> 64) as u64, h as u64]
}

/// As 32 hexadecimal digits.
fn hash_hex(h: ContentHash) -> String {
    format!("{:016x}{:016x}", h[0], h[1])
}

fn parse_hash(s: &str) -> Option<ContentHash> {
    if s.len() != 32 || !s.is_ascii() {
        return None;
    }
    let half = |t: &str| u64::from_str_radix(t, 16).ok();
    Some([half(&s[..16])?, half(&s[16..])?])
}

/// What the last build left, as stored beside its output.
#[derive(Serialize, Deserialize)]
struct Header {
    #[serde(default)]
    format: u32,
    inputs: u64,
    cables: usize,
    bytes: usize,
    diagnostics: Vec<StoredDiagnostic>,
}

#[derive(Serialize, Deserialize)]
struct StoredDiagnostic {
    error: bool,
    kind: String,
    /// Relative to the site folder when `in_site` (so an up-to-date build run from
    /// another folder, or naming the site another way, prints the paths a full build
    /// would print); otherwise as reported.
    path: PathBuf,
    #[serde(default)]
    in_site: bool,
    line: Option<usize>,
    column: Option<usize>,
    message: String,
    hint: Option<String>,
}

impl StoredDiagnostic {
    fn new(d: &Diagnostic, site_dir: &Path) -> Self {
        let relative = d.path.strip_prefix(site_dir).ok();
        StoredDiagnostic {
            error: d.severity == Severity::Error,
            kind: d.kind.to_string(),
            path: relative.unwrap_or(&d.path).to_path_buf(),
            in_site: relative.is_some(),
            line: d.line,
            column: d.column,
            message: d.message.clone(),
            hint: d.hint.clone(),
        }
    }

    fn into_diagnostic(self, site_dir: &Path) -> Diagnostic {
        Diagnostic {
            severity: if self.error {
                Severity::Error
            } else {
                Severity::Warning
            },
            kind: intern(self.kind),
            path: if self.in_site {
                site_dir.join(self.path)
            } else {
                self.path
            },
            line: self.line,
            column: self.column,
            message: self.message,
            hint: self.hint,
        }
    }
}

/// Diagnostic kinds are `&'static str`; the few distinct ones read back are kept for the
/// life of the process.
fn intern(s: String) -> &'static str {
    static KINDS: std::sync::Mutex<Vec<&'static str>> = std::sync::Mutex::new(Vec::new());
    let mut kinds = KINDS.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(k) = kinds.iter().find(|k| **k == s) {
        return k;
    }
    let k: &'static str = Box::leak(s.into_boxed_str());
    kinds.push(k);
    k
}

pub(crate) fn state_path(out_dir: &Path) -> PathBuf {
    let name = out_dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    out_dir.with_file_name(format!(".{name}.cablepress-state"))
}

/// What an up-to-date output holds.
pub struct UpToDate {
    pub cables: usize,
    pub files: usize,
    pub bytes: usize,
    pub diagnostics: Vec<Diagnostic>,
}

/// The last build's report when `inputs` are those it was made from and its output is
/// untouched; `None` means: build.
/// Its diagnostics name the files as seen from `site_dir`.
pub fn check(out_dir: &Path, site_dir: &Path, inputs: Inputs) -> Option<UpToDate> {
    let file = std::fs::File::open(state_path(out_dir)).ok()?;
    let mut lines = std::io::BufReader::new(file).lines();
    let header: Header = serde_json::from_str(&lines.next()?.ok()?).ok()?;
    if header.format != STATE_FORMAT || header.inputs != inputs.0 {
        return None;
    }
    let mut expected: HashMap<PathBuf, Stamp> = HashMap::new();
    for line in lines {
        let line = line.ok()?;
        let (stamp, _, path) = parse_line(&line)?;
        expected.insert(PathBuf::from(path), stamp);
    }
    let found = files_under(out_dir, 0, true)?;
    if found.len() != expected.len() || found.iter().any(|(p, s)| expected.get(p) != Some(s)) {
        return None;
    }
    Some(UpToDate {
        cables: header.cables,
        files: found.len(),
        bytes: header.bytes,
        diagnostics: header
            .diagnostics
            .into_iter()
            .map(|d| d.into_diagnostic(site_dir))
            .collect(),
    })
}

/// One line of the state: a file's stamp, content hash and path.
fn parse_line(line: &str) -> Option<(Stamp, ContentHash, &str)> {
    let mut parts = line.splitn(4, '\t');
    let size = parts.next()?.parse().ok()?;
    let mtime = parts.next()?.parse().ok()?;
    let hash = parse_hash(parts.next()?)?;
    Some(((size, mtime), hash, parts.next()?))
}

/// What the last build wrote, whatever its inputs were: per file (by [`path_key`]), its
/// stamp and content hash when the build recorded it. `None` without a readable state.
/// A build compares what it renders with these instead of reading the previous site's
/// files (a million at Cablegate scale), and reads a file only when they do not match.
pub fn previous_files(out_dir: &Path) -> Option<PreviousFiles> {
    // Line by line: the state of a million files is 100 MB, and read whole it would stay
    // in this thread's heap, where the build's other threads do not reuse it.
    let file = std::fs::File::open(state_path(out_dir)).ok()?;
    // A line is at least 56 bytes (a hash alone is 32): room for every entry at once, so
    // the list is not copied while it grows (the room left over is never touched).
    let room = file.metadata().map_or(0, |m| m.len() as usize / 56);
    let mut reader = std::io::BufReader::with_capacity(1 << 16, file);
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let header: Header = serde_json::from_str(&line).ok()?;
    if header.format != STATE_FORMAT {
        return None;
    }
    let mut entries: Vec<(u64, Stamp, ContentHash)> = Vec::with_capacity(room);
    loop {
        line.clear();
        if reader.read_line(&mut line).ok()? == 0 {
            break;
        }
        let (stamp, hash, path) = parse_line(line.trim_end_matches('\n'))?;
        entries.push((path_key(Path::new(path)), stamp, hash));
    }
    entries.par_sort_unstable_by_key(|e| e.0);
    // Where each value of a key's top 16 bits begins: a lookup searches only the few
    // entries that share them (the keys are hashes, so about 16 at a million files).
    let mut starts = vec![0u32; (1 << 16) + 1];
    for e in &entries {
        starts[(e.0 >> 48) as usize + 1] += 1;
    }
    for i in 1..starts.len() {
        starts[i] += starts[i - 1];
    }
    Some(PreviousFiles { entries, starts })
}

/// The last build's files, by [`path_key`]: sorted, 40 bytes each (a hash table of a
/// million would take twice that, at the build's peak of memory).
pub struct PreviousFiles {
    entries: Vec<(u64, Stamp, ContentHash)>,
    starts: Vec<u32>,
}

impl PreviousFiles {
    /// The stamp and content hash recorded for `rel_path`.
    pub fn get(&self, rel_path: &Path) -> Option<(Stamp, ContentHash)> {
        let key = path_key(rel_path);
        let top = (key >> 48) as usize;
        let bucket = &self.entries[self.starts[top] as usize..self.starts[top + 1] as usize];
        let i = bucket.binary_search_by_key(&key, |e| e.0).ok()?;
        Some((bucket[i].1, bucket[i].2))
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// A 64-bit key for a site-relative path (FNV-1a of its bytes): the table of a million
/// previous files holds no paths. Two paths with one key could only make a file be read
/// and compared, never kept unread: keeping one also needs its recorded size, time and
/// content hash to match.
pub fn path_key(rel_path: &Path) -> u64 {
    rel_path
        .as_os_str()
        .as_encoded_bytes()
        .iter()
        .fold(0xcbf2_9ce4_8422_2325u64, |h, &b| {
            (h ^ b as u64).wrapping_mul(0x0100_0000_01b3)
        })
}

/// Forgets the last build (before a build changes the output).
pub fn forget(out_dir: &Path) {
    std::fs::remove_file(state_path(out_dir)).ok();
}

/// Records a committed build: its inputs, its diagnostics and what its output holds.
/// Failing to record only costs a full build next time.
/// `files` is what the build wrote, by path relative to `out_dir` (see
/// `Output::take_stamps`); should anything else have written there, the next check finds
/// files it does not expect and builds.
pub fn record(
    out_dir: &Path,
    site_dir: &Path,
    inputs: Inputs,
    cables: usize,
    bytes: usize,
    diagnostics: &[Diagnostic],
    mut files: Vec<(PathBuf, Stamp, ContentHash)>,
) {
    // By the paths' bytes: any fixed order will do (the state is read into a map), and
    // comparing bytes is several times cheaper than comparing paths component by
    // component, which shows at a million files.
    files.par_sort_unstable_by(|a, b| {
        a.0.as_os_str()
            .as_encoded_bytes()
            .cmp(b.0.as_os_str().as_encoded_bytes())
    });
    let header = Header {
        format: STATE_FORMAT,
        inputs: inputs.0,
        cables,
        bytes,
        diagnostics: diagnostics
            .iter()
            .map(|d| StoredDiagnostic::new(d, site_dir))
            .collect(),
    };
    let Ok(header) = serde_json::to_string(&header) else {
        return;
    };
    let path = state_path(out_dir);
    let tmp = path.with_extension("tmp");
    let write = || -> std::io::Result<()> {
        let mut w = std::io::BufWriter::new(std::fs::File::create(&tmp)?);
        writeln!(w, "{header}")?;
        // The lines are made in parallel, a batch at a time (all at once would hold
        // another copy of a million paths at the build's peak of memory), and written in
        // order. A path that cannot be stored (one with a tab or a newline, or not UTF-8)
        // stops the writing: then no state is kept and the next build is full.
        const CHUNK: usize = 4096;
        for batch in files.chunks(CHUNK * 16) {
            let lines: Option<Vec<String>> = batch
                .par_chunks(CHUNK)
                .map(|chunk| {
                    use std::fmt::Write as _;
                    let mut s = String::with_capacity(chunk.len() * 64);
                    for (p, (size, mtime), hash) in chunk {
                        let p = p.to_str().filter(|p| !p.contains(['\t', '\n']))?;
                        writeln!(s, "{size}\t{mtime}\t{}\t{p}", hash_hex(*hash)).ok()?;
                    }
                    Some(s)
                })
                .collect();
            let lines = lines.ok_or_else(|| {
                std::io::Error::new(std::io::ErrorKind::InvalidData, "a path cannot be stored")
            })?;
            for chunk in &lines {
                w.write_all(chunk.as_bytes())?;
            }
        }
        w.flush()?;
        drop(w);
        std::fs::rename(&tmp, &path)
    };
    if write().is_err() {
        std::fs::remove_file(&tmp).ok();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A state of more files than one batch of lines holds is every file, once, in order;
    /// `check` accepts it when the files are there as recorded.
    #[test]
    fn the_state_lists_every_file_across_batches() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        std::fs::create_dir_all(out.join("d")).unwrap();
        let n = 70_000; // more than one batch (16 × 4,096 lines)
        let mut files: Vec<(PathBuf, Stamp, ContentHash)> = (0..n)
            .rev()
            .map(|i| {
                (
                    PathBuf::from(format!("d/{i:06}.html")),
                    (i as u64, i as i64),
                    [i as u64, i as u64 * 3],
                )
            })
            .collect();
        std::fs::write(out.join("real.html"), b"x").unwrap();
        let real = stamp(&std::fs::metadata(out.join("real.html")).unwrap());
        let x = content_hash(b"x");
        files.push((PathBuf::from("real.html"), real, x));
        record(&out, &out, Inputs(7), 1, 1, &[], files);
        let state = std::fs::read_to_string(state_path(&out)).unwrap();
        let lines: Vec<&str> = state.lines().skip(1).collect();
        assert_eq!(lines.len(), n + 1);
        for (i, line) in lines[..n].iter().enumerate() {
            assert_eq!(
                *line,
                format!("{i}\t{i}\t{i:016x}{:016x}\td/{i:06}.html", i * 3)
            );
        }
        assert_eq!(
            lines[n],
            format!("1\t{}\t{}\treal.html", real.1, hash_hex(x))
        );
        // Whatever the next build's inputs, it finds each file's stamp and hash.
        let previous = previous_files(&out).expect("previous files");
        assert_eq!(previous.len(), n + 1);
        assert_eq!(
            previous.get(Path::new("d/000123.html")),
            Some(((123, 123), [123, 369]))
        );
        assert_eq!(previous.get(Path::new("real.html")), Some((real, x)));
        assert_eq!(previous.get(Path::new("d/none.html")), None);
        // The state names 70,000 files that are not there: the output is not up to date.
        assert!(check(&out, &out, Inputs(7)).is_none());
        // With only the file that is there, it is, and only for the same inputs.
        record(
            &out,
            &out,
            Inputs(7),
            1,
            1,
            &[],
            vec![("real.html".into(), real, x)],
        );
        let up = check(&out, &out, Inputs(7)).expect("up to date");
        assert_eq!(up.files, 1);
        assert!(check(&out, &out, Inputs(8)).is_none());
        // A state in the earlier layout (no content hash) is not read at all.
        let old = state.lines().next().unwrap().replace("\"format\":2,", "")
            + "\n1\t"
            + &real.1.to_string()
            + "\treal.html\n";
        assert!(!old.contains("format"));
        std::fs::write(state_path(&out), old).unwrap();
        assert!(check(&out, &out, Inputs(7)).is_none());
        assert!(previous_files(&out).is_none());
    }

    /// A path the state cannot hold (a tab would split its line) means no state at all,
    /// and no half-written one left beside the output.
    #[test]
    fn a_path_the_state_cannot_hold_keeps_no_state() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        std::fs::create_dir_all(&out).unwrap();
        let mut files: Vec<(PathBuf, Stamp, ContentHash)> = (0..100_000)
            .map(|i| (PathBuf::from(format!("d/{i:06}.html")), (1, 1), [1, 1]))
            .collect();
        files.push((PathBuf::from("z/a\tb.html"), (1, 1), [1, 1]));
        record(&out, &out, Inputs(1), 1, 1, &[], files);
        assert!(!state_path(&out).exists());
        assert!(!state_path(&out).with_extension("tmp").exists());
        assert!(check(&out, &out, Inputs(1)).is_none());
    }

    #[test]
    fn times_before_the_epoch_are_negative() {
        let tmp = tempfile::tempdir().unwrap();
        let f = tmp.path().join("f");
        std::fs::write(&f, b"abc").unwrap();
        let file = std::fs::File::options().write(true).open(&f).unwrap();
        let before = UNIX_EPOCH - std::time::Duration::from_secs(86_400);
        file.set_modified(before).unwrap();
        assert_eq!(
            stamp(&std::fs::metadata(&f).unwrap()),
            (3, -86_400_000_000_000)
        );
    }
}
