//! The regular expressions of `--match`: a small backtracking matcher for the
//! common syntax (enough to select C names; no new dependency for it).
//!
//! Supported: literals, `.`, `[...]` classes with ranges and `^` negation,
//! `\d \w \s` (and `\D \W \S`), `\` before punctuation, `^` and `$` anchors,
//! groups `(...)` / `(?:...)` with `|`, and greedy `*`, `+`, `?`, `{n}`,
//! `{n,}`, `{n,m}`. A pattern matches when it matches anywhere in the name (as
//! `grep -E` and Rust's `regex::is_match` do).

/// A compiled `--match` pattern.
#[derive(Debug)]
pub struct Pattern {
    root: Node,
}

#[derive(Debug)]
enum Node {
    Char(char),
    Any,
    Class { ranges: Vec<(char, char)>, negated: bool },
    Start,
    End,
    Concat(Vec<Node>),
    Alt(Vec<Node>),
    Repeat { node: Box<Node>, min: u32, max: Option<u32> },
}

/// A pattern that cannot be parsed: the message names the pattern and the problem.
#[derive(Debug, PartialEq, Eq)]
pub struct PatternError(pub String);

impl Pattern {
    /// Compiles `source`.
    pub fn new(source: &str) -> Result<Pattern, PatternError> {
        let chars: Vec<char> = source.chars().collect();
        let mut parser = Parser { chars: &chars, pos: 0 };
        let root = parser.alternation().map_err(|e| PatternError(format!("invalid pattern '{source}': {e}")))?;
        if parser.pos < chars.len() {
            return Err(PatternError(format!("invalid pattern '{source}': unmatched ')'")));
        }
        Ok(Pattern { root })
    }

    /// Whether the pattern matches anywhere in `text`.
    pub fn is_match(&self, text: &str) -> bool {
        let chars: Vec<char> = text.chars().collect();
        (0..=chars.len()).any(|start| matches(&self.root, &chars, start, &mut |_| true))
    }
}

