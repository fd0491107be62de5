//! Splitting a top-level JSON array (a batch of cases) into its elements without reading them.
//!
//! The splitter looks at 64 bytes at a time with 16-byte vector compares (the `wide` crate:
//! SSE2 on x86-64, simd128 or plain code elsewhere), finds the quotes that are not escaped,
//! marks which bytes lie inside strings with a prefix XOR, and keeps only the brackets and
//! commas outside strings. It counts nesting depth and stops only where the depth can return to
//! the array's own level, so most blocks inside a case are skipped after a popcount. The
//! technique is the one simdjson describes for its structural index (Langdale and Lemire,
//! "Parsing Gigabytes of JSON per Second", 2019).
//!
//! Only depth is counted, not which bracket closes which: every element is then read by a
//! strict reader, which rejects it if its brackets do not pair. If every element reads as one
//! JSON value, the array is valid JSON, so the split is exactly the parser's.

use wide::u8x16;

/// Bytes looked at per step.
const BLOCK: usize = 64;

/// Every other bit, starting with bit 0.
const EVEN_BITS: u64 = 0x5555_5555_5555_5555;

/// The text is not a plain `[...]` of comma-separated elements.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotAnArray;

/// Byte ranges of the elements of a top-level array. `None` when the text is not a `[...]`
/// whose elements are separated by commas; the elements themselves are not checked.
pub fn array_elements(text: &str) -> Option<Vec<(usize, usize)>> {
    ArrayElements::new(text)?.collect::<Result<Vec<_>, NotAnArray>>().ok()
}

/// [`array_elements`] one element at a time, so that work on the first elements can start
/// while the rest of a large file is still being split. Yields `Err` once and stops when
/// the text turns out not to be a plain array.
#[derive(Debug, Clone)]
pub struct ArrayElements<'t> {
    text: &'t str,
    /// Where the block whose brackets and commas are in `pending` starts.
    block: usize,
    /// Brackets and commas outside strings in that block, not yet looked at (one bit per byte).
    pending: u64,
    blocks: Blocks,
    /// Brackets open inside the current element.
    depth: usize,
    /// Just after the `[` or the last separating comma.
    element_from: usize,
    count: usize,
    finished: bool,
}

/// Walks a text 64 bytes at a time, carrying what crosses from one block to the next.
#[derive(Debug, Clone)]
struct Blocks {
    /// Where the next block starts.
    next: usize,
    /// All ones when the last block ended inside a string.
    in_string: u64,
    /// 1 when the last block ended with an odd run of backslashes (its next byte is escaped).
    escaped: u64,
}

/// The brackets and commas outside strings in one block (one bit per byte from `base`).
struct Structure {
    base: usize,
    open: u64,
    close: u64,
    comma: u64,
}

impl Blocks {
    fn from(start: usize) -> Self {
        Blocks { next: start, in_string: 0, escaped: 0 }
    }

    /// The next block's structure; `None` at the end of the text. Commas are looked for only
    /// with `COMMAS` (measuring a value needs brackets only).
    fn next<const COMMAS: bool>(&mut self, bytes: &[u8]) -> Option<Structure> {
        let base = self.next;
        if base >= bytes.len() {
            return None;
        }
        self.next = base + BLOCK;
        let m = masks::<COMMAS>(bytes, base);
        // Most blocks have no backslash, and then no quote is escaped.
        let quotes =
            if m.backslash | self.escaped == 0 { m.quote } else { m.quote & !escaped(m.backslash, &mut self.escaped) };
        let inside = prefix_xor(quotes) ^ self.in_string;
        self.in_string = ((inside as i64) >> 63) as u64;
        Some(Structure { base, open: m.open & !inside, close: m.close & !inside, comma: m.comma & !inside })
    }
}

impl Structure {
    /// The depth after this block, when a depth of `depth` before it cannot get back to zero
    /// inside it (it has fewer closing brackets); `None` when it might.
    fn depth_after_if_never_zero(&self, depth: usize) -> Option<usize> {
        let closes = self.close.count_ones() as usize;
        (depth > closes).then(|| depth + self.open.count_ones() as usize - closes)
    }
}

/// One bit per byte of a block, for each kind of byte the splitter cares about.
struct Masks {
    quote: u64,
    backslash: u64,
    open: u64,
    close: u64,
    comma: u64,
}

impl<'t> ArrayElements<'t> {
    /// Starts after the opening `[`; `None` when the text does not start with one.
    pub fn new(text: &'t str) -> Option<Self> {
        let body = text.strip_prefix('\u{feff}').unwrap_or(text);
        let pos = text.len() - body.trim_start_matches(WHITESPACE).len();
        (text.as_bytes().get(pos) == Some(&b'[')).then_some(ArrayElements {
            text,
            block: pos + 1,
            pending: 0,
            blocks: Blocks::from(pos + 1),
            depth: 0,
            element_from: pos + 1,
            count: 0,
            finished: false,
        })
    }

