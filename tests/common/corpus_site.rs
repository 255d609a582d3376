//! A site made from the real corpus (`../shared/corpus`): every `cables/*.txt` with front
//! matter from `metadata.csv`, plus any number of generated annotations (deterministic:
//! the same corpus gives the same notes). Used by `tests/corpus_annotations.rs` and by
//! `examples/corpus-site.rs`, which makes the site for the timing figures.
#![allow(dead_code)]

use cablepress::diagnostics::Diagnostics;
use cablepress::render::telegram::paragraph_plain;
use cablepress::source::cable_file;
use std::collections::{BTreeMap, HashSet};
use std::io;
use std::path::Path;

/// What was written.
#[derive(Debug, Default)]
pub struct CorpusSite {
    pub cables: usize,
    pub annotations: usize,
    pub with_quote: usize,
    pub with_code: usize,
}

const AUTHORS: &[&str] = &[
    "Jane Editor",
    "Sok Chenda",
    "Bob Archivist",
    "Maria Researcher",
    "Lê Thị Hoa",
    "Tom Fact-Checker",
    "Aung Min",
];

/// Writes `dest/content/cables/<ID>.txt` for every cable of the corpus, and
/// `dest/content/annotations/gen/<n>.md` for `annotations` notes spread over them.
pub fn make(shared: &Path, dest: &Path, annotations: usize) -> io::Result<CorpusSite> {
    let corpus = shared.join("corpus");
    let cables_dir = dest.join("content").join("cables");
    std::fs::create_dir_all(&cables_dir)?;
    let mut rdr = csv::Reader::from_path(corpus.join("metadata.csv")).map_err(io::Error::other)?;
    let mut ids = Vec::new();
    let mut texts = BTreeMap::new();
    // Each cable's origin and date as the metadata gives them (many texts name neither).
    let mut filed: BTreeMap<String, (String, String)> = BTreeMap::new();
    for row in rdr.records() {
        let row = row.map_err(io::Error::other)?;
        let (id, date, origin, class, refs) = (&row[0], &row[1], &row[2], &row[3], &row[4]);
        let text = match std::fs::read(corpus.join("cables").join(format!("{id}.txt"))) {
            Ok(b) => String::from_utf8_lossy(&b).into_owned(),
            Err(_) => continue,
        };
        let mut fm = BTreeMap::new();
        fm.insert("id", serde_yaml::Value::from(id));
        fm.insert("date", date.into());
        fm.insert("origin", origin.into());
        fm.insert("classification", class.into());
        let refs: Vec<serde_yaml::Value> = refs
            .split('|')
            .filter(|r| !r.is_empty())
            .map(Into::into)
            .collect();
        if !refs.is_empty() {
            fm.insert("references", serde_yaml::Value::Sequence(refs));
        }
        let yaml = serde_yaml::to_string(&fm).map_err(io::Error::other)?;
        std::fs::write(
            cables_dir.join(format!("{id}.txt")),
            format!("---\n{yaml}---\n{text}"),
        )?;
        ids.push(id.to_string());
        texts.insert(id.to_string(), text);
        let day: String = date.chars().take(10).collect();
        filed.insert(id.to_string(), (origin.to_string(), day));
    }
    let mut site = CorpusSite {
        cables: ids.len(),
        ..Default::default()
    };
    if annotations == 0 || ids.is_empty() {
        return Ok(site);
    }
    let notes_dir = dest.join("content").join("annotations").join("gen");
    std::fs::create_dir_all(&notes_dir)?;
    let known: HashSet<&str> = ids.iter().map(String::as_str).collect();
    let diags = Diagnostics::default();
    // (cable, paragraph) pairs already quoted, so that highlights never overlap.
    let mut quoted: HashSet<(String, u32)> = HashSet::new();
    for k in 0..annotations {
        // Spread over the corpus with a stride prime to its size; some cables get several.
        let id = &ids[(k * 7919 + k / 3) % ids.len()];
        let text = &texts[id];
        let Some(cable) = cable_file::from_text(Path::new("x.txt"), text.clone(), &diags) else {
            continue;
        };
        let numbered: Vec<_> = cable
            .paragraphs
            .iter()
            .filter(|p| p.number.is_some())
            .collect();
        let mut fm = BTreeMap::new();
        fm.insert("cable", serde_yaml::Value::from(id.as_str()));
        fm.insert("author", AUTHORS[k % AUTHORS.len()].into());
        fm.insert(
            "date",
            format!("2026-{:02}-{:02}", 1 + k % 12, 1 + (k * 7) % 28).into(),
        );
        fm.insert("title", format!("Note {k} on {id}").into());
        if k % 5 != 0 && !numbered.is_empty() {
            let p = numbered[k % numbered.len()];
            let n = p.number.unwrap_or(1);
            fm.insert("paragraph", (n as u64).into());
            let plain = paragraph_plain(&cable, p);
            let words: Vec<&str> = plain.split_whitespace().collect();
            if words.len() >= 8 && k % 3 != 0 && quoted.insert((id.clone(), n)) {
                fm.insert("quote", words[2..7].join(" ").into());
                site.with_quote += 1;
            }
        }
        let yaml = serde_yaml::to_string(&fm).map_err(io::Error::other)?;
        let mut body = format!(
            "Generated note **{k}** on this cable, by an editor who read it _closely_.\n\nIt was filed by {} on {}.\n",
            filed[id].0,
            filed[id].1
        );
        if let Some(r) = cable.references.iter().find(|r| known.contains(r.as_str())) {
            body.push_str(&format!("\nIt cites [[{r}]], which see.\n"));
        }
        if k % 10 == 0 {
            body.push_str("\n| field | value |\n|---|---|\n| id | `");
            body.push_str(id);
            body.push_str("` |\n\nSee the footnote.[^src]\n\n[^src]: From the 2011 release.\n");
        }
        if k % 50 == 0 {
            body.push_str(
                "\n```python\nimport re\nprint(re.findall(r\"\\d+\", \"REF A 1990\"))\n```\n",
            );
            site.with_code += 1;
        }
        std::fs::write(
            notes_dir.join(format!("{k:05}.md")),
            format!("---\n{yaml}---\n{body}"),
        )?;
        site.annotations += 1;
    }
    Ok(site)
}
