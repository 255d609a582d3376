//! Large outputs leave the page cache as they are written.
//!
//! A file a build writes stays in memory (the kernel's page cache) until the kernel
//! writes it to disk, and after that until something else needs the memory. A
//! 251,287-cable site is about 10 GB of it. Past the point where the kernel itself starts
//! writing back in the background (`vm.dirty_background_bytes`, else
//! `vm.dirty_background_ratio` of the available memory; about 2 GB on a machine with
//! 24 GB), a build that goes on filling new memory only makes its own writes dearer and
//! pushes out what the machine had cached. So from there on the files written are kept
//! open in batches of 1,024; a thread of its own writes each full batch back and drops it
//! from the cache (`syncfs`, then `posix_fadvise(DONTNEED)` per file), and the memory it
//! held is used for the next files. Below that point nothing changes: a smaller site is
//! written back by the kernel after the build, as before.
//!
//! A site expected to pass that point anyway ([`Writeback::expect`], from the build's
//! estimate of its files) is written back from a quarter of it, at most 512 MiB: what it
//! writes has to reach the disk during the build in any case, and so the page cache
//! holds little more than that, its memory taken again for the next files, instead of
//! first filling the whole threshold with memory the process has never used. On a VM
//! that is memory the host must supply as well. A 251,287-cable build (10 GB of files, a
//! threshold of about 2.3 GB, so written back from 512 MiB) in alternating pairs on disk,
//! the first two with a fixed 512 MiB budget: 49.51 and 48.29 s, with 27.72
//! and 25.95 s of system time, against 58.09 and 54.81 s (38.08 and 29.71 s); half an hour
//! later, with the VM much slower for both, 64.35 and 61.94 s against 68.72 and 61.00 s
//! (40.30 and 35.55 s of system time against 42.34 and 35.51 s). A 50,000-cable
//! site stays under the threshold and is left to the kernel as before (0 files written
//! back during its build); written back early, from 512 MiB, it took 9.32–10.85 s against 8.54–9.26 s, though it was on disk
//! sooner (9.34–10.87 s against 10.19–10.83 s with a `sync` after).
//!
//! Why `syncfs` and not a write-back started per file (`sync_file_range`, as at first):
//! a small file's write is one request to the disk, and on a virtual machine each request
//! is a notification to the host, which the guest pays for in system time. `syncfs` has
//! the kernel's flusher write everything dirty at once, adjacent files merged into large
//! requests. Creating a 251,287-cable site's 1,061,416 files (examples/floor.rs) took
//! 66,000–89,000 write requests this way against 740,000–756,000 per file, and 28.3 and
//! 30.4 s of CPU against 35.2 and 46.1 s; whole 251,287-cable builds, in two alternating
//! pairs, 52.0 and 52.1 s (34.3 and 33.9 s of system time) against 67.4 and 70.7 s (62.9
//! and 65.0 s). A thread that waits for the disk costs no CPU; while it still has a batch
//! waiting, the build waits for it, as it would for the kernel's own write-back.
//!
//! An output on a file system kept in memory (tmpfs, ramfs: [`Writeback::for_dir`]) is
//! left alone: there is no disk to write it back to, and its pages are the files.
//!
//! `syncfs` writes back the whole file system the output is on, other programs' files
//! too: no more than the kernel would soon write anyway. This changes no file's content
//! and nothing about when the site is complete, and a page still being written is not
//! dropped.

use std::fs::File;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::mpsc::SyncSender;
use std::sync::{Arc, Mutex, OnceLock};
use std::thread::JoinHandle;

/// What the page cache holds per file at least: one page.
const PAGE: u64 = 4096;

/// Files written back together (fewer where the process may open few files: see
/// [`batch_size`]).
const BATCH: usize = 1024;

/// The most a site expected to pass the threshold keeps in the page cache before its
/// files are written back as they go (see [`Writeback::expect`]).
const EARLY_MAX: u64 = 512 << 20;

/// The page cache a file of `len` bytes takes: whole pages, one at least.
pub fn cached_bytes(len: u64) -> u64 {
    len.div_ceil(PAGE).max(1) * PAGE
}

/// Keeps the page cache from growing past a budget while a build writes.
pub struct Writeback {
    /// The kernel's background write-back threshold (or the budget given).
    threshold: u64,
    /// Page-cache bytes the build's files may take before they are written back as they
    /// go: the threshold, or less once the site is expected to pass it.
    budget: AtomicU64,
    /// Page-cache bytes of the files written so far (each rounded up to whole pages).
    cached: AtomicU64,
    /// Files written past the budget and not yet handed to the worker.
    batch: Mutex<Vec<File>>,
    /// How many files make a batch (see [`batch_size`]), found when the budget is first
    /// passed: a build that never passes it leaves the open-file limit alone.
    batch_size: OnceLock<usize>,
    /// The thread that writes batches back and drops them, started with the first batch;
    /// `None` inside when it could not be started.
    worker: OnceLock<Option<Worker>>,
    /// How many files were written back and dropped during the build.
    dropped: Arc<AtomicUsize>,
    /// Set when the build is done: batches still waiting are closed as they are.
    stop: Arc<AtomicBool>,
}

