//! Leftmost occurrence of a pattern with single-character wildcards (`a?c??e`) in a text, in
//! O(n log m) time however the pattern and text are made.
//!
//! Trying the pattern at each position costs O(n·m) for shapes such as `a?a?a?…?b` against
//! `aaaa…`. Each position is tried directly while that stays cheap; past a budget proportional
//! to the text, the rest is searched with the classic reduction of wildcard matching to
//! convolutions (Clifford and Clifford, "Simple deterministic wildcard matching", 2007): with
//! `p_j` zero at wildcards,
//! `S(i) = Σ_j p_j·t_(i+j)·(p_j − t_(i+j))² = Σ p³t − 2·Σ p²t² + Σ p·t³`
//! is zero at every position where the pattern matches. The three correlations are computed with
//! a number-theoretic transform modulo a prime, on characters mapped to seeded random residues, so
//! a zero may (with probability about 3/p per position) also appear where the pattern does not
//! match: every zero is checked directly before it is returned, so answers are always exact.

use std::hash::{BuildHasher, Hasher};
use std::sync::OnceLock;

/// One position of a wildcard pattern: a character, or `None` for `?`.
pub(super) type Slot = Option<char>;

/// The prime modulus: 119·2^23 + 1, so transforms up to 2^23 long exist.
const MODULUS: u64 = 998_244_353;
/// A generator of the multiplicative group modulo [`MODULUS`].
const GENERATOR: u64 = 3;
/// The smallest transform.
const MIN_TRANSFORM: usize = 64;
/// Direct tries continue while they compare at most this many slots per position on average:
/// a segment this short is always tried directly (linear, and cheaper than the transforms: at 8,
/// `*a?a?a?a?a?b*` went from 17 to 32 ns per byte), a longer one only while tries stay cheap.
const SLOTS_PER_TRY: usize = 32;

/// The leftmost character position `i >= from` of `text` where `pattern` matches `text[i..]`,
/// or `None`. `pattern` is not empty. The cost is O(d·log m + m·log m) for a match `d`
/// positions after `from` (or `d` the rest of the text), so a pattern's segments searched one
/// after another cost O(n·log m) in all.
pub(super) fn leftmost(pattern: &[Slot], text: &[char], from: usize) -> Option<usize> {
    let m = pattern.len();
    let last = text.len().checked_sub(m)?;
    // Direct tries while they stay cheap on average (they usually fail at the first slot).
    let mut spent = 0;
    let mut i = from;
    while i <= last {
        let (matched, cost) = try_at(pattern, text, i);
        if matched {
            return Some(i);
        }
        spent += cost;
        i += 1;
        if spent > SLOTS_PER_TRY * (i - from) + 2 * m {
            return by_convolution(pattern, text, i);
        }
    }
    None
}

/// Whether `pattern` matches at `i`, and how many slots were compared to find out.
fn try_at(pattern: &[Slot], text: &[char], i: usize) -> (bool, usize) {
    for (k, (slot, c)) in pattern.iter().zip(&text[i..]).enumerate() {
        if slot.is_some_and(|p| p != *c) {
            return (false, k + 1);
        }
    }
    (true, pattern.len())
}

/// [`leftmost`] from position `from` on, block by block with transforms.
fn by_convolution(pattern: &[Slot], text: &[char], from: usize) -> Option<usize> {
    let m = pattern.len();
    let last = text.len() - m;
    let size = (2 * m).next_power_of_two().max(MIN_TRANSFORM);
    let Some(plan) = Plan::new(size) else {
        // Longer than any transform modulo this prime: try each position (never reached with the
        // documented size limits, which keep patterns far below 2^22 characters).
        return (from..=last).find(|&i| try_at(pattern, text, i).0);
    };
    let seed = seed();
    // The pattern's three powers, reversed (a correlation is a convolution with the reverse),
    // transformed once for every block.
    let mut p1 = vec![0u64; size];
    let mut p2 = vec![0u64; size];
    let mut p3 = vec![0u64; size];
    for (j, slot) in pattern.iter().enumerate() {
        if let Some(c) = slot {
            let v = residue(*c, seed);
            p1[m - 1 - j] = v;
            p2[m - 1 - j] = v * v % MODULUS;
            p3[m - 1 - j] = p2[m - 1 - j] * v % MODULUS;
        }
    }
    for p in [&mut p1, &mut p2, &mut p3] {
        plan.transform(p, false);
    }
    // Each block gives the sums of `size - m + 1` positions from a cyclic convolution of `size`:
    // output index `m - 1 + k` is position `start + k`, untouched by the wrap-around.
    let per_block = size - m + 1;
    let mut t1 = vec![0u64; size];
    let mut t2 = vec![0u64; size];
    let mut t3 = vec![0u64; size];
    let mut start = from;
    while start <= last {
        for k in 0..size {
            let v = text.get(start + k).map_or(0, |c| residue(*c, seed));
            t1[k] = v;
            t2[k] = v * v % MODULUS;
            t3[k] = t2[k] * v % MODULUS;
        }
        for t in [&mut t1, &mut t2, &mut t3] {
            plan.transform(t, false);
        }
        // S = p³·t − 2·p²·t² + p·t³, all in the transformed domain (the transform is linear).
        for k in 0..size {
            let a = p3[k] * t1[k] % MODULUS;
            let b = p2[k] * t2[k] % MODULUS;
            let c = p1[k] * t3[k] % MODULUS;
            t1[k] = (a + c + 2 * (MODULUS - b)) % MODULUS;
        }
        plan.transform(&mut t1, true);
        for k in 0..per_block.min(last + 1 - start) {
            if t1[m - 1 + k] == 0 && try_at(pattern, text, start + k).0 {
                return Some(start + k);
            }
        }
        start += per_block;
    }
    None
}

