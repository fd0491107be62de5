//! The built-in scenarios (`scenarios/*.json` at the repository root), compiled in so a lesson
//! names one and the CLI and the web app find the same text.

/// A built-in scenario: its name (the file's stem) and its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BuiltinScenario {
    /// The name a lesson uses (`cloud-backup-ram-role`).
    pub name: &'static str,
    /// The scenario file.
    pub text: &'static str,
}

/// Every built-in scenario.
pub const BUILTIN_SCENARIOS: &[BuiltinScenario] = &[
    BuiltinScenario { name: "aws-backup", text: include_str!("../../../scenarios/aws-backup.json") },
    BuiltinScenario {
        name: "cloud-backup-ram-role",
        text: include_str!("../../../scenarios/cloud-backup-ram-role.json"),
    },
    BuiltinScenario {
        name: "cloud-backup-resource-directory",
        text: include_str!("../../../scenarios/cloud-backup-resource-directory.json"),
    },
    BuiltinScenario {
        name: "cloud-backup-service-linked-roles",
        text: include_str!("../../../scenarios/cloud-backup-service-linked-roles.json"),
    },
    BuiltinScenario {
        name: "cloud-backup-service-linked-roles-as-printed",
        text: include_str!("../../../scenarios/cloud-backup-service-linked-roles-as-printed.json"),
    },
];

/// The built-in scenario called `name` (a trailing `.json` and a `scenarios/` prefix are allowed).
pub fn builtin_scenario(name: &str) -> Option<&'static BuiltinScenario> {
    let name = name.trim();
    let name = name.strip_prefix("scenarios/").unwrap_or(name);
    let name = name.strip_suffix(".json").unwrap_or(name);
    BUILTIN_SCENARIOS.iter().find(|s| s.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_scenario_file_is_built_in_and_found_by_its_name() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../scenarios");
        let mut on_disk: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .flatten()
            .filter_map(|e| e.file_name().to_str()?.strip_suffix(".json").map(str::to_string))
            .collect();
        on_disk.sort();
        let built_in: Vec<&str> = BUILTIN_SCENARIOS.iter().map(|s| s.name).collect();
        assert_eq!(on_disk, built_in);
        assert_eq!(builtin_scenario("scenarios/aws-backup.json").unwrap().name, "aws-backup");
        assert!(builtin_scenario("aws").is_none());
    }
}
