//! Wildcard patterns (`*`, `?`) with optional policy variables, matched in
//! time linear in the input for patterns without `?`.
//!
//! A pattern is split at its `*`s into segments. The first segment must match
//! at the start, the last at the end, and each middle segment is found at its
//! leftmost place after the previous one. Leftmost placement is always safe for
//! glob patterns, so there is no backtracking: `*a*a*a*a*a*b` against a long
//! input costs one scan. Segments without `?` are found with `str::find`
//! (two-way search, linear); segments with `?` are tried at each position.

use std::borrow::Cow;
use std::sync::Arc;

/// One element of a compiled pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    /// Literal text.
    Literal(String),
    /// `*`: any run of characters, including none.
    Star,
    /// `?`: exactly one character.
    One,
    /// `${key}` or `${key, 'default'}`: replaced by the request's value.
    Variable {
        /// The key as written.
        key: String,
        /// The default value, if written.
        default: Option<String>,
    },
}

/// A compiled pattern. Cloning it is cheap (the pieces are shared), so compiled
/// statements can be copied from case to case of a batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    pieces: Arc<[Piece]>,
    has_variables: bool,
    wildcards: bool,
}

/// How the pattern text is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PatternSyntax {
    /// `*` and `?` are wildcards (false for literal comparisons such as `StringEquals`).
    pub wildcards: bool,
    /// `${...}` is a policy variable.
    pub variables: bool,
}

impl Pattern {
    /// Compiles `text`.
    pub fn new(text: &str, syntax: PatternSyntax) -> Self {
        let mut pieces: Vec<Piece> = Vec::new();
        let mut literal = String::new();
        let mut has_variables = false;
        let mut rest = text;
        let flush = |literal: &mut String, pieces: &mut Vec<Piece>| {
            if !literal.is_empty() {
                pieces.push(Piece::Literal(std::mem::take(literal)));
            }
        };
        while !rest.is_empty() {
            // Copy the run of plain text up to the next character that may be special.
            let plain = rest.bytes().position(|b| matches!(b, b'*' | b'?' | b'$')).unwrap_or(rest.len());
            literal.push_str(&rest[..plain]);
            rest = &rest[plain..];
            let Some(&special) = rest.as_bytes().first() else { break };
            if syntax.variables
                && rest.starts_with("${")
                && let Some(close) = rest.find('}')
            {
                let inner = &rest[2..close];
                rest = &rest[close + 1..];
                match inner {
                    "*" | "?" | "$" => literal.push_str(inner),
                    _ => {
                        let (key, default) = match inner.split_once(',') {
                            Some((k, d)) => {
                                let d = d.trim();
                                let d = d.strip_prefix('\'').and_then(|d| d.strip_suffix('\'')).unwrap_or(d);
                                (k.trim(), Some(d.to_string()))
                            }
                            None => (inner.trim(), None),
                        };
                        flush(&mut literal, &mut pieces);
                        pieces.push(Piece::Variable { key: key.to_string(), default });
                        has_variables = true;
                    }
                }
                continue;
            }
            rest = &rest[1..];
            match special {
                b'*' if syntax.wildcards => {
                    flush(&mut literal, &mut pieces);
                    if pieces.last() != Some(&Piece::Star) {
                        pieces.push(Piece::Star);
                    }
                }
                b'?' if syntax.wildcards => {
                    flush(&mut literal, &mut pieces);
                    pieces.push(Piece::One);
                }
                _ => literal.push(special as char),
            }
        }
        flush(&mut literal, &mut pieces);
        Pattern { pieces: pieces.into(), has_variables, wildcards: syntax.wildcards }
    }

    /// Compiles a pattern with wildcards and no variables, lower-cased (for actions).
    pub fn action(text: &str) -> Self {
        let mut pattern = Pattern::new(text, PatternSyntax { wildcards: true, variables: false });
        if text.bytes().any(|b| b.is_ascii_uppercase()) {
            let mut pieces = pattern.pieces.to_vec();
            for piece in &mut pieces {
                if let Piece::Literal(literal) = piece {
                    literal.make_ascii_lowercase();
                }
            }
            pattern.pieces = pieces.into();
        }
        pattern
    }