struct Worker {
    batches: SyncSender<Vec<File>>,
    thread: JoinHandle<()>,
}

impl Writeback {
    /// A budget of what the kernel leaves unwritten before it starts writing back on its
    /// own; none where that cannot be read (nothing is written back early).
    pub fn new() -> Writeback {
        Writeback::with_budget(background_threshold().unwrap_or(u64::MAX))
    }

    /// [`Writeback::new`] for files written under `dir`; none (nothing is written back
    /// early) where `dir` is on a file system kept in memory (tmpfs, ramfs): there the
    /// files are the memory, there is no disk to write them back to, and the pages cannot
    /// be dropped.
    pub fn for_dir(dir: &std::path::Path) -> Writeback {
        if in_memory(dir) {
            Writeback::with_budget(u64::MAX)
        } else {
            Writeback::new()
        }
    }

    /// With a budget in bytes (`u64::MAX`: never).
    pub fn with_budget(budget: u64) -> Writeback {
        Writeback {
            threshold: budget,
            budget: AtomicU64::new(budget),
            cached: AtomicU64::new(0),
            batch: Mutex::new(Vec::new()),
            batch_size: OnceLock::new(),
            worker: OnceLock::new(),
            dropped: Arc::new(AtomicUsize::new(0)),
            stop: Arc::new(AtomicBool::new(false)),
        }
    }

    /// Takes a file just written (`len` bytes): closed at once while the budget lasts,
    /// else kept open in a batch until the batch is written back and dropped.
    pub fn written(&self, file: File, len: usize) {
        let pages = cached_bytes(len as u64);
        let before = self.cached.fetch_add(pages, Ordering::Relaxed);
        if before.saturating_add(pages) <= self.budget.load(Ordering::Relaxed)
            || !cfg!(target_os = "linux")
        {
            return;
        }
        let full = match self.batch.lock() {
            Ok(mut batch) => {
                batch.push(file);
                let size = *self.batch_size.get_or_init(batch_size);
                (batch.len() >= size).then(|| std::mem::take(&mut *batch))
            }
            Err(_) => None,
        };
        if let Some(files) = full {
            self.hand_over(files);
        }
    }

    /// Gives a full batch to the worker, starting it the first time; waits while the
    /// worker still has a batch waiting (the disk is behind: the build waits for it, as
    /// it would for the kernel's own write-back).
    fn hand_over(&self, files: Vec<File>) {
        let worker = self.worker.get_or_init(|| {
            let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<File>>(1);
            let (dropped, stop) = (self.dropped.clone(), self.stop.clone());
            std::thread::Builder::new()
                .name("writeback".into())
                .spawn(move || {
                    for files in rx {
                        if !stop.load(Ordering::Relaxed) {
                            write_back_and_drop(&files);
                            dropped.fetch_add(files.len(), Ordering::Relaxed);
                        }
                    }
                })
                .ok()
                .map(|thread| Worker {
                    batches: tx,
                    thread,
                })
        });
        // Without a worker the files are closed as they are (left to the kernel).
        if let Some(worker) = worker {
            let _ = worker.batches.send(files);
        }
    }

    /// The build expects its files to take about `bytes` of page cache. Past the threshold,
    /// they are written back from a quarter of it (at most `EARLY_MAX`) on, since they
    /// must reach the disk during the build anyway; under it, nothing changes. Call it
    /// before the files are written.
    pub fn expect(&self, bytes: u64) {
        if bytes > self.threshold {
            self.budget
                .store((self.threshold / 4).min(EARLY_MAX), Ordering::Relaxed);
        }
    }

    /// How many files were written back and dropped from the cache while the build wrote.
    pub fn dropped(&self) -> usize {
        self.dropped.load(Ordering::Relaxed)
    }
}

impl Drop for Writeback {
    /// The build is done: what is still waiting is closed as it is, and the worker ends.
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(Some(Worker { batches, thread })) = self.worker.take() {
            // Closing the channel ends the worker's loop.
            drop(batches);
            let _ = thread.join();
        }
    }
}

impl Default for Writeback {
    fn default() -> Writeback {
        Writeback::new()
    }
}

