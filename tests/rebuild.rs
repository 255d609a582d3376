//! Rebuilds: nothing changed means nothing written and the last build's report again;
//! a change means a build that rewrites only the pages whose bytes differ.

mod common;
#[path = "common/corpus_site.rs"]
mod corpus_site;

use cablepress::{build, BuildOptions};
use common::TestSite;
use std::path::Path;
use std::time::SystemTime;

fn cable(id: &str, date: &str, subject: &str, refs: &str) -> String {
    format!(
        "---\nid: {id}\ndate: {date}\norigin: Embassy Phnom Penh\nclassification: CONFIDENTIAL\nreferences: [{refs}]\n---\n\
         C O N F I D E N T I A L PHNOM PENH 000001\n\nTAGS: PREL, CB, ZZZZ\nSUBJECT: {subject}\n\n1. (C) First paragraph.\n\n2. (C) Second.\n"
    )
}

fn site_files() -> Vec<(String, String)> {
    vec![
        (
            "content/cables/A.txt".into(),
            cable("03PHNOMPENH1", "2003-01-02 10:00", "FIRST", ""),
        ),
        (
            "content/cables/B.txt".into(),
            cable("03PHNOMPENH2", "2003-02-03 10:00", "SECOND", "03PHNOMPENH1"),
        ),
        (
            "content/cables/C.txt".into(),
            cable("03PHNOMPENH3", "2003-03-04 10:00", "THIRD", ""),
        ),
    ]
}

fn stamps(dir: &Path) -> Vec<(String, SystemTime, u64)> {
    let mut out: Vec<_> = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let m = e.metadata().unwrap();
            (
                e.path().strip_prefix(dir).unwrap().display().to_string(),
                m.modified().unwrap(),
                m.len(),
            )
        })
        .collect();
    out.sort();
    out
}

fn rebuild(site: &TestSite, opts: &BuildOptions) -> cablepress::BuildReport {
    build(site.dir.path(), &site.out(), opts).unwrap()
}

fn site() -> TestSite {
    let files = site_files();
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    TestSite::build(&refs)
}

#[test]
fn a_rebuild_with_nothing_changed_writes_nothing_and_reports_the_same_problems() {
    let site = site();
    assert!(!site.report.up_to_date);
    assert!(site.report.written > 0);
    let warnings = site.messages();
    assert!(
        warnings.iter().any(|w| w.contains("ZZZZ")),
        "the unknown tag is reported: {warnings:?}"
    );
    let before = stamps(&site.out());
    let folder_time = || std::fs::metadata(site.out()).unwrap().modified().unwrap();
    let folder_before = folder_time();
    std::thread::sleep(std::time::Duration::from_millis(20));

    let again = rebuild(&site, &BuildOptions::default());
    assert!(again.up_to_date, "{:?}", again.timings);
    assert_eq!(
        (again.written, again.unchanged, again.files),
        (0, site.report.files, site.report.files)
    );
    assert_eq!(again.cables, 3);
    assert_eq!(
        again.diagnostics, site.report.diagnostics,
        "the same problems are reported again"
    );
    assert_eq!(stamps(&site.out()), before, "no file was touched");

    // Forced, the whole pipeline runs and still finds every page unchanged.
    let forced = rebuild(
        &site,
        &BuildOptions {
            force: true,
            ..Default::default()
        },
    );
    assert!(!forced.up_to_date);
    assert_eq!((forced.written, forced.unchanged), (0, site.report.files));
    assert_eq!(stamps(&site.out()), before);
    // Nor the output folder itself (rsync would copy its new time).
    assert_eq!(
        folder_time(),
        folder_before,
        "the output folder was touched"
    );
}

#[test]
fn an_edited_cable_rebuilds_and_rewrites_only_the_pages_that_changed() {
    let site = site();
    let before = stamps(&site.out());
    std::thread::sleep(std::time::Duration::from_millis(20));
    let path = site.dir.path().join("content/cables/C.txt");
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace("Second.", "Second, edited.");
    std::fs::write(&path, text).unwrap();

    let report = rebuild(&site, &BuildOptions::default());
    assert!(!report.up_to_date);
    assert!(site
        .page("cable/2003/03/03PHNOMPENH3.html")
        .contains("Second, edited."));
    let after = stamps(&site.out());
    let changed: Vec<&str> = after
        .iter()
        .zip(&before)
        .filter(|(a, b)| a != b)
        .map(|(a, _)| a.0.as_str())
        .collect();
    // The page, its plain-text download, and the search shards that hold its new words.
    assert_eq!(
        changed,
        vec![
            "cable/2003/03/03PHNOMPENH3.html",
            "cable/2003/03/03PHNOMPENH3.txt",
            "search/p/0.js",
            "search/t/0.js"
        ]
    );
    assert_eq!(report.written, 4);
}