struct Parser<'a> {
    chars: &'a [char],
    pos: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn alternation(&mut self) -> Result<Node, String> {
        let mut branches = vec![self.concatenation()?];
        while self.peek() == Some('|') {
            self.pos += 1;
            branches.push(self.concatenation()?);
        }
        Ok(if branches.len() == 1 { branches.pop().unwrap() } else { Node::Alt(branches) })
    }

    fn concatenation(&mut self) -> Result<Node, String> {
        let mut items = Vec::new();
        while let Some(c) = self.peek() {
            if c == '|' || c == ')' {
                break;
            }
            let atom = self.atom()?;
            items.push(self.quantified(atom)?);
        }
        Ok(Node::Concat(items))
    }

    fn atom(&mut self) -> Result<Node, String> {
        let c = self.peek().expect("atom at end");
        self.pos += 1;
        Ok(match c {
            '.' => Node::Any,
            '^' => Node::Start,
            '$' => Node::End,
            '(' => {
                if self.chars[self.pos..].starts_with(&['?', ':']) {
                    self.pos += 2;
                }
                let inner = self.alternation()?;
                if self.peek() != Some(')') {
                    return Err("unclosed '('".into());
                }
                self.pos += 1;
                inner
            }
            '[' => self.class()?,
            '\\' => self.escape()?,
            '*' | '+' | '?' | '{' => return Err(format!("'{c}' has nothing to repeat")),
            c => Node::Char(c),
        })
    }

    /// After a `\`: a class shorthand or a literal character.
    fn escape(&mut self) -> Result<Node, String> {
        let Some(c) = self.peek() else { return Err("trailing '\\'".into()) };
        self.pos += 1;
        let class = |ranges: Vec<(char, char)>, negated| Node::Class { ranges, negated };
        Ok(match c {
            'd' | 'D' => class(vec![('0', '9')], c == 'D'),
            'w' | 'W' => class(word_ranges(), c == 'W'),
            's' | 'S' => class(space_ranges(), c == 'S'),
            'n' => Node::Char('\n'),
            't' => Node::Char('\t'),
            c if c.is_ascii_alphanumeric() => return Err(format!("unsupported escape '\\{c}'")),
            c => Node::Char(c),
        })
    }

    /// After a `[`: ranges up to the closing `]` (a `]` first is a literal).
    fn class(&mut self) -> Result<Node, String> {
        let negated = self.peek() == Some('^');
        if negated {
            self.pos += 1;
        }
        let mut ranges = Vec::new();
        let mut first = true;
        loop {
            let Some(c) = self.peek() else { return Err("unclosed '['".into()) };
            self.pos += 1;
            if c == ']' && !first {
                break;
            }
            first = false;
            let lo = match c {
                '\\' => {
                    let Some(e) = self.peek() else { return Err("unclosed '['".into()) };
                    self.pos += 1;
                    match e {
                        'd' => ranges.push(('0', '9')),
                        'w' => ranges.extend(word_ranges()),
                        's' => ranges.extend(space_ranges()),
                        e if e.is_ascii_alphanumeric() => return Err(format!("unsupported escape '\\{e}'")),
                        e => ranges.push((e, e)),
                    }
                    continue;
                }
                c => c,
            };
            if self.peek() == Some('-') && self.chars.get(self.pos + 1).is_some_and(|&n| n != ']') {
                let hi = self.chars[self.pos + 1];
                self.pos += 2;
                if hi < lo {
                    return Err(format!("invalid range '{lo}-{hi}'"));
                }
                ranges.push((lo, hi));
            } else {
                ranges.push((lo, lo));
            }
        }
        Ok(Node::Class { ranges, negated })
    }

    fn quantified(&mut self, atom: Node) -> Result<Node, String> {
        let (min, max) = match self.peek() {
            Some('*') => (0, None),
            Some('+') => (1, None),
            Some('?') => (0, Some(1)),
            Some('{') => return self.counted(atom),
            _ => return Ok(atom),
        };
        self.pos += 1;
        Ok(Node::Repeat { node: Box::new(atom), min, max })
    }

    /// `{n}`, `{n,}`, `{n,m}` after an atom.
    fn counted(&mut self, atom: Node) -> Result<Node, String> {
        let close = self.chars[self.pos..].iter().position(|&c| c == '}').ok_or("unclosed '{'")?;
        let body: String = self.chars[self.pos + 1..self.pos + close].iter().collect();
        self.pos += close + 1;
        let number = |s: &str| s.trim().parse::<u32>().map_err(|_| format!("invalid count '{{{body}}}'"));
        let (min, max) = match body.split_once(',') {
            None => {
                let n = number(&body)?;
                (n, Some(n))
            }
            Some((lo, "")) => (number(lo)?, None),
            Some((lo, hi)) => (number(lo)?, Some(number(hi)?)),
        };
        if max.is_some_and(|m| m < min) {
            return Err(format!("invalid count '{{{body}}}'"));
        }
        Ok(Node::Repeat { node: Box::new(atom), min, max })
    }
}

fn word_ranges() -> Vec<(char, char)> {
    vec![('a', 'z'), ('A', 'Z'), ('0', '9'), ('_', '_')]
}

fn space_ranges() -> Vec<(char, char)> {
    vec![(' ', ' '), ('\t', '\r')]
}

/// Whether `node` matches at `pos` such that `rest` accepts where it ends.
fn matches(node: &Node, text: &[char], pos: usize, rest: &mut dyn FnMut(usize) -> bool) -> bool {
    match node {
        Node::Char(c) => text.get(pos) == Some(c) && rest(pos + 1),
        Node::Any => pos < text.len() && rest(pos + 1),
        Node::Class { ranges, negated } => {
            text.get(pos).is_some_and(|c| {
                let inside = ranges.iter().any(|&(lo, hi)| (lo..=hi).contains(c));
                inside != *negated
            }) && rest(pos + 1)
        }
        Node::Start => pos == 0 && rest(pos),
        Node::End => pos == text.len() && rest(pos),
        Node::Concat(items) => concat(items, text, pos, rest),
        Node::Alt(branches) => branches.iter().any(|b| matches(b, text, pos, rest)),
        Node::Repeat { node, min, max } => repeat(node, *min, *max, text, pos, rest),
    }
}

