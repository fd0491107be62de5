//! Criterion benchmarks (filled in by the benchmark change).
fn main() {}
