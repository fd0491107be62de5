//! Reading an input file into memory.
//!
//! A batch file of 20 MB is read into fresh memory, and on the virtual machines this runs on
//! the first touch of fresh pages costs more than the copy itself (about 0.7 ms per MB here,
//! measured with `dd`). Large files are therefore read in parallel pieces, one thread each,
//! so the page faults are taken on every core at once: 22 MB went from about 15 to 8 ms.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::os::unix::fs::FileExt;

/// Below this size one read is as fast as several.
const PARALLEL_FROM: u64 = 4 << 20;

/// Reads the whole of `path` (or standard input for `-`).
pub fn read_bytes(path: &str) -> io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    if path == "-" {
        io::stdin().read_to_end(&mut bytes)?;
        return Ok(bytes);
    }
    let mut file = File::open(path)?;
    let len = file.metadata()?.len();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(8);
    if len < PARALLEL_FROM || threads < 2 || usize::try_from(len).is_err() {
        file.read_to_end(&mut bytes)?;
        return Ok(bytes);
    }
    // Zeroed memory comes from the allocator untouched: each thread faults in its own piece.
    bytes = vec![0u8; len as usize];
    let piece = bytes.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let file = &file;
        let readers: Vec<_> = bytes
            .chunks_mut(piece)
            .enumerate()
            .map(|(i, chunk)| scope.spawn(move || file.read_exact_at(chunk, (i * piece) as u64)))
            .collect();
        readers
            .into_iter()
            .try_for_each(|reader| reader.join().unwrap_or_else(|_| Err(io::Error::other("a reading thread stopped"))))
    })?;
    // The file may have grown while it was read: keep what follows, as one read would have
    // (positioned reads leave the file's cursor at the start).
    file.seek(SeekFrom::Start(len))?;
    file.read_to_end(&mut bytes)?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_large_file_read_in_pieces_equals_the_file() {
        let path = std::env::temp_dir().join(format!("pp-input-{}.json", std::process::id()));
        // Not a multiple of any piece size, with multi-byte characters across the pieces.
        let text: String = (0..600_000).map(|i| format!("{i}é,")).collect();
        std::fs::write(&path, &text).unwrap();
        let read = read_bytes(path.to_str().unwrap());
        std::fs::remove_file(&path).unwrap();
        assert_eq!(read.unwrap(), text.as_bytes());
    }

    #[test]
    fn a_missing_file_is_an_error() {
        assert!(read_bytes("/nonexistent/policy-playground/input.json").is_err());
    }
}
