//! A forgiving reading of JSON text as it is being typed, for the editor's completion, hover and
//! format: tokens with their byte ranges (an unterminated string ends at its line's end), and
//! where a position is: under which keys, naming a key or giving a value, in which token.
//!
//! Nothing here fails: missing commas, unclosed brackets and documentation fragments (`"Statement":
//! [...]` without braces) are read as far as they make sense. The engine's own parser
//! (`policy_playground::json`) is the one that reports what is wrong.

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// `{`
    OpenObject,
    /// `}`
    CloseObject,
    /// `[`
    OpenArray,
    /// `]`
    CloseArray,
    /// `:`
    Colon,
    /// `,`
    Comma,
    /// A string; `closed` is false when its line ends first.
    String {
        /// Whether the closing quote is there.
        closed: bool,
    },
    /// Anything else up to the next space or punctuation: a number, `true`, `false`, `null`, or a
    /// word typed without quotes.
    Word,
}

/// A token and where it is (bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// What it is.
    pub kind: TokenKind,
    /// Its first byte.
    pub start: usize,
    /// One past its last byte (past the closing quote of a closed string).
    pub end: usize,
}

impl Token {
    /// For a string, the range between its quotes; for a word, the word.
    pub fn content(&self) -> (usize, usize) {
        match self.kind {
            TokenKind::String { closed: true } => (self.start + 1, self.end - 1),
            TokenKind::String { closed: false } => (self.start + 1, self.end),
            _ => (self.start, self.end),
        }
    }

    /// Whether the token is a string.
    pub fn is_string(&self) -> bool {
        matches!(self.kind, TokenKind::String { .. })
    }

    /// Whether the token is a whole value that can end an element (a string, a word or a closer).
    pub fn ends_value(&self) -> bool {
        matches!(self.kind, TokenKind::String { .. } | TokenKind::Word | TokenKind::CloseObject | TokenKind::CloseArray)
    }

    /// Whether the token starts a value (a string, a word or an opener).
    pub fn starts_value(&self) -> bool {
        matches!(self.kind, TokenKind::String { .. } | TokenKind::Word | TokenKind::OpenObject | TokenKind::OpenArray)
    }
}

/// The tokens of `text`, in order; white space is skipped.
pub fn tokenize(text: &str) -> Vec<Token> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let single = match b {
            b'{' => Some(TokenKind::OpenObject),
            b'}' => Some(TokenKind::CloseObject),
            b'[' => Some(TokenKind::OpenArray),
            b']' => Some(TokenKind::CloseArray),
            b':' => Some(TokenKind::Colon),
            b',' => Some(TokenKind::Comma),
            _ => None,
        };
        if let Some(kind) = single {
            out.push(Token { kind, start: i, end: i + 1 });
            i += 1;
        } else if b.is_ascii_whitespace() {
            i += 1;
        } else if b == b'"' {
            let start = i;
            i += 1;
            let mut closed = false;
            while i < bytes.len() {
                match bytes[i] {
                    b'\\' => i += 2,
                    b'"' => {
                        i += 1;
                        closed = true;
                        break;
                    }
                    b'\n' | b'\r' => break,
                    _ => i += 1,
                }
            }
            let end = i.min(bytes.len());
            out.push(Token { kind: TokenKind::String { closed }, start, end });
            i = end;
        } else {
            let start = i;
            while i < bytes.len() && !bytes[i].is_ascii_whitespace() && !b"{}[]:,\"".contains(&bytes[i]) {
                i += 1;
            }
            out.push(Token { kind: TokenKind::Word, start, end: i });
        }
    }
    out
}

/// The text of a string token without its quotes, escapes read (`\"` is `"`); a word as it is.
pub fn token_text(text: &str, token: &Token) -> String {
    let (start, end) = token.content();
    let raw = &text[start..end];
    if !token.is_string() || !raw.contains('\\') {
        return raw.to_string();
    }
    serde_json::from_str::<String>(&format!("\"{raw}\"")).unwrap_or_else(|_| raw.to_string())
}

/// An object or array around a position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Container {
    /// Whether it is an object (else an array).
    pub object: bool,
    /// The index of its opening token; `None` for the top level, which is read as an object so
    /// that fragments such as `"Statement": [...]` have keys.
    pub open: Option<usize>,
    /// The key it is the value of, in its parent object (none for array elements and the top).
    pub key: Option<String>,
}

/// What the position is in its innermost container.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Slot {
    /// Naming a key of the innermost object.
    Key,
    /// Giving the value of `key` in the innermost object.
    Value(String),
    /// An element of the innermost array.
    Element,
}

/// Where a position is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The containers around it, outermost first (the first is the top level).
    pub containers: Vec<Container>,
    /// What it is in the innermost one.
    pub slot: Slot,
    /// The index of the string or word token the position is in (at its content's end counts).
    pub token: Option<usize>,
}