    /// True when the pattern uses `${...}` variables.
    pub fn has_variables(&self) -> bool {
        self.has_variables
    }

    /// True when the pattern is exactly `*`.
    pub fn is_match_all(&self) -> bool {
        *self.pieces == [Piece::Star]
    }

    /// True when the pattern's last element is `*`.
    pub fn ends_with_star(&self) -> bool {
        self.pieces.last() == Some(&Piece::Star)
    }

    /// True when the pattern contains `*` or `?`.
    pub fn has_wildcards(&self) -> bool {
        self.pieces.iter().any(|p| matches!(p, Piece::Star | Piece::One))
    }

    /// The literal text every match starts with (the pattern's text up to its first wildcard or
    /// variable), and whether that text is the whole pattern.
    pub fn literal_prefix(&self) -> (&str, bool) {
        match self.pieces.first() {
            Some(Piece::Literal(l)) => (l, self.pieces.len() == 1),
            Some(_) => ("", false),
            None => ("", true),
        }
    }

    /// The text of a pattern made only of literal text (no wildcards, no variables).
    pub fn literal(&self) -> Option<String> {
        let mut out = String::new();
        for piece in self.pieces.iter() {
            match piece {
                Piece::Literal(l) => out.push_str(l),
                _ => return None,
            }
        }
        Some(out)
    }

    /// The variables the pattern uses (keys as written).
    pub fn variables(&self) -> impl Iterator<Item = &str> {
        self.pieces.iter().filter_map(|p| match p {
            Piece::Variable { key, .. } => Some(key.as_str()),
            _ => None,
        })
    }

    /// Replaces variables with values from `lookup`. `None` when a variable has
    /// no value and no default: such a pattern matches nothing.
    pub fn resolve<'a, F>(&'a self, lookup: F) -> Option<Cow<'a, Pattern>>
    where
        F: Fn(&str) -> Option<String>,
    {
        if !self.has_variables {
            return Some(Cow::Borrowed(self));
        }
        let mut pieces = Vec::with_capacity(self.pieces.len());
        for piece in self.pieces.iter() {
            match piece {
                Piece::Variable { key, default } => {
                    // Substituted values are literal text: a `*` in a tag value is not a wildcard.
                    let value = lookup(key).or_else(|| default.clone())?;
                    match pieces.last_mut() {
                        Some(Piece::Literal(l)) => l.push_str(&value),
                        _ => pieces.push(Piece::Literal(value)),
                    }
                }
                Piece::Literal(l) => match pieces.last_mut() {
                    Some(Piece::Literal(prev)) => prev.push_str(l),
                    _ => pieces.push(Piece::Literal(l.clone())),
                },
                other => pieces.push(other.clone()),
            }
        }
        Some(Cow::Owned(Pattern { pieces: pieces.into(), has_variables: false, wildcards: self.wildcards }))
    }

    /// Matches the whole of `input`. Variables must have been resolved.
    pub fn matches(&self, input: &str) -> bool {
        let pieces = &self.pieces[..];
        let is_star = |p: &Piece| matches!(p, Piece::Star);
        let (Some(first_star), Some(last_star)) = (pieces.iter().position(is_star), pieces.iter().rposition(is_star))
        else {
            return match_at(pieces, input, 0) == Some(input.len());
        };
        // Anchored prefix: the pieces before the first `*`.
        let mut pos = match match_at(&pieces[..first_star], input, 0) {
            Some(end) => end,
            None => return false,
        };
        // Each segment between stars at its leftmost place after the previous one.
        for segment in pieces[first_star..=last_star].split(is_star).filter(|s| !s.is_empty()) {
            match find(segment, input, pos) {
                Some((_, end)) => pos = end,
                None => return false,
            }
        }
        // Anchored suffix: the pieces after the last `*` must fit after `pos` and end at the end.
        let last = &pieces[last_star + 1..];
        if last.is_empty() {
            return true;
        }
        let Some(start) = suffix_start(last, input) else {
            return false;
        };
        start >= pos && match_at(last, input, start) == Some(input.len())
    }
}

