//! The index on disk: JavaScript files under `search/`, each one call of
//! `CP_SEARCH.add(key, data)` (`key` is the file's path without `.js`), so the browser can
//! load any of them with a `<script>` element.
//!
//! The vocabulary, sorted as JavaScript sorts strings, is cut into shards of about
//! [`SHARD_BYTES`]; `meta.js` lists the first word of each, so the browser finds the shard
//! of a word (or the shards a prefix spans) by binary search. A word whose postings are
//! longer than [`BIG_BYTES`] gets a file of its own, so a shard stays small and a prefix
//! that touches a common word does not load its list unless the query needs it.

use super::postings::{par_max_df, Inverted, TermData, Q_MAX};
use super::tokenize::STOPWORDS;
use super::{vlq, SearchDoc};
use crate::output::Output;
use anyhow::Result;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Vocabulary and short postings per shard.
pub const SHARD_BYTES: usize = 48 * 1024;
/// Postings longer than this go in a file of their own.
pub const BIG_BYTES: usize = 6 * 1024;
/// Display records per `d/N.js`: a page of results loads at most this many shards, each
/// small.
pub const DOCS_PER_SHARD: usize = 32;

/// What was written, by kind of file (bytes).
#[derive(Debug, Default, Clone)]
pub struct SearchStats {
    pub docs: usize,
    pub terms: usize,
    pub shards: usize,
    pub files: usize,
    pub bytes: usize,
    /// `t/N.js`: vocabulary and short postings.
    pub lexicon_bytes: usize,
    /// `t/N-K.js`: long postings.
    pub big_bytes: usize,
    /// `p/`: next-word hashes, for phrases.
    pub successor_bytes: usize,
    /// `d/`: display records.
    pub doc_bytes: usize,
    /// `f/`: facet lists.
    pub facet_bytes: usize,
    pub meta_bytes: usize,
    /// The largest file and its size.
    pub largest: (String, usize),
    /// Per facet, its values in the order the page offers them.
    pub facets: BTreeMap<&'static str, Vec<FacetCount>>,
}

/// One value of a facet as the search page offers it: what filtering by it returns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FacetCount {
    pub key: String,
    pub label: String,
    /// Documents of each kind (`cable`, `person`, ...) that have this value, in the order
    /// of `meta.js`'s `kinds` (cables first); kinds with none are left out. Filtering by
    /// the value returns all of them.
    pub kinds: Vec<(&'static str, usize)>,
}

impl FacetCount {
    /// Documents of every kind: what the filter returns with no words.
    pub fn docs(&self) -> usize {
        self.kinds.iter().map(|(_, n)| n).sum()
    }

    /// Documents of one kind.
    pub fn of(&self, kind: &str) -> usize {
        self.kinds
            .iter()
            .find(|(k, _)| *k == kind)
            .map_or(0, |(_, n)| *n)
    }
}

struct Written {
    files: AtomicUsize,
    lexicon: AtomicUsize,
    big: AtomicUsize,
    successors: AtomicUsize,
    docs: AtomicUsize,
    facets: AtomicUsize,
    largest: std::sync::Mutex<(String, usize)>,
}

