//! Helpers shared by the benchmark's examples (`calibrate`, `floor`). A folder with a
//! `mod.rs`, so Cargo does not take it for an example of its own.

// Each example uses part of this.
#![allow(dead_code)]

use std::io::Write;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// `n` with thousands separated by commas: 1057433 → "1,057,433".
pub fn thousands(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// This process's user + system CPU time so far.
pub fn cpu_time() -> Option<Duration> {
    cablepress::render::process_cpu().map(|(user, system)| user + system)
}

/// What [`create_files`] measured.
pub struct Created {
    /// Wall time, s.
    pub wall: f64,
    /// User + system CPU time, where it can be read.
    pub cpu: Option<Duration>,
    pub threads: usize,
}

/// Creates files the way a build writes its output: one `create_new`, one write of
/// `data[..len]` and one close per `(path, len)` (past the kernel's write-back threshold,
/// the write-back and page-cache drop of `cablepress::writeback` before the close), on as
/// many threads as there are cores,
/// each taking the next unit of `units` until none is left. `setup` runs first, on the
/// clock (e.g. making the folders). Every `len` must be at most `data.len()`.
pub fn create_files(
    setup: impl FnOnce() -> std::io::Result<()>,
    units: &[&[(PathBuf, usize)]],
    data: &[u8],
) -> std::io::Result<Created> {
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let next = AtomicUsize::new(0);
    // As a build does: past the kernel's background write-back threshold, files are
    // written back and dropped from the page cache as they go (src/writeback.rs).
    let writeback = cablepress::writeback::Writeback::new();
    let cpu_before = cpu_time();
    let start = Instant::now();
    setup()?;
    std::thread::scope(|s| -> std::io::Result<()> {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                s.spawn(|| -> std::io::Result<()> {
                    while let Some(unit) = units.get(next.fetch_add(1, Ordering::Relaxed)) {
                        for (path, len) in unit.iter() {
                            let mut f = std::fs::OpenOptions::new()
                                .write(true)
                                .create_new(true)
                                .open(path)?;
                            f.write_all(&data[..*len])?;
                            writeback.written(f, *len);
                        }
                    }
                    Ok(())
                })
            })
            .collect();
        for w in workers {
            w.join().expect("a writing thread panicked")?;
        }
        Ok(())
    })?;
    Ok(Created {
        wall: start.elapsed().as_secs_f64(),
        cpu: cpu_before.zip(cpu_time()).map(|(b, a)| a.saturating_sub(b)),
        threads,
    })
}