impl Location {
    /// The keys from the top down to the position: the containers' keys, then the key whose value
    /// is being given (`["Statement", "Condition", "StringEquals"]` inside an operator's object).
    pub fn keys(&self) -> Vec<&str> {
        let mut keys: Vec<&str> = self.containers.iter().filter_map(|c| c.key.as_deref()).collect();
        if let Slot::Value(k) = &self.slot {
            keys.push(k);
        }
        keys
    }

    /// Whether the position names a key.
    pub fn is_key(&self) -> bool {
        self.slot == Slot::Key
    }

    /// The opening token of the innermost object (the one whose key or value the position is).
    pub fn object(&self) -> Option<usize> {
        self.containers.iter().rev().find(|c| c.object).and_then(|c| c.open)
    }

    /// The opening token of the statement the position is in: the object holding the
    /// `Condition` the position is under, else the innermost object.
    pub fn statement(&self) -> Option<usize> {
        match self
            .containers
            .iter()
            .rposition(|c| c.key.as_deref().is_some_and(|k| k.eq_ignore_ascii_case("Condition")))
        {
            Some(i) => self.containers[..i].iter().rev().find(|c| c.object).and_then(|c| c.open),
            None => self.object(),
        }
    }
}

struct Frame {
    container: Container,
    /// In an object: the key read and not yet followed by a comma.
    pending_key: Option<String>,
    /// In an object: a colon was read after the pending key.
    colon: bool,
    /// In an object: the pending key's value was read (a comma is due).
    value_done: bool,
}

impl Frame {
    fn new(object: bool, open: Option<usize>, key: Option<String>) -> Frame {
        Frame { container: Container { object, open, key }, pending_key: None, colon: false, value_done: false }
    }

    fn slot(&self) -> Slot {
        match (&self.container.object, &self.pending_key, self.colon && !self.value_done) {
            (false, _, _) => Slot::Element,
            (true, Some(k), true) => Slot::Value(k.clone()),
            _ => Slot::Key,
        }
    }
}

/// Where byte offset `pos` of `text` is, read from `tokens` (the text's tokens).
pub fn locate(text: &str, tokens: &[Token], pos: usize) -> Location {
    let mut stack = vec![Frame::new(true, None, None)];
    for (i, t) in tokens.iter().enumerate() {
        let (content_start, content_end) = t.content();
        let inside =
            matches!(t.kind, TokenKind::String { .. } | TokenKind::Word) && content_start <= pos && pos <= content_end;
        if inside {
            let frame = stack.last().expect("the top level is never popped");
            return Location {
                containers: stack.iter().map(|f| f.container.clone()).collect(),
                slot: frame.slot(),
                token: Some(i),
            };
        }
        if t.start >= pos {
            break;
        }
        let frame = stack.last_mut().expect("the top level is never popped");
        match t.kind {
            TokenKind::OpenObject | TokenKind::OpenArray => {
                let key = if frame.container.object { frame.pending_key.clone() } else { None };
                stack.push(Frame::new(t.kind == TokenKind::OpenObject, Some(i), key));
            }
            TokenKind::CloseObject | TokenKind::CloseArray => {
                if stack.len() > 1 {
                    stack.pop();
                    let parent = stack.last_mut().expect("the top level is never popped");
                    parent.value_done = parent.colon;
                }
            }
            TokenKind::Colon => frame.colon = true,
            TokenKind::Comma => {
                frame.pending_key = None;
                frame.colon = false;
                frame.value_done = false;
            }
            TokenKind::String { .. } | TokenKind::Word if frame.container.object => {
                if frame.pending_key.is_none() || !frame.colon || frame.value_done {
                    // A key (after a missing comma or colon too: the newer string is the key).
                    frame.pending_key = Some(token_text(text, t));
                    frame.colon = false;
                    frame.value_done = false;
                } else {
                    frame.value_done = true;
                }
            }
            TokenKind::String { .. } | TokenKind::Word => {}
        }
    }
    let frame = stack.last().expect("the top level is never popped");
    Location { containers: stack.iter().map(|f| f.container.clone()).collect(), slot: frame.slot(), token: None }
}

/// The index of the token that closes the container opened at `open` (or the last token).
fn close_of(tokens: &[Token], open: usize) -> usize {
    let mut depth = 0usize;
    for (i, t) in tokens.iter().enumerate().skip(open) {
        match t.kind {
            TokenKind::OpenObject | TokenKind::OpenArray => depth += 1,
            TokenKind::CloseObject | TokenKind::CloseArray => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return i;
                }
            }
            _ => {}
        }
    }
    tokens.len().saturating_sub(1)
}

