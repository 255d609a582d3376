//! The command line as CI uses it: diagnostics as text or JSON, exit codes, `--strict`,
//! `check` and `init`.

mod common;

use common::write_files;
use std::path::Path;
use std::process::{Command, Output};

fn cablepress(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cablepress"))
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("run cablepress")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

const GOOD: (&str, &str) = (
    "content/cables/03PHNOMPENH1990.txt",
    "O 020222Z DEC 03\nFM AMEMBASSY PHNOM PENH\nTO SECSTATE WASHDC 1172\n\nCONFIDENTIAL PHNOM PENH 001990\n\nTAGS: PREL, CB\nSUBJECT: THE GOOD CABLE\n\n1. (C) Text.\n",
);
/// No classification line: a warning.
const WARNS: (&str, &str) = (
    "content/cables/04X1.txt",
    "---\ndate: 2004-01-01\n---\nSUBJECT: NO CLASSIFICATION\n\n1. Text.\n",
);
/// A bad date: an error.
const FAILS: (&str, &str) = (
    "content/cables/05X1.txt",
    "---\ndate: 13/45/2009 25:61\n---\nUNCLASSIFIED\n\n1. Text.\n",
);

/// Problems `check` is expected to report until the search page lands (another feature).
fn is_pending_search(line: &str) -> bool {
    line.contains("search/index.html")
}

#[test]
fn human_diagnostics_name_file_and_line_and_end_with_a_summary() {
    let dir = tempfile::tempdir().unwrap();
    write_files(dir.path(), &[GOOD, WARNS, FAILS]);
    let o = cablepress(&["build"], dir.path());
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains(
            "error: content/cables/05X1.txt:2: date `13/45/2009 25:61` is not a valid date"
        ),
        "{err}"
    );
    assert!(
        err.contains("\n  hint: write dates as YYYY-MM-DD HH:MM"),
        "{err}"
    );
    assert!(
        err.contains(
            "warning: content/cables/04X1.txt:4: no classification line found in the text"
        ),
        "{err}"
    );
    // The bad date also leaves the cable undated: the error says so, and no second
    // message repeats it.
    assert!(
        err.contains("is not a valid date; the telegram gives none, so it is listed as undated"),
        "{err}"
    );
    assert!(!err.contains("cable 05X1 has no date"), "{err}");
    assert!(
        err.contains("cables in") && err.contains("; 1 errors, 1 warnings"),
        "{err}"
    );
    // Content errors still give a site (minus nothing here: the bad date falls back).
    assert!(dir.path().join("public/index.html").exists());
}

#[test]
fn json_diagnostics_are_one_object_per_line() {
    let dir = tempfile::tempdir().unwrap();
    write_files(dir.path(), &[GOOD, WARNS, FAILS]);
    let o = cablepress(&["build", "--message-format", "json"], dir.path());
    assert_eq!(o.status.code(), Some(1));
    let stdout = String::from_utf8(o.stdout).unwrap();
    let objects: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON: {l}: {e}")))
        .collect();
    assert_eq!(
        objects.len(),
        3,
        "two diagnostics and the summary: {stdout}"
    );
    let err = objects
        .iter()
        .find(|d| d["severity"] == "error")
        .expect("an error object");
    assert_eq!(err["path"], "content/cables/05X1.txt");
    assert_eq!(err["line"], 2);
    assert_eq!(err["kind"], "bad-date");
    assert_eq!(err["hint"], "write dates as YYYY-MM-DD HH:MM");
    assert!(objects
        .iter()
        .any(|d| d["severity"] == "warning" && d["kind"] == "no-classification"));
    let summary = objects.last().unwrap();
    assert_eq!(
        (summary["errors"].as_u64(), summary["warnings"].as_u64()),
        (Some(1), Some(1))
    );
}

