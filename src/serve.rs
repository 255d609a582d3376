//! `cablepress serve`: the editors' loop. Builds the site, serves the output folder on
//! 127.0.0.1, watches `content/`, `templates/`, `static/` and `site.yaml`, rebuilds on
//! change and makes the open page reload itself.
//!
//! The reload script and the error box are added to HTML responses by the server, never
//! written into the built files. A build with errors keeps the last good site in place
//! and shows its errors on every page until they are fixed. Only files inside the output
//! folder are served: `..` (plain or percent-encoded) is refused, and so is any path
//! whose real location (symlinks resolved) is outside it.

use crate::diagnostics::Severity;
use crate::live::LiveSite;
use crate::render::html::escape;
use crate::{build_keeping, BuildOptions, BuildReport};
use anyhow::{anyhow, Context, Result};
use notify::{RecursiveMode, Watcher};
use std::net::SocketAddr;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The endpoint the reload script polls: it answers the number of the latest build.
pub const RELOAD_PATH: &str = "/__cablepress/reload";

/// What to serve and where.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub site: PathBuf,
    pub output: PathBuf,
    /// Address to bind: `127.0.0.1` unless the user says otherwise.
    pub bind: String,
    /// 0 picks a free port.
    pub port: u16,
}

/// Called after every build with its report and how long it took.
pub type OnBuild = Box<dyn Fn(&BuildReport, Duration) + Send + Sync>;

struct State {
    output: PathBuf,
    /// Bumped after every build, good or bad: open pages reload when it changes.
    generation: AtomicU64,
    /// Bumped when the search index catches up after updates in place: only an open
    /// search page reloads for it.
    search_generation: AtomicU64,
    /// The errors of the latest build, as printed; empty when it went through.
    errors: Mutex<Vec<String>>,
    stop: AtomicBool,
    /// The last committed build, kept so an annotation edit re-renders only its pages.
    live: Mutex<Option<LiveSite>>,
}

/// A running preview server.
pub struct ServeHandle {
    pub addr: SocketAddr,
    state: Arc<State>,
    server: Arc<tiny_http::Server>,
    threads: Vec<std::thread::JoinHandle<()>>,
}

impl ServeHandle {
    /// The number of builds so far.
    pub fn generation(&self) -> u64 {
        self.state.generation.load(Ordering::SeqCst)
    }

    /// Blocks until the server stops.
    pub fn wait(mut self) {
        for t in self.threads.drain(..) {
            let _ = t.join();
        }
    }

    /// Stops serving and watching.
    pub fn stop(mut self) {
        self.state.stop.store(true, Ordering::SeqCst);
        self.server.unblock();
        for t in self.threads.drain(..) {
            let _ = t.join();
        }
    }
}

/// Builds, then serves and watches in background threads.
pub fn start(opts: ServeOptions, on_build: OnBuild) -> Result<ServeHandle> {
    let site = opts.site.clone();
    if !site.is_dir() {
        return Err(anyhow!("{} is not a folder", site.display()));
    }
    let state = Arc::new(State {
        output: opts.output.clone(),
        generation: AtomicU64::new(0),
        search_generation: AtomicU64::new(0),
        errors: Mutex::new(Vec::new()),
        stop: AtomicBool::new(false),
        live: Mutex::new(None),
    });
    // The first build goes in even with errors: there must be something to serve.
    rebuild(&site, &state, &on_build, false)?;

    let addr = format!("{}:{}", opts.bind, opts.port);
    let server = Arc::new(
        tiny_http::Server::http(&addr).map_err(|e| anyhow!("cannot listen on {addr}: {e}"))?,
    );
    let addr = server
        .server_addr()
        .to_ip()
        .ok_or_else(|| anyhow!("not listening on an IP address"))?;

    let mut threads = Vec::new();
    for _ in 0..4 {
        let (server, state) = (server.clone(), state.clone());
        threads.push(std::thread::spawn(move || {
            while !state.stop.load(Ordering::SeqCst) {
                match server.recv_timeout(Duration::from_millis(250)) {
                    Ok(Some(req)) => respond(&state, req),
                    Ok(None) => {}
                    Err(_) => break,
                }
            }
        }));
    }
    let (tx, rx) = mpsc::channel::<notify::Result<notify::Event>>();
    let mut watcher =
        notify::recommended_watcher(tx).context("cannot watch the site for changes")?;
    let watched = Watched::start(&mut watcher, &site)?;
    {
        let state = state.clone();
        threads.push(std::thread::spawn(move || {
            watch_loop(watcher, watched, rx, &site, &state, on_build)
        }));
    }
    Ok(ServeHandle {
        addr,
        state,
        server,
        threads,
    })
}

