//! A build into a file system that fills up: one error for the first file that does not
//! fit, one that counts the rest, and no half-written site left behind.
//!
//! Needs a small file system to fill: the test mounts a 1 MB tmpfs, which takes root (or
//! CAP_SYS_ADMIN); elsewhere it says so and passes without checking anything.

use cablepress::{build, BuildOptions};
use std::path::{Path, PathBuf};
use std::process::Command;

/// A mounted tmpfs, unmounted when dropped (also when the test fails).
struct SmallFs(PathBuf);

impl SmallFs {
    fn mount(at: &Path, size: &str) -> Option<SmallFs> {
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(at)
            .output()
            .is_ok_and(|o| o.status.success());
        ok.then(|| SmallFs(at.to_path_buf()))
    }
}

impl Drop for SmallFs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

#[test]
fn a_full_disk_is_one_error_and_a_count_and_no_site() {
    let mnt = tempfile::tempdir().expect("temp dir");
    let Some(_fs) = SmallFs::mount(mnt.path(), "1m") else {
        eprintln!("skipped: cannot mount a 1 MB tmpfs here (needs root)");
        return;
    };
    // The bundled sample: 241 files, about 2.5 MB.
    let sample = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = mnt.path().join("site");
    let report = build(sample, &out, &BuildOptions::default()).expect("build runs");

    let errors: Vec<String> = report
        .diagnostics
        .iter()
        .filter(|d| d.severity == cablepress::diagnostics::Severity::Error)
        .map(|d| d.to_string())
        .collect();
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert!(
        errors
            .iter()
            .any(|e| e.contains("No space left on device") && e.contains("cannot")),
        "{errors:#?}"
    );
    let count = errors
        .iter()
        .find_map(|e| {
            e.split_once(" more files were not written: the disk is full")
                .and_then(|(head, _)| head.rsplit(' ').next()?.parse::<usize>().ok())
        })
        .unwrap_or_else(|| panic!("no count of the files not written: {errors:#?}"));
    assert!(count > 10, "{count}");
    assert!(!report.committed);
    // Nothing half-written: no site, no staging folder.
    let left: Vec<_> = std::fs::read_dir(mnt.path())
        .expect("mount point")
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert!(left.is_empty(), "left behind: {left:?}");
}
