//! The output folder: what a build will write into, what it keeps there, and output
//! folders that are mount points.

mod common;

use cablepress::{build, BuildOptions};
use common::write_files;
use std::fs;
use std::path::Path;

fn cable(id: &str, n: u32, subject: &str) -> String {
    format!(
        "---\nid: {id}\ndate: 2003-01-{n:02} 10:00\norigin: Embassy Phnom Penh\nclassification: CONFIDENTIAL\n---\n\
         C O N F I D E N T I A L PHNOM PENH 000001\n\nTAGS: PREL, CB\nSUBJECT: {subject}\n\n1. (C) First paragraph.\n"
    )
}

/// A site of 30 cables (so that editing one changes less than a tenth of the output).
fn site(dir: &Path) {
    for i in 1..=30 {
        write_files(
            dir,
            &[(
                &format!("content/cables/C{i}.txt"),
                &cable(
                    &format!("03PHNOMPENH{i}"),
                    i % 28 + 1,
                    &format!("CABLE {i}"),
                ),
            )],
        );
    }
}

fn edit(dir: &Path, i: u32, subject: &str) {
    write_files(
        dir,
        &[(
            &format!("content/cables/C{i}.txt"),
            &cable(&format!("03PHNOMPENH{i}"), i % 28 + 1, subject),
        )],
    );
}

fn ok(site: &Path, out: &Path) -> cablepress::BuildReport {
    let r = build(site, out, &BuildOptions::default()).expect("build runs");
    assert_eq!(r.errors(), 0, "{:?}", r.diagnostics);
    assert!(r.committed);
    r
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn a_folder_cablepress_did_not_build_is_refused_even_with_an_index_html() {
    let tmp = tempfile::tempdir().unwrap();
    let s = tmp.path().join("site");
    site(&s);
    let www = tmp.path().join("www");
    write_files(
        &www,
        &[
            ("index.html", "<h1>mine</h1>"),
            ("photos/cat.jpg", "x"),
            ("todo.txt", "y"),
        ],
    );
    let err = format!(
        "{:#}",
        build(&s, &www, &BuildOptions::default()).expect_err("refused")
    );
    assert!(err.contains("was not built by cablepress"), "{err}");
    assert!(err.contains("empty"), "{err}");
    assert_eq!(
        fs::read_to_string(www.join("index.html")).unwrap(),
        "<h1>mine</h1>"
    );
    assert!(www.join("photos/cat.jpg").exists() && www.join("todo.txt").exists());

    // Its own output it rebuilds: with its state beside it, and without (a site copied
    // elsewhere, or built by a version before the state) from the files it wrote.
    let out = tmp.path().join("out");
    ok(&s, &out);
    fs::remove_file(tmp.path().join(".out.cablepress-state")).unwrap();
    edit(&s, 3, "EDITED");
    ok(&s, &out);
    // A folder holding only hidden entries (a fresh gh-pages worktree) is empty enough.
    let pages = tmp.path().join("pages");
    write_files(&pages, &[(".git", "gitdir: ../.git/worktrees/pages")]);
    ok(&s, &pages);
    assert!(pages.join(".git").exists() && pages.join("index.html").exists());
}

#[test]
fn hidden_entries_at_the_top_of_the_output_are_kept_by_every_rebuild() {
    let tmp = tempfile::tempdir().unwrap();
    let s = tmp.path().join("site");
    site(&s);
    let out = tmp.path().join("public");
    ok(&s, &out);
    write_files(
        &out,
        &[
            (".git/HEAD", "ref: refs/heads/gh-pages"),
            (".nojekyll", ""),
            ("CNAME", "example.org"),
        ],
    );
    // An edit: renamed into place.
    edit(&s, 3, "EDITED");
    let r = ok(&s, &out);
    assert!(r.written * 10 <= r.files, "not an in-place commit");
    assert_eq!(
        fs::read_to_string(out.join(".git/HEAD")).unwrap(),
        "ref: refs/heads/gh-pages"
    );
    assert!(out.join(".nojekyll").exists());
    // Other stray files go: the output is the site.
    assert!(!out.join("CNAME").exists());
    // Nothing changed: up to date, whatever is kept.
    assert!(ok(&s, &out).up_to_date);
    // A new title changes every page: a whole new site swapped in, still with them.
    write_files(&s, &[("site.yaml", "title: Another title\n")]);
    let r = ok(&s, &out);
    assert!(r.written * 10 > r.files);
    assert_eq!(
        fs::read_to_string(out.join(".git/HEAD")).unwrap(),
        "ref: refs/heads/gh-pages"
    );
    assert!(out.join(".nojekyll").exists());
    assert!(fs::read_to_string(out.join("index.html"))
        .unwrap()
        .contains("Another title"));
    assert_eq!(
        names(tmp.path()),
        [".public.cablepress-state", "public", "site"]
    );
}

/// A tmpfs mounted on a folder, unmounted when dropped; `None` where this process may
/// not mount (not root, no `mount`).
struct Mount(std::path::PathBuf);

impl Mount {
    fn new(at: &Path) -> Option<Mount> {
        fs::create_dir_all(at).unwrap();
        let ok = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", "size=64M", "tmpfs"])
            .arg(at)
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if !ok {
            eprintln!("skipped: cannot mount a tmpfs here (needs root)");
        }
        ok.then(|| Mount(at.to_path_buf()))
    }
}

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg(&self.0).status();
    }
}

