//! The preview server's memory of its last build: the assembled archive and templates.
//! When only annotations changed, the notes are read and placed again and just the pages
//! that show them are re-rendered, in place: the cables whose notes changed, the
//! annotation lists, the feed, the home page and the pages of the people the notes are
//! about. At Cablegate scale a full build takes tens of seconds; this takes milliseconds.
//!
//! Pages of the note lists that no longer exist (an author with no notes left, pages past
//! the new last one) are removed: only those the last render of the lists wrote and this
//! one did not, so nothing is walked. When that changes the set of pages, `sitemap.xml`
//! is written again from the list of pages kept since the last full build.
//!
//! When cable files (`.txt` under `content/cables/`) are edited so that the cable looks
//! the same from every other page (its id, date, post, classification, caveats, subject,
//! TAGS, references, numbered paragraphs, and how often it names each person, are as
//! before: a corrected word, a fixed line break), the edited cables take their old
//! places in the kept archive and the same in-place update runs, with their pages and
//! downloads (`.txt`, `.bib`, `.json`) and the pages of the people they name re-rendered
//! too; the notes are placed again on the new text. Any other change to a cable (a new
//! subject, date or reference, a person named once more) needs the lists and indexes, so
//! `serve` builds the whole site for it.
//!
//! The search index covers the whole archive, so it is not part of that update:
//! [`LiveSite::update_search`] makes it again from the kept archive afterwards (`serve`
//! runs it once the edits pause, and gives it up for the next edit), in a folder beside
//! the output, and puts in only the files that differ once it is whole.

use crate::archive::annotations::{self, Notes};
use crate::archive::people::Mention;
use crate::archive::references;
use crate::cable::Cable;
use crate::diagnostics::{Diagnostic, Diagnostics, Severity};
use crate::output::Output;
use crate::render::{self, free_pages, links::LinkTargets, pages, publish, search};
use crate::uptodate::{ContentHash, Stamp};
use crate::{source, Built};
use anyhow::{Context, Result};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// A built site, kept in memory with what it was built from.
pub struct LiveSite {
    site: PathBuf,
    /// `site` as the watcher names it (canonical), where it can be made so.
    site_abs: PathBuf,
    output: PathBuf,
    built: Built,
    summaries: Vec<pages::CableSummary>,
    /// The pages of the note lists (`annotations/`, `annotations/by/<author>/`) as the
    /// last render of them wrote them.
    note_lists: BTreeSet<String>,
    /// Every page the sitemap lists, sorted; empty when there is no sitemap.
    sitemap: Vec<String>,
    /// `static/highlight.css` is there for the notes or the free pages.
    highlight: bool,
    /// Whether a free page has code (found out when first needed).
    pages_have_code: Option<bool>,
    /// The search index was made before the last update in place.
    search_stale: bool,
    /// What the search index's files in the output hold (see [`put_folder_in_place`]):
    /// read from the last build's record when first needed.
    search_files: Option<Known>,
    /// The last full build's errors in files an update in place does not read again (a
    /// broken cable, person or `site.yaml`): they stand until a full build.
    standing: Vec<Diagnostic>,
}

/// What an annotations-only update did.
#[derive(Debug)]
pub struct NotesUpdate {
    /// Files rewritten (pages whose bytes changed).
    pub written: usize,
    /// Files removed (pages that no longer exist).
    pub removed: usize,
    /// Cables whose pages were rendered again (notes changed, or the cable was edited).
    pub cables: usize,
    /// Cable files read again (see [`LiveSite::update_cables`]).
    pub edited: usize,
    pub diagnostics: Vec<Diagnostic>,
    /// False when the notes have errors: nothing was written, the last good pages stay.
    pub applied: bool,
}

/// A note as the page shows it, for telling which cables' notes changed.
fn fingerprints(notes: &Notes) -> BTreeMap<usize, Vec<String>> {
    let mut out: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    for n in &notes.notes {
        out.entry(n.cable).or_default().push(format!("{n:?}"));
    }
    for v in out.values_mut() {
        v.sort();
    }
    out
}

