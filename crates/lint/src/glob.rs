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

/// How many character pairs the comparisons of one policy may look at in all (about 50 ms):
/// pattern comparisons cost the product of the two lengths, and the rules compare pairs.
pub const COMPARISON_BUDGET: usize = 50_000_000;

/// What is left of [`COMPARISON_BUDGET`] for one policy, and whether a comparison was skipped.
#[derive(Debug, Clone)]
pub struct ComparisonBudget {
    left: usize,
    /// The longest name of a comparison that was skipped, in characters.
    pub skipped_longest: Option<usize>,
    /// The longest list of names whose pairings were cut short by the budget.
    pub skipped_list: Option<usize>,
}

impl Default for ComparisonBudget {
    fn default() -> Self {
        ComparisonBudget { left: COMPARISON_BUDGET, skipped_longest: None, skipped_list: None }
    }
}

impl ComparisonBudget {
    /// Takes the cost of comparing `a` with `b` from the budget; `false` (and the comparison is
    /// recorded as skipped) when not enough is left.
    pub fn charge(&mut self, a: &str, b: &str) -> bool {
        // Lengths in bytes bound lengths in characters: cheap, and never an underestimate.
        let cost = (a.len() + 1).saturating_mul(b.len() + 1);
        if cost > self.left {
            let longest = a.chars().count().max(b.chars().count());
            self.skipped_longest = Some(self.skipped_longest.map_or(longest, |l| l.max(longest)));
            return false;
        }
        self.left -= cost;
        true
    }

    /// Takes `units` steps of bookkeeping about a list of `names` names (finding which pairs are
    /// worth comparing); `false` (and the list is recorded as cut short) when not enough is left.
    pub fn spend(&mut self, units: usize, names: usize) -> bool {
        if units > self.left {
            self.left = 0;
            self.skipped_list = Some(self.skipped_list.map_or(names, |n| n.max(names)));
            return false;
        }
        self.left -= units;
        true
    }

    /// [`glob_covers`] within the budget; `None` when skipped.
    pub fn covers(&mut self, general: &str, specific: &str) -> Option<bool> {
        if !specific.starts_with(literal_prefix(general)) {
            // The text before the first wildcard must be there, character for character.
            return Some(false);
        }
        if general.bytes().all(|b| b != b'*' && b != b'?') {
            // Literal text covers only itself: no table needed.
            return Some(general == specific);
        }
        self.charge(general, specific).then(|| glob_covers(general, specific))
    }

    /// [`resource_covers`] within the budget; `None` when skipped.
    pub fn resource_covers(&mut self, general: &str, specific: &str, dialect: Dialect) -> Option<bool> {
        if general == "*" {
            return Some(true);
        }
        if !specific.starts_with(literal_prefix(general)) {
            return Some(false);
        }
        self.charge(general, specific).then(|| resource_covers(general, specific, dialect))
    }
}

/// The names of one list (a statement's actions or resources) by the literal text before their
/// first wildcard, so that the names that may cover a given name are found without pairing it
/// with every name of the list: only a name whose literal text starts the given name can cover
/// it. Looking up costs one hash per distinct literal length, charged to the budget.
#[derive(Debug, Default)]
pub struct PrefixIndex<'a> {
    by_literal: std::collections::HashMap<&'a str, Vec<usize>>,
    /// The distinct literal lengths, in bytes, ascending.
    lengths: Vec<usize>,
    /// How many names the list holds (for the budget's note).
    names: usize,
}