#[test]
fn an_output_page_changed_or_removed_by_hand_is_rebuilt() {
    let site = site();
    let page = site.out().join("cable/2003/01/03PHNOMPENH1.html");
    let original = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, "defaced").unwrap();
    let report = rebuild(&site, &BuildOptions::default());
    assert!(!report.up_to_date);
    assert_eq!(std::fs::read_to_string(&page).unwrap(), original);

    // Changed to the same size, with another input changed too (so the build runs and
    // compares each page with what the last build recorded of it: size and content hash
    // still match, the file's time does not), it is read, found different and rewritten.
    let same_size = original.replacen("<title>", "<TITLE>", 1);
    assert_eq!(same_size.len(), original.len());
    assert_ne!(same_size, original);
    std::thread::sleep(std::time::Duration::from_millis(20));
    std::fs::write(&page, &same_size).unwrap();
    std::fs::write(site.dir.path().join("content/notes-unread.txt"), "x").unwrap();
    let report = rebuild(&site, &BuildOptions::default());
    assert!(!report.up_to_date);
    assert_eq!(std::fs::read_to_string(&page).unwrap(), original);
    assert_eq!(report.written, 1, "only the defaced page is written");

    // (Not index.html: an output folder without one is not taken for a built site.)
    std::fs::remove_file(site.out().join("browse/index.html")).unwrap();
    let report = rebuild(&site, &BuildOptions::default());
    assert!(!report.up_to_date);
    assert!(site.exists("browse/index.html"));
    assert!(rebuild(&site, &BuildOptions::default()).up_to_date);
}

#[test]
fn a_new_template_or_a_removed_cable_is_a_change() {
    let site = site();
    std::fs::create_dir_all(site.dir.path().join("templates")).unwrap();
    let base = cablepress::render::templates::BUILTIN
        .iter()
        .find(|t| t.0 == "base.html")
        .unwrap()
        .1;
    std::fs::write(
        site.dir.path().join("templates/base.html"),
        base.replace("built with cablepress", "built by us"),
    )
    .unwrap();
    let report = rebuild(&site, &BuildOptions::default());
    assert!(!report.up_to_date);
    assert!(site.page("index.html").contains("built by us"));

    std::fs::remove_file(site.dir.path().join("content/cables/B.txt")).unwrap();
    let report = rebuild(&site, &BuildOptions::default());
    assert!(!report.up_to_date);
    assert_eq!(report.cables, 2);
    assert!(!site.exists("cable/2003/02/03PHNOMPENH2.html"));
}

#[test]
fn every_page_of_a_long_list_is_there_and_only_the_first_has_the_chart() {
    let mut files = vec![("site.yaml".to_string(), "paginate_by: 2\n".to_string())];
    for i in 1..=5 {
        files.push((
            format!("content/cables/{i}.txt"),
            cable(
                &format!("0{i}PHNOMPENH{i}"),
                &format!("200{i}-01-02 10:00"),
                &format!("NUMBER {i}"),
                "",
            ),
        ));
    }
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let site = TestSite::build(&refs);
    let first = site.page("origin/embassy-phnom-penh/index.html");
    assert!(first.contains("<svg class=\"chart\""), "{first}");
    assert!(first.contains("page 1 of 3"));
    assert!(
        first.contains("NUMBER 1") && first.contains("NUMBER 2") && !first.contains("NUMBER 3")
    );
    let last = site.page("origin/embassy-phnom-penh/page/3/index.html");
    assert!(
        last.contains("page 3 of 3") && last.contains("NUMBER 5") && !last.contains("NUMBER 4")
    );
    assert!(!last.contains("<svg class=\"chart\""));
}

/// Every folder under `dir`, for telling that none was left empty.
fn empty_folders(dir: &Path) -> Vec<String> {
    walkdir::WalkDir::new(dir)
        .min_depth(1)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_dir())
        .filter(|e| std::fs::read_dir(e.path()).unwrap().next().is_none())
        .map(|e| e.path().display().to_string())
        .collect()
}