fn js(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

/// Appends [`js`]`(s)` to `out`: a word of the vocabulary (letters and digits) has nothing
/// to escape, and is copied between quotes as it is.
fn js_into(out: &mut String, s: &str) {
    if s.bytes().any(|b| b == b'"' || b == b'\\' || b < 0x20) {
        out.push_str(&js(s));
    } else {
        out.push('"');
        out.push_str(s);
        out.push('"');
    }
}

fn call(key: &str, data: &str) -> Vec<u8> {
    format!("CP_SEARCH.add({},{});\n", js(key), data).into_bytes()
}

impl Written {
    fn put(&self, out: &Output, key: &str, data: &str, counter: &AtomicUsize) -> Result<()> {
        let bytes = call(key, data);
        out.write(&format!("search/{key}.js"), &bytes)?;
        self.files.fetch_add(1, Ordering::Relaxed);
        counter.fetch_add(bytes.len(), Ordering::Relaxed);
        if let Ok(mut l) = self.largest.lock() {
            if bytes.len() > l.1 || (bytes.len() == l.1 && key < l.0.as_str()) {
                *l = (key.to_string(), bytes.len());
            }
        }
        Ok(())
    }
}

/// Cuts the sorted vocabulary into shards.
fn plan_shards(terms: &[(String, TermData)]) -> Vec<std::ops::Range<usize>> {
    let mut shards = Vec::new();
    let (mut start, mut size) = (0, 0);
    for (i, (w, d)) in terms.iter().enumerate() {
        let entry = w.len()
            + 12
            + if d.postings.len() > BIG_BYTES {
                0
            } else {
                d.postings.len()
            };
        if size + entry > SHARD_BYTES && i > start {
            shards.push(start..i);
            start = i;
            size = 0;
        }
        size += entry;
    }
    if start < terms.len() {
        shards.push(start..terms.len());
    }
    shards
}

fn write_shard(out: &Output, w: &Written, n: usize, terms: &[(String, TermData)]) -> Result<()> {
    let mut lex = String::from("[");
    let mut pos = String::from("[");
    for (k, (word, d)) in terms.iter().enumerate() {
        if k > 0 {
            lex.push(',');
            pos.push(',');
        }
        let postings = std::str::from_utf8(&d.postings)?;
        let successors = std::str::from_utf8(&d.successors)?;
        if d.postings.len() > BIG_BYTES {
            // A negative length: the list is in `t/N-K.js`, this long.
            js_into(&mut lex, word);
            let _ = write!(lex, ",{},-{}", d.df, d.postings.len());
            pos.push_str("\"\"");
            w.put(
                out,
                &format!("t/{n}-{k}"),
                &format!("\"{postings}\""),
                &w.big,
            )?;
            w.put(
                out,
                &format!("p/{n}-{k}"),
                &format!("\"{successors}\""),
                &w.successors,
            )?;
        } else {
            // Written in place: two format! calls per word were 2.5 % of all instructions.
            js_into(&mut lex, word);
            let _ = write!(lex, ",{},\"", d.df);
            lex.push_str(postings);
            lex.push('"');
            pos.push('"');
            pos.push_str(successors);
            pos.push('"');
        }
    }
    lex.push(']');
    pos.push(']');
    w.put(out, &format!("t/{n}"), &lex, &w.lexicon)?;
    w.put(out, &format!("p/{n}"), &pos, &w.successors)
}

/// Facet values with their documents (ascending, once each), ordered by label.
pub struct FacetValue {
    pub key: String,
    pub label: String,
    pub docs: Vec<u32>,
}

pub fn facet_table(docs: &[SearchDoc]) -> BTreeMap<&'static str, Vec<FacetValue>> {
    let mut by: BTreeMap<&'static str, BTreeMap<&str, (&str, Vec<u32>)>> = BTreeMap::new();
    for (i, d) in docs.iter().enumerate() {
        for f in &d.facets {
            let e = by
                .entry(f.name)
                .or_default()
                .entry(f.key.as_ref())
                .or_insert((f.label.as_ref(), Vec::new()));
            if e.1.last() != Some(&(i as u32)) {
                e.1.push(i as u32);
            }
        }
    }
    by.into_iter()
        .map(|(name, values)| {
            let mut vs: Vec<FacetValue> = values
                .into_iter()
                .map(|(key, (label, docs))| FacetValue {
                    key: key.to_string(),
                    label: label.to_string(),
                    docs,
                })
                .collect();
            vs.sort_by(|a, b| a.label.cmp(&b.label).then(a.key.cmp(&b.key)));
            (name, vs)
        })
        .collect()
}

/// What the display records and facet lists leave for `meta.js` and the statistics.
pub struct Records {
    w: Written,
    docs: usize,
    dated: usize,
    kinds: Vec<&'static str>,
    classes: Vec<String>,
    facet_meta: serde_json::Map<String, serde_json::Value>,
    facet_stats: BTreeMap<&'static str, Vec<FacetCount>>,
}

/// What a write given up by its `stop` returns.
#[derive(Debug)]
pub struct Stopped;

impl std::fmt::Display for Stopped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("given up for a newer change")
    }
}

impl std::error::Error for Stopped {}