/// The keys of the object opened at token `open` (`None`: the top level), in order, each with
/// the index of its token.
pub fn object_keys(text: &str, tokens: &[Token], open: Option<usize>) -> Vec<(usize, String)> {
    let (first, last) = match open {
        Some(o) => (o + 1, close_of(tokens, o)),
        None => (0, tokens.len()),
    };
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut expect_key = true;
    for (i, t) in tokens.iter().enumerate().take(last).skip(first) {
        match t.kind {
            TokenKind::OpenObject | TokenKind::OpenArray => depth += 1,
            TokenKind::CloseObject | TokenKind::CloseArray => depth = depth.saturating_sub(1),
            TokenKind::Comma if depth == 0 => expect_key = true,
            TokenKind::String { .. }
                if depth == 0 && expect_key && tokens.get(i + 1).is_some_and(|n| n.kind == TokenKind::Colon) =>
            {
                out.push((i, token_text(text, t)));
                expect_key = false;
            }
            _ => {}
        }
    }
    out
}

/// The strings given for `key` (ignoring case) in the object opened at token `open`: its value
/// when a string, or the strings of its array.
pub fn object_strings(text: &str, tokens: &[Token], open: Option<usize>, key: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (i, k) in object_keys(text, tokens, open) {
        if !k.eq_ignore_ascii_case(key) {
            continue;
        }
        match tokens.get(i + 2) {
            Some(t) if t.is_string() => out.push(token_text(text, t)),
            Some(t) if t.kind == TokenKind::OpenArray => {
                let end = close_of(tokens, i + 2);
                for t in &tokens[i + 3..end.max(i + 3)] {
                    if t.is_string() {
                        out.push(token_text(text, t));
                    }
                }
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> (String, Location) {
        let pos = text.find('|').expect("a | marks the position");
        let text = text.replacen('|', "", 1);
        let tokens = tokenize(&text);
        let loc = locate(&text, &tokens, pos);
        (text, loc)
    }

    #[test]
    fn tokens_include_unterminated_strings_and_words() {
        let text = "{\"a\": [1, tru\n\"b";
        let kinds: Vec<TokenKind> = tokenize(text).iter().map(|t| t.kind).collect();
        assert_eq!(
            kinds,
            [
                TokenKind::OpenObject,
                TokenKind::String { closed: true },
                TokenKind::Colon,
                TokenKind::OpenArray,
                TokenKind::Word,
                TokenKind::Comma,
                TokenKind::Word,
                TokenKind::String { closed: false },
            ]
        );
        let t = tokenize("\"a\\\"b\"");
        assert_eq!(t.len(), 1);
        assert_eq!(token_text("\"a\\\"b\"", &t[0]), "a\"b");
    }

    #[test]
    fn locates_keys_values_and_elements() {
        let (_, loc) = at(r#"{"Statement": [{"Eff|"#);
        assert_eq!(loc.keys(), ["Statement"]);
        assert!(loc.is_key());
        assert!(loc.token.is_some());

        let (_, loc) = at(r#"{"Statement": [{"Effect": "Al|"}]}"#);
        assert_eq!(loc.keys(), ["Statement", "Effect"]);
        assert_eq!(loc.slot, Slot::Value("Effect".into()));

        let (_, loc) = at(r#"{"Statement": [{"Action": ["s3:Get|"]}]}"#);
        assert_eq!(loc.keys(), ["Statement", "Action"]);
        assert_eq!(loc.slot, Slot::Element);

        let (_, loc) = at(r#"{"Statement": [{"Action": "x", "Condition": {"StringEquals": {"aws:|": "1"}}}]}"#);
        assert_eq!(loc.keys(), ["Statement", "Condition", "StringEquals"]);
        assert!(loc.is_key());

        // Between tokens, after a comma: a key; after a colon: a value.
        let (_, loc) = at(r#"{"Version": "1", |"#);
        assert!(loc.is_key() && loc.token.is_none());
        let (_, loc) = at(r#"{"Effect": |"#);
        assert_eq!(loc.slot, Slot::Value("Effect".into()));

        // A missing comma: the next string is a key.
        let (_, loc) = at(r#"{"Effect": "Allow" "Act|"#);
        assert!(loc.is_key());

        // A fragment without braces has keys at the top level.
        let (_, loc) = at(r#""Statement": [{"Action": "ecs:|"}]"#);
        assert_eq!(loc.keys(), ["Statement", "Action"]);
    }

    #[test]
    fn finds_the_statement_and_its_actions() {
        let (text, loc) =
            at(r#"{"Statement": [{"Condition": {"Bool": {"|": "true"}}, "Action": ["s3:GetObject", "kms:Decrypt"]}]}"#);
        let tokens = tokenize(&text);
        let statement = loc.statement();
        assert_eq!(object_strings(&text, &tokens, statement, "action"), ["s3:GetObject", "kms:Decrypt"]);
        let keys: Vec<String> = object_keys(&text, &tokens, statement).into_iter().map(|(_, k)| k).collect();
        assert_eq!(keys, ["Condition", "Action"]);
        let (text, loc) = at(r#"{"Statement": {"Action": "ecs:Describe*", "Resource": "|"}}"#);
        let tokens = tokenize(&text);
        assert_eq!(object_strings(&text, &tokens, loc.statement(), "Action"), ["ecs:Describe*"]);
    }
}