    fn next_element(&mut self) -> Result<Option<(usize, usize)>, NotAnArray> {
        let bytes = self.text.as_bytes();
        loop {
            while self.pending != 0 {
                let pos = self.block + self.pending.trailing_zeros() as usize;
                self.pending &= self.pending - 1;
                match bytes[pos] {
                    b'{' | b'[' => self.depth += 1,
                    b'}' | b']' if self.depth > 0 => self.depth -= 1,
                    b']' => {
                        // The end of the top-level array: only whitespace may follow.
                        self.finished = true;
                        if !self.text[pos + 1..].trim_matches(WHITESPACE).is_empty() {
                            return Err(NotAnArray);
                        }
                        return match self.element(pos) {
                            Some(range) => Ok(Some(range)),
                            // `[]`, or a comma before `]`.
                            None if self.count == 0 => Ok(None),
                            None => Err(NotAnArray),
                        };
                    }
                    b'}' => return Err(NotAnArray),
                    _ if self.depth == 0 => {
                        let range = self.element(pos).ok_or(NotAnArray)?;
                        self.element_from = pos + 1;
                        return Ok(Some(range));
                    }
                    // A comma inside an element.
                    _ => {}
                }
            }
            let block = self.blocks.next::<true>(bytes).ok_or(NotAnArray)?;
            match block.depth_after_if_never_zero(self.depth) {
                // The depth cannot get back to the array's level in this block.
                Some(depth) => self.depth = depth,
                None => {
                    self.block = block.base;
                    self.pending = block.open | block.close | block.comma;
                }
            }
        }
    }

    /// The element that runs from `element_from` to the separator at `end`, without the
    /// whitespace around it; `None` when there is nothing but whitespace.
    fn element(&self, end: usize) -> Option<(usize, usize)> {
        let bytes = self.text.as_bytes();
        let mut start = self.element_from;
        while start < end && is_whitespace(bytes[start]) {
            start += 1;
        }
        let mut end = end;
        while end > start && is_whitespace(bytes[end - 1]) {
            end -= 1;
        }
        (start < end).then_some((start, end))
    }
}

impl Iterator for ArrayElements<'_> {
    type Item = Result<(usize, usize), NotAnArray>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.finished {
            return None;
        }
        match self.next_element() {
            Ok(Some(range)) => {
                self.count += 1;
                Some(Ok(range))
            }
            Ok(None) => None,
            Err(e) => {
                self.finished = true;
                Some(Err(e))
            }
        }
    }
}

/// One past the bracket that closes the object or array opening at `start`, counting brackets
/// outside strings 64 bytes at a time; the text in between is not checked. `None` when the
/// text ends first. (The batch reader measures statement objects with it instead of reading
/// them.)
pub(crate) fn value_end(bytes: &[u8], start: usize) -> Option<usize> {
    let mut blocks = Blocks::from(start);
    let mut depth = 0usize;
    while let Some(block) = blocks.next::<false>(bytes) {
        if let Some(after) = block.depth_after_if_never_zero(depth) {
            depth = after;
            continue;
        }
        let mut brackets = block.open | block.close;
        while brackets != 0 {
            let bit = brackets.trailing_zeros() as usize;
            brackets &= brackets - 1;
            if block.open >> bit & 1 == 1 {
                depth += 1;
            } else {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(block.base + bit + 1);
                }
            }
        }
    }
    None
}

/// JSON's four whitespace characters.
const WHITESPACE: [char; 4] = [' ', '\t', '\n', '\r'];