/// Writes the documents' display records (`d/`) and the facet lists (`f/`); given up
/// with [`Stopped`] when `stop` says so (asked before each file).
pub fn write_records(
    docs: &[SearchDoc],
    out: &Output,
    stop: &(dyn Fn() -> bool + Sync),
) -> Result<Records> {
    let w = Written {
        files: AtomicUsize::new(0),
        lexicon: AtomicUsize::new(0),
        big: AtomicUsize::new(0),
        successors: AtomicUsize::new(0),
        docs: AtomicUsize::new(0),
        facets: AtomicUsize::new(0),
        largest: std::sync::Mutex::new((String::new(), 0)),
    };
    // Display records.
    let mut kinds: Vec<&'static str> = vec!["cable"];
    let mut classes: Vec<&str> = Vec::new();
    for d in docs {
        if !kinds.contains(&d.kind) {
            kinds.push(d.kind);
        }
        if !classes.contains(&d.classification.as_ref()) {
            classes.push(d.classification.as_ref());
        }
    }
    classes.sort();
    docs.par_chunks(DOCS_PER_SHARD)
        .enumerate()
        .try_for_each(|(m, chunk)| {
            if stop() {
                return Err(Stopped.into());
            }
            let records: Vec<serde_json::Value> = chunk
                .iter()
                .map(|d| {
                    serde_json::json!([
                        kinds.iter().position(|k| *k == d.kind).unwrap_or(0),
                        d.label,
                        d.url,
                        d.date.get(..10).unwrap_or(&d.date),
                        d.origin,
                        d.title,
                        classes
                            .binary_search(&d.classification.as_ref())
                            .unwrap_or(0),
                        d.snippet,
                    ])
                })
                .collect();
            w.put(
                out,
                &format!("d/{m}"),
                &serde_json::to_string(&records)?,
                &w.docs,
            )
        })?;

    // Facets.
    let facets = facet_table(docs);
    let mut facet_meta = serde_json::Map::new();
    let mut facet_stats = BTreeMap::new();
    for (name, values) in &facets {
        for (i, v) in values.iter().enumerate() {
            if stop() {
                return Err(Stopped.into());
            }
            let mut list = Vec::new();
            let mut next = 0;
            for &d in &v.docs {
                vlq::push(&mut list, d - next);
                next = d + 1;
            }
            w.put(
                out,
                &format!("f/{name}-{i}"),
                &format!("\"{}\"", std::str::from_utf8(&list)?),
                &w.facets,
            )?;
        }
        // `[key, label, documents]`: documents of every kind, as the filter returns them
        // (the page's options say them by kind).
        facet_meta.insert(
            name.to_string(),
            serde_json::json!(values
                .iter()
                .map(|v| serde_json::json!([v.key, v.label, v.docs.len()]))
                .collect::<Vec<_>>()),
        );
        facet_stats.insert(
            *name,
            values
                .iter()
                .map(|v| {
                    let mut n = vec![0; kinds.len()];
                    for &d in &v.docs {
                        let kind = docs[d as usize].kind;
                        n[kinds.iter().position(|k| *k == kind).unwrap_or(0)] += 1;
                    }
                    FacetCount {
                        key: v.key.clone(),
                        label: v.label.clone(),
                        kinds: kinds
                            .iter()
                            .copied()
                            .zip(n)
                            .filter(|(_, n)| *n > 0)
                            .collect(),
                    }
                })
                .collect(),
        );
    }

    Ok(Records {
        w,
        docs: docs.len(),
        dated: docs.iter().filter(|d| !d.date.is_empty()).count(),
        kinds,
        classes: classes.into_iter().map(str::to_string).collect(),
        facet_meta,
        facet_stats,
    })
}

/// Writes the vocabulary shards (`t/`, `p/`) and `meta.js`, after [`write_records`];
/// given up with [`Stopped`] when `stop` says so (asked before each shard).
pub fn write_terms(
    inv: Inverted,
    records: Records,
    out: &Output,
    stop: &(dyn Fn() -> bool + Sync),
) -> Result<SearchStats> {
    let Records {
        w,
        docs,
        dated,
        kinds,
        classes,
        facet_meta,
        facet_stats,
    } = records;
    let terms = &inv.terms;
    let shards = plan_shards(terms);
    shards.par_iter().enumerate().try_for_each(|(n, r)| {
        if stop() {
            return Err(Stopped.into());
        }
        write_shard(out, &w, n, &terms[r.clone()])
    })?;
    let meta = serde_json::json!({
        "version": 1,
        "docs": docs,
        "dated": dated,
        "docShard": DOCS_PER_SHARD,
        "qmax": Q_MAX,
        "parMaxDf": par_max_df(docs),
        "stop": STOPWORDS,
        "kinds": kinds,
        "classes": classes,
        "dir": shards.iter().map(|r| terms[r.start].0.as_str()).collect::<Vec<_>>(),
        "facets": facet_meta,
    });
    let meta_bytes = call("meta", &serde_json::to_string(&meta)?);
    out.write("search/meta.js", &meta_bytes)?;

    let get = |a: &AtomicUsize| a.load(Ordering::Relaxed);
    let mut stats = SearchStats {
        docs,
        terms: terms.len(),
        shards: shards.len(),
        files: get(&w.files) + 1,
        lexicon_bytes: get(&w.lexicon),
        big_bytes: get(&w.big),
        successor_bytes: get(&w.successors),
        doc_bytes: get(&w.docs),
        facet_bytes: get(&w.facets),
        meta_bytes: meta_bytes.len(),
        largest: w.largest.lock().map(|l| l.clone()).unwrap_or_default(),
        facets: facet_stats,
        bytes: 0,
    };
    stats.bytes = stats.lexicon_bytes
        + stats.big_bytes
        + stats.successor_bytes
        + stats.doc_bytes
        + stats.facet_bytes
        + stats.meta_bytes;
    Ok(stats)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_written_as_json_strings() {
        for w in [
            "plain",
            "zürich",
            "中文",
            "a\"b",
            "back\\slash",
            "tab\there",
            "\u{1}",
            "\u{2028}",
            "",
        ] {
            let mut out = String::from("[");
            js_into(&mut out, w);
            assert_eq!(out, format!("[{}", js(w)), "{w:?}");
            let back: String = serde_json::from_str(&out[1..]).unwrap();
            assert_eq!(back, w);
        }
    }
}