/// Serves until stopped (the CLI's `serve`).
pub fn run(opts: ServeOptions, on_build: OnBuild) -> Result<()> {
    let handle = start(opts, on_build)?;
    eprintln!(
        "serving on http://{}/ (Ctrl-C to stop); watching for changes",
        handle.addr
    );
    handle.wait();
    Ok(())
}

fn rebuild(site: &Path, state: &State, on_build: &OnBuild, keep_last_good: bool) -> Result<()> {
    let t = Instant::now();
    let (report, built) = build_keeping(
        site,
        &state.output,
        &BuildOptions {
            keep_last_good,
            // The server keeps what the build assembled, so it always builds.
            always: true,
            ..Default::default()
        },
    )?;
    if let Ok(mut live) = state.live.lock() {
        *live = built
            .filter(|_| report.committed)
            .map(|b| LiveSite::new(site, &state.output, b).with_build_errors(&report.diagnostics));
    }
    publish(state, &report.diagnostics);
    on_build(&report, t.elapsed());
    Ok(())
}

/// Shows a build's errors on every page (or clears them) and makes open pages reload.
fn publish(state: &State, diagnostics: &[crate::diagnostics::Diagnostic]) {
    let errors: Vec<String> = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| d.to_string())
        .collect();
    if let Ok(mut e) = state.errors.lock() {
        *e = errors;
    }
    state.generation.fetch_add(1, Ordering::SeqCst);
}

/// Only annotations changed, or cable files in ways no other page shows: update the
/// kept build in place (see [`crate::live`]). `Ok(false)` when a full build is needed
/// instead.
fn update_in_place(state: &State, changed: &[PathBuf]) -> Result<bool> {
    let t = Instant::now();
    let mut guard = state
        .live
        .lock()
        .map_err(|_| anyhow!("serve state poisoned"))?;
    let Some(live) = guard.as_mut() else {
        return Ok(false);
    };
    let update = if live.only_annotations(changed) {
        live.update_notes()?
    } else {
        match live.update_cables(changed)? {
            Some(update) => update,
            None => return Ok(false),
        }
    };
    // Errors in files this update did not read again (from the last full build, or a
    // cable file still broken) still show.
    let mut shown = live.standing_errors().to_vec();
    for d in &update.diagnostics {
        if !shown.contains(d) {
            shown.push(d.clone());
        }
    }
    publish(state, &shown);
    for d in &update.diagnostics {
        eprintln!("{d}");
    }
    let what = match update.edited {
        0 => "annotations changed".to_string(),
        n => format!("{n} cable file(s) edited"),
    };
    if update.applied {
        eprintln!(
            "{what}: {} cable page(s) affected, {} file(s) rewritten, {} removed in {:.0} ms \
             (the search index follows once the edits pause)",
            update.cables,
            update.written,
            update.removed,
            t.elapsed().as_secs_f64() * 1000.0,
        );
    } else {
        eprintln!("the changed files have errors; the last good pages are still served");
    }
    Ok(true)
}

/// How long the edits must pause before the search index is made again after updates in
/// place: the page the editor is looking at is served first, and a burst of saves makes
/// it once.
const SEARCH_AFTER: Duration = Duration::from_millis(1000);

fn search_is_stale(state: &State) -> bool {
    state
        .live
        .lock()
        .ok()
        .and_then(|live| live.as_ref().map(LiveSite::search_is_stale))
        .unwrap_or(false)
}

