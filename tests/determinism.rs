//! Reproducible output: two builds of the same input are byte-identical, and a rebuild
//! with nothing changed rewrites no file (same inode, same modification time), so deploy
//! diffs and rsync see only real changes.
#![cfg(unix)] // symlinks, inodes and SIGKILL

mod common;
use common::snapshot;

use cablepress::{build, BuildOptions};
use common::write_files;
use std::collections::BTreeMap;
use std::os::unix::fs::MetadataExt;
use std::path::Path;

/// Inode and modification time of every file.
fn stamps(root: &Path) -> BTreeMap<String, (u64, i64, i64)> {
    common::files_under(root, root, |_, m| (m.ino(), m.mtime(), m.mtime_nsec()))
}

/// A site with enough variety to exercise every kind of page: cables from several posts
/// and years, a CSV dump, references between them, free-text tags, a static file.
fn sample_site(root: &Path) {
    let mut files: Vec<(String, String)> = Vec::new();
    for i in 0..60 {
        let post = ["PHNOM PENH", "BANGKOK", "HANOI"][i % 3];
        let year = 2000 + (i % 7);
        let id = format!("{:02}{}{}", year % 100, post.replace(' ', ""), 100 + i);
        let refs = if i > 3 {
            format!(
                "REF: {} {}\n\n",
                ["PHNOM PENH", "BANGKOK", "HANOI"][(i - 3) % 3],
                97 + i
            )
        } else {
            String::new()
        };
        files.push((
            format!("content/cables/{year}/{id}.txt"),
            format!(
                "O {:02}0{}22Z {} {:02}\nFM AMEMBASSY {post}\nTO SECSTATE WASHDC {i}\n\nC O N F I D E N T I A L {post} {:06}\n\nTAGS: PREL, CB, ECON, Human Rights\nSUBJECT: SUBJECT NUMBER {i}\n\n{refs}1. (C) Paragraph one of cable {i}.\n\n2. (C) Paragraph two.\n\n3. (C) The ambassador met the minister of foreign affairs to discuss the rice harvest.\n",
                1 + i % 27,
                i % 10,
                ["JAN", "MAR", "JUN", "DEC"][i % 4],
                year % 100,
                100 + i
            ),
        ));
    }
    files.push((
        "content/cables/dump.csv".into(),
        "\"1\",\"3/28/1992 6:52\",\"92PHNOMPENH664\",\"Embassy Phnom Penh\",\"CONFIDENTIAL\",\"00PHNOMPENH100\",\"\",\"CONFIDENTIAL\n\nSUBJECT: FROM THE DUMP\n\n1. (C) Row one.\n\"\n".into(),
    ));
    files.push(("static/extra.css".into(), "body{}".into()));
    files.push((
        "site.yaml".into(),
        "title: Determinism\nbase_url: https://example.org/x/\npaginate_by: 7\n".into(),
    ));
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    write_files(root, &refs);
}

/// The same files, with the same bytes, in two built sites ([`snapshot`]s).
fn assert_same_files(a: &BTreeMap<String, Vec<u8>>, b: &BTreeMap<String, Vec<u8>>) {
    assert_eq!(
        a.keys().collect::<Vec<_>>(),
        b.keys().collect::<Vec<_>>(),
        "different file lists"
    );
    for (path, bytes) in a {
        assert!(bytes == &b[path], "{path} differs between the two sites");
    }
}

#[test]
fn two_builds_of_the_same_input_are_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    sample_site(dir.path());
    let a = dir.path().join("a");
    let b = dir.path().join("b");
    let ra = build(dir.path(), &a, &BuildOptions::default()).unwrap();
    let rb = build(dir.path(), &b, &BuildOptions::default()).unwrap();
    assert!(ra.committed && rb.committed);
    let (sa, sb) = (snapshot(&a), snapshot(&b));
    assert!(sa.len() > 60, "only {} files", sa.len());
    assert_same_files(&sa, &sb);
    assert_eq!(
        ra.diagnostics, rb.diagnostics,
        "diagnostics differ between two builds"
    );
}

