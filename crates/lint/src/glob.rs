//! Glob algebra for the rules that compare patterns with patterns: whether two action or
//! resource patterns can match a common name, and whether one covers everything another does.

use playground_core::dialect::Dialect;

/// The service part of a resource name (`s3` of `arn:aws:s3:::b`, `oss` of `acs:oss:*:*:b`).
pub fn resource_service(name: &str, dialect: Dialect) -> Option<String> {
    let parts: Vec<&str> = name.splitn(dialect.arn_parts(), ':').collect();
    match dialect {
        Dialect::Aws => parts.get(2),
        Dialect::Aliyun => parts.get(1),
    }
    .map(|s| s.to_string())
}

/// Whether a service pattern of an action (`ec*`) matches a service key.
pub fn service_pattern_matches(pattern: &str, service: &str) -> bool {
    playground_core::pattern::Pattern::action(pattern).matches(&service.to_ascii_lowercase())
}

/// Whether two resource-name patterns can match a common name, part by part (a `*` in the region
/// does not reach into the account); names with fewer parts are compared whole.
pub fn arns_intersect(a: &str, b: &str, dialect: Dialect) -> bool {
    let n = dialect.arn_parts();
    let pa: Vec<&str> = a.splitn(n, ':').collect();
    let pb: Vec<&str> = b.splitn(n, ':').collect();
    if pa.len() != n || pb.len() != n {
        return globs_intersect(a, b);
    }
    pa.iter().zip(&pb).all(|(x, y)| globs_intersect(x, y))
}

/// Whether two glob patterns (`*` any run, `?` one character) can match a common string.
pub fn globs_intersect(a: &str, b: &str) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let (n, m) = (a.len(), b.len());
    // reach[i][j]: the prefixes a[..i] and b[..j] can produce a common string.
    let mut reach = vec![vec![false; m + 1]; n + 1];
    reach[0][0] = true;
    for i in 0..=n {
        for j in 0..=m {
            if !reach[i][j] {
                continue;
            }
            if i < n && a[i] == '*' {
                reach[i + 1][j] = true;
            }
            if j < m && b[j] == '*' {
                reach[i][j + 1] = true;
            }
            if i < n && j < m {
                match (a[i], b[j]) {
                    ('*', '*') => {
                        reach[i + 1][j] = true;
                        reach[i][j + 1] = true;
                    }
                    ('*', _) => reach[i][j + 1] = true,
                    (_, '*') => reach[i + 1][j] = true,
                    (x, y) if x == y || x == '?' || y == '?' => reach[i + 1][j + 1] = true,
                    _ => {}
                }
            }
        }
    }
    reach[n][m]
}

/// Whether every string `specific` matches is matched by `general` (a sufficient test: a `*` of
/// `general` may absorb anything, a `?` any one non-`*` character, other characters must be equal).
pub fn glob_covers(general: &str, specific: &str) -> bool {
    let g: Vec<char> = general.chars().collect();
    let s: Vec<char> = specific.chars().collect();
    let (n, m) = (g.len(), s.len());
    let mut reach = vec![vec![false; m + 1]; n + 1];
    reach[0][0] = true;
    for i in 0..=n {
        for j in 0..=m {
            if !reach[i][j] {
                continue;
            }
            if i < n && g[i] == '*' {
                reach[i + 1][j] = true;
                if j < m {
                    reach[i][j + 1] = true;
                }
            }
            if i < n && j < m {
                match (g[i], s[j]) {
                    ('*', _) => {}
                    ('?', c) if c != '*' => reach[i + 1][j + 1] = true,
                    (x, y) if x == y && x != '?' => reach[i + 1][j + 1] = true,
                    _ => {}
                }
            }
        }
    }
    reach[n][m]
}

/// Whether every name resource pattern `specific` matches, `general` matches too, compared part
/// by part (`*` in a region does not reach into the account; in the last part it spans `/` and `:`).
pub fn resource_covers(general: &str, specific: &str, dialect: Dialect) -> bool {
    if general == "*" {
        return true;
    }
    let n = dialect.arn_parts();
    let g: Vec<&str> = general.splitn(n, ':').collect();
    let s: Vec<&str> = specific.splitn(n, ':').collect();
    if g.len() != n || s.len() != n {
        return glob_covers(general, specific);
    }
    g.iter().zip(&s).all(|(a, b)| glob_covers(a, b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_meet_and_cover() {
        assert!(globs_intersect("arn:aws:s3:::b/*", "arn:*:s3:::*/*"));
        assert!(!globs_intersect("arn:aws:s3:::b", "arn:*:s3:::*/*"));
        assert!(glob_covers("s3:get*", "s3:getobject*"));
        assert!(!glob_covers("s3:getobject", "s3:get*"));
        assert!(arns_intersect("arn:aws:iam::1:role/x", "arn:*:iam::*:role/*", Dialect::Aws));
        assert!(!arns_intersect("arn:aws:iam:us-east-1:1:role/x", "arn:*:iam::*:role/*", Dialect::Aws));
        assert!(resource_covers("arn:aws:s3:::logs-*", "arn:aws:s3:::logs-*/*", Dialect::Aws));
        assert!(resource_covers("arn:aws:iam::*:role/*", "arn:aws:iam::1:role/a", Dialect::Aws));
        assert!(!resource_covers("arn:aws:iam::*:role/*", "arn:aws:iam::1:user/a", Dialect::Aws));
        assert!(!resource_covers("arn:aws:s3:::b*", "arn:*:s3:::b/*", Dialect::Aws));
    }
}
