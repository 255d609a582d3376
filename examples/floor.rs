//! The write floor: how long it takes here just to create a built site's files, with no
//! reading, parsing or rendering. It makes, under DIR, the same folders and the same files
//! (same names, same sizes; the bytes are a fixed pattern) as the site in SITE_OUTPUT, the
//! way a build writes them (one `create_new`, one write, one close per file, on as many
//! threads as there are cores; past the kernel's write-back threshold the files are written
//! back and dropped from the page cache in batches as they go, as in src/writeback.rs), and prints
//! what that took. No tool that writes those files
//! can build the site faster than this on the same machine and disk.
//!
//! Each thread takes whole folders, largest first: two threads creating files in one
//! folder wait for each other on its lock (in a test on ext4 with both threads in the same
//! folders, 8 % of the CPU went to spinning on it), and a build's threads seldom do.
//!
//! ```sh
//! cargo run --release --example floor -- SITE_OUTPUT DIR
//! ```
//!
//! Prints one line of `key=value` fields for bench/run.sh: `files`, `bytes`, `folders`,
//! `threads`, `wall` (s) and `cpu` (user + system s, `-` where it cannot be read). DIR must
//! not exist; it is left in place (see examples/calibrate.rs on deleting many files).

mod bench_common;

use bench_common::{create_files, Created};
use std::path::{Path, PathBuf};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [from, to] = args.as_slice() else {
        eprintln!("usage: floor SITE_OUTPUT DIR   (DIR must not exist)");
        std::process::exit(2);
    };
    let (from, to) = (Path::new(from), PathBuf::from(to));
    if to.exists() {
        eprintln!("floor: {} exists", to.display());
        std::process::exit(2);
    }
    let (folders, files) = match list(from) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("floor: {}: {e}", from.display());
            std::process::exit(1);
        }
    };
    if files.is_empty() {
        eprintln!("floor: {} holds no files", from.display());
        std::process::exit(1);
    }
    match write(&to, &folders, &files) {
        Ok(Created { wall, cpu, threads }) => println!(
            "files={} bytes={} folders={} threads={threads} wall={wall:.2} cpu={}",
            files.len(),
            files.iter().map(|f| f.1).sum::<u64>(),
            folders.len(),
            cpu.map_or("-".to_string(), |c| format!("{:.2}", c.as_secs_f64()))
        ),
        Err(e) => {
            eprintln!("floor: {}: {e}", to.display());
            std::process::exit(1);
        }
    }
}

/// The folders (parents before children) and the files with their sizes under `root`,
/// as paths relative to it, in the order of a walk sorted by name.
type Listing = (Vec<PathBuf>, Vec<(PathBuf, u64)>);

fn list(root: &Path) -> Result<Listing, walkdir::Error> {
    let (mut folders, mut files) = (Vec::new(), Vec::new());
    for entry in walkdir::WalkDir::new(root).min_depth(1).sort_by_file_name() {
        let entry = entry?;
        let rel = entry
            .path()
            .strip_prefix(root)
            .expect("walkdir yields paths under its root")
            .to_path_buf();
        if entry.file_type().is_dir() {
            folders.push(rel);
        } else if entry.file_type().is_file() {
            files.push((rel, entry.metadata()?.len()));
        }
    }
    Ok((folders, files))
}

/// Makes `folders` and `files` under `to`, each thread taking whole folders.
fn write(to: &Path, folders: &[PathBuf], files: &[(PathBuf, u64)]) -> std::io::Result<Created> {
    let largest = files.iter().map(|f| f.1).max().unwrap_or(0);
    let largest = usize::try_from(largest).map_err(|_| {
        std::io::Error::other(format!("a file of {largest} bytes does not fit in memory"))
    })?;
    // The full paths are made before the clock starts: a build has its output paths from
    // the content, and this measures the writing.
    let targets: Vec<(PathBuf, usize)> = files
        .iter()
        // Every size fits: none is larger than `largest`.
        .map(|(rel, len)| (to.join(rel), *len as usize))
        .collect();
    // The files of each folder (a walk lists them together), largest folders first.
    let mut units: Vec<&[(PathBuf, usize)]> = targets
        .chunk_by(|a, b| a.0.parent() == b.0.parent())
        .collect();
    units.sort_by_key(|u| std::cmp::Reverse(u.len()));
    let setup = || {
        std::fs::create_dir(to)?;
        folders
            .iter()
            .try_for_each(|f| std::fs::create_dir(to.join(f)))
    };
    create_files(setup, &units, &vec![b'x'; largest])
}