impl<'a> PrefixIndex<'a> {
    /// Indexes the names `(index, literal text)` of a list of `names` names.
    pub fn new(entries: impl IntoIterator<Item = (usize, &'a str)>, names: usize) -> PrefixIndex<'a> {
        let mut index = PrefixIndex { names, ..PrefixIndex::default() };
        for (i, literal) in entries {
            index.by_literal.entry(literal).or_default().push(i);
        }
        index.lengths = index.by_literal.keys().map(|k| k.len()).collect();
        index.lengths.sort_unstable();
        index.lengths.dedup();
        index
    }

    /// The indexed names whose literal text is a prefix of `name`, in ascending index order;
    /// `None` when the budget ran out (the caller stops comparing this list).
    pub fn candidates(&self, name: &str, budget: &mut ComparisonBudget) -> Option<Vec<usize>> {
        let mut found = Vec::new();
        for &len in self.lengths.iter().take_while(|&&len| len <= name.len()) {
            if !budget.spend(len + 1, self.names) {
                return None;
            }
            let Some(prefix) = name.get(..len) else { continue };
            if let Some(indices) = self.by_literal.get(prefix) {
                found.extend_from_slice(indices);
            }
        }
        if !budget.spend(found.len(), self.names) {
            return None;
        }
        found.sort_unstable();
        Some(found)
    }
}

/// The text of a pattern before its first wildcard.
fn literal_prefix(pattern: &str) -> &str {
    &pattern[..pattern.find(['*', '?']).unwrap_or(pattern.len())]
}

/// Whether two glob patterns (`*` any run, `?` one character) can match a common string.
/// O(n·m) time, O(m) memory.
pub fn globs_intersect(a: &str, b: &str) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let m = b.len();
    // row[j]: the prefixes a[..i] and b[..j] can produce a common string, for the current i.
    let mut row = vec![false; m + 1];
    let mut next = vec![false; m + 1];
    row[0] = true;
    for j in 0..m {
        row[j + 1] = row[j] && b[j] == '*';
    }
    for &x in &a {
        // From a[..i] to a[..i+1]: `x` is matched against nothing (a star), or against b[j-1].
        next[0] = row[0] && x == '*';
        for j in 1..=m {
            let y = b[j - 1];
            // A star on either side: it matches nothing more (row[j]) or one more character
            // (next[j - 1]); two literals must agree.
            next[j] = if x == '*' || y == '*' {
                row[j] || next[j - 1]
            } else {
                row[j - 1] && (x == y || x == '?' || y == '?')
            };
        }
        std::mem::swap(&mut row, &mut next);
    }
    row[m]
}

/// Whether every string `specific` matches is matched by `general` (a sufficient test: a `*` of
/// `general` may absorb anything, a `?` any one non-`*` character, other characters must be equal).
/// O(n·m) time, O(m) memory.
pub fn glob_covers(general: &str, specific: &str) -> bool {
    let s: Vec<char> = specific.chars().collect();
    let m = s.len();
    // row[j]: general[..i] covers specific[..j], for the current i.
    let mut row = vec![false; m + 1];
    let mut next = vec![false; m + 1];
    row[0] = true;
    for g in general.chars() {
        next[0] = row[0] && g == '*';
        for j in 1..=m {
            let c = s[j - 1];
            next[j] = match g {
                '*' => row[j] || next[j - 1],
                '?' => row[j - 1] && c != '*',
                g => row[j - 1] && g == c,
            };
        }
        std::mem::swap(&mut row, &mut next);
    }
    row[m]
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
    fn prefix_index_finds_what_pairing_every_name_finds() {
        let names = ["s3:get*", "s3:*", "", "s3:getobject", "s3:g", "ec2:*", "s3:getobjectacl", "é*", "éa"];
        let literal = |n: &'static str| &n[..n.find('*').unwrap_or(n.len())];
        let index = PrefixIndex::new(names.iter().enumerate().map(|(i, n)| (i, literal(n))), names.len());
        for name in names.iter().chain(&["s3:getobject", "ec2", "s3", "é", "x"]) {
            let naive: Vec<usize> = (0..names.len()).filter(|&j| name.starts_with(literal(names[j]))).collect();
            assert_eq!(index.candidates(name, &mut ComparisonBudget::default()), Some(naive), "{name}");
        }
    }

    #[test]
    fn prefix_index_stops_when_the_budget_runs_out() {
        let names: Vec<String> = (0..100).map(|i| format!("s3:{}*", "a".repeat(i))).collect();
        let index = PrefixIndex::new(names.iter().enumerate().map(|(i, n)| (i, &n[..n.len() - 1])), names.len());
        let mut budget = ComparisonBudget { left: 1_000, ..ComparisonBudget::default() };
        let long = format!("s3:{}", "a".repeat(200));
        assert_eq!(index.candidates(&long, &mut budget), None);
        assert_eq!(budget.skipped_list, Some(100));
    }

    /// The (n+1)x(m+1) tables the functions replaced, as references.
    fn intersect_by_table(a: &str, b: &str) -> bool {
        let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
        let (n, m) = (a.len(), b.len());
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

    fn covers_by_table(g: &str, s: &str) -> bool {
        let (g, s): (Vec<char>, Vec<char>) = (g.chars().collect(), s.chars().collect());
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

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 3000, ..Default::default() })]
        #[test]
        fn rows_answer_as_the_whole_tables_did(a in "[ab?*]{0,10}", b in "[ab?*]{0,10}") {
            proptest::prop_assert_eq!(globs_intersect(&a, &b), intersect_by_table(&a, &b));
            proptest::prop_assert_eq!(glob_covers(&a, &b), covers_by_table(&a, &b));
        }
    }

    #[test]
    fn the_budget_skips_comparisons_it_cannot_afford_and_remembers_the_longest_name() {
        let long = format!("s3:{}*", "a".repeat(60_000));
        let mut budget = ComparisonBudget::default();
        assert_eq!(budget.covers(&long, &long), None);
        assert_eq!(budget.skipped_longest, Some(60_004));
        assert_eq!(budget.covers("s3:get*", "s3:getobject"), Some(true));
        assert_eq!(budget.covers("s3:getobject", "s3:getobject"), Some(true));
    }

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
