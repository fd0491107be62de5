//! Wildcard patterns (`*`, `?`) with optional policy variables, matched in
//! time linear in the input for patterns without `?`, and O(n log n) with them.
//!
//! A pattern is split at its `*`s into segments. The first segment must match
//! at the start, the last at the end, and each middle segment is found at its
//! leftmost place after the previous one. Leftmost placement is always safe for
//! glob patterns, so there is no backtracking: `*a*a*a*a*a*b` against a long
//! input costs one scan. Segments without `?` are found with `str::find`
//! (two-way search, linear); segments with `?` between literal text are found
//! in O(n log m) by [`search`], so no pattern costs more than O(n log n).
//!
//! Most patterns in policies are literal text (`s3:GetObject`) or literal text and one
//! final `*` (`s3:Get*`, `arn:aws:s3:::bucket/*`). Those are kept as their text alone, one
//! allocation, and matched by comparison; only other shapes keep a list of pieces.

mod search;

use crate::json::plain::find_any;
use std::borrow::Cow;
use std::sync::Arc;

/// One element of a pattern that is not literal text with at most one final `*`.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    /// Literal text.
    Literal(Box<str>),
    /// `*`: any run of characters, including none.
    Star,
    /// `?`: exactly one character.
    One,
    /// `${key}` or `${key, 'default'}`: replaced by the request's value.
    Variable {
        /// The key as written.
        key: Box<str>,
        /// The default value, if written.
        default: Option<Box<str>>,
    },
}

/// A pattern's shape, and what it is made of.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Shape {
    /// This text, exactly.
    Literal(Arc<str>),
    /// This text, then `*` (`*` alone when the text is empty).
    Prefix(Arc<str>),
    /// Anything else: the pieces, in order, and whether one is a variable.
    Pieces { pieces: Arc<[Piece]>, variables: bool },
}

/// A compiled pattern (literal text is lower-cased for actions). Cloning it is cheap: what
/// it is made of is shared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    shape: Shape,
}

/// How the pattern text is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PatternSyntax {
    /// `*` and `?` are wildcards (false for literal comparisons such as `StringEquals`).
    pub wildcards: bool,
    /// `${...}` is a policy variable.
    pub variables: bool,
}

const ACTION_SYNTAX: PatternSyntax = PatternSyntax { wildcards: true, variables: false };

impl Pattern {
    /// Compiles `text`.
    pub fn new(text: &str, syntax: PatternSyntax) -> Self {
        Pattern::build(text, syntax, false)
    }

    /// Compiles a pattern with wildcards and no variables, lower-cased (for actions).
    pub fn action(text: &str) -> Self {
        Pattern::build(text, ACTION_SYNTAX, true)
    }

    /// Compiles `text`, its literal text lower-cased with `lower` (wildcards are not letters,
    /// so the pieces are those of `text`).
    fn build(text: &str, syntax: PatternSyntax, lower: bool) -> Self {
        let bytes = text.as_bytes();
        // The first byte that may be special: most patterns are plain text and short.
        let first = match (syntax.wildcards, syntax.variables) {
            (true, true) => find_any(bytes, 0, [b'*', b'?', b'$']),
            (true, false) => find_any(bytes, 0, [b'*', b'?', b'?']),
            (false, true) => find_any(bytes, 0, [b'$'; 3]),
            (false, false) => None,
        };
        let shape = match first {
            None => Shape::Literal(shared(text, lower)),
            Some(at) if at + 1 == text.len() && bytes[at] == b'*' => Shape::Prefix(shared(&text[..at], lower)),
            Some(_) => return Pattern::compile(text, syntax, lower),
        };
        Pattern { shape }
    }