impl LiveSite {
    pub fn new(site: &Path, output: &Path, mut built: Built) -> LiveSite {
        let summaries = pages::summaries(&built.archive);
        let note_lists = render::annotations::list_paths(&built.archive)
            .into_iter()
            .collect();
        let mut sitemap = std::mem::take(&mut built.sitemap_pages);
        sitemap.sort_unstable();
        // Written by the build unless the site's own static files have it.
        let css = Path::new("static").join("highlight.css");
        let highlight = std::fs::symlink_metadata(output.join(&css)).is_ok_and(|m| m.is_file())
            && std::fs::symlink_metadata(site.join(&css)).is_err();
        LiveSite {
            site: site.to_path_buf(),
            site_abs: std::fs::canonicalize(site).unwrap_or_else(|_| site.to_path_buf()),
            output: output.to_path_buf(),
            built,
            summaries,
            note_lists,
            sitemap,
            highlight,
            pages_have_code: None,
            search_stale: false,
            search_files: None,
            standing: Vec::new(),
        }
    }

    /// Keeps the errors of the build this live site was made from, but for the
    /// annotations' (each update in place reads those again and reports them anew).
    pub fn with_build_errors(mut self, diagnostics: &[Diagnostic]) -> LiveSite {
        self.standing = diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .filter(|d| self.in_content(&d.path, "annotations").is_none())
            .cloned()
            .collect();
        self
    }

    /// The errors that still stand from the last full build (see
    /// [`LiveSite::with_build_errors`]): an update in place shows them with its own.
    pub fn standing_errors(&self) -> &[Diagnostic] {
        &self.standing
    }

    /// Has an update in place changed what the search index holds since it was made?
    pub fn search_is_stale(&self) -> bool {
        self.search_stale
    }

    /// Makes the search index again from the kept archive, as a full build would, in a
    /// folder beside the output; then puts in the output the files of it that differ and
    /// removes those it no longer has. At 251,287 cables it takes seconds, so `stop` is
    /// asked as it goes: `Ok(None)` when it said so, and the output is as it was.
    pub fn update_search(
        &mut self,
        stop: &(dyn Fn() -> bool + Sync),
    ) -> Result<Option<SearchUpdate>> {
        let scratch = crate::output::scratch_beside(&self.output, "search");
        if scratch.exists() {
            std::fs::remove_dir_all(&scratch).ok();
        }
        std::fs::create_dir_all(&scratch)
            .with_context(|| format!("cannot create {}", scratch.display()))?;
        let result = self.search_into(&scratch, stop);
        std::fs::remove_dir_all(&scratch).ok();
        let update = result?;
        if update.as_ref().is_some_and(|u| u.diagnostics.is_empty()) {
            self.search_stale = false;
        }
        Ok(update)
    }

    fn search_into(
        &mut self,
        scratch: &Path,
        stop: &(dyn Fn() -> bool + Sync),
    ) -> Result<Option<SearchUpdate>> {
        let archive = &self.built.archive;
        if stop() {
            return Ok(None);
        }
        let made = Output::in_place(scratch)?;
        // The notes' own diagnostics were reported when they were placed.
        let targets = LinkTargets::load(archive);
        let notes =
            render::annotations::RenderedNotes::new(archive, &targets, &Diagnostics::default());
        let Some(mut index) = search::SearchIndex::from_archive_unless(archive, stop) else {
            return Ok(None);
        };
        index.docs.extend(search::other_docs(archive, &notes));
        let diags = Diagnostics::default();
        if search::render_unless(index, archive, &self.built.tera, &made, &diags, stop).is_none() {
            return Ok(None);
        }
        let diagnostics = diags.into_sorted();
        if diagnostics.iter().any(|d| d.severity == Severity::Error) {
            // Not whole: the index in the output stays as it was.
            return Ok(Some(SearchUpdate {
                written: 0,
                removed: 0,
                diagnostics,
            }));
        }
        let made_files: Vec<String> = made
            .paths_ending("")
            .into_iter()
            .filter(|rel| rel.starts_with("search/"))
            .collect();
        let Some((written, removed)) = put_folder_in_place(
            &self.output,
            scratch,
            "search",
            made_files,
            &mut self.search_files,
            stop,
        )?
        else {
            return Ok(None);
        };
        Ok(Some(SearchUpdate {
            written,
            removed,
            diagnostics,
        }))
    }

