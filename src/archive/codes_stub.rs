#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Country { pub code: &'static str, pub name: &'static str, pub region: &'static str }
static C: &[Country] = &[Country{code:"CB",name:"Cambodia",region:"East Asia and Pacific"},Country{code:"TH",name:"Thailand",region:"East Asia and Pacific"}];
pub fn all_countries() -> &'static [Country] { C }
pub fn country_by_code(code: &str) -> Option<&'static Country> { C.iter().find(|c| c.code == code.trim()) }
pub fn subject_tag(code: &str) -> Option<&'static str> { if code == "PREL" { Some("External Political Relations") } else { None } }
pub fn regions() -> &'static [&'static str] { &["East Asia and Pacific"] }
pub fn country_for_post(post: &str) -> Option<&'static str> { if post.to_uppercase().contains("PHNOM") { Some("CB") } else { None } }
pub fn canonical_post(post: &str) -> Option<String> { post.strip_prefix("AMEMBASSY ").map(|s| format!("Embassy {s}")) }
pub fn slug(s: &str) -> String { let mut o=String::new(); for c in s.to_lowercase().chars() { if c.is_ascii_alphanumeric() { o.push(c) } else if !o.ends_with('-') { o.push('-') } } let t=o.trim_matches('-').to_string(); if t.is_empty() {"x".into()} else {t} }
pub fn reference_post(p: &str) -> Option<String> { Some(p.chars().filter(|c| c.is_ascii_alphabetic()).collect()) }