    /// The pieces of a pattern that is not plain literal text with one final `*` (though the
    /// pieces may still turn out to be that: `a**`, `${*}`).
    fn compile(text: &str, syntax: PatternSyntax, lower: bool) -> Self {
        let mut pieces: Vec<Piece> = Vec::new();
        let mut literal = String::with_capacity(text.len());
        let mut rest = text;
        // Literal text is gathered in one buffer and copied out at each wildcard or variable.
        let flush = |literal: &mut String, pieces: &mut Vec<Piece>| {
            if !literal.is_empty() {
                let mut text: Box<str> = literal.as_str().into();
                if lower {
                    text.make_ascii_lowercase();
                }
                pieces.push(Piece::Literal(text));
                literal.clear();
            }
        };
        while !rest.is_empty() {
            // Copy the run of plain text up to the next character that may be special.
            let plain = find_any(rest.as_bytes(), 0, [b'*', b'?', b'$']).unwrap_or(rest.len());
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
                                (k.trim(), Some(d.into()))
                            }
                            None => (inner.trim(), None),
                        };
                        flush(&mut literal, &mut pieces);
                        pieces.push(Piece::Variable { key: key.into(), default });
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
        Pattern::from_pieces(pieces)
    }

    /// The pattern of `pieces`, in its shortest shape (so that equal patterns compare equal
    /// however they were made).
    fn from_pieces(pieces: Vec<Piece>) -> Self {
        let shape = match pieces.as_slice() {
            [] => Shape::Literal("".into()),
            [Piece::Literal(text)] => Shape::Literal((**text).into()),
            [Piece::Star] => Shape::Prefix("".into()),
            [Piece::Literal(text), Piece::Star] => Shape::Prefix((**text).into()),
            _ => {
                let variables = pieces.iter().any(|p| matches!(p, Piece::Variable { .. }));
                Shape::Pieces { pieces: pieces.into(), variables }
            }
        };
        Pattern { shape }
    }

    /// True when the pattern uses `${...}` variables.
    pub fn has_variables(&self) -> bool {
        matches!(self.shape, Shape::Pieces { variables: true, .. })
    }

    /// True when the pattern is exactly `*`.
    pub fn is_match_all(&self) -> bool {
        matches!(&self.shape, Shape::Prefix(text) if text.is_empty())
    }

    /// True when the pattern's last element is `*`.
    pub fn ends_with_star(&self) -> bool {
        match &self.shape {
            Shape::Literal(_) => false,
            Shape::Prefix(_) => true,
            Shape::Pieces { pieces, .. } => pieces.last() == Some(&Piece::Star),
        }
    }

    /// True when the pattern contains `*` or `?`.
    pub fn has_wildcards(&self) -> bool {
        match &self.shape {
            Shape::Literal(_) => false,
            Shape::Prefix(_) => true,
            Shape::Pieces { pieces, .. } => pieces.iter().any(|p| matches!(p, Piece::Star | Piece::One)),
        }
    }

    /// The literal text every match starts with (the pattern's text up to its first wildcard or
    /// variable), and whether that text is the whole pattern.
    pub fn literal_prefix(&self) -> (&str, bool) {
        match &self.shape {
            Shape::Literal(text) => (text, true),
            Shape::Prefix(text) => (text, false),
            Shape::Pieces { pieces, .. } => match pieces.first() {
                Some(Piece::Literal(text)) => (text, false),
                _ => ("", false),
            },
        }
    }

    /// The text of a pattern made only of literal text (no wildcards, no variables).
    pub fn literal(&self) -> Option<String> {
        match &self.shape {
            Shape::Literal(text) => Some(text.to_string()),
            _ => None,
        }
    }

    /// The variables the pattern uses (keys as written).
    pub fn variables(&self) -> impl Iterator<Item = &str> {
        let pieces: &[Piece] = match &self.shape {
            Shape::Pieces { pieces, .. } => pieces,
            _ => &[],
        };
        pieces.iter().filter_map(|p| match p {
            Piece::Variable { key, .. } => Some(&**key),
            _ => None,
        })
    }

    /// Replaces variables with values from `lookup`. `None` when a variable has
    /// no value and no default: such a pattern matches nothing.
    pub fn resolve<'a, F>(&'a self, lookup: F) -> Option<Cow<'a, Pattern>>
    where
        F: Fn(&str) -> Option<String>,
    {
        let Shape::Pieces { pieces, variables: true } = &self.shape else {
            return Some(Cow::Borrowed(self));
        };
        // Substituted values are literal text (a `*` in a tag value is not a wildcard), and join
        // the literal text around them.
        let mut resolved: Vec<Piece> = Vec::with_capacity(pieces.len());
        let mut literal = String::new();
        for piece in pieces.iter() {
            match piece {
                Piece::Variable { key, default } => match lookup(key) {
                    Some(value) => literal.push_str(&value),
                    None => literal.push_str(default.as_deref()?),
                },
                Piece::Literal(text) => literal.push_str(text),
                other => {
                    if !literal.is_empty() {
                        resolved.push(Piece::Literal(std::mem::take(&mut literal).into_boxed_str()));
                    }
                    resolved.push(other.clone());
                }
            }
        }
        if !literal.is_empty() {
            resolved.push(Piece::Literal(literal.into_boxed_str()));
        }
        Some(Cow::Owned(Pattern::from_pieces(resolved)))
    }

    /// Matches the whole of `input`. Variables must have been resolved.
    pub fn matches(&self, input: &str) -> bool {
        let pieces = match &self.shape {
            Shape::Literal(text) => return input == &**text,
            Shape::Prefix(text) => return input.starts_with(&**text),
            Shape::Pieces { pieces, .. } => &pieces[..],
        };
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
        let mut characters = None;
        for segment in pieces[first_star..=last_star].split(is_star).filter(|s| !s.is_empty()) {
            match find(segment, input, pos, &mut characters) {
                Some(end) => pos = end,
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

/// `text` in a new [`Arc`], lower-cased with `lower`.
fn shared(text: &str, lower: bool) -> Arc<str> {
    let mut text: Arc<str> = Arc::from(text);
    if lower && let Some(text) = Arc::get_mut(&mut text) {
        // A new Arc is not shared: lower-case it in place rather than copy it again.
        text.make_ascii_lowercase();
    }
    text
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
                // Compared as bytes: a literal is whole characters, so a match ends on a
                // character boundary, and no boundary checks are needed on the way.
                if !input.as_bytes().get(pos..)?.starts_with(l.as_bytes()) {
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

/// The input as characters with their byte offsets, made once per match when a segment with
/// `?` between pieces of literal text has to be searched for.
struct Characters {
    chars: Vec<char>,
    /// The byte offset of each character, then the input's length.
    offsets: Vec<usize>,
}

impl Characters {
    fn new(input: &str) -> Self {
        let (offsets, chars): (Vec<usize>, Vec<char>) = input.char_indices().unzip();
        let mut offsets = offsets;
        offsets.push(input.len());
        Characters { chars, offsets }
    }

    /// The character index of byte offset `byte` (a character boundary).
    fn index_of(&self, byte: usize) -> usize {
        self.offsets.partition_point(|&o| o < byte)
    }
}

/// Leftmost occurrence of a star-free segment at or after `from`, as its end offset. `?`s at
/// the segment's ends only shift it; between pieces of literal text they make a search with
/// don't-care positions, done in O(n log m) by [`search::leftmost`].
fn find(segment: &[Piece], input: &str, from: usize, characters: &mut Option<Characters>) -> Option<usize> {
    if let [Piece::Literal(l)] = segment {
        return Some(from + input[from..].find(&**l)? + l.len());
    }
    let is_one = |p: &&Piece| matches!(p, Piece::One);
    let lead = segment.iter().take_while(is_one).count();
    let trail = segment[lead..].iter().rev().take_while(is_one).count();
    let core = &segment[lead..segment.len() - trail];
    let skip = |mut at: usize, count: usize| {
        for _ in 0..count {
            at += input[at..].chars().next()?.len_utf8();
        }
        Some(at)
    };
    let start = skip(from, lead)?;
    let core_end = match core {
        [] => start,
        [Piece::Literal(l)] => start + input[start..].find(&**l)? + l.len(),
        _ => {
            let mut slots: Vec<search::Slot> = Vec::new();
            for piece in core {
                match piece {
                    Piece::Literal(l) => slots.extend(l.chars().map(Some)),
                    Piece::One => slots.push(None),
                    // Unresolved variables match nothing; stars do not occur in a segment.
                    Piece::Star | Piece::Variable { .. } => return None,
                }
            }
            let table = characters.get_or_insert_with(|| Characters::new(input));
            let at = search::leftmost(&slots, &table.chars, table.index_of(start))?;
            table.offsets[at + slots.len()]
        }
    };
    skip(core_end, trail)
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
    fn shapes_answer_alike() {
        // (pattern, literal prefix and whether it is whole, ends with *, has wildcards, literal)
        type Case<'a> = (&'a str, (&'a str, bool), bool, bool, Option<&'a str>);
        let cases: [Case; 10] = [
            ("", ("", true), false, false, Some("")),
            ("abc", ("abc", true), false, false, Some("abc")),
            ("*", ("", false), true, true, None),
            ("**", ("", false), true, true, None),
            ("ab*", ("ab", false), true, true, None),
            ("ab**", ("ab", false), true, true, None),
            ("ab*c", ("ab", false), false, true, None),
            ("?b*", ("", false), true, true, None),
            ("a${*}b", ("a*b", true), false, false, Some("a*b")),
            ("a${x}*", ("a", false), true, true, None),
        ];
        for (text, prefix, star, wild, literal) in cases {
            let p = glob(text);
            assert_eq!(p.literal_prefix(), prefix, "{text}");
            assert_eq!(p.ends_with_star(), star, "{text}");
            assert_eq!(p.has_wildcards(), wild, "{text}");
            assert_eq!(p.literal().as_deref(), literal, "{text}");
            assert_eq!(p.is_match_all(), matches!(text, "*" | "**"), "{text}");
            assert_eq!(p.has_variables(), text.contains("${x}"), "{text}");
        }
        assert_eq!(glob("ab**"), glob("ab*"));
        assert_eq!(Pattern::action("S3:Get*"), Pattern::action("s3:get*"));
        assert_eq!(Pattern::action("S3:*Object?").literal_prefix(), ("s3:", false));
        assert_eq!(glob("a${x}b").variables().collect::<Vec<_>>(), ["x"]);
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

    /// The textbook matcher: a table over (pattern characters, input characters).
    fn reference(pattern: &str, input: &str) -> bool {
        let p: Vec<char> = pattern.chars().collect();
        let t: Vec<char> = input.chars().collect();
        // reach[j]: the pattern so far matches t[..j].
        let mut reach = vec![false; t.len() + 1];
        reach[0] = true;
        for c in &p {
            let mut next = vec![false; t.len() + 1];
            for j in 0..=t.len() {
                next[j] = match c {
                    '*' => reach[j] || (j > 0 && next[j - 1]),
                    '?' => j > 0 && reach[j - 1],
                    c => j > 0 && reach[j - 1] && t[j - 1] == *c,
                };
            }
            reach = next;
        }
        reach[t.len()]
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 3000, ..Default::default() })]
        #[test]
        fn matches_as_the_textbook_matcher_does(pattern in "[ab?*é]{0,14}", input in "[abé]{0,40}") {
            proptest::prop_assert_eq!(glob(&pattern).matches(&input), reference(&pattern, &input), "{} vs {}", pattern, input);
        }

        #[test]
        fn long_question_mark_segments_match_as_the_textbook_matcher_does(
            core in "[ab?]{10,40}",
            input in "[ab]{0,300}",
        ) {
            // Segments long enough that the search leaves direct tries for convolutions.
            let pattern = format!("*{core}*");
            proptest::prop_assert_eq!(glob(&pattern).matches(&input), reference(&pattern, &input));
        }
    }

    #[test]
    fn question_marks_between_literals_find_the_leftmost_place_in_long_inputs() {
        let mut input = "a".repeat(100_000);
        let pattern = format!("*{}b*", "a?".repeat(5_000));
        assert!(!glob(&pattern).matches(&input));
        input.push('b');
        assert!(glob(&pattern).matches(&input));
        assert!(!glob(&format!("{pattern}c")).matches(&input));
        let ones = "?".repeat(100_000);
        assert!(glob(&format!("*{ones}")).matches(&input));
        assert!(!glob(&format!("*{ones}{ones}")).matches(&input));
        assert!(glob(&format!("*{}b", "?".repeat(50_000))).matches(&input));
        assert!(!glob(&format!("*b{}", "?".repeat(2))).matches(&input));
    }

    #[test]
    fn long_inputs_do_not_blow_up() {
        let input = "a".repeat(200_000);
        assert!(!glob("*a*a*a*a*a*b").matches(&input));
        assert!(glob("*a*a*a*a*a*").matches(&input));
    }
}