/// Files per batch: [`BATCH`], or an eighth of the files this process may have open if
/// that is less (a batch being filled, one waiting and one being written back are open at
/// once, and the build must still open its own). The process's soft limit on open files is
/// first raised to its hard limit, as far as [`BATCH`] needs.
fn batch_size() -> usize {
    #[cfg(target_os = "linux")]
    {
        let mut limit = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        // SAFETY: getrlimit fills the struct it is given.
        if unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) } == 0 {
            let wanted = (BATCH as u64 * 8).min(limit.rlim_max);
            if limit.rlim_cur < wanted {
                let raised = libc::rlimit {
                    rlim_cur: wanted,
                    rlim_max: limit.rlim_max,
                };
                // SAFETY: setrlimit reads the struct; raising the soft limit up to the hard
                // one needs no privilege, and a refusal leaves the limit as it was.
                if unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, &raised) } == 0 {
                    limit.rlim_cur = wanted;
                }
            }
            return BATCH.min((limit.rlim_cur / 8) as usize).max(1);
        }
    }
    BATCH
}

/// Writes a batch of files back and drops them from the page cache. `syncfs` has the
/// kernel write every dirty file of the file system, in large requests, and waits for it;
/// the batch's pages are then clean, and `posix_fadvise(DONTNEED)` lets go of them.
#[cfg(target_os = "linux")]
fn write_back_and_drop(files: &[File]) {
    use std::os::fd::AsRawFd;
    if let Some(first) = files.first() {
        // SAFETY: the descriptor is open for as long as `files` is borrowed; the call
        // writes back and waits, and changes no data.
        unsafe { libc::syncfs(first.as_raw_fd()) };
    }
    for f in files {
        drop_cached(f);
    }
}

#[cfg(not(target_os = "linux"))]
fn write_back_and_drop(_files: &[File]) {}

/// Asks the kernel to let go of the cached pages of `file` that are on disk already.
#[cfg(target_os = "linux")]
fn drop_cached(file: &File) {
    use std::os::fd::AsRawFd;
    // SAFETY: the descriptor is open; the call is advice and changes no data.
    unsafe { libc::posix_fadvise(file.as_raw_fd(), 0, 0, libc::POSIX_FADV_DONTNEED) };
}

/// Whether `dir` is on a file system that lives in memory (tmpfs, ramfs).
pub fn in_memory(dir: &std::path::Path) -> bool {
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::ffi::OsStrExt;
        const TMPFS_MAGIC: i64 = 0x0102_1994;
        const RAMFS_MAGIC: i64 = 0x8584_58f6;
        let Ok(path) = std::ffi::CString::new(dir.as_os_str().as_bytes()) else {
            return false;
        };
        // SAFETY: `statfs` fills the zeroed struct it is given from a NUL-terminated path.
        let mut st: libc::statfs = unsafe { std::mem::zeroed() };
        if unsafe { libc::statfs(path.as_ptr(), &mut st) } != 0 {
            return false;
        }
        #[allow(clippy::unnecessary_cast)]
        let kind = st.f_type as i64;
        kind == TMPFS_MAGIC || kind == RAMFS_MAGIC
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = dir;
        false
    }
}