/// The real corpus, rebuilt after an annotation is edited: the few changed files are
/// renamed into the site in place (the output folder is not swapped), untouched files
/// keep their modification time and files the site no longer has go. Then after a cable
/// is removed, also in place: its files go. The site is then byte for byte what a fresh
/// build makes.
#[test]
#[cfg(unix)]
fn the_real_corpus_rebuilt_after_an_edit_is_updated_in_place_and_matches_a_fresh_build() {
    use std::os::unix::fs::MetadataExt;
    let Some(shared) = common::shared() else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    corpus_site::make(&shared, &site, 20).expect("corpus site");
    let out = tmp.path().join("public");
    let opts = BuildOptions::default();
    let first = build(&site, &out, &opts).unwrap();
    assert!(first.committed && first.files > 20_000, "{}", first.files);
    let site_inode = std::fs::metadata(&out).unwrap().ino();

    // An annotation edited.
    let note = std::fs::read_dir(site.join("content/annotations/gen"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .min()
        .unwrap();
    let text = std::fs::read_to_string(&note).unwrap();
    let cable = text
        .lines()
        .find_map(|l| l.strip_prefix("cable: "))
        .unwrap()
        .trim()
        .to_string();
    std::fs::write(
        &note,
        format!("{text}\nChecked again against the archive.\n"),
    )
    .unwrap();
    // Left in the output by an older build or by hand: not part of the new site.
    std::fs::write(out.join("cable/stray.html"), "old").unwrap();
    std::fs::create_dir_all(out.join("old-section/empty")).unwrap();
    let before = stamps(&out);
    let second = build(&site, &out, &opts).unwrap();
    assert!(second.committed);
    assert!(
        second.written > 0 && second.written * 10 <= second.files,
        "written {} of {}",
        second.written,
        second.files
    );
    assert_eq!(
        std::fs::metadata(&out).unwrap().ino(),
        site_inode,
        "swapped, not updated in place"
    );
    let page = walkdir::WalkDir::new(out.join("cable"))
        .into_iter()
        .flatten()
        .find(|e| e.file_name().to_string_lossy() == format!("{cable}.html"))
        .expect("the annotated cable's page");
    assert!(std::fs::read_to_string(page.path())
        .unwrap()
        .contains("Checked again against the archive."));
    assert!(!out.join("cable/stray.html").exists() && !out.join("old-section").exists());
    let after = stamps(&out);
    // `stamps` is sorted.
    let changed = after
        .iter()
        .filter(|s| before.binary_search(s).is_err())
        .count();
    assert_eq!(
        changed, second.written,
        "files touched besides those written"
    );
    assert_eq!(after.len(), before.len() - 1);
    // What the in-place commit recorded is what is on disk: the next build has nothing to do.
    let again = build(&site, &out, &opts).unwrap();
    assert!(again.up_to_date, "{} written", again.written);
    assert_eq!(stamps(&out), after);

    // A cable removed: its page and its downloads go, and the pages that listed it and
    // the search index change; the rest of the site does not (no page shows the number
    // of cables but the home page), so this too is a commit in place.
    let gone = std::fs::read_dir(site.join("content/cables"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.file_stem().is_some_and(|s| s.to_string_lossy() != cable))
        .max()
        .unwrap();
    let gone_id = gone.file_stem().unwrap().to_string_lossy().into_owned();
    std::fs::remove_file(&gone).unwrap();
    let third = build(&site, &out, &opts).unwrap();
    assert!(third.committed);
    assert!(
        third.written * 10 <= third.files,
        "written {} of {}",
        third.written,
        third.files
    );
    assert_eq!(std::fs::metadata(&out).unwrap().ino(), site_inode);
    let left: Vec<String> = walkdir::WalkDir::new(&out)
        .into_iter()
        .flatten()
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with(&format!("{gone_id}."))
        })
        .map(|e| e.path().display().to_string())
        .collect();
    assert!(left.is_empty(), "{left:?}");
    assert_eq!(stamps(&out).len(), third.files);
    assert!(empty_folders(&out).is_empty(), "{:?}", empty_folders(&out));

    // Nothing beside the output but the record of the last build.
    let beside: Vec<String> = std::fs::read_dir(tmp.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public"))
        .collect();
    assert_eq!(beside, [".public.cablepress-state"]);

    let fresh = tmp.path().join("fresh");
    build(&site, &fresh, &opts).unwrap();
    let (a, b) = (common::snapshot(&out), common::snapshot(&fresh));
    assert_eq!(a.len(), b.len());
    for (path, bytes) in &a {
        assert!(
            b.get(path) == Some(bytes),
            "{path} differs from a fresh build"
        );
    }
}

/// The up-to-date check sees through symlinks where the reader reads through them: a
/// `content/` (or `content/cables`, `templates/`, `site.yaml`) that links to a shared copy.
#[test]
#[cfg(unix)]
fn an_edit_behind_a_symlinked_input_is_a_change() {
    use std::os::unix::fs::symlink;
    let tmp = tempfile::tempdir().unwrap();
    let shared = tmp.path().join("shared");
    let files = site_files();
    for (p, t) in &files {
        common::write_files(&shared, &[(p.as_str(), t.as_str())]);
    }
    common::write_files(&shared, &[("site.yaml", "title: First\n")]);
    let base = cablepress::render::templates::BUILTIN
        .iter()
        .find(|t| t.0 == "base.html")
        .unwrap()
        .1;
    common::write_files(&shared, &[("templates/base.html", base)]);
    // Two sites: one links content/ whole, the other content/cables only; both link
    // templates/ and site.yaml.
    let whole = tmp.path().join("whole");
    let part = tmp.path().join("part");
    std::fs::create_dir_all(&whole).unwrap();
    std::fs::create_dir_all(part.join("content")).unwrap();
    symlink(shared.join("content"), whole.join("content")).unwrap();
    symlink(shared.join("content/cables"), part.join("content/cables")).unwrap();
    for s in [&whole, &part] {
        symlink(shared.join("templates"), s.join("templates")).unwrap();
        symlink(shared.join("site.yaml"), s.join("site.yaml")).unwrap();
    }
    let opts = BuildOptions::default();
    let b = |s: &Path| build(s, &s.join("public"), &opts).unwrap();
    for s in [&whole, &part] {
        assert_eq!(b(s).cables, 3);
        assert!(b(s).up_to_date);
    }
    std::thread::sleep(std::time::Duration::from_millis(20));
    std::fs::remove_file(shared.join("content/cables/B.txt")).unwrap();
    for s in [&whole, &part] {
        let r = b(s);
        assert!(
            !r.up_to_date,
            "a cable removed behind a symlink was not seen"
        );
        assert_eq!(r.cables, 2);
        assert!(!s.join("public/cable/2003/02/03PHNOMPENH2.html").exists());
    }
    std::fs::write(
        shared.join("templates/base.html"),
        base.replace("built with cablepress", "built by us"),
    )
    .unwrap();
    std::fs::write(shared.join("site.yaml"), "title: Second\n").unwrap();
    for s in [&whole, &part] {
        let r = b(s);
        assert!(
            !r.up_to_date,
            "a template or site.yaml behind a symlink was not seen"
        );
        let home = std::fs::read_to_string(s.join("public/index.html")).unwrap();
        assert!(home.contains("built by us") && home.contains("Second"));
        assert!(b(s).up_to_date);
    }
}

/// A skipped build reports the last build's problems with the paths a full build would
/// print now, not those of the invocation that made them.
#[test]
#[cfg(unix)]
fn a_skipped_build_names_files_as_this_build_names_the_site() {
    let site = site();
    let out = site.out();
    let link = tempfile::tempdir().unwrap();
    let other_name = link.path().join("the-site");
    std::os::unix::fs::symlink(site.dir.path(), &other_name).unwrap();
    let full = build(
        &other_name,
        &out,
        &BuildOptions {
            force: true,
            ..Default::default()
        },
    )
    .unwrap();
    let skipped = build(&other_name, &out, &BuildOptions::default()).unwrap();
    assert!(skipped.up_to_date);
    assert!(!full.diagnostics.is_empty());
    assert_eq!(skipped.diagnostics, full.diagnostics);
    assert!(skipped.diagnostics[0].path.starts_with(&other_name));
    // And the other way round.
    let again = rebuild(&site, &BuildOptions::default());
    assert!(again.up_to_date);
    assert_eq!(again.diagnostics, site.report.diagnostics);
}