/// `build` hands the cables' texts to the search index, which frees each once read;
/// `build_keeping` (the preview server's) keeps them. The sites must be the same, down to
/// every `.txt` download and every word of the search index.
#[test]
fn a_build_that_frees_the_texts_makes_the_same_site_as_one_that_keeps_them() {
    let dir = tempfile::tempdir().unwrap();
    sample_site(dir.path());
    let (freed, kept) = (dir.path().join("freed"), dir.path().join("kept"));
    let rf = build(dir.path(), &freed, &BuildOptions::default()).unwrap();
    let (rk, built) =
        cablepress::build_keeping(dir.path(), &kept, &BuildOptions::default()).unwrap();
    assert!(rf.committed && rk.committed);
    // The kept archive still has every text (the server renders pages from it again).
    let built = built.expect("a full build");
    assert!(built
        .archive
        .cables
        .iter()
        .all(|c| c.text.contains("SUBJECT")));
    let (sf, sk) = (snapshot(&freed), snapshot(&kept));
    assert_same_files(&sf, &sk);
    // What the texts gave: the download, and words only the cables' paragraphs hold.
    let txts: Vec<&String> = sf
        .keys()
        .filter(|p| p.ends_with("BANGKOK101.txt"))
        .collect();
    assert_eq!(
        txts.len(),
        1,
        "{:?}",
        sf.keys()
            .filter(|p| p.ends_with(".txt"))
            .collect::<Vec<_>>()
    );
    let txt = String::from_utf8_lossy(&sf[txts[0]]).into_owned();
    assert!(txt.contains("1. (C) Paragraph one of cable 1."), "{txt}");
    let index: String = sf
        .iter()
        .filter(|(p, _)| p.starts_with("search/t/"))
        .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
        .collect();
    for word in ["\"paragraph\"", "\"harvest\"", "\"dump\"", "\"row\""] {
        assert!(index.contains(word), "{word} is not in the search index");
    }
    // And the snippets the results show, from each cable's first paragraph of prose.
    let records: String = sf
        .iter()
        .filter(|(p, _)| p.starts_with("search/d/"))
        .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
        .collect();
    assert!(
        records.contains("The ambassador met the minister"),
        "no snippet in the search records"
    );
}

#[test]
fn a_rebuild_with_no_change_rewrites_no_file() {
    let dir = tempfile::tempdir().unwrap();
    sample_site(dir.path());
    let out = dir.path().join("public");
    let first = build(dir.path(), &out, &BuildOptions::default()).unwrap();
    let before = stamps(&out);
    let second = build(dir.path(), &out, &BuildOptions::default()).unwrap();
    assert_eq!(second.written, 0, "{} files rewritten", second.written);
    assert_eq!(second.unchanged, first.files);
    assert_eq!(
        stamps(&out),
        before,
        "a file got a new inode or modification time"
    );
    // Nothing left beside the output but the up-to-date check's record of the last build.
    let mut top: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    top.sort();
    assert_eq!(
        top,
        vec![
            ".public.cablepress-state",
            "content",
            "public",
            "site.yaml",
            "static"
        ]
    );

    // One changed cable: its page is rewritten, untouched pages keep their inode.
    let p = dir.path().join("content/cables/2001/01BANGKOK101.txt");
    let text = std::fs::read_to_string(&p)
        .unwrap()
        .replace("Paragraph two.", "Paragraph two, edited.");
    std::fs::write(&p, text).unwrap();
    let third = build(dir.path(), &out, &BuildOptions::default()).unwrap();
    assert!(
        third.written >= 1 && third.unchanged > 0,
        "written {} unchanged {}",
        third.written,
        third.unchanged
    );
    let after = stamps(&out);
    let changed: Vec<&String> = after.keys().filter(|k| after[*k] != before[*k]).collect();
    assert!(
        changed.iter().any(|k| k.ends_with("01BANGKOK101.html")),
        "{changed:?}"
    );
    assert_eq!(changed.len(), third.written, "{changed:?}");
}

#[test]
fn the_real_sample_builds_identically_twice() {
    let Some(shared) = common::shared() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    std::fs::create_dir_all(site.join("content/cables")).unwrap();
    std::fs::copy(
        shared.join("corpus/cables-sample.csv"),
        site.join("content/cables/sample.csv"),
    )
    .unwrap();
    let a = build(&site, &dir.path().join("a"), &BuildOptions::default()).unwrap();
    let b = build(&site, &dir.path().join("b"), &BuildOptions::default()).unwrap();
    assert!(a.cables > 100);
    let (sa, sb) = (
        snapshot(&dir.path().join("a")),
        snapshot(&dir.path().join("b")),
    );
    assert_eq!(sa.len(), sb.len());
    let differing: Vec<&String> = sa.keys().filter(|k| sb.get(*k) != Some(&sa[*k])).collect();
    assert!(
        differing.is_empty(),
        "{} files differ, e.g. {:?}",
        differing.len(),
        differing.first()
    );
    assert_eq!(a.diagnostics, b.diagnostics);
}