/// The amount of unwritten data at which the kernel starts writing back in the
/// background: `vm.dirty_background_bytes` if set, else `vm.dirty_background_ratio`
/// percent of the available memory. `None` where it cannot be read.
fn background_threshold() -> Option<u64> {
    #[cfg(target_os = "linux")]
    {
        let read = |p: &str| std::fs::read_to_string(p).ok();
        let number = |s: Option<String>| s.and_then(|s| s.trim().parse::<u64>().ok());
        if let Some(bytes) = number(read("/proc/sys/vm/dirty_background_bytes")) {
            if bytes > 0 {
                return Some(bytes);
            }
        }
        let ratio = number(read("/proc/sys/vm/dirty_background_ratio"))?;
        let available_kb = read("/proc/meminfo")?
            .lines()
            .find(|l| l.starts_with("MemAvailable:"))?
            .split_whitespace()
            .nth(1)?
            .parse::<u64>()
            .ok()?;
        Some(available_kb * 1024 / 100 * ratio)
    }
    #[cfg(not(target_os = "linux"))]
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn write_files(wb: &Writeback, dir: &std::path::Path, n: usize) {
        for i in 0..n {
            let path = dir.join(format!("{i}.txt"));
            let mut f = File::create(&path).unwrap();
            let body = format!("file {i}\n").repeat(i % 7 + 1);
            f.write_all(body.as_bytes()).unwrap();
            wb.written(f, body.len());
        }
    }

    /// The mount points of `kind` file systems in /proc/mounts.
    fn mounts_of(kind: &str) -> Vec<std::path::PathBuf> {
        std::fs::read_to_string("/proc/mounts")
            .unwrap_or_default()
            .lines()
            .filter_map(|l| {
                let f: Vec<&str> = l.split_whitespace().collect();
                (f.len() > 2 && f[2] == kind && !f[1].contains('\\')).then(|| f[1].into())
            })
            .collect()
    }

    #[test]
    fn an_output_in_memory_is_not_written_back() {
        if !cfg!(target_os = "linux") {
            eprintln!("skipped: file system types are read on Linux only");
            return;
        }
        let tmpfs: Vec<_> = mounts_of("tmpfs")
            .into_iter()
            .filter(|p| p.is_dir())
            .collect();
        let disks: Vec<_> = ["ext4", "xfs", "btrfs"]
            .iter()
            .flat_map(|k| mounts_of(k))
            .filter(|p| p.is_dir())
            .collect();
        if tmpfs.is_empty() || disks.is_empty() {
            eprintln!("skipped: no tmpfs and disk file system mounted side by side here");
            return;
        }
        for p in &tmpfs {
            assert!(in_memory(p), "{} is tmpfs", p.display());
            let wb = Writeback::for_dir(p);
            assert_eq!(wb.budget.load(Ordering::Relaxed), u64::MAX);
            wb.expect(u64::MAX - 1);
            assert_eq!(
                wb.budget.load(Ordering::Relaxed),
                u64::MAX,
                "{}",
                p.display()
            );
        }
        for p in &disks {
            assert!(!in_memory(p), "{} is on a disk", p.display());
        }
        assert!(!in_memory(std::path::Path::new("/no/such/folder")));
    }

    #[test]
    fn files_past_the_budget_are_written_back_in_batches_and_keep_their_bytes() {
        let tmp = tempfile::tempdir().unwrap();
        // Room for ten one-page files; the other 590 are written back in batches of 64.
        let wb = Writeback::with_budget(10 * PAGE);
        wb.batch_size.set(64).unwrap();
        write_files(&wb, tmp.path(), 600);
        #[cfg(target_os = "linux")]
        {
            // Nine full batches (576 files) went to the worker; 14 wait for a tenth.
            let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
            while wb.dropped() < 576 && std::time::Instant::now() < deadline {
                std::thread::sleep(std::time::Duration::from_millis(5));
            }
            assert_eq!(wb.dropped(), 576);
            assert_eq!(wb.batch.lock().unwrap().len(), 14);
        }
        drop(wb);
        for i in 0..600 {
            let body = std::fs::read_to_string(tmp.path().join(format!("{i}.txt"))).unwrap();
            assert_eq!(body, format!("file {i}\n").repeat(i % 7 + 1));
        }
    }

    #[test]
    fn within_the_budget_nothing_is_held_open() {
        let tmp = tempfile::tempdir().unwrap();
        let wb = Writeback::with_budget(u64::MAX);
        write_files(&wb, tmp.path(), 50);
        assert_eq!(wb.dropped(), 0);
        assert!(wb.batch.lock().unwrap().is_empty());
        assert!(wb.worker.get().is_none(), "no thread is started");
    }

    #[test]
    fn a_site_expected_past_the_threshold_is_written_back_from_a_quarter_of_it() {
        let under = Writeback::with_budget(64 * PAGE);
        under.expect(64 * PAGE);
        assert_eq!(
            under.budget.load(Ordering::Relaxed),
            64 * PAGE,
            "under: unchanged"
        );
        let over = Writeback::with_budget(64 * PAGE);
        over.expect(64 * PAGE + 1);
        assert_eq!(over.budget.load(Ordering::Relaxed), 16 * PAGE);
        let large = Writeback::with_budget(8 << 30);
        large.expect(40 << 30);
        assert_eq!(
            large.budget.load(Ordering::Relaxed),
            EARLY_MAX,
            "at most 512 MiB"
        );

        // Twenty one-page files against a threshold of 64 pages: none are held once the
        // site is expected to fit, the four past a quarter of it are once it is not.
        let tmp = tempfile::tempdir().unwrap();
        for (expected, held) in [(64 * PAGE, 0), (1000 * PAGE, 4)] {
            let dir = tmp.path().join(format!("{expected}"));
            std::fs::create_dir(&dir).unwrap();
            let wb = Writeback::with_budget(64 * PAGE);
            wb.batch_size.set(1000).unwrap();
            wb.expect(expected);
            write_files(&wb, &dir, 20);
            let n = wb.batch.lock().unwrap().len();
            assert_eq!(n, if cfg!(target_os = "linux") { held } else { 0 });
        }
    }

    #[test]
    fn the_kernel_threshold_is_read_where_there_is_one() {
        if cfg!(target_os = "linux") && std::path::Path::new("/proc/meminfo").exists() {
            let t = background_threshold().expect("a threshold on Linux");
            assert!(t > 0);
        }
    }
}