/// Makes the search index again after updates in place (see
/// [`LiveSite::update_search`]) while another thread listens for changes: the first
/// relevant one gives the index up, and is handed back to be acted on, with the receiver.
fn update_search<F>(
    state: &State,
    rx: mpsc::Receiver<notify::Result<notify::Event>>,
    relevant: &F,
) -> (
    mpsc::Receiver<notify::Result<notify::Event>>,
    Option<notify::Result<notify::Event>>,
)
where
    F: Fn(&notify::Result<notify::Event>) -> bool + Sync,
{
    let t = Instant::now();
    let given_up = AtomicBool::new(false);
    let done = AtomicBool::new(false);
    std::thread::scope(|s| {
        let listener = s.spawn(|| {
            while !done.load(Ordering::SeqCst) {
                match rx.recv_timeout(Duration::from_millis(20)) {
                    Ok(ev) if relevant(&ev) => {
                        given_up.store(true, Ordering::SeqCst);
                        return (rx, Some(ev));
                    }
                    Ok(_) | Err(mpsc::RecvTimeoutError::Timeout) => {}
                    Err(mpsc::RecvTimeoutError::Disconnected) => break,
                }
            }
            (rx, None)
        });
        let stop = || given_up.load(Ordering::SeqCst) || state.stop.load(Ordering::SeqCst);
        let result = match state.live.lock() {
            Ok(mut live) => live.as_mut().map(|l| l.update_search(&stop)),
            Err(_) => None,
        };
        done.store(true, Ordering::SeqCst);
        match result {
            Some(Ok(Some(u))) if u.diagnostics.is_empty() => {
                eprintln!(
                    "search index updated: {} file(s) rewritten, {} removed in {:.0} ms",
                    u.written,
                    u.removed,
                    t.elapsed().as_secs_f64() * 1000.0
                );
                // An open search page loads the new index.
                state.search_generation.fetch_add(1, Ordering::SeqCst);
            }
            Some(Ok(Some(u))) => {
                for d in &u.diagnostics {
                    eprintln!("{d}");
                }
                eprintln!("the search index could not be made again; the last one is still served");
            }
            Some(Err(e)) => eprintln!("error: search index: {e:#}"),
            Some(Ok(None)) | None => {}
        }
        match listener.join() {
            Ok(back) => back,
            // The listener only moves events; it cannot panic short of a bug.
            Err(p) => std::panic::resume_unwind(p),
        }
    })
}

/// The folders a site's sources are in, each watched at any depth when it exists.
const SOURCE_DIRS: [&str; 3] = ["content", "templates", "static"];

/// What is watched: `content/`, `templates/`, `static/` (each at any depth) and the site
/// folder itself (for `site.yaml`, and for those folders when they appear).
struct Watched {
    /// Which of [`SOURCE_DIRS`] have a watch.
    dirs: [bool; SOURCE_DIRS.len()],
}

impl Watched {
    fn start(w: &mut notify::RecommendedWatcher, site: &Path) -> Result<Watched> {
        w.watch(site, RecursiveMode::NonRecursive)
            .with_context(|| format!("cannot watch {}", site.display()))?;
        let mut watched = Watched {
            dirs: [false; SOURCE_DIRS.len()],
        };
        watched.update(w, site, site, &[])?;
        Ok(watched)
    }

    /// Watches the source folders that have appeared, and again those that `changed`
    /// names themselves (removed, or replaced by another folder: their watch went with
    /// them; `site_abs`: the site as the watcher names it). A folder already watched is not watched again: that walks all of it, which
    /// for 251,287 cable files is most of a second per change. Folders made inside a
    /// watched one are watched by the watcher itself.
    fn update(
        &mut self,
        w: &mut notify::RecommendedWatcher,
        site: &Path,
        site_abs: &Path,
        changed: &[PathBuf],
    ) -> Result<()> {
        for (k, dir) in SOURCE_DIRS.iter().enumerate() {
            let p = site.join(dir);
            let touched = changed.iter().any(|c| c == &p || c == &site_abs.join(dir));
            if self.dirs[k] && touched {
                let _ = w.unwatch(&p);
                self.dirs[k] = false;
            }
            if !self.dirs[k] && p.is_dir() {
                w.watch(&p, RecursiveMode::Recursive)
                    .with_context(|| format!("cannot watch {}", p.display()))?;
                self.dirs[k] = true;
            }
        }
        Ok(())
    }
}

