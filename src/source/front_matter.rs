//! Splitting YAML front matter (`---` … `---`) from the text that follows it.

/// The parts of a file with optional front matter.
#[derive(Debug, PartialEq, Eq)]
pub struct Split<'a> {
    pub yaml: Option<&'a str>,
    pub body: &'a str,
    /// 1-based line of the body's first line in the file.
    pub body_line: usize,
}

#[derive(Debug, PartialEq, Eq)]
pub struct Unclosed;

/// Splits front matter off a text. A first line of exactly `---` opens it; the next line
/// of exactly `---` (or `...`) closes it. An opening without a close is an error.
pub fn split(text: &str) -> Result<Split<'_>, Unclosed> {
    let first_end = text.find('\n').unwrap_or(text.len());
    if text[..first_end].trim_end() != "---" {
        return Ok(Split {
            yaml: None,
            body: text,
            body_line: 1,
        });
    }
    let yaml_start = (first_end + 1).min(text.len());
    let mut pos = yaml_start;
    let mut line = 2;
    while pos <= text.len() {
        let end = text[pos..]
            .find('\n')
            .map(|i| pos + i)
            .unwrap_or(text.len());
        let l = text[pos..end].trim_end();
        if l == "---" || l == "..." {
            let body_start = (end + 1).min(text.len());
            return Ok(Split {
                yaml: Some(&text[yaml_start..pos]),
                body: &text[body_start..],
                body_line: line + 1,
            });
        }
        if end >= text.len() {
            break;
        }
        pos = end + 1;
        line += 1;
    }
    Err(Unclosed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_and_counts_lines() {
        let s = split("---\nid: X\n---\nbody\n").unwrap();
        assert_eq!(s.yaml, Some("id: X\n"));
        assert_eq!(s.body, "body\n");
        assert_eq!(s.body_line, 4);
        let s = split("no front matter").unwrap();
        assert_eq!(s.yaml, None);
        assert_eq!(s.body_line, 1);
        assert_eq!(split("---\nid: X\nbody"), Err(Unclosed));
        assert_eq!(split("---"), Err(Unclosed));
        let s = split("---\n---\n").unwrap();
        assert_eq!(s.yaml, Some(""));
        assert_eq!(s.body, "");
        // `----` or `--- x` do not open front matter.
        assert_eq!(split("----\nx").unwrap().yaml, None);
    }
}
