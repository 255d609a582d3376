//! Never a broken site: a build killed part-way (SIGKILL) leaves the previous site exactly
//! as it was, and the next build removes the staging folder it left behind.
#![cfg(unix)] // symlinks, inodes and SIGKILL

mod common;
use common::snapshot;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Entries beside the output folder whose names mark a build in progress.
fn leftovers(parent: &Path) -> Vec<String> {
    std::fs::read_dir(parent)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        // The up-to-date check's record of the last build stays beside the output on purpose.
        .filter(|n| n.starts_with(".public.") && n != ".public.cablepress-state")
        .collect()
}

fn files_under(dir: &Path) -> usize {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .count()
}

/// A site of `n` cables, big enough that a build takes a moment.
fn big_site(root: &Path, n: usize, title: &str) {
    std::fs::create_dir_all(root.join("content/cables")).unwrap();
    std::fs::write(root.join("site.yaml"), format!("title: {title}\n")).unwrap();
    let para = "The ambassador met the minister and discussed the matters at hand at some length. "
        .repeat(6);
    for i in 0..n {
        let text = format!(
            "R {:02}1200Z MAR 0{}\nFM AMEMBASSY PHNOM PENH\nTO SECSTATE WASHDC\n\nCONFIDENTIAL PHNOM PENH {i:06}\n\nTAGS: PREL, CB, T{}\nSUBJECT: CABLE {i}\n\n1. (C) {para}\n\n2. (C) {para}\n\n3. (C) {para}\n",
            1 + i % 28,
            i % 10,
            i % 50
        );
        std::fs::write(
            root.join(format!("content/cables/0{}PHNOMPENH{i}.txt", i % 10)),
            text,
        )
        .unwrap();
    }
}

#[test]
fn a_killed_build_leaves_the_previous_site_intact() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path();
    big_site(site, 1500, "Before");
    let out = site.join("public");
    let first = cablepress::build(site, &out, &Default::default()).unwrap();
    assert!(first.committed);
    let before = snapshot(&out);
    assert!(before.len() > 1500);

    // Change every page (the title is on each), then kill the build while it writes.
    std::fs::write(site.join("site.yaml"), "title: After\n").unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_cablepress"))
        .args(["build", "--quiet"])
        .arg(site)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let staging = site.join(format!(".public.building-{}", child.id()));
    let start = Instant::now();
    let mut killed_mid_write = false;
    while start.elapsed() < Duration::from_secs(120) {
        if staging.is_dir() && files_under(&staging) >= 200 {
            child.kill().unwrap(); // SIGKILL
            killed_mid_write = true;
            break;
        }
        if child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    child.wait().unwrap();
    assert!(
        killed_mid_write,
        "the build finished before it could be killed; make the site bigger"
    );
    assert!(
        staging.is_dir(),
        "the killed build's staging folder should still be there"
    );

    // The previous site, byte for byte.
    let after_kill = snapshot(&out);
    assert_eq!(
        after_kill.len(),
        before.len(),
        "files were added to or removed from the site"
    );
    for (path, bytes) in &before {
        assert!(after_kill.get(path) == Some(bytes), "{path} changed");
    }
    assert!(String::from_utf8_lossy(&after_kill["index.html"]).contains("Before"));

    // The next build finishes, swaps the new site in and cleans up.
    let next = cablepress::build(site, &out, &Default::default()).unwrap();
    assert!(next.committed);
    assert!(
        leftovers(site).is_empty(),
        "left behind: {:?}",
        leftovers(site)
    );
    assert!(std::fs::read_to_string(out.join("index.html"))
        .unwrap()
        .contains("After"));
}
