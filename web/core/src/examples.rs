//! The built-in example scenarios, compiled in from `scenarios/` at the repository root.

/// A built-in example scenario.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Example {
    /// Stable identifier (used in URLs and tests).
    pub id: &'static str,
    /// Title for the menu.
    pub title: &'static str,
    /// The scenario file.
    pub text: &'static str,
}

/// The built-in scenarios, the first being the one a new visitor sees.
pub const EXAMPLES: &[Example] = &[
    Example {
        id: "cloud-backup-ram-role",
        title: "Cloud Backup across accounts by RAM role",
        text: include_str!("../../../scenarios/cloud-backup-ram-role.json"),
    },
    Example {
        id: "cloud-backup-resource-directory",
        title: "Cloud Backup through a Resource Directory",
        text: include_str!("../../../scenarios/cloud-backup-resource-directory.json"),
    },
    Example {
        id: "cloud-backup-service-linked-roles",
        title: "Cloud Backup's eleven service-linked roles (corrected)",
        text: include_str!("../../../scenarios/cloud-backup-service-linked-roles.json"),
    },
    Example {
        id: "cloud-backup-service-linked-roles-as-printed",
        title: "Cloud Backup's eleven service-linked roles (as printed)",
        text: include_str!("../../../scenarios/cloud-backup-service-linked-roles-as-printed.json"),
    },
    Example {
        id: "aws-backup",
        title: "AWS Backup: service-linked role and cross-account copy",
        text: include_str!("../../../scenarios/aws-backup.json"),
    },
];

/// The example with this id.
pub fn example(id: &str) -> Option<&'static Example> {
    EXAMPLES.iter().find(|e| e.id == id)
}

/// A blank starter of the policies-and-requests mode, in the examples menu beside the scenarios.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Starter {
    /// Stable identifier (used in URLs and tests).
    pub id: &'static str,
    /// Title for the menu.
    pub title: &'static str,
    /// The cloud it is written for.
    pub dialect: policy_playground::Dialect,
}

/// The starters: one per cloud.
pub const STARTERS: &[Starter] = &[
    Starter {
        id: "aws-policies-and-requests",
        title: "Blank: AWS policies and requests",
        dialect: policy_playground::Dialect::Aws,
    },
    Starter {
        id: "aliyun-policies-and-requests",
        title: "Blank: Alibaba Cloud policies and requests",
        dialect: policy_playground::Dialect::Aliyun,
    },
];

/// The starter with this id.
pub fn starter(id: &str) -> Option<&'static Starter> {
    STARTERS.iter().find(|s| s.id == id)
}
