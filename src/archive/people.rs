//! People in the archive: the registry, every mention of each person in the cables (and in
//! annotations), and who is mentioned with whom.
//!
//! All names and aliases of all people go into one automaton ([`PhraseSet`]), built once;
//! it runs once over each cable's text, in parallel. An alias that two people share is
//! linked only in a text that names one of the two unambiguously as well; elsewhere it is
//! left unlinked rather than guessed. A name that begins a place's or an institution's
//! (`Ho Chi Minh City`, see [`super::named_after`]) or a phrase of the person's `not:` list
//! is not a mention.

use super::country_overrides::CodeTables;
use super::mentions::{normalise_phrase, MatchOptions, PhraseSet};
use super::named_after::names_a_place;
use crate::cable::Cable;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::source::person::Person;
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::PathBuf;

/// A person named in a text, as a byte range of that text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mention {
    /// Index into [`People::persons`].
    pub person: u32,
    pub start: u32,
    pub end: u32,
}

impl Mention {
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// A cable that mentions a person, and how many times.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CableMentions {
    pub cable: usize,
    pub count: usize,
}

/// What the people pages need to know of an annotation. The annotations feature fills
/// these in and hands them to [`People::attach_notes`]; its `people:` front matter field is
/// `people`, and its text is searched for names like a cable's.
#[derive(Debug, Clone, Default)]
pub struct NoteRef {
    pub title: String,
    /// Site-relative URL of the note (`cable/1969/01/X.html#note-3`).
    pub url: String,
    pub cable: Option<usize>,
    pub date: String,
    pub author: String,
    /// Person ids declared by the note.
    pub people: Vec<String>,
    /// The note's Markdown source.
    pub text: String,
    pub path: PathBuf,
    pub line: usize,
}

#[derive(Debug, Default)]
pub struct People {
    /// A–Z by `sort_as`.
    pub persons: Vec<Person>,
    pub by_id: HashMap<String, usize>,
    names: PhraseSet,
    /// Per phrase of `names`, whose name it is (more than one: a shared alias; none: a
    /// phrase of a person's `not:`, found only to be passed over).
    owners: Vec<Vec<u32>>,
    /// Per cable, its mentions in text order.
    pub in_cable: Vec<Vec<Mention>>,
    /// Per person, the cables naming them, in date order.
    pub cables_of: Vec<Vec<CableMentions>>,
    /// Per person, mentions in all cables.
    pub mention_count: Vec<usize>,
    /// Per person, the people named in the same cables most often: `(person, cables)`.
    pub co_mentioned: Vec<Vec<(usize, usize)>>,
    pub notes: Vec<NoteRef>,
    /// Per note, the mentions in its text.
    pub note_mentions: Vec<Vec<Mention>>,
    /// Per person, the notes about them (declared or naming them), in the order given.
    pub notes_of: Vec<Vec<usize>>,
}

/// How many people "mentioned with" lists keep.
pub const CO_MENTIONED: usize = 12;

impl People {
    /// Builds the registry and finds every mention in `cables` (which are in date order).
    pub fn build(
        mut persons: Vec<Person>,
        cables: &[Cable],
        codes: &CodeTables,
        diags: &Diagnostics,
    ) -> People {
        persons.sort_by(|a, b| {
            a.sort_as
                .to_lowercase()
                .cmp(&b.sort_as.to_lowercase())
                .then(a.id.cmp(&b.id))
        });
        let by_id: HashMap<String, usize> = persons
            .iter()
            .enumerate()
            .map(|(i, p)| (p.id.clone(), i))
            .collect();
        for p in &persons {
            for c in &p.countries {
                if codes.country_by_code(c).is_none() {
                    diags.push(
                        Diagnostic::warning("person-country", &p.path, Some(p.countries_line), format!("unknown country code `{c}`"))
                            .with_hint("use TAGS country codes (CB, TH, VM ...), or add the code in content/countries.yaml"),
                    );
                }
            }
        }
        let (names, owners) = compile_names(&persons, diags);
        let mut people = People {
            persons,
            by_id,
            names,
            owners,
            ..People::default()
        };
        people.in_cable = cables
            .par_iter()
            .map(|c| people.find_in(&c.text, &[]))
            .collect();
        people.aggregate();
        people
    }

    pub fn is_empty(&self) -> bool {
        self.persons.is_empty()
    }

    pub fn get(&self, id: &str) -> Option<&Person> {
        self.by_id.get(id).map(|&i| &self.persons[i])
    }

