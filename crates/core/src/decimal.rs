//! Decimal numbers written without the formatting machinery: batch runs write a number for every
//! policy name, statement label and output line, where `format!` was a visible cost.

/// The decimal digits of `n` (as `{n}` formats it), in `buffer`.
pub fn digits(n: usize, buffer: &mut [u8; 20]) -> &[u8] {
    let mut at = buffer.len();
    let mut rest = n;
    loop {
        at -= 1;
        buffer[at] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    &buffer[at..]
}

/// Appends the decimal digits of `n` to `out`.
pub fn push(out: &mut String, n: usize) {
    out.extend(digits(n, &mut [0; 20]).iter().map(|&d| char::from(d)));
}

#[cfg(test)]
mod tests {
    #[test]
    fn writes_what_format_writes() {
        for n in [0, 7, 10, 99, 100, 12_345, usize::MAX] {
            let mut s = String::new();
            super::push(&mut s, n);
            assert_eq!(s, n.to_string());
        }
    }
}