#[test]
fn an_output_folder_that_is_a_mount_point_is_built_and_rebuilt_in_it() {
    let tmp = tempfile::tempdir().unwrap();
    let s = tmp.path().join("site");
    site(&s);
    let out = tmp.path().join("pubm");
    let Some(_mount) = Mount::new(&out) else {
        return;
    };
    // Cold.
    ok(&s, &out);
    assert!(out.join("index.html").exists());
    // Nothing of the build's own is left beside the output or inside it.
    let clean = || {
        assert_eq!(
            names(tmp.path()),
            [".pubm.cablepress-state", "pubm", "site"]
        );
        assert!(
            !names(&out).iter().any(|n| n.starts_with('.')),
            "{:?}",
            names(&out)
        );
    };
    clean();
    // An edit: in place.
    edit(&s, 3, "EDITED ONCE");
    ok(&s, &out);
    let page = |out: &Path| {
        fs::read_to_string(out.join("cable/2003/01/03PHNOMPENH3.html")).unwrap_or_default()
    };
    assert!(page(&out).contains("EDITED ONCE"), "{}", page(&out));
    // Everything changed: would be a swap elsewhere, in place here.
    write_files(&s, &[("site.yaml", "title: Another title\n")]);
    ok(&s, &out);
    assert!(fs::read_to_string(out.join("index.html"))
        .unwrap()
        .contains("Another title"));
    // A cable removed: its page goes.
    fs::remove_file(s.join("content/cables/C5.txt")).unwrap();
    ok(&s, &out);
    assert!(!out.join("cable/2003/01/03PHNOMPENH5.html").exists());
    assert!(ok(&s, &out).up_to_date);
    clean();

    // A good site copied in by hand, then an edit.
    let elsewhere = tmp.path().join("elsewhere");
    ok(&s, &elsewhere);
    for e in fs::read_dir(&out).unwrap().flatten() {
        fs::remove_dir_all(e.path())
            .or_else(|_| fs::remove_file(e.path()))
            .unwrap();
    }
    let copied = std::process::Command::new("cp")
        .arg("-a")
        .arg(elsewhere.join("."))
        .arg(&out)
        .status()
        .unwrap();
    assert!(copied.success());
    edit(&s, 3, "EDITED TWICE");
    ok(&s, &out);
    assert!(page(&out).contains("EDITED TWICE"));
    let fresh = tmp.path().join("fresh");
    ok(&s, &fresh);
    assert_eq!(common::snapshot(&out), common::snapshot(&fresh));
}