    /// `path` inside the site's `content/<dir>/`, relative to it (the site as given, or
    /// as the watcher reports it: canonical).
    fn in_content<'p>(&self, path: &'p Path, dir: &str) -> Option<&'p Path> {
        [&self.site, &self.site_abs]
            .into_iter()
            .find_map(|root| path.strip_prefix(root.join("content").join(dir)).ok())
    }

    /// Is `path` an annotation (or a folder of them, or something gone from there)?
    fn is_annotation(&self, path: &Path) -> bool {
        self.in_content(path, "annotations").is_some()
            && (path.extension().is_some_and(|e| e == "md") || path.is_dir() || !path.exists())
    }

    /// Is every changed path an annotation (so an update in place is enough)?
    pub fn only_annotations(&self, changed: &[PathBuf]) -> bool {
        !changed.is_empty() && changed.iter().all(|p| self.is_annotation(p))
    }

    /// Is `path` under `content/cables/` a file no build reads (an editor's backup or
    /// swap file: only `.txt` and `.csv` files are cables)?
    fn not_read(&self, path: &Path) -> bool {
        self.in_content(path, "cables").is_some()
            && !path.is_dir()
            && !path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("txt") || e.eq_ignore_ascii_case("csv"))
    }

    /// The cable the last build read from `path`, when `path` is a `.txt` file under
    /// `content/cables/` (not a dump) that it took a cable from.
    fn cable_read_from(&self, path: &Path) -> Option<usize> {
        if !path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("txt"))
            || !path.is_file()
        {
            return None;
        }
        let rel = self.in_content(path, "cables")?;
        let archive = &self.built.archive;
        let base = self.site.join("content").join("cables");
        let from_here = |c: &Cable| c.source.strip_prefix(&base).is_ok_and(|r| r == rel);
        // Nearly always the file is named after the cable; else look at them all.
        let by_name = path
            .file_stem()
            .and_then(|s| s.to_str())
            .and_then(|id| archive.by_id.get(id))
            .copied()
            .filter(|&i| from_here(&archive.cables[i]));
        by_name.or_else(|| archive.cables.iter().position(from_here))
    }

    /// Cable files (and perhaps annotations) changed. When every changed cable file is
    /// one the last build read a cable from and still makes a cable that looks the same
    /// from every other page (its id, date, post, classification, caveats, subject, TAGS,
    /// references and numbered paragraphs as before, and it names each person as often),
    /// the edited cables replace the old ones in the kept archive and the pages that show
    /// their text are rendered again in place (see the module's documentation).
    /// `Ok(None)` when a full build is needed instead.
    pub fn update_cables(&mut self, changed: &[PathBuf]) -> Result<Option<NotesUpdate>> {
        let diags = Diagnostics::default();
        let mut edits: Vec<CableEdit> = Vec::new();
        for path in changed {
            if self.is_annotation(path) || self.not_read(path) {
                continue;
            }
            let Some(index) = self.cable_read_from(path) else {
                return Ok(None);
            };
            if edits.iter().any(|e| e.index == index) {
                continue;
            }
            let archive = &self.built.archive;
            let old = &archive.cables[index];
            let Some(mut cable) = source::cable_file::read(&old.source, &diags) else {
                // Unreadable now, or empty: the last good pages stay, with the error.
                let diagnostics = diags.into_sorted();
                if diagnostics.iter().any(|d| d.severity == Severity::Error) {
                    return Ok(Some(self.not_applied(diagnostics)));
                }
                return Ok(None);
            };
            references::resolve(std::slice::from_mut(&mut cable), &archive.by_id);
            if !looks_the_same(old, &cable) {
                return Ok(None);
            }
            let mentions = archive.people.find_in(&cable.text, &[]);
            if times_named(&mentions) != times_named(&archive.people.in_cable[index]) {
                return Ok(None);
            }
            edits.push(CableEdit {
                index,
                cable,
                mentions,
            });
        }
        if edits.is_empty() {
            return Ok(None);
        }
        if diags.error_count() > 0 {
            return Ok(Some(self.not_applied(diags.into_sorted())));
        }
        self.refresh(edits, diags).map(Some)
    }

    /// Cable files read again have errors: nothing is applied, and their errors stand
    /// (shown with every later update in place) until those files are read again.
    fn not_applied(&mut self, diagnostics: Vec<Diagnostic>) -> NotesUpdate {
        let errors: Vec<&Diagnostic> = diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .collect();
        self.standing
            .retain(|s| !errors.iter().any(|e| e.path == s.path));
        self.standing.extend(errors.into_iter().cloned());
        NotesUpdate::not_applied(diagnostics)
    }

    /// Reads the annotations again and re-renders the pages that show them.
    pub fn update_notes(&mut self) -> Result<NotesUpdate> {
        self.refresh(Vec::new(), Diagnostics::default())
    }

    /// Puts the edited cables in, reads and places the annotations again, and re-renders
    /// in place the pages that show what changed. With errors (a note whose quote the
    /// new text no longer has, say) nothing is written and the archive is as it was.
    fn refresh(&mut self, edits: Vec<CableEdit>, diags: Diagnostics) -> Result<NotesUpdate> {
        let read = source::annotation::read_all(&self.site, &diags);
        let archive = &mut self.built.archive;
        let edited: BTreeSet<usize> = edits.iter().map(|e| e.index).collect();
        // The people the edited cables name (the same before and after).
        let mut persons: BTreeSet<usize> = edits
            .iter()
            .flat_map(|e| e.mentions.iter().map(|m| m.person as usize))
            .collect();
        let old: Vec<(usize, Cable, Vec<Mention>)> = edits
            .into_iter()
            .map(|e| {
                let cable = std::mem::replace(&mut archive.cables[e.index], e.cable);
                let named = std::mem::replace(&mut archive.people.in_cable[e.index], e.mentions);
                (e.index, cable, named)
            })
            .collect();
        let placed = annotations::attach(archive, read, &diags);
        let diagnostics = diags.into_sorted();
        if diagnostics.iter().any(|d| d.severity == Severity::Error) {
            for (i, cable, named) in old {
                archive.cables[i] = cable;
                archive.people.in_cable[i] = named;
            }
            return Ok(NotesUpdate::not_applied(diagnostics));
        }
        let before = fingerprints(&archive.notes);
        let after = fingerprints(&placed);
        let changed: BTreeSet<usize> = before
            .keys()
            .chain(after.keys())
            .copied()
            .filter(|c| before.get(c) != after.get(c))
            .chain(edited.iter().copied())
            .collect();
        // The people whose pages list a changed note, before and after.
        let people_of = |notes: &Notes, persons: &mut BTreeSet<usize>| {
            for n in notes.notes.iter().filter(|n| changed.contains(&n.cable)) {
                for id in &n.annotation.people {
                    if let Some(&p) = archive.people.by_id.get(id.trim()) {
                        persons.insert(p);
                    }
                }
            }
        };
        people_of(&archive.notes, &mut persons);
        people_of(&placed, &mut persons);
        archive.notes = placed;
        let diags = Diagnostics::default();
        let refs = archive.notes.person_refs(archive);
        archive.people.attach_notes(refs, &diags);

        let archive = &self.built.archive;
        let tera = &self.built.tera;
        let out = Output::in_place(&self.output)?;
        let targets = LinkTargets::load(archive);
        let notes = render::annotations::RenderedNotes::new(archive, &targets, &diags);
        changed.par_iter().for_each(|&i| {
            render::render_cable(archive, &self.summaries, &notes, tera, &out, &diags, i);
            if edited.contains(&i) {
                publish::write_files_of(archive, &archive.cables[i], &out, &diags);
            }
        });
        render::render_note_pages(archive, &self.summaries, &notes, false, tera, &out, &diags);
        render::people::render_people(archive, &self.summaries, tera, &out, &diags, Some(&persons));

        // The list pages this render did not write are gone from the site, after the new
        // ones are in (as a full build's commit does).
        let lists: BTreeSet<String> = render::annotations::list_paths(archive)
            .into_iter()
            .collect();
        let mut removed = 0;
        let mut remove = |rel: &str| match out.remove_in_place(rel) {
            Ok(done) => {
                removed += usize::from(done);
                true
            }
            Err(e) => {
                diags.push(Diagnostic::error(
                    "write",
                    Path::new(rel),
                    None,
                    format!("{e:#}"),
                ));
                false
            }
        };
        let gone: Vec<String> = self.note_lists.difference(&lists).cloned().collect();
        let new: Vec<String> = lists.difference(&self.note_lists).cloned().collect();
        // One that could not be removed is tried again next time.
        let left: Vec<String> = gone.iter().filter(|rel| !remove(rel)).cloned().collect();
        let pages_changed = !gone.is_empty() || !new.is_empty();
        if pages_changed && !self.sitemap.is_empty() {
            let parts_before = publish::sitemap_parts(self.sitemap.len());
            for rel in &gone {
                if let Ok(i) = self.sitemap.binary_search(rel) {
                    self.sitemap.remove(i);
                }
            }
            for rel in new {
                if let Err(i) = self.sitemap.binary_search(&rel) {
                    self.sitemap.insert(i, rel);
                }
            }
            publish::write_sitemap_of(archive, &self.sitemap, &out, &diags);
            for part in publish::sitemap_parts(self.sitemap.len()) + 1..=parts_before {
                remove(&format!("sitemaps/{part}.xml"));
            }
        }
        self.note_lists = lists;
        self.note_lists.extend(left);
        // The highlight stylesheet goes when no note and no free page has code any more.
        if notes.any_code {
            self.highlight = true;
        } else if self.highlight {
            let pages_have_code = *self
                .pages_have_code
                .get_or_insert_with(|| free_pages::any_code(archive, &targets));
            if !pages_have_code && remove("static/highlight.css") {
                self.highlight = false;
            }
        }

        let mut diagnostics = diagnostics;
        diagnostics.extend(diags.into_sorted());
        // Notes and cable texts are searched.
        self.search_stale = true;
        // An error in a cable file read again here has been dealt with.
        let sources: Vec<PathBuf> = edited
            .iter()
            .map(|&i| self.built.archive.cables[i].source.clone())
            .collect();
        self.standing.retain(|d| !sources.contains(&d.path));
        Ok(NotesUpdate {
            written: out.written.load(std::sync::atomic::Ordering::Relaxed),
            removed,
            cables: changed.len(),
            edited: edited.len(),
            diagnostics,
            applied: true,
        })
    }
}