#[test]
fn strict_turns_warnings_into_errors_and_keeps_the_previous_site() {
    let dir = tempfile::tempdir().unwrap();
    write_files(dir.path(), &[GOOD]);
    assert!(cablepress(&["build"], dir.path()).status.success());
    let index = dir.path().join("public/index.html");
    let before = std::fs::read(&index).unwrap();
    write_files(dir.path(), &[WARNS]);
    let o = cablepress(&["build"], dir.path());
    assert!(
        o.status.success(),
        "a warning alone fails only with --strict: {}",
        stderr(&o)
    );
    let after_warning = std::fs::read(&index).unwrap();
    assert_ne!(
        before, after_warning,
        "the non-strict build should have replaced the site"
    );
    write_files(
        dir.path(),
        &[(
            "content/cables/06X1.txt",
            "---\ndate: 2006-01-01\n---\nSUBJECT: ALSO UNMARKED\n\n1. T.\n",
        )],
    );
    let o = cablepress(&["build", "--strict"], dir.path());
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("error: content/cables/04X1.txt:4: no classification line"),
        "{err}"
    );
    assert!(err.contains("the previous site in"), "{err}");
    assert_eq!(
        std::fs::read(&index).unwrap(),
        after_warning,
        "--strict with warnings must keep the previous site"
    );
}

#[test]
fn check_lists_broken_links_foreign_loads_and_bad_html_and_fails() {
    let dir = tempfile::tempdir().unwrap();
    write_files(
        dir.path(),
        &[
            GOOD,
            (
                "static/about.html",
                "<!DOCTYPE html><html><body><a href=\"../index.html#nowhere\">home</a> <a href=\"gone.html\">x</a><img src=\"https://cdn.example/x.png\"><div></body></html>",
            ),
        ],
    );
    let o = cablepress(&["check"], dir.path());
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("error: public/static/about.html: broken link gone.html"),
        "{err}"
    );
    assert!(err.contains("error: public/static/about.html: link ../index.html#nowhere: no element with id `nowhere` in index.html"), "{err}");
    assert!(
        err.contains(
            "error: public/static/about.html: loads https://cdn.example/x.png from another host"
        ),
        "{err}"
    );
    assert!(
        err.contains(
            "error: public/static/about.html: malformed HTML: line 1: <div> is never closed"
        ),
        "{err}"
    );
    assert!(
        err.contains("checked ") && err.contains(" pages and "),
        "{err}"
    );
    // It built into a temporary folder: the site directory has no public/.
    assert!(!dir.path().join("public").exists());
}

#[test]
fn check_passes_a_clean_site_and_can_keep_the_build() {
    let dir = tempfile::tempdir().unwrap();
    write_files(dir.path(), &[GOOD]);
    let o = cablepress(
        &["check", ".", "--output", "out", "--message-format", "json"],
        dir.path(),
    );
    let stdout = String::from_utf8_lossy(&o.stdout).into_owned();
    let problems: Vec<&str> = stdout
        .lines()
        .filter(|l| l.contains("\"severity\"") && !is_pending_search(l))
        .collect();
    assert!(problems.is_empty(), "{problems:#?}");
    if !stdout.lines().any(is_pending_search) {
        assert!(o.status.success(), "{stdout}");
    }
    assert!(dir.path().join("out/index.html").exists());
}