/// Byte offset where a suffix segment must start to end at the end of input.
fn suffix_start(segment: &[Piece], input: &str) -> Option<usize> {
    let mut start = input.len();
    for piece in segment.iter().rev() {
        match piece {
            Piece::Literal(l) => {
                start = start.checked_sub(l.len())?;
                if !input.is_char_boundary(start) {
                    return None;
                }
            }
            Piece::One => {
                let c = input[..start].chars().next_back()?;
                start -= c.len_utf8();
            }
            Piece::Star | Piece::Variable { .. } => return None,
        }
    }
    input.is_char_boundary(start).then_some(start)
}

/// Matches a star-free segment at `pos`; returns the end offset.
fn match_at(segment: &[Piece], input: &str, mut pos: usize) -> Option<usize> {
    for piece in segment {
        match piece {
            Piece::Literal(l) => {
                if !input[pos..].starts_with(l.as_str()) {
                    return None;
                }
                pos += l.len();
            }
            Piece::One => pos += input[pos..].chars().next()?.len_utf8(),
            Piece::Star | Piece::Variable { .. } => return None,
        }
    }
    Some(pos)
}

/// Leftmost occurrence of a star-free segment at or after `from`.
fn find(segment: &[Piece], input: &str, from: usize) -> Option<(usize, usize)> {
    if let [Piece::Literal(l)] = segment {
        let start = from + input[from..].find(l.as_str())?;
        return Some((start, start + l.len()));
    }
    let mut start = from;
    loop {
        if let Some(end) = match_at(segment, input, start) {
            return Some((start, end));
        }
        start += input[start..].chars().next()?.len_utf8();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glob(p: &str) -> Pattern {
        Pattern::new(p, PatternSyntax { wildcards: true, variables: true })
    }

    #[test]
    fn wildcards() {
        let cases = [
            ("*", "", true),
            ("*", "anything", true),
            ("a*", "abc", true),
            ("*c", "abc", true),
            ("a*c", "ac", true),
            ("a*c", "ab", false),
            ("a?c", "abc", true),
            ("a?c", "ac", false),
            ("a?c", "aéc", true),
            ("*a*b*c*", "xxaxxbxxcxx", true),
            ("*a*b*c", "cba", false),
            ("ab*ab", "ab", false),
            ("ab*ab", "abab", true),
            ("a*?", "a", false),
            ("a*?", "ab", true),
            ("?*", "", false),
            ("s3:Get*", "s3:GetObject", true),
            ("BUCKET/*/test/*", "BUCKET//test/object.jpg", true),
            ("BUCKET/*/test/*", "BUCKET/test/object.jpg", false),
            ("*ab?", "xabab", false),
            ("*ab?", "xxabc", true),
            ("*?b", "aé", false),
            ("*é?", "aéb", true),
            ("?b", "éb", true),
        ];
        for (p, input, expected) in cases {
            assert_eq!(glob(p).matches(input), expected, "{p} vs {input}");
        }
    }

    #[test]
    fn literal_syntax_has_no_wildcards() {
        let p = Pattern::new("a*", PatternSyntax { wildcards: false, variables: false });
        assert!(p.matches("a*"));
        assert!(!p.matches("ab"));
    }

    #[test]
    fn variables_resolve_as_literals() {
        let p = glob("home/${aws:username}/*");
        let r = p.resolve(|k| (k == "aws:username").then(|| "al*ce".to_string())).unwrap();
        assert!(r.matches("home/al*ce/x"));
        assert!(!r.matches("home/alice/x"));
        assert!(p.resolve(|_| None).is_none());
        let d = glob("${aws:PrincipalTag/team, 'company-wide'}");
        assert!(d.resolve(|_| None).unwrap().matches("company-wide"));
        let special = glob("a${*}b${?}${$}");
        assert!(special.matches("a*b?$"));
        assert!(!special.matches("axb?$"));
    }

    #[test]
    fn long_inputs_do_not_blow_up() {
        let input = "a".repeat(200_000);
        assert!(!glob("*a*a*a*a*a*b").matches(&input));
        assert!(glob("*a*a*a*a*a*").matches(&input));
    }
}
