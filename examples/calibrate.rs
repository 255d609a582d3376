//! Measures the two costs that dominate a large cold build on this machine, so benchmark
//! figures from different machines, or from the same virtual machine on different days,
//! can be compared: touching new memory for the first time, and creating small files.
//!
//! ```sh
//! cargo run --release --example calibrate -- DIR
//! ```
//!
//! Prints one Markdown line. DIR must not exist; the files made in it are left there
//! (on ext4 without a journal, deleting many files slows the creation of new ones for
//! minutes afterwards, so the benchmark deletes nothing while it measures).
//!
//! On a virtual machine that hands freed memory back to its host (virtio-balloon free
//! page reporting), the first touch of a page costs a fault in the host as well; in 2 MiB
//! pages (transparent huge pages, which the build's allocator asks for) it has measured
//! up to five times slower per MiB than in 4 KiB pages there, though not every time.

mod bench_common;

use bench_common::{create_files, thousands, Created};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Files made by the file test, and their size.
const FILES: usize = 20_000;
const FILE_BYTES: usize = 8 * 1024;
/// Files per folder (a 251,287-cable build's month folders hold 2,081 on average, four
/// per cable, and up to 17,856).
const PER_DIR: usize = 1_000;
/// Memory touched by each memory test.
const MEMORY_MIB: usize = 512;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [dir] = args.as_slice() else {
        eprintln!("usage: calibrate DIR   (DIR must not exist)");
        std::process::exit(2);
    };
    let dir = PathBuf::from(dir);
    if dir.exists() {
        eprintln!("calibrate: {} exists", dir.display());
        std::process::exit(2);
    }
    let mut parts = Vec::new();
    match first_touch() {
        Some((small, huge)) => parts.push(format!(
            "first touch of new memory {small:.2} ms/MiB in 4 KiB pages, {huge:.2} ms/MiB in 2 MiB pages"
        )),
        None => parts.push("first touch of new memory not measured (Linux only)".into()),
    }
    match files(&dir) {
        Ok(Created { wall, cpu, threads }) => parts.push(format!(
            "{} new files of {} KiB ({threads} threads, {} per folder): {wall:.2} s, {}",
            thousands(FILES),
            FILE_BYTES / 1024,
            thousands(PER_DIR),
            match cpu {
                Some(cpu) => format!(
                    "{:.0} µs of CPU (user+sys) per file",
                    cpu.as_secs_f64() * 1e6 / FILES as f64
                ),
                None => "CPU not measured (Linux only)".into(),
            }
        )),
        Err(e) => {
            eprintln!("calibrate: {}: {e}", dir.display());
            std::process::exit(1);
        }
    }
    println!("- calibration: {}", parts.join("; "));
}

/// Milliseconds per MiB to touch new anonymous memory once, in 4 KiB and in 2 MiB pages.
/// Each test waits 3 s first, so memory freed just before has been handed back to the
/// host, as it has for a build started on a machine at rest.
#[cfg(target_os = "linux")]
fn first_touch() -> Option<(f64, f64)> {
    let small = touch(false)?;
    let huge = touch(true)?;
    Some((small, huge))
}

#[cfg(not(target_os = "linux"))]
fn first_touch() -> Option<(f64, f64)> {
    None
}

#[cfg(target_os = "linux")]
fn touch(huge: bool) -> Option<f64> {
    const PAGE: usize = 4096;
    let len = MEMORY_MIB << 20;
    std::thread::sleep(Duration::from_secs(3));
    // SAFETY: a private anonymous mapping of `len` bytes; checked for failure, written only
    // inside its bounds, and unmapped before returning.
    unsafe {
        let p = libc::mmap(
            std::ptr::null_mut(),
            len,
            libc::PROT_READ | libc::PROT_WRITE,
            libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
            -1,
            0,
        );
        if p == libc::MAP_FAILED {
            return None;
        }
        let advice = if huge {
            libc::MADV_HUGEPAGE
        } else {
            libc::MADV_NOHUGEPAGE
        };
        // Advice only: without transparent huge pages both tests measure 4 KiB pages.
        libc::madvise(p, len, advice);
        let bytes = p as *mut u8;
        let start = Instant::now();
        for off in (0..len).step_by(PAGE) {
            std::ptr::write_volatile(bytes.add(off), 1);
        }
        let ms = start.elapsed().as_secs_f64() * 1e3 / MEMORY_MIB as f64;
        libc::munmap(p, len);
        Some(ms)
    }
}

/// Creates [`FILES`] files of [`FILE_BYTES`] under `dir` the way a build writes its
/// output (one `create_new`, one write, one close each), on as many threads as there are
/// cores, each taking the next file (so both threads write into the same folder).
fn files(dir: &Path) -> std::io::Result<Created> {
    let dirs = FILES.div_ceil(PER_DIR);
    for d in 0..dirs {
        std::fs::create_dir_all(dir.join(format!("{d:03}")))?;
    }
    let targets: Vec<(PathBuf, usize)> = (0..FILES)
        .map(|i| (dir.join(format!("{:03}/{i}.html", i / PER_DIR)), FILE_BYTES))
        .collect();
    let units: Vec<&[(PathBuf, usize)]> = targets.chunks(1).collect();
    create_files(|| Ok(()), &units, &vec![b'x'; FILE_BYTES])
}