#[test]
fn init_creates_a_site_that_builds_cleanly_and_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let o = cablepress(
        &[
            "init",
            "mysite",
            "--title",
            "Test \"archive\"",
            "--cablepress-git",
            "https://example.org/cablepress.git",
        ],
        dir.path(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let site = dir.path().join("mysite");
    for f in [
        "site.yaml",
        "README.md",
        ".gitignore",
        ".github/workflows/deploy.yml",
        "content/cables/2003/03EXAMPLE1.txt",
    ] {
        assert!(site.join(f).is_file(), "{f} missing");
    }
    assert!(site.join("content/annotations").is_dir() && site.join("content/people").is_dir());

    // The workflow is valid YAML that builds cablepress from the given repository,
    // builds and checks the site, and publishes public/ to GitHub Pages.
    let wf: serde_yaml::Value = serde_yaml::from_str(
        &std::fs::read_to_string(site.join(".github/workflows/deploy.yml")).unwrap(),
    )
    .unwrap();
    assert_eq!(
        wf["env"]["CABLEPRESS_GIT"],
        "https://example.org/cablepress.git"
    );
    let steps = wf["jobs"]["build"]["steps"].as_sequence().unwrap();
    let runs: Vec<&str> = steps.iter().filter_map(|s| s["run"].as_str()).collect();
    assert!(
        runs.iter()
            .any(|r| r.contains("cargo install --locked --git")),
        "{runs:?}"
    );
    assert!(
        runs.iter()
            .any(|r| r.contains("cablepress check . --output public")),
        "{runs:?}"
    );
    assert!(steps.iter().any(|s| s["uses"]
        .as_str()
        .is_some_and(|u| u.starts_with("actions/upload-pages-artifact"))
        && s["with"]["path"] == "public"));
    assert!(wf["jobs"]["deploy"]["steps"][0]["uses"]
        .as_str()
        .unwrap()
        .starts_with("actions/deploy-pages"));

    // The site builds with no error and no warning, and its title is the one given.
    let o = cablepress(&["build", "mysite"], dir.path());
    let err = stderr(&o);
    assert!(
        o.status.success() && err.contains("0 errors, 0 warnings"),
        "{err}"
    );
    assert!(std::fs::read_to_string(site.join("public/index.html"))
        .unwrap()
        .contains("Test &quot;archive&quot;"));
    let page = std::fs::read_to_string(site.join("public/cable/2003/12/03EXAMPLE1.html")).unwrap();
    assert!(page.contains("id=\"par2\""));
    // The CI step passes on it (but for the pending search page).
    let o = cablepress(&["check", "mysite"], dir.path());
    let err = stderr(&o);
    let problems: Vec<&str> = err
        .lines()
        .filter(|l| l.starts_with("error") && !is_pending_search(l))
        .collect();
    assert!(problems.is_empty(), "{err}");

    // A second init into the same folder writes nothing.
    std::fs::write(site.join("site.yaml"), "title: mine\n").unwrap();
    let o = cablepress(&["init", "mysite"], dir.path());
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("already has site.yaml"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        std::fs::read_to_string(site.join("site.yaml")).unwrap(),
        "title: mine\n"
    );
}

#[test]
fn a_site_folder_that_does_not_exist_is_an_error_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    for cmd in ["build", "check"] {
        let o = cablepress(&[cmd, "no-such-site"], dir.path());
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{cmd}: {err}");
        assert!(
            err.contains("error: no-such-site is not a folder"),
            "{cmd}: {err}"
        );
        assert!(!dir.path().join("no-such-site").exists(), "{cmd} made it");
    }
}

#[test]
fn an_error_that_ends_the_build_is_reported_in_json_too() {
    let dir = tempfile::tempdir().unwrap();
    write_files(dir.path(), &[GOOD, ("mine/notes.txt", "not a site")]);
    let o = cablepress(
        &["build", "-o", "mine", "--message-format", "json"],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(1));
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON object per line"))
        .collect();
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert_eq!(lines[0]["severity"], "error");
    assert!(lines[0]["message"]
        .as_str()
        .unwrap()
        .contains("was not built by cablepress"));
    assert_eq!(lines[1]["errors"], 1);
    assert_eq!(lines[1]["committed"], false);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("mine/notes.txt")).unwrap(),
        "not a site"
    );
}

#[test]
fn a_first_build_that_cannot_render_says_no_site_was_written() {
    let dir = tempfile::tempdir().unwrap();
    write_files(
        dir.path(),
        &[
            GOOD,
            (
                "templates/cable.html",
                "{% extends \"base.html\" %}\n{% block content %}{{ nope }}{% endblock content %}\n",
            ),
        ],
    );
    let o = cablepress(&["build"], dir.path());
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains(
            "error: templates/cable.html:2: cannot render cable/2003/12/03PHNOMPENH1990.html:"
        ),
        "{err}"
    );
    assert!(err.contains("no site was written to ./public"), "{err}");
    assert!(!err.contains("the previous site"), "{err}");
    assert!(!dir.path().join("public").exists());
}