fn is_whitespace(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

/// The masks of the 64 bytes from `base` (commas only with `COMMAS`); past the end of the
/// text, spaces.
fn masks<const COMMAS: bool>(bytes: &[u8], base: usize) -> Masks {
    let mut padded = [b' '; BLOCK];
    let block: &[u8] = match bytes.get(base..base + BLOCK) {
        Some(block) => block,
        None => {
            let rest = &bytes[base..];
            padded[..rest.len()].copy_from_slice(rest);
            &padded
        }
    };
    let (quote, backslash, comma) = (u8x16::splat(b'"'), u8x16::splat(b'\\'), u8x16::splat(b','));
    // `{` and `[` differ only in bit 5, as do `}` and `]`: one compare finds each pair.
    let (open, close, bit5) = (u8x16::splat(b'{'), u8x16::splat(b'}'), u8x16::splat(0x20));
    let mut m = Masks { quote: 0, backslash: 0, open: 0, close: 0, comma: 0 };
    for (lane, chunk) in block.chunks_exact(16).enumerate() {
        let v = u8x16::from(<[u8; 16]>::try_from(chunk).unwrap_or([b' '; 16]));
        let folded = v | bit5;
        let shift = 16 * lane;
        m.quote |= u64::from(v.simd_eq(quote).to_bitmask()) << shift;
        m.backslash |= u64::from(v.simd_eq(backslash).to_bitmask()) << shift;
        if COMMAS {
            m.comma |= u64::from(v.simd_eq(comma).to_bitmask()) << shift;
        }
        m.open |= u64::from(folded.simd_eq(open).to_bitmask()) << shift;
        m.close |= u64::from(folded.simd_eq(close).to_bitmask()) << shift;
    }
    m
}

/// The bytes escaped by a backslash: each odd-numbered backslash of a run escapes the byte after
/// the run. `carry` says whether the first byte is escaped by the previous block, and is set
/// for the next. (simdjson's branch-free form: a run that starts on an even bit ends on an odd
/// bit exactly when it has odd length, which an addition carried along the run reveals.)
fn escaped(backslash: u64, carry: &mut u64) -> u64 {
    let backslash = backslash & !*carry;
    let follows_escape = (backslash << 1) | *carry;
    let odd_starts = backslash & !EVEN_BITS & !follows_escape;
    let (even_starts_ends, overflow) = odd_starts.overflowing_add(backslash);
    *carry = u64::from(overflow);
    let invert = even_starts_ends << 1;
    (EVEN_BITS ^ invert) & follows_escape
}

/// Bit i of the result is the XOR of bits 0..=i of `x`: set from an opening quote up to, not
/// including, its closing quote.
fn prefix_xor(mut x: u64) -> u64 {
    x ^= x << 1;
    x ^= x << 2;
    x ^= x << 4;
    x ^= x << 8;
    x ^= x << 16;
    x ^= x << 32;
    x
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The escaped bytes found one byte at a time.
    fn escaped_slowly(text: &[u8]) -> Vec<bool> {
        let mut out = vec![false; text.len()];
        let mut i = 0;
        while i < text.len() {
            if text[i] == b'\\' && i + 1 < text.len() {
                out[i + 1] = true;
                i += 2;
            } else {
                i += 1;
            }
        }
        out
    }

    #[test]
    fn escapes_match_a_byte_by_byte_scan_across_blocks() {
        // Runs of 0 to 9 backslashes at every offset around a block boundary.
        for run in 0..10 {
            for at in 50..70 {
                let mut text = vec![b'a'; 140];
                text[at..at + run].fill(b'\\');
                let expected = escaped_slowly(&text);
                let mut carry = 0;
                let mut found = Vec::new();
                for block in text.chunks(BLOCK) {
                    let mut padded = [b' '; BLOCK];
                    padded[..block.len()].copy_from_slice(block);
                    let m = masks::<true>(&padded, 0);
                    let e = escaped(m.backslash, &mut carry);
                    found.extend((0..block.len()).map(|i| e >> i & 1 == 1));
                }
                assert_eq!(found, expected, "{run} backslashes at {at}");
            }
        }
    }

    #[test]
    fn splits_strings_with_brackets_commas_and_escaped_quotes() {
        let text = "[\"a,]\\\"}\", {\"k\": [1, {\"x\": \"\\\\\"}]} ,\n 3 ,[[]] ]  \n";
        let ranges = array_elements(text).expect("an array");
        let parts: Vec<&str> = ranges.iter().map(|&(s, e)| &text[s..e]).collect();
        assert_eq!(parts, ["\"a,]\\\"}\"", "{\"k\": [1, {\"x\": \"\\\\\"}]}", "3", "[[]]"]);
    }

    #[test]
    fn long_elements_split_where_blocks_do_not_line_up() {
        for pad in 0..70 {
            let element =
                format!("{{\"name\": \"{}\", \"list\": [\"{}\", {{}}]}}", "x".repeat(pad), "\\\\".repeat(pad));
            let text = format!("[{element},{element} ,\n{element}]");
            let ranges = array_elements(&text).expect("an array");
            assert_eq!(ranges.len(), 3, "pad {pad}");
            assert!(ranges.iter().all(|&(s, e)| text[s..e] == element), "pad {pad}");
        }
    }

    #[test]
    fn value_end_finds_the_closing_bracket_across_blocks() {
        for pad in 0..140 {
            let object = format!("{{\"a\": [\"{}\", \"]}}\\\\\", {{\"b\": \"\\\"{{\"}}], \"c\": 1}}", "x".repeat(pad));
            let text = format!("  {object}, [1]");
            assert_eq!(value_end(text.as_bytes(), 2), Some(2 + object.len()), "pad {pad}: {text}");
        }
        assert_eq!(value_end(b"[[], {\"a\": \"]\"}] x", 0), Some(16));
        assert_eq!(value_end(b"{\"a\": \"}", 0), None);
        assert_eq!(value_end(b"{\"a\": [}", 0), None);
    }

    #[test]
    fn refuses_what_is_not_a_plain_array() {
        for text in ["{}", "[{}, ]", "[, {}]", "[{},, {}]", "[{}] x", "[{}", "[\"open]", "[{]}", "[1}"] {
            assert!(array_elements(text).is_none(), "{text}");
        }
        assert_eq!(array_elements("  [ \n ]\n"), Some(vec![]));
        assert_eq!(array_elements("\u{feff}[1]"), Some(vec![(4, 5)]));
    }
}
