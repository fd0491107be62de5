//! The architecture of docs/architecture.md, checked: which crate may depend on which, and no
//! module cycle inside any crate. The compiler enforces the crate graph once it is declared;
//! this test keeps the declared graph equal to the documented one and catches module cycles,
//! which the compiler allows.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The workspace's crates: folder, package name, and the workspace crates it may depend on.
/// The order is the layering: a crate depends only on crates listed before it.
const CRATES: &[(&str, &str, &[&str])] = &[
    ("crates/core", "playground-core", &[]),
    ("crates/batch", "playground-batch", &["playground-core"]),
    ("crates/scenario", "playground-scenario", &["playground-core"]),
    ("crates/lint", "playground-lint", &["playground-core", "playground-scenario"]),
    (".", "policy-playground", &["playground-core", "playground-batch", "playground-scenario", "playground-lint"]),
    ("crates/cli", "playground-cli", &["policy-playground"]),
];

/// The workspace dependencies named in a manifest's `[dependencies]` tables (path dependencies).
fn path_dependencies(manifest: &Path) -> BTreeSet<String> {
    let text = std::fs::read_to_string(manifest).unwrap_or_else(|e| panic!("{}: {e}", manifest.display()));
    let mut section = String::new();
    let mut found = BTreeSet::new();
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            section = line.to_string();
            continue;
        }
        // Dev-dependencies may reach further (tests of a crate may use the facade).
        if !section.contains("dependencies]") || section.contains("dev-dependencies") {
            continue;
        }
        if let Some((name, value)) = line.split_once('=')
            && value.contains("path")
        {
            found.insert(name.trim().to_string());
        }
    }
    found
}

#[test]
fn crates_depend_only_on_the_layers_below_them() {
    let names: Vec<&str> = CRATES.iter().map(|(_, name, _)| *name).collect();
    for (i, (folder, name, allowed)) in CRATES.iter().enumerate() {
        let deps = path_dependencies(&root().join(folder).join("Cargo.toml"));
        let allowed: BTreeSet<String> = allowed.iter().map(|s| s.to_string()).collect();
        let workspace_deps: BTreeSet<String> = deps.into_iter().filter(|d| names.contains(&d.as_str())).collect();
        assert_eq!(workspace_deps, allowed, "{name} ({folder}/Cargo.toml) depends on other workspace crates than documented");
        for dep in &workspace_deps {
            let at = names.iter().position(|n| n == dep).unwrap();
            assert!(at < i, "{name} depends on {dep}, which is not below it");
        }
    }
}

/// The crate's top-level modules and, for each, the other top-level modules its code (outside
/// `#[cfg(test)]` modules) names through `crate::`.
fn module_graph(src: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut stack = vec![src.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let relative = path.strip_prefix(src).unwrap();
            let first = relative.components().next().unwrap().as_os_str().to_string_lossy().to_string();
            let module = first.trim_end_matches(".rs").to_string();
            if module == "lib" || module == "main" {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            // Test modules may reach across layers (an evaluator test builds its input with the parser).
            let code = match text.find("#[cfg(test)]\nmod tests") {
                Some(at) => &text[..at],
                None => &text,
            };
            let edges = graph.entry(module.clone()).or_default();
            for (at, _) in code.match_indices("crate::") {
                // `playground_core::x` is another crate, not this one.
                if code[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_') {
                    continue;
                }
                let name: String =
                    code[at + 7..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
                if !name.is_empty() && name != module {
                    edges.insert(name);
                }
            }
        }
    }
    let modules: BTreeSet<String> = graph.keys().cloned().collect();
    for edges in graph.values_mut() {
        edges.retain(|m| modules.contains(m));
    }
    graph
}

/// A cycle in the graph, as the list of modules along it, if there is one.
fn find_cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<String, u8>,
        path: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        state.insert(node.to_string(), 1);
        path.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            match state.get(next.as_str()).copied().unwrap_or(0) {
                1 => {
                    let from = path.iter().position(|m| m == next).unwrap();
                    let mut cycle = path[from..].to_vec();
                    cycle.push(next.clone());
                    return Some(cycle);
                }
                0 => {
                    if let Some(cycle) = visit(next, graph, state, path) {
                        return Some(cycle);
                    }
                }
                _ => {}
            }
        }
        path.pop();
        state.insert(node.to_string(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for node in graph.keys() {
        if state.get(node.as_str()).copied().unwrap_or(0) == 0 {
            let mut path = Vec::new();
            if let Some(cycle) = visit(node, graph, &mut state, &mut path) {
                return Some(cycle);
            }
        }
    }
    None
}

#[test]
fn no_crate_has_a_module_cycle() {
    let mut folders: Vec<PathBuf> = CRATES.iter().map(|(folder, _, _)| root().join(folder).join("src")).collect();
    folders.push(root().join("web/src"));
    for src in folders {
        if !src.exists() {
            continue;
        }
        let graph = module_graph(&src);
        if let Some(cycle) = find_cycle(&graph) {
            panic!("module cycle in {}: {}", src.display(), cycle.join(" -> "));
        }
    }
}

#[test]
fn the_cycle_finder_finds_cycles() {
    let graph: BTreeMap<String, BTreeSet<String>> = [
        ("policy", &["span", "cache"][..]),
        ("cache", &["evaluate"][..]),
        ("evaluate", &["policy"][..]),
        ("span", &[][..]),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.iter().map(|s| s.to_string()).collect()))
    .collect();
    assert_eq!(find_cycle(&graph).unwrap(), ["cache", "evaluate", "policy", "cache"]);
}
