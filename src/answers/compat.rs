//! Judging management compatibility: every combination of the five
//! dimensions gets a verdict from the first matching rule, computed once.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::model::{CompatFile, Verdict};

/// One combination of values, by value index per dimension.
pub type Combination = Vec<usize>;

/// A documented combination, as returned in `options`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct OptionOut {
    /// Version of the Exchange management tools.
    pub tools_version: String,
    /// OS of the computer running the tools.
    pub admin_os: String,
    /// Exchange version of the clustered mailbox server.
    pub cms_version: String,
    /// OS of the cluster.
    pub cluster_os: String,
    /// `clustered` or `standalone`.
    pub target: String,
}

/// The verdict table.
pub struct CompatTable {
    dimensions: Vec<(String, Vec<String>)>,
    defaults: BTreeMap<usize, usize>,
    /// Every combination with its verdict and the rule that gave it.
    judged: Vec<(Combination, Verdict, Option<usize>)>,
}

/// The outcome of judging a partial combination.
#[derive(Debug, Clone)]
pub struct Judgement {
    /// Best case over the dimensions left open: yes, else not documented, else no.
    pub verdict: Verdict,
    /// Rules behind the verdict.
    pub deciding_rules: Vec<usize>,
    /// Rules that say no for some of the open values (when the verdict is not no).
    pub exception_rules: Vec<usize>,
    /// Open dimensions whose value would change the verdict.
    pub missing: Vec<usize>,
    /// Every documented `yes` combination that fits.
    pub options: Vec<Combination>,
}

impl CompatTable {
    /// Judges every combination of `compat`'s dimensions.
    pub fn new(compat: &CompatFile) -> CompatTable {
        let dimensions: Vec<(String, Vec<String>)> = compat
            .dimensions
            .iter()
            .map(|d| (d.id.clone(), d.values.clone()))
            .collect();
        let defaults = compat
            .dimensions
            .iter()
            .enumerate()
            .filter_map(|(i, d)| Some((i, d.values.iter().position(|v| Some(v) == d.default.as_ref())?)))
            .collect();
        let mut judged = Vec::new();
        for combination in all_combinations(&dimensions) {
            let rule = compat.rules.iter().position(|rule| {
                rule.when.iter().all(|(dimension, values)| {
                    dimensions
                        .iter()
                        .position(|(id, _)| id == dimension)
                        .is_some_and(|d| values.contains(&dimensions[d].1[combination[d]]))
                })
            });
            let verdict = rule.map_or(Verdict::NotDocumented, |r| compat.rules[r].verdict);
            judged.push((combination, verdict, rule));
        }
        CompatTable {
            dimensions,
            defaults,
            judged,
        }
    }

    /// Index of `value` in dimension `dimension`.
    pub fn value_index(&self, dimension: usize, value: &str) -> Option<usize> {
        self.dimensions.get(dimension)?.1.iter().position(|v| v == value)
    }

    /// The value name at `index` of `dimension`.
    pub fn value(&self, dimension: usize, index: usize) -> &str {
        &self.dimensions[dimension].1[index]
    }

    /// The verdict of one full combination.
    pub fn verdict(&self, combination: &[usize]) -> Option<(Verdict, Option<usize>)> {
        self.judged
            .iter()
            .find(|(c, _, _)| c == combination)
            .map(|(_, v, r)| (*v, *r))
    }

    /// Judges a partial combination (dimension index → value index); open
    /// dimensions with a default take it.
    pub fn judge(&self, given: &BTreeMap<usize, usize>) -> Judgement {
        let mut fixed = given.clone();
        for (dimension, value) in &self.defaults {
            fixed.entry(*dimension).or_insert(*value);
        }
        let fits: Vec<&(Combination, Verdict, Option<usize>)> = self
            .judged
            .iter()
            .filter(|(c, _, _)| fixed.iter().all(|(d, v)| c[*d] == *v))
            .collect();
        let verdicts: BTreeSet<Verdict> = fits.iter().map(|(_, v, _)| *v).collect();
        let verdict = [Verdict::Yes, Verdict::NotDocumented, Verdict::No]
            .into_iter()
            .find(|v| verdicts.contains(v))
            .unwrap_or(Verdict::NotDocumented);
        let rules_with = |wanted: Verdict| -> Vec<usize> {
            let set: BTreeSet<usize> = fits
                .iter()
                .filter(|(_, v, _)| *v == wanted)
                .filter_map(|(_, _, r)| *r)
                .collect();
            set.into_iter().collect()
        };
        let missing = (0..self.dimensions.len())
            .filter(|d| !fixed.contains_key(d))
            .filter(|&d| varies_with(&fits, d))
            .collect();
        Judgement {
            verdict,
            deciding_rules: rules_with(verdict),
            exception_rules: if verdict == Verdict::No {
                Vec::new()
            } else {
                rules_with(Verdict::No)
            },
            missing,
            options: fits
                .iter()
                .filter(|(_, v, _)| *v == Verdict::Yes)
                .map(|(c, _, _)| c.clone())
                .collect(),
        }
    }

    /// A combination as an API object.
    pub fn option_out(&self, combination: &[usize]) -> OptionOut {
        let value = |id: &str| {
            self.dimensions
                .iter()
                .position(|(d, _)| d == id)
                .map(|d| self.value(d, combination[d]).to_owned())
                .unwrap_or_default()
        };
        OptionOut {
            tools_version: value("tools_version"),
            admin_os: value("admin_os"),
            cms_version: value("cms_version"),
            cluster_os: value("cluster_os"),
            target: value("target"),
        }
    }
}

/// Whether combinations that differ only in `dimension` get different verdicts.
fn varies_with(fits: &[&(Combination, Verdict, Option<usize>)], dimension: usize) -> bool {
    let mut by_rest: BTreeMap<Vec<usize>, Verdict> = BTreeMap::new();
    for (combination, verdict, _) in fits {
        let mut rest = combination.clone();
        rest[dimension] = usize::MAX;
        match by_rest.get(&rest) {
            Some(seen) if seen != verdict => return true,
            Some(_) => {}
            None => {
                by_rest.insert(rest, *verdict);
            }
        }
    }
    false
}

fn all_combinations(dimensions: &[(String, Vec<String>)]) -> Vec<Combination> {
    dimensions.iter().fold(vec![Vec::new()], |acc, (_, values)| {
        acc.into_iter()
            .flat_map(|prefix| {
                (0..values.len()).map(move |v| {
                    let mut next = prefix.clone();
                    next.push(v);
                    next
                })
            })
            .collect()
    })
}