    /// The people named in `text`. `context` are people known to be concerned (a note's
    /// declared people), which settles shared aliases.
    pub fn find_in(&self, text: &str, context: &[u32]) -> Vec<Mention> {
        let mut found = self.names.find(text);
        // A phrase a person's `not:` lists, or a name that begins a place's or an
        // institution's (`Ho Chi Minh City`), names nobody here.
        found.retain(|f| !self.owners[f.phrase].is_empty() && !names_a_place(text, f.range.end));
        if found.is_empty() {
            return Vec::new();
        }
        let mut sure: Vec<u32> = context.to_vec();
        sure.extend(
            found
                .iter()
                .filter(|f| self.owners[f.phrase].len() == 1)
                .map(|f| self.owners[f.phrase][0]),
        );
        found
            .into_iter()
            .filter_map(|f| {
                let owners = &self.owners[f.phrase];
                let person = if owners.len() == 1 {
                    owners[0]
                } else {
                    let mut known = owners.iter().filter(|o| sure.contains(o));
                    match (known.next(), known.next()) {
                        (Some(&p), None) => p,
                        _ => return None,
                    }
                };
                if ends_another_name(text, f.range.clone(), &self.persons[person as usize]) {
                    return None;
                }
                Some(Mention {
                    person,
                    start: f.range.start as u32,
                    end: f.range.end as u32,
                })
            })
            .collect()
    }

    fn aggregate(&mut self) {
        let n = self.persons.len();
        self.cables_of = vec![Vec::new(); n];
        self.mention_count = vec![0; n];
        let mut pairs: Vec<HashMap<u32, usize>> = vec![HashMap::new(); n];
        for (i, ms) in self.in_cable.iter().enumerate() {
            if ms.is_empty() {
                continue;
            }
            let mut here: Vec<(u32, usize)> = Vec::new();
            for m in ms {
                match here.iter_mut().find(|h| h.0 == m.person) {
                    Some(h) => h.1 += 1,
                    None => here.push((m.person, 1)),
                }
            }
            for &(p, count) in &here {
                self.cables_of[p as usize].push(CableMentions { cable: i, count });
                self.mention_count[p as usize] += count;
                for &(q, _) in &here {
                    if q != p {
                        *pairs[p as usize].entry(q).or_default() += 1;
                    }
                }
            }
        }
        self.co_mentioned = pairs
            .into_iter()
            .map(|m| {
                let mut v: Vec<(usize, usize)> =
                    m.into_iter().map(|(q, c)| (q as usize, c)).collect();
                // Persons are in A–Z order, so ties break alphabetically.
                v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
                v.truncate(CO_MENTIONED);
                v
            })
            .collect();
        self.notes_of = vec![Vec::new(); n];
    }

    /// Ties annotations to people: those each note declares, and those its text names.
    pub fn attach_notes(&mut self, notes: Vec<NoteRef>, diags: &Diagnostics) {
        self.notes_of = vec![Vec::new(); self.persons.len()];
        self.note_mentions = Vec::with_capacity(notes.len());
        for (k, note) in notes.iter().enumerate() {
            let mut about: Vec<u32> = Vec::new();
            for id in &note.people {
                match self.by_id.get(id.trim()) {
                    Some(&p) => about.push(p as u32),
                    None => diags.push(
                        Diagnostic::warning(
                            "unknown-person",
                            &note.path,
                            Some(note.line),
                            format!("`people:` names `{id}`, who is not in content/people/"),
                        )
                        .with_hint(format!("add content/people/{id}.yaml, or correct the id")),
                    ),
                }
            }
            let ms = self.find_in(&note.text, &about);
            about.extend(ms.iter().map(|m| m.person));
            about.sort_unstable();
            about.dedup();
            for p in about {
                self.notes_of[p as usize].push(k);
            }
            self.note_mentions.push(ms);
        }
        self.notes = notes;
    }
}

/// Particles that tie a name to the family name after them (`Mohammed bin Mubarak`):
/// after one, a one-word name is someone else's. (A capitalised word before it tells
/// less than it seems: `Jorge Uribe` is another man, but `Candidate Sarkozy`, `Presidents
/// Uribe`, `Nicholas Sarkozy` and sentences that start `When Thaksin` are not: on the
/// real corpus such a rule removed 300 mentions, and of 38 of them looked at, 29 were
/// right ones.)
const NAME_PARTICLES: &[&str] = &["bin", "ibn", "bint", "abu", "ould"];

