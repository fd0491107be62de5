//! Bundles the lessons: writes `$OUT_DIR/lessons.rs`, the list of every `lessons/*.json` at the
//! repository root (sorted by file name), each compiled in with `include_str!`. A trainer who adds
//! a lesson file gets it into the app without touching Rust.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let dir = manifest.join("../../lessons");
    println!("cargo::rerun-if-changed={}", dir.display());
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read the lessons directory {}: {e}", dir.display()))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    let mut out = String::from(
        "/// Every lesson file of `lessons/`, sorted by file name.\npub const BUNDLED: &[BundledLesson] = &[\n",
    );
    for path in &files {
        println!("cargo::rerun-if-changed={}", path.display());
        let stem = path.file_stem().and_then(|s| s.to_str()).expect("lesson file names are UTF-8");
        let absolute = path.canonicalize().expect("a listed lesson file exists");
        writeln!(out, "    BundledLesson {{ file: {stem:?}, text: include_str!({:?}) }},", as_str(&absolute))
            .expect("writing to a String");
    }
    out.push_str("];\n");
    let target = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("lessons.rs");
    std::fs::write(&target, out).unwrap_or_else(|e| panic!("cannot write {}: {e}", target.display()));
}

fn as_str(path: &Path) -> &str {
    path.to_str().expect("the repository's path is UTF-8")
}