/// Does a change at `path` call for a rebuild?
fn is_source(site: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(site) else {
        return false;
    };
    let mut comps = rel.components();
    let first = comps
        .next()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .unwrap_or_default();
    let hidden = rel
        .components()
        .any(|c| c.as_os_str().to_string_lossy().starts_with('.'));
    !hidden
        && (first == "site.yaml" || first == "content" || first == "templates" || first == "static")
}

fn watch_loop(
    mut watcher: notify::RecommendedWatcher,
    mut watched: Watched,
    rx: mpsc::Receiver<notify::Result<notify::Event>>,
    site: &Path,
    state: &State,
    on_build: OnBuild,
) {
    // notify reports absolute paths; compare against the canonical site folder.
    let site_abs = std::fs::canonicalize(site).unwrap_or_else(|_| site.to_path_buf());
    let relevant = |ev: &notify::Result<notify::Event>| match ev {
        Ok(e) => {
            !e.kind.is_access()
                && e.paths
                    .iter()
                    .any(|p| is_source(&site_abs, p) || is_source(site, p))
        }
        Err(_) => false,
    };
    let mut rx = rx;
    // A change that came while the search index was being made (and gave it up).
    let mut carried: Option<notify::Result<notify::Event>> = None;
    let mut last_change = Instant::now();
    // Updates in place were applied since the search index was last made, or given up.
    let mut search_wanted = false;
    while !state.stop.load(Ordering::SeqCst) {
        let ev = match carried.take() {
            Some(ev) => ev,
            None => match rx.recv_timeout(Duration::from_millis(200)) {
                Ok(ev) => ev,
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    if search_wanted
                        && last_change.elapsed() >= SEARCH_AFTER
                        && search_is_stale(state)
                    {
                        // Finished, failed or given up, it waits for the next change.
                        search_wanted = false;
                        let (back, ev) = update_search(state, rx, &relevant);
                        rx = back;
                        carried = ev;
                    }
                    continue;
                }
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
            },
        };
        if !relevant(&ev) {
            continue;
        }
        let mut changed: Vec<PathBuf> = ev.map(|e| e.paths).unwrap_or_default();
        // Let a burst of changes (an editor saving, a git checkout) settle.
        while let Ok(more) = rx.recv_timeout(Duration::from_millis(80)) {
            match more {
                Ok(e) if !e.kind.is_access() => changed.extend(e.paths),
                Ok(_) => {}
                Err(_) => changed.push(site.join("site.yaml")), // unknown: rebuild all
            }
        }
        changed.retain(|p| is_source(&site_abs, p) || is_source(site, p));
        last_change = Instant::now();
        search_wanted = true;
        // New folders (content/ created after start) get watched too.
        let _ = watched.update(&mut watcher, site, &site_abs, &changed);
        match update_in_place(state, &changed) {
            Ok(true) => continue,
            Ok(false) => {}
            Err(e) => eprintln!("error: {e:#}; rebuilding the whole site"),
        }
        if let Err(e) = rebuild(site, state, &on_build, true) {
            if let Ok(mut errs) = state.errors.lock() {
                *errs = vec![format!("error: {e:#}")];
            }
            state.generation.fetch_add(1, Ordering::SeqCst);
            eprintln!("error: {e:#}");
        }
    }
}

