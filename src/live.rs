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
//! The search index is not updated here (it covers the whole archive); the next full
//! build, or any change outside `content/annotations/`, brings it up to date.

use crate::archive::annotations::{self, Notes};
use crate::diagnostics::{Diagnostic, Diagnostics, Severity};
use crate::output::Output;
use crate::render::{self, free_pages, links::LinkTargets, pages, publish};
use crate::{source, Built};
use anyhow::Result;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// A built site, kept in memory with what it was built from.
pub struct LiveSite {
    site: PathBuf,
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
}

/// What an annotations-only update did.
#[derive(Debug)]
pub struct NotesUpdate {
    /// Files rewritten (pages whose bytes changed).
    pub written: usize,
    /// Files removed (pages that no longer exist).
    pub removed: usize,
    /// Cables whose notes changed.
    pub cables: usize,
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
            output: output.to_path_buf(),
            built,
            summaries,
            note_lists,
            sitemap,
            highlight,
            pages_have_code: None,
        }
    }

    /// Is every changed path an annotation (so an update in place is enough)?
    pub fn only_annotations(&self, changed: &[PathBuf]) -> bool {
        let dirs = [
            self.site.join("content").join("annotations"),
            std::fs::canonicalize(&self.site)
                .unwrap_or_else(|_| self.site.clone())
                .join("content")
                .join("annotations"),
        ];
        !changed.is_empty()
            && changed.iter().all(|p| {
                dirs.iter().any(|d| p.starts_with(d))
                    && (p.extension().is_some_and(|e| e == "md") || p.is_dir() || !p.exists())
            })
    }

    /// Reads the annotations again and re-renders the pages that show them.
    pub fn update_notes(&mut self) -> Result<NotesUpdate> {
        let diags = Diagnostics::default();
        let archive = &mut self.built.archive;
        let read = source::annotation::read_all(&self.site, &diags);
        let placed = annotations::attach(archive, read, &diags);
        let diagnostics = diags.into_sorted();
        if diagnostics.iter().any(|d| d.severity == Severity::Error) {
            return Ok(NotesUpdate {
                written: 0,
                removed: 0,
                cables: 0,
                diagnostics,
                applied: false,
            });
        }
        let before = fingerprints(&archive.notes);
        let after = fingerprints(&placed);
        let changed: BTreeSet<usize> = before
            .keys()
            .chain(after.keys())
            .copied()
            .filter(|c| before.get(c) != after.get(c))
            .collect();
        // The people whose pages list a changed note, before and after.
        let mut persons: BTreeSet<usize> = BTreeSet::new();
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
            render::render_cable(archive, &self.summaries, &notes, tera, &out, &diags, i)
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
        Ok(NotesUpdate {
            written: out.written.load(std::sync::atomic::Ordering::Relaxed),
            removed,
            cables: changed.len(),
            diagnostics,
            applied: true,
        })
    }
}
