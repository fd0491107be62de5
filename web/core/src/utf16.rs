//! Offsets in two units: the engine's spans count bytes of UTF-8, the browser's editor
//! (CodeMirror, like every DOM text API) counts UTF-16 code units. They differ after the first
//! character outside ASCII (`é` is two bytes and one unit, `😀` four bytes and two units).
//!
//! [`Utf16Index`] is made once per text and converts both ways in O(log n) of the number of
//! non-ASCII characters (O(1) for ASCII text, the usual policy).

/// A character outside ASCII: where it starts in both units and how long it is in each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Wide {
    byte: usize,
    unit: usize,
    bytes: u8,
    units: u8,
}

/// Converts offsets of one text between bytes and UTF-16 code units.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Utf16Index {
    bytes: usize,
    units: usize,
    wide: Vec<Wide>,
}

impl Utf16Index {
    /// Indexes `text`.
    pub fn new(text: &str) -> Utf16Index {
        let mut wide = Vec::new();
        let mut extra = 0usize;
        if !text.is_ascii() {
            for (byte, c) in text.char_indices() {
                let bytes = c.len_utf8();
                if bytes > 1 {
                    let units = c.len_utf16();
                    wide.push(Wide { byte, unit: byte - extra, bytes: bytes as u8, units: units as u8 });
                    extra += bytes - units;
                }
            }
        }
        Utf16Index { bytes: text.len(), units: text.len() - extra, wide }
    }

    /// The text's length in UTF-16 code units.
    pub fn len_utf16(&self) -> usize {
        self.units
    }

    /// The UTF-16 offset of byte offset `byte`: past the end gives the end, inside a character
    /// gives the character's start.
    pub fn to_utf16(&self, byte: usize) -> usize {
        let byte = byte.min(self.bytes);
        let i = self.wide.partition_point(|w| w.byte < byte);
        match i.checked_sub(1).map(|i| self.wide[i]) {
            None => byte,
            Some(w) if byte < w.byte + w.bytes as usize => w.unit,
            Some(w) => w.unit + w.units as usize + (byte - w.byte - w.bytes as usize),
        }
    }

    /// The byte offset of UTF-16 offset `unit`: past the end gives the end, between the two
    /// halves of a surrogate pair gives the character's start.
    pub fn to_byte(&self, unit: usize) -> usize {
        let unit = unit.min(self.units);
        let i = self.wide.partition_point(|w| w.unit < unit);
        match i.checked_sub(1).map(|i| self.wide[i]) {
            None => unit,
            Some(w) if unit < w.unit + w.units as usize => w.byte,
            Some(w) => w.byte + w.bytes as usize + (unit - w.unit - w.units as usize),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The slow, obvious conversion, for comparison.
    fn naive_to_utf16(text: &str, byte: usize) -> usize {
        let mut byte = byte.min(text.len());
        while !text.is_char_boundary(byte) {
            byte -= 1;
        }
        text[..byte].encode_utf16().count()
    }

    #[test]
    fn agrees_with_the_obvious_conversion_at_every_offset() {
        for text in
            ["", "plain ascii", "aé😀b", "😀", "é", "{\"Sid\": \"Zürich → 東京 🚀\", \"x\": 1}\n", "\u{10FFFF}a\u{80}"]
        {
            let index = Utf16Index::new(text);
            assert_eq!(index.len_utf16(), text.encode_utf16().count(), "{text:?}");
            for byte in 0..=text.len() + 2 {
                assert_eq!(index.to_utf16(byte), naive_to_utf16(text, byte), "{text:?} byte {byte}");
            }
            for (byte, _) in text.char_indices().chain([(text.len(), ' ')]) {
                assert_eq!(index.to_byte(index.to_utf16(byte)), byte, "{text:?} round trip at {byte}");
            }
        }
    }

    #[test]
    fn the_middle_of_a_character_or_pair_maps_to_its_start() {
        let text = "aé😀b";
        let index = Utf16Index::new(text);
        assert_eq!(index.to_utf16(2), 1, "inside é");
        assert_eq!(index.to_utf16(7), 4, "é is one unit, 😀 two");
        assert_eq!(index.to_byte(3), 3, "between the halves of 😀");
        assert_eq!(index.to_byte(4), 7);
        assert_eq!(index.to_byte(99), text.len());
    }
}