fn concat(items: &[Node], text: &[char], pos: usize, rest: &mut dyn FnMut(usize) -> bool) -> bool {
    match items.split_first() {
        None => rest(pos),
        Some((first, others)) => matches(first, text, pos, &mut |next| concat(others, text, next, rest)),
    }
}

/// Greedy repetition: as many as possible first, then fewer. An iteration that
/// consumes nothing ends the repetition (no endless loops on `(a*)*`).
fn repeat(
    node: &Node,
    min: u32,
    max: Option<u32>,
    text: &[char],
    pos: usize,
    rest: &mut dyn FnMut(usize) -> bool,
) -> bool {
    if max == Some(0) {
        return rest(pos);
    }
    let more = matches(node, text, pos, &mut |next| {
        if next == pos && min == 0 {
            return false;
        }
        repeat(node, min.saturating_sub(1), max.map(|m| m - 1), text, next, rest)
    });
    more || (min == 0 && rest(pos))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn is_match(pattern: &str, text: &str) -> bool {
        Pattern::new(pattern).unwrap().is_match(text)
    }

    #[test]
    fn matches_as_a_search_by_default() {
        assert!(is_match("open", "sqlite3_open_v2"));
        assert!(!is_match("close", "sqlite3_open"));
        assert!(is_match("", "anything"));
    }

    #[test]
    fn anchors_groups_and_alternation() {
        assert!(is_match("^sqlite3_(open|close)$", "sqlite3_open"));
        assert!(is_match("^sqlite3_(open|close)$", "sqlite3_close"));
        assert!(!is_match("^sqlite3_(open|close)$", "sqlite3_open_v2"));
        assert!(is_match("^(?:Z_|compress)", "compressBound"));
        assert!(is_match("^Z_|^deflate", "deflateEnd"));
        assert!(!is_match("^Z_|^deflate", "inflate"));
        assert!(is_match("a|", "xyz"), "an empty branch matches everywhere");
    }

    #[test]
    fn classes_and_escapes() {
        assert!(is_match("^[A-Z_]+$", "Z_OK"));
        assert!(!is_match("^[A-Z_]+$", "Z_ok"));
        assert!(is_match("^[^a-z]+$", "Z_OK"));
        assert!(is_match(r"^\w+\d$", "crc32"));
        assert!(is_match(r"a\.b", "a.b"));
        assert!(!is_match(r"a\.b", "axb"));
        assert!(is_match("[]a]", "]"));
        assert!(is_match("[a-]", "-"));
        assert!(is_match(r"^\s*$", " \t"));
    }

    #[test]
    fn quantifiers_backtrack() {
        assert!(is_match("^a*ab$", "aaab"));
        assert!(is_match("^(ab)+$", "ababab"));
        assert!(!is_match("^(ab)+$", "ababa"));
        assert!(is_match("^colou?r$", "color"));
        assert!(is_match("^x{2,3}$", "xxx"));
        assert!(!is_match("^x{2,3}$", "xxxx"));
        assert!(is_match("^x{2}$", "xx"));
        assert!(is_match("^x{2,}$", "xxxxx"));
        assert!(is_match("^(a*)*b$", "aaab"));
        assert!(!is_match("^(a*)*b$", "aaac"));
        assert!(is_match("^.*_v2$", "sqlite3_open_v2"));
    }

    #[test]
    fn bad_patterns_are_errors() {
        for bad in ["(", "a)", "[a", "*a", "a{3,1}", r"\q", "a\\"] {
            let err = Pattern::new(bad).unwrap_err();
            assert!(err.0.starts_with(&format!("invalid pattern '{bad}'")), "{bad}: {}", err.0);
        }
    }
}