fn respond(state: &State, req: tiny_http::Request) {
    let generation = state.generation.load(Ordering::SeqCst);
    // What the search page watches: the builds, and the search index's own updates.
    let with_search = format!(
        "{generation}.{}",
        state.search_generation.load(Ordering::SeqCst)
    );
    let url = req.url().to_string();
    let path = url.split(['?', '#']).next().unwrap_or("/");
    if !matches!(
        req.method(),
        tiny_http::Method::Get | tiny_http::Method::Head
    ) {
        let _ = req
            .respond(tiny_http::Response::from_string("method not allowed").with_status_code(405));
        return;
    }
    if path == RELOAD_PATH {
        let version = if url.ends_with("?search") {
            with_search
        } else {
            generation.to_string()
        };
        let resp = tiny_http::Response::from_string(version)
            .with_header(header("Content-Type", "text/plain; charset=utf-8"))
            .with_header(header("Cache-Control", "no-store"));
        let _ = req.respond(resp);
        return;
    }
    let mut search_page = false;
    let (status, body, mime) = match resolve(&state.output, path) {
        Ok(file) => match std::fs::read(&file) {
            Ok(bytes) => {
                search_page = file.ends_with("search/index.html");
                (200, bytes, mime_of(&file))
            }
            Err(_) => (
                404,
                b"<!DOCTYPE html><title>Not found</title><h1>Not found</h1>".to_vec(),
                "text/html; charset=utf-8",
            ),
        },
        Err(Refused::NotFound) => (
            404,
            b"<!DOCTYPE html><title>Not found</title><h1>Not found</h1>".to_vec(),
            "text/html; charset=utf-8",
        ),
        Err(Refused::Forbidden) => (403, b"forbidden".to_vec(), "text/plain; charset=utf-8"),
    };
    let body = if mime.starts_with("text/html") {
        let errors = state.errors.lock().map(|e| e.clone()).unwrap_or_default();
        let version = if search_page {
            Version::WithSearch(&with_search)
        } else {
            Version::Builds(generation)
        };
        inject(body, version, &errors)
    } else {
        body
    };
    let resp = tiny_http::Response::from_data(body)
        .with_status_code(status)
        .with_header(header("Content-Type", mime))
        .with_header(header("Cache-Control", "no-store"));
    let _ = req.respond(resp);
}

fn header(name: &str, value: &str) -> tiny_http::Header {
    // Both parts are ASCII constants from this file.
    tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("valid header")
}

#[derive(Debug, PartialEq, Eq)]
pub enum Refused {
    NotFound,
    Forbidden,
}

/// The file in `root` a URL path names, or why it is not served. `..` in any spelling is
/// refused, and so is a path whose real location (after symlinks) is outside `root`.
pub fn resolve(root: &Path, url_path: &str) -> Result<PathBuf, Refused> {
    let decoded = percent_decode(url_path).ok_or(Refused::Forbidden)?;
    if decoded.contains('\0') || decoded.contains('\\') {
        return Err(Refused::Forbidden);
    }
    let mut rel = PathBuf::new();
    for seg in decoded.split('/') {
        match seg {
            "" | "." => {}
            ".." => return Err(Refused::Forbidden),
            s => {
                if Path::new(s)
                    .components()
                    .any(|c| !matches!(c, Component::Normal(_)))
                {
                    return Err(Refused::Forbidden);
                }
                rel.push(s);
            }
        }
    }
    let root = std::fs::canonicalize(root).map_err(|_| Refused::NotFound)?;
    let mut target = root.join(&rel);
    if target.is_dir() {
        target.push("index.html");
    }
    let real = std::fs::canonicalize(&target).map_err(|_| Refused::NotFound)?;
    if !real.starts_with(&root) {
        return Err(Refused::Forbidden);
    }
    if !real.is_file() {
        return Err(Refused::NotFound);
    }
    Ok(real)
}

