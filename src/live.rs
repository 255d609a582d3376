//! The preview server's memory of its last build: the assembled archive and templates.
//! When only annotations changed, the notes are read and placed again and just the pages
//! that show them are re-rendered, in place: the cables whose notes changed, the
//! annotation lists, the feed, the home page and the pages of the people the notes are
//! about. At Cablegate scale a full build takes tens of seconds; this takes milliseconds.
//!
//! The search index is not updated here (it covers the whole archive); the next full
//! build, or any change outside `content/annotations/`, brings it up to date.

use crate::archive::annotations::{self, Notes};
use crate::diagnostics::{Diagnostic, Diagnostics, Severity};
use crate::output::Output;
use crate::render::{self, links::LinkTargets, pages};
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
}

/// What an annotations-only update did.
#[derive(Debug)]
pub struct NotesUpdate {
    /// Files rewritten (pages whose bytes changed).
    pub written: usize,
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
    pub fn new(site: &Path, output: &Path, built: Built) -> LiveSite {
        let summaries = pages::summaries(&built.archive);
        LiveSite {
            site: site.to_path_buf(),
            output: output.to_path_buf(),
            built,
            summaries,
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
        let mut diagnostics = diagnostics;
        diagnostics.extend(diags.into_sorted());
        Ok(NotesUpdate {
            written: out.written.load(std::sync::atomic::Ordering::Relaxed),
            cables: changed.len(),
            diagnostics,
            applied: true,
        })
    }
}