/// What a search index update did.
#[derive(Debug)]
pub struct SearchUpdate {
    /// Files rewritten (those whose bytes changed).
    pub written: usize,
    /// Files removed (shards the index no longer has).
    pub removed: usize,
    /// Errors making it: then nothing was written and the index is still out of date.
    pub diagnostics: Vec<Diagnostic>,
}

/// What is known of a file of the output: its stamp (size, modification time) and a
/// hash of its bytes. A file whose stamp is still the one known has those bytes.
type Known = BTreeMap<String, (Stamp, ContentHash)>;

/// Puts `made/dir` (a whole new version of the output's `dir`) in place of `output/dir`;
/// returns how many files differed or were new, and how many went. A file with the same
/// bytes as the one in the output is first replaced in `made` by a hard link to the
/// output's, so it keeps its modification time (rsync and CDNs see no change); then one
/// atomic swap of the two folders, so the server never serves half an index. Until
/// then only `made` is touched, and `stop` can give it up (`Ok(None)`). Where the swap
/// cannot be made (another file system, not Linux), the files that differ are written
/// in place one by one and those gone removed.
///
/// `new`: the files written into `made/dir` (`/`-separated, relative to `made`).
///
/// The output's files are not read when `known` says what they hold (the last build's
/// record, read on the first call, then what the last call put in): a large site's
/// output has left the page cache, and reading 0.5 GB of index back from the disk took
/// most of a minute. `known` is brought up to date with what is in place afterwards.
fn put_folder_in_place(
    output: &Path,
    made: &Path,
    dir: &str,
    new: Vec<String>,
    known: &mut Option<Known>,
    stop: &(dyn Fn() -> bool + Sync),
) -> Result<Option<(usize, usize)>> {
    use crate::uptodate::{content_hash, stamp};
    let old = files_under(output, dir);
    let known = known.get_or_insert_with(|| {
        let previous = crate::uptodate::previous_files(output);
        old.iter()
            .filter_map(|rel| Some((rel.clone(), previous.as_ref()?.get(Path::new(rel))?)))
            .collect()
    });
    let stamp_of = |p: &Path| std::fs::symlink_metadata(p).ok().map(|m| stamp(&m));
    let checked: Option<Vec<(ContentHash, bool)>> = new
        .par_iter()
        .map(|rel| {
            if stop() {
                return None;
            }
            let target = made.join(rel);
            let Ok(bytes) = std::fs::read(&target) else {
                return Some(([0, 0], false));
            };
            let hash = content_hash(&bytes);
            let there = output.join(rel);
            let same = old.contains(rel)
                && match known.get(rel) {
                    Some((st, h)) if stamp_of(&there) == Some(*st) => {
                        *h == hash && st.0 == bytes.len() as u64
                    }
                    _ => std::fs::read(&there).is_ok_and(|b| b == bytes),
                };
            if !same {
                return Some((hash, false));
            }
            // Keep the output's file: a link to it, renamed over the new copy.
            let link = target.with_extension("cablepress-link");
            let linked =
                std::fs::hard_link(&there, &link).and_then(|()| std::fs::rename(&link, &target));
            if linked.is_err() {
                std::fs::remove_file(&link).ok();
            }
            Some((hash, linked.is_ok()))
        })
        .collect();
    let Some(checked) = checked else {
        return Ok(None);
    };
    let differ: Vec<&String> = new
        .iter()
        .zip(&checked)
        .filter(|(_, (_, same))| !same)
        .map(|(rel, _)| rel)
        .collect();
    let new_set: BTreeSet<&String> = new.iter().collect();
    let mut removed = old.iter().filter(|rel| !new_set.contains(rel)).count();
    let mut swapped = false;
    #[cfg(target_os = "linux")]
    if output.join(dir).is_dir()
        && crate::output::exchange(&made.join(dir), &output.join(dir)).is_ok()
    {
        swapped = true;
    }
    if !swapped {
        let out = Output::in_place(output)?;
        for rel in differ.iter().copied() {
            let bytes = std::fs::read(made.join(rel))
                .with_context(|| format!("cannot read {}", made.join(rel).display()))?;
            out.write(rel, &bytes)?;
        }
        removed = 0;
        for rel in old.iter().filter(|rel| !new_set.contains(rel)) {
            removed += usize::from(out.remove_in_place(rel)?);
        }
    }
    // What is in place now.
    *known = new
        .par_iter()
        .zip(&checked)
        .filter_map(|(rel, (hash, _))| Some((rel.clone(), (stamp_of(&output.join(rel))?, *hash))))
        .collect();
    Ok(Some((differ.len(), removed)))
}

