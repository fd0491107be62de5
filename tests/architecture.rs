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
    ("crates/lesson", "playground-lesson", &["playground-core", "playground-scenario"]),
    (
        ".",
        "policy-playground",
        &["playground-core", "playground-batch", "playground-scenario", "playground-lint", "playground-lesson"],
    ),
    ("crates/cli", "playground-cli", &["policy-playground"]),
    ("crates/js", "policy-playground-js", &["policy-playground"]),
    ("web/core", "policy-playground-app", &["policy-playground"]),
    ("web", "policy-playground-web", &["policy-playground", "policy-playground-app"]),
    ("web/worker", "policy-playground-worker", &["policy-playground-app"]),
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
        assert_eq!(
            workspace_deps, allowed,
            "{name} ({folder}/Cargo.toml) depends on other workspace crates than documented"
        );
        for dep in &workspace_deps {
            let at = names.iter().position(|n| n == dep).unwrap();
            assert!(at < i, "{name} depends on {dep}, which is not below it");
        }
    }
}

/// The crate's modules, one per file (`json::plain`, `cloud_backup` for its `mod.rs`), and for
/// each the modules its code (outside `#[cfg(test)]` modules and comments) names through
/// `crate::` (the longest module path that prefixes the name). A module depends on the modules
/// inside it, which it declares and re-exports.
fn module_graph(src: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let mut files: Vec<(String, PathBuf)> = Vec::new();
    let mut stack = vec![src.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let relative = path.strip_prefix(src).unwrap().with_extension("");
                let mut parts: Vec<String> =
                    relative.components().map(|c| c.as_os_str().to_string_lossy().to_string()).collect();
                if parts.last().is_some_and(|p| p == "mod") {
                    parts.pop();
                }
                if parts == ["lib"] || parts == ["main"] || parts.last().is_some_and(|p| p == "tests") {
                    continue;
                }
                files.push((parts.join("::"), path));
            }
        }
    }
    let modules: BTreeSet<String> = files.iter().map(|(m, _)| m.clone()).collect();
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (module, path) in &files {
        let text = std::fs::read_to_string(path).unwrap();
        // Test modules may reach across layers (an evaluator test builds its input with the parser).
        let code = match text.find("#[cfg(test)]\nmod tests") {
            Some(at) => &text[..at],
            None => &text,
        };
        // Doc links name modules without depending on them.
        let code: String = code.lines().filter(|l| !l.trim_start().starts_with("//")).collect::<Vec<_>>().join("\n");
        let edges = graph.entry(module.clone()).or_default();
        for child in modules.iter().filter(|m| m.strip_prefix(module.as_str()).is_some_and(|r| r.starts_with("::"))) {
            edges.insert(child.clone());
        }
        for (at, _) in code.match_indices("crate::") {
            // `playground_core::x` is another crate, not this one.
            if code[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_') {
                continue;
            }
            let path: String =
                code[at + 7..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == ':').collect();
            let segments: Vec<&str> = path.split("::").filter(|s| !s.is_empty()).collect();
            let target = (1..=segments.len())
                .rev()
                .map(|n| segments[..n].join("::"))
                .find(|candidate| modules.contains(candidate));
            if let Some(target) = target
                && &target != module
                && !module.starts_with(&format!("{target}::"))
            {
                edges.insert(target);
            }
        }
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
    let folders: Vec<PathBuf> = CRATES.iter().map(|(folder, _, _)| root().join(folder).join("src")).collect();
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

/// The modules `from` reaches, following the graph's edges.
fn reachable(graph: &BTreeMap<String, BTreeSet<String>>, from: &str) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut stack = vec![from.to_string()];
    while let Some(node) = stack.pop() {
        for next in graph.get(&node).into_iter().flatten() {
            if seen.insert(next.clone()) {
                stack.push(next.clone());
            }
        }
    }
    seen
}

#[test]
fn the_parser_and_its_tree_know_nothing_of_the_evaluator() {
    let graph = module_graph(&root().join("crates/core/src"));
    let evaluator = ["evaluate", "condition", "authorize", "explain"];
    for module in ["ast", "parser", "value", "policy", "json", "span", "dialect", "pattern", "operator", "issue"] {
        assert!(
            graph.contains_key(module),
            "crates/core has no module {module}: update this test and docs/architecture.md"
        );
        let reached = reachable(&graph, module);
        for e in evaluator {
            assert!(!reached.contains(e), "{module} reaches the evaluator's {e}");
        }
    }
}