/// Whether the one-word name at `range` of `text` ends someone else's name rather than
/// naming `person`: it follows a particle of the person's name that is not its own.
fn ends_another_name(text: &str, range: std::ops::Range<usize>, person: &Person) -> bool {
    if text[range.clone()].contains(char::is_whitespace) {
        return false;
    }
    let before = &text[..range.start];
    let trimmed = before.trim_end_matches([' ', '\t', '\r', '\n']);
    if trimmed.len() == before.len() || before[trimmed.len()..].matches('\n').count() > 1 {
        return false; // joined to the word before, or a blank line between
    }
    let word = trimmed
        .rsplit(|c: char| c.is_whitespace())
        .next()
        .unwrap_or("");
    if !NAME_PARTICLES.iter().any(|p| word.eq_ignore_ascii_case(p)) {
        return false;
    }
    // `Osama bin Laden` registered with `bin` in a name is that person.
    !std::iter::once(person.name.as_str())
        .chain(person.aliases.iter().map(String::as_str))
        .flat_map(str::split_whitespace)
        .any(|n| n.eq_ignore_ascii_case(word))
}

/// One automaton for every name and alias; shared phrases are reported once.
fn compile_names(persons: &[Person], diags: &Diagnostics) -> (PhraseSet, Vec<Vec<u32>>) {
    let mut phrases: Vec<String> = Vec::new();
    let mut owners: Vec<Vec<u32>> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for (i, p) in persons.iter().enumerate() {
        let forms = std::iter::once((&p.name, 1usize))
            .chain(p.aliases.iter().zip(p.alias_lines.iter().copied()));
        for (form, line) in forms {
            let key = normalise_phrase(form, true);
            if key.is_empty() {
                continue;
            }
            match index.get(&key) {
                Some(&k) => {
                    let o = &mut owners[k];
                    if o.contains(&(i as u32)) {
                        continue;
                    }
                    let other = &persons[o[0] as usize];
                    diags.push(
                        Diagnostic::warning(
                            "shared-alias",
                            &p.path,
                            Some(line),
                            format!("`{form}` is also a name of `{}`; it is linked only where a text names one of them otherwise", other.id),
                        )
                        .with_hint("give each person a spelling of their own (e.g. with a first name or title)"),
                    );
                    o.push(i as u32);
                }
                None => {
                    index.insert(key, phrases.len());
                    phrases.push(form.clone());
                    owners.push(vec![i as u32]);
                }
            }
        }
    }
    // A `not:` phrase is in the same automaton, owned by nobody: where it is found, the
    // leftmost-longest rule lets it cover the name inside it.
    for p in persons {
        let names: Vec<String> = std::iter::once(&p.name)
            .chain(&p.aliases)
            .map(|n| normalise_phrase(n, true))
            .collect();
        for (phrase, &line) in p.not.iter().zip(&p.not_lines) {
            let key = normalise_phrase(phrase, true);
            if key.is_empty() {
                continue;
            }
            let problem = match index.get(&key) {
                Some(&k) => match owners[k].first() {
                    Some(&o) => Some(format!(
                        "`{phrase}` is a name of `{}`; it is linked to them, not passed over",
                        persons[o as usize].id
                    )),
                    None => continue, // another person's `not:` has it
                },
                None if !names.iter().any(|n| key.contains(n.as_str())) => Some(format!(
                    "`{phrase}` does not contain a name of {} (nor an alias), so it keeps no mention of them out; ignored",
                    p.name
                )),
                None => None,
            };
            if let Some(message) = problem {
                diags.push(
                    Diagnostic::warning("person-not", &p.path, Some(line), message)
                        .with_hint("`not:` lists phrases that hold the person's name but name something else (`Ho Chi Minh City`)"),
                );
                continue;
            }
            index.insert(key, phrases.len());
            phrases.push(phrase.clone());
            owners.push(Vec::new());
        }
    }
    (PhraseSet::new(&phrases, MatchOptions::NAMES), owners)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(id: &str, name: &str, aliases: &[&str]) -> Person {
        Person {
            id: id.into(),
            name: name.into(),
            sort_as: name.into(),
            aliases: aliases.iter().map(|s| s.to_string()).collect(),
            alias_lines: aliases.iter().map(|_| 2).collect(),
            ..Person::default()
        }
    }

    fn cable(id: &str, text: &str) -> Cable {
        Cable {
            id: id.into(),
            text: text.into(),
            ..Cable::default()
        }
    }

    #[test]
    fn counts_cables_mentions_and_company() {
        let persons = vec![
            person("hor-namhong", "Hor Namhong", &["Namhong"]),
            person("hun-sen", "Hun Sen", &[]),
            person("sam-rainsy", "Sam Rainsy", &[]),
        ];
        let cables = vec![
            cable("A", "HOR NAMHONG MET HUN\nSEN. NAMHONG SAID"),
            cable("B", "HUN SEN AND SAM RAINSY"),
            cable("C", "HUN SEN, HOR NAMHONG, HUN SEN"),
            cable("D", "NOTHING HERE, NOT EVEN HUN SENATE"),
        ];
        let diags = Diagnostics::default();
        let people = People::build(persons, &cables, &CodeTables::builtin(), &diags);
        let hun = people.by_id["hun-sen"];
        let hor = people.by_id["hor-namhong"];
        assert_eq!(people.mention_count[hun], 4);
        assert_eq!(people.mention_count[hor], 3);
        assert_eq!(
            people.cables_of[hun]
                .iter()
                .map(|c| (c.cable, c.count))
                .collect::<Vec<_>>(),
            vec![(0, 1), (1, 1), (2, 2)]
        );
        assert_eq!(
            people.co_mentioned[hun],
            vec![(hor, 2), (people.by_id["sam-rainsy"], 1)]
        );
        assert!(people.in_cable[3].is_empty());
    }

    #[test]
    fn a_surname_after_bin_is_another_man_unless_it_is_in_the_name() {
        let persons = vec![
            person("hosni-mubarak", "Hosni Mubarak", &["Mubarak"]),
            person("osama-bin-laden", "Osama bin Laden", &["Laden"]),
        ];
        let cables = vec![
            cable(
                "A",
                "Foreign Minister Mohammed bin\nMubarak met President Mubarak.",
            ),
            cable(
                "B",
                "MOHAMMED BIN MUBARAK AND MUBARAK; OSAMA BIN LADEN, BIN LADEN",
            ),
        ];
        let diags = Diagnostics::default();
        let people = People::build(persons, &cables, &CodeTables::builtin(), &diags);
        let text = |c: usize| -> Vec<&str> {
            people.in_cable[c]
                .iter()
                .map(|m| &cables[c].text[m.start as usize..m.end as usize])
                .collect()
        };
        assert_eq!(text(0), vec!["Mubarak"]);
        assert_eq!(
            people.in_cable[0][0].start as usize,
            cables[0].text.rfind("Mubarak").unwrap()
        );
        assert_eq!(text(1), vec!["MUBARAK", "OSAMA BIN LADEN", "LADEN"]);
    }

    #[test]
    fn shared_aliases_are_settled_by_context_or_left_alone() {
        let persons = vec![
            person("lyndon-johnson", "Lyndon B. Johnson", &["Johnson"]),
            person("alexis-johnson", "U. Alexis Johnson", &["Johnson"]),
        ];
        let diags = Diagnostics::default();
        let cables = vec![
            cable("A", "U. ALEXIS JOHNSON ARRIVED. JOHNSON SAID"),
            cable("B", "JOHNSON SAID"),
        ];
        let people = People::build(persons, &cables, &CodeTables::builtin(), &diags);
        let alexis = people.by_id["alexis-johnson"] as u32;
        assert_eq!(
            people.in_cable[0]
                .iter()
                .map(|m| m.person)
                .collect::<Vec<_>>(),
            vec![alexis, alexis]
        );
        assert!(people.in_cable[1].is_empty());
        let msgs: Vec<String> = diags.into_sorted().iter().map(|d| d.to_string()).collect();
        assert!(
            msgs.iter()
                .any(|m| m.contains("`Johnson` is also a name of")),
            "{msgs:?}"
        );
    }

    #[test]
    fn notes_are_tied_by_declaration_and_by_text() {
        let persons = vec![
            person("a", "Anne Example", &[]),
            person("b", "Bob Example", &[]),
        ];
        let diags = Diagnostics::default();
        let mut people = People::build(persons, &[], &CodeTables::builtin(), &diags);
        people.attach_notes(
            vec![
                NoteRef {
                    people: vec!["a".into()],
                    text: "Nothing".into(),
                    ..NoteRef::default()
                },
                NoteRef {
                    text: "Bob Example said".into(),
                    ..NoteRef::default()
                },
                NoteRef {
                    people: vec!["zz".into()],
                    ..NoteRef::default()
                },
            ],
            &diags,
        );
        assert_eq!(people.notes_of[people.by_id["a"]], vec![0]);
        assert_eq!(people.notes_of[people.by_id["b"]], vec![1]);
        let msgs: Vec<String> = diags.into_sorted().iter().map(|d| d.to_string()).collect();
        assert!(
            msgs.iter().any(|m| m.contains("`people:` names `zz`")),
            "{msgs:?}"
        );
    }
}