/// A character's random residue, never zero (zero stands for a wildcard).
fn residue(c: char, seed: u64) -> u64 {
    let mut h = seed ^ (c as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    h ^= h >> 31;
    h = h.wrapping_mul(0xBF58_476D_1CE4_E5B9);
    h ^= h >> 29;
    1 + h % (MODULUS - 1)
}

/// A per-process random seed, so that no fixed text can be built to produce false zeros (they
/// would only cost time: each zero is checked).
fn seed() -> u64 {
    static SEED: OnceLock<u64> = OnceLock::new();
    *SEED.get_or_init(|| {
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u64(0x5EED);
        h.finish()
    })
}

/// Twiddle factors for transforms of one size.
struct Plan {
    size: usize,
    /// `roots[k]` = w^k for the primitive `size`-th root of unity w, k < size/2.
    roots: Vec<u64>,
    /// The same for w⁻¹.
    inverse_roots: Vec<u64>,
    /// size⁻¹ modulo the prime.
    size_inverse: u64,
}

impl Plan {
    /// The plan for `size` (a power of two); `None` when the prime has no such root of unity.
    fn new(size: usize) -> Option<Plan> {
        if size > 1 << 23 {
            return None;
        }
        let w = power(GENERATOR, (MODULUS - 1) / size as u64);
        let w_inverse = power(w, MODULUS - 2);
        let table = |root: u64| {
            let mut out = Vec::with_capacity(size / 2);
            let mut x = 1;
            for _ in 0..size / 2 {
                out.push(x);
                x = x * root % MODULUS;
            }
            out
        };
        Some(Plan {
            size,
            roots: table(w),
            inverse_roots: table(w_inverse),
            size_inverse: power(size as u64, MODULUS - 2),
        })
    }

    /// In-place iterative radix-2 transform (inverse with `inverse`, scaled by size⁻¹).
    fn transform(&self, a: &mut [u64], inverse: bool) {
        let n = self.size;
        let mut j = 0;
        for i in 1..n {
            let mut bit = n >> 1;
            while j & bit != 0 {
                j ^= bit;
                bit >>= 1;
            }
            j |= bit;
            if i < j {
                a.swap(i, j);
            }
        }
        let roots = if inverse { &self.inverse_roots } else { &self.roots };
        let mut len = 2;
        while len <= n {
            let step = n / len;
            for chunk in a.chunks_exact_mut(len) {
                let (low, high) = chunk.split_at_mut(len / 2);
                for (k, (x, y)) in low.iter_mut().zip(high.iter_mut()).enumerate() {
                    let u = *x;
                    let v = *y * roots[k * step] % MODULUS;
                    *x = if u + v >= MODULUS { u + v - MODULUS } else { u + v };
                    *y = if u >= v { u - v } else { u + MODULUS - v };
                }
            }
            len <<= 1;
        }
        if inverse {
            for x in a.iter_mut() {
                *x = *x * self.size_inverse % MODULUS;
            }
        }
    }
}

/// `base^exponent` modulo the prime.
fn power(mut base: u64, mut exponent: u64) -> u64 {
    let mut out = 1;
    base %= MODULUS;
    while exponent > 0 {
        if exponent & 1 == 1 {
            out = out * base % MODULUS;
        }
        base = base * base % MODULUS;
        exponent >>= 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn slots(p: &str) -> Vec<Slot> {
        p.chars().map(|c| (c != '?').then_some(c)).collect()
    }

    fn naive(pattern: &[Slot], text: &[char], from: usize) -> Option<usize> {
        (from..=text.len().checked_sub(pattern.len())?).find(|&i| try_at(pattern, text, i).0)
    }

    #[test]
    fn convolution_finds_what_trying_each_position_finds() {
        let text: Vec<char> = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaabaéaaaaaaab".chars().collect();
        for p in ["a?a?b", "b?é", "a??????????b", "?", "é", "c", "a?a?c", "b"] {
            let p = slots(p);
            assert_eq!(by_convolution(&p, &text, 0), naive(&p, &text, 0), "{p:?}");
            assert_eq!(by_convolution(&p, &text, 7), naive(&p, &text, 7), "{p:?}");
        }
    }

    #[test]
    fn blocks_meet_without_gaps() {
        // A match right after the first block's last position, with a long pattern.
        let m = 3000;
        let mut text = vec!['a'; 20_000];
        text[9_000] = 'b';
        let mut pattern = vec![None; m];
        pattern[0] = Some('a');
        pattern[m - 1] = Some('b');
        assert_eq!(by_convolution(&pattern, &text, 0), Some(9_000 - (m - 1)));
        assert_eq!(leftmost(&pattern, &text, 0), Some(9_000 - (m - 1)));
    }

    proptest! {
        #[test]
        fn agrees_with_trying_each_position(
            pattern in "[ab?]{1,12}",
            text in "[abé]{0,80}",
            from in 0usize..10,
        ) {
            let p = slots(&pattern);
            let t: Vec<char> = text.chars().collect();
            prop_assert_eq!(leftmost(&p, &t, 0), naive(&p, &t, 0));
            if from <= t.len() && p.len() <= t.len() {
                prop_assert_eq!(by_convolution(&p, &t, from), naive(&p, &t, from));
            }
        }
    }
}