/// `%2e%2E` → `..`; `None` for a broken escape or bytes that are not UTF-8.
fn percent_decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn mime_of(p: &Path) -> &'static str {
    match p
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase()
        .as_str()
    {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "txt" => "text/plain; charset=utf-8",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

/// What a page reloads for.
enum Version<'a> {
    /// A new build (or update in place).
    Builds(u64),
    /// That, or the search index made again (`generation.search_generation`).
    WithSearch(&'a str),
}

/// Adds the reload script, and the latest build's errors, before `</body>`. The script
/// asks every 150 ms (a few bytes from the local server), so a page waits at most that
/// long after the 80 ms an edit is left to settle and the update itself.
fn inject(mut html: Vec<u8>, version: Version, errors: &[String]) -> Vec<u8> {
    let (generation, ask) = match version {
        Version::Builds(g) => (g.to_string(), RELOAD_PATH.to_string()),
        Version::WithSearch(v) => (v.to_string(), format!("{RELOAD_PATH}?search")),
    };
    let mut extra = String::new();
    if !errors.is_empty() {
        extra.push_str(
            "<div id=\"cablepress-errors\" role=\"alert\" style=\"position:fixed;left:0;right:0;bottom:0;max-height:50vh;overflow:auto;z-index:9999;margin:0;padding:1rem 1.25rem;background:#2b0d0d;color:#ffe3e3;font:14px/1.45 ui-monospace,monospace;border-top:3px solid #e5484d\">",
        );
        extra.push_str(&format!(
            "<strong>The last change did not build ({} error{}); the last good pages are shown.</strong>\n<pre style=\"white-space:pre-wrap;margin:.5rem 0 0;background:none;color:inherit;padding:0\">",
            errors.len(),
            if errors.len() == 1 { "" } else { "s" }
        ));
        for e in errors {
            extra.push_str(&escape(e));
            extra.push('\n');
        }
        extra.push_str("</pre></div>");
    }
    extra.push_str(&format!(
        "<script>/* cablepress serve: reload when the site is rebuilt */(function(){{var v=\"{generation}\";function poll(){{fetch(\"{ask}\",{{cache:\"no-store\"}}).then(function(r){{return r.text()}}).then(function(t){{if(t.trim()!==v){{location.reload()}}else{{setTimeout(poll,150)}}}},function(){{setTimeout(poll,2000)}})}}setTimeout(poll,150)}})();</script>"
    ));
    let pos = find_last(&html, b"</body>").unwrap_or(html.len());
    html.splice(pos..pos, extra.into_bytes());
    html
}

fn find_last(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len())
        .rposition(|w| w.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_files_inside_the_output_are_served() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("public");
        std::fs::create_dir_all(root.join("a")).unwrap();
        std::fs::write(root.join("index.html"), "home").unwrap();
        std::fs::write(root.join("a/index.html"), "a").unwrap();
        std::fs::write(tmp.path().join("secret.txt"), "secret").unwrap();
        assert_eq!(
            resolve(&root, "/").unwrap(),
            std::fs::canonicalize(root.join("index.html")).unwrap()
        );
        assert!(resolve(&root, "/a/").unwrap().ends_with("a/index.html"));
        assert!(resolve(&root, "/a").unwrap().ends_with("a/index.html"));
        for bad in [
            "/../secret.txt",
            "/a/../../secret.txt",
            "/%2e%2e/secret.txt",
            "/a/%2E%2E%2F%2E%2E%2Fsecret.txt",
            "/..%5csecret.txt",
            "/%zz",
            "/a%00",
        ] {
            assert_eq!(resolve(&root, bad), Err(Refused::Forbidden), "{bad}");
        }
        assert_eq!(resolve(&root, "/missing.html"), Err(Refused::NotFound));
        std::os::unix::fs::symlink(tmp.path().join("secret.txt"), root.join("link.txt")).unwrap();
        std::os::unix::fs::symlink(tmp.path(), root.join("up")).unwrap();
        assert_eq!(resolve(&root, "/link.txt"), Err(Refused::Forbidden));
        assert_eq!(resolve(&root, "/up/secret.txt"), Err(Refused::Forbidden));
    }

    #[test]
    fn the_reload_script_and_errors_go_before_the_body_end() {
        let html = inject(
            b"<html><body><p>x</p></body></html>".to_vec(),
            Version::Builds(7),
            &["error: a.md:3: <bad>".into()],
        );
        let s = String::from_utf8(html).unwrap();
        assert!(s.contains("var v=\"7\""));
        assert!(s.contains(&format!("fetch(\"{RELOAD_PATH}\"")));
        assert!(s.contains("error: a.md:3: &lt;bad&gt;"));
        assert!(s.ends_with("</script></body></html>"));
        // The search page also reloads when only the search index changed.
        let html = inject(
            b"<html><body></body></html>".to_vec(),
            Version::WithSearch("7.2"),
            &[],
        );
        let s = String::from_utf8(html).unwrap();
        assert!(s.contains("var v=\"7.2\""));
        assert!(s.contains(&format!("fetch(\"{RELOAD_PATH}?search\"")));
    }
}