/// The files under `root/dir`, as `/`-separated paths relative to `root` (symlinks not
/// followed: an output's own files are never symlinks).
fn files_under(root: &Path, dir: &str) -> BTreeSet<String> {
    walkdir::WalkDir::new(root.join(dir))
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let rel = e.path().strip_prefix(root).ok()?;
            Some(
                rel.components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/"),
            )
        })
        .collect()
}

impl NotesUpdate {
    /// Nothing written: the last good pages stay, and these say why.
    fn not_applied(diagnostics: Vec<Diagnostic>) -> NotesUpdate {
        NotesUpdate {
            written: 0,
            removed: 0,
            cables: 0,
            edited: 0,
            diagnostics,
            applied: false,
        }
    }
}

/// A cable file read again, to take the place of cable `index` in the archive.
struct CableEdit {
    index: usize,
    cable: Cable,
    /// The people it names, found in its new text.
    mentions: Vec<Mention>,
}

/// Does the edited cable `new` look like `old` from every page but its own (and its
/// downloads, and the people pages' excerpts)? Lists and indexes show the id, date, post,
/// classification, caveats and subject; the tags and the post place it in the country,
/// tag and post indexes; its references make other cables' "cited by"; links to its
/// paragraphs (`[[ID#par3]]`) and notes need the same numbered paragraphs.
fn looks_the_same(old: &Cable, new: &Cable) -> bool {
    let refs = |c: &Cable| -> Vec<(Option<char>, Option<String>)> {
        c.ref_items
            .iter()
            .map(|r| (r.letter, r.id.clone()))
            .collect()
    };
    let numbers =
        |c: &Cable| -> Vec<Option<u32>> { c.paragraphs.iter().map(|p| p.number).collect() };
    old.id == new.id
        && old.date == new.date
        && old.origin == new.origin
        && old.classification == new.classification
        && old.caveats == new.caveats
        && old.tags == new.tags
        && old.subject == new.subject
        && old.references == new.references
        && old.released == new.released
        && refs(old) == refs(new)
        && numbers(old) == numbers(new)
}

/// How many times each person is named (person pages, the people index and the home page
/// count them; "mentioned with" lists pair them).
fn times_named(mentions: &[Mention]) -> BTreeMap<u32, usize> {
    let mut out = BTreeMap::new();
    for m in mentions {
        *out.entry(m.person).or_insert(0) += 1;
    }
    out
}
