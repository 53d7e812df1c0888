//! Judging management compatibility: every combination of the dimensions
//! the content declares gets a verdict from the first matching rule,
//! computed once.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::model::{CompatFile, Verdict};

/// One combination of values, by value index per dimension.
pub type Combination = Vec<usize>;

/// A documented combination, as returned in `options`: a value for every
/// dimension, by its id.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, schemars::JsonSchema, utoipa::ToSchema)]
pub struct OptionOut {
    /// Dimension id → value.
    #[serde(flatten)]
    pub values: BTreeMap<String, String>,
    /// What the article says about this combination: `yes` or `no`.
    pub verdict: Verdict,
}

/// The verdict table.
pub struct CompatTable {
    dimensions: Vec<(String, Vec<String>)>,
    defaults: BTreeMap<usize, usize>,
    /// Every combination with its verdict and the rule that gave it.
    judged: Vec<(Combination, Verdict, Option<usize>)>,
    /// Whether each combination (same order) can exist at all.
    possible: Vec<bool>,
}

/// The outcome of judging a partial combination.
#[derive(Debug, Clone)]
pub struct Judgement {
    /// The verdict every completion of the open dimensions shares; `depends`
    /// when some completion is `yes` and another is not; `not_documented`
    /// when the only documented completions say `no` (the article is silent
    /// about the rest, so a flat `no` would be a guess).
    pub verdict: Verdict,
    /// Rules behind the `yes` completions (or behind the verdict when no completion is `yes`).
    pub deciding_rules: Vec<usize>,
    /// Rules that say no for some of the open values (when the verdict is not no).
    pub exception_rules: Vec<usize>,
    /// Open dimensions whose value would change the verdict.
    pub missing: Vec<usize>,
    /// Every documented completion (`yes` or `no`) that fits, with its verdict.
    pub documented: Vec<(Combination, Verdict)>,
    /// Whether some completion is not documented.
    pub undocumented: bool,
    /// Another value of a dimension the question claims holds only its own
    /// value, which works too (dimension index, value): why the claim is `no`.
    pub also_works: Option<(usize, String)>,
}

impl Judgement {
    /// The documented `yes` completions: the answer to a "which…" question.
    pub fn yes_options(&self) -> impl Iterator<Item = &Combination> {
        self.documented
            .iter()
            .filter(|(_, v)| *v == Verdict::Yes)
            .map(|(c, _)| c)
    }
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
        let matches = |when: &BTreeMap<String, Vec<String>>, combination: &[usize]| {
            when.iter().all(|(dimension, values)| {
                dimensions
                    .iter()
                    .position(|(id, _)| id == dimension)
                    .is_some_and(|d| values.contains(&dimensions[d].1[combination[d]]))
            })
        };
        let mut judged = Vec::new();
        let mut possible = Vec::new();
        for combination in all_combinations(&dimensions) {
            let rule = compat
                .rules
                .iter()
                .position(|rule| matches(&rule.when, &combination));
            let verdict = rule.map_or(Verdict::NotDocumented, |r| compat.rules[r].verdict);
            possible.push(!compat.impossible.iter().any(|c| matches(&c.when, &combination)));
            judged.push((combination, verdict, rule));
        }
        CompatTable {
            dimensions,
            defaults,
            judged,
            possible,
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
        // A dimension with a default that the question leaves open takes its
        // default, and its other values only where the article documents them
        // ("manage Exchange 2007 SP1 from Vista": no for a clustered mailbox
        // server, yes for a stand-alone one, so it depends).
        let defaulted: Vec<(usize, usize)> = self
            .defaults
            .iter()
            .filter(|(d, _)| !given.contains_key(d))
            .map(|(d, v)| (*d, *v))
            .collect();
        let all_fits = || {
            self.judged
                .iter()
                .zip(&self.possible)
                .filter(|((c, verdict, _), _)| {
                    given.iter().all(|(d, v)| c[*d] == *v)
                        && defaulted
                            .iter()
                            .all(|(d, v)| c[*d] == *v || matches!(verdict, Verdict::Yes | Verdict::No))
                })
        };
        // Completions that cannot exist are no completions; unless the
        // question itself names one, then it is judged as asked.
        let mut fits: Vec<&(Combination, Verdict, Option<usize>)> = all_fits()
            .filter(|(_, possible)| **possible)
            .map(|(j, _)| j)
            .collect();
        if fits.is_empty() {
            fits = all_fits().map(|(j, _)| j).collect();
        }
        let verdicts: BTreeSet<Verdict> = fits.iter().map(|(_, v, _)| *v).collect();
        let verdict = match verdicts.len() {
            0 => Verdict::NotDocumented,
            1 => *verdicts.first().expect("one verdict"),
            _ if verdicts.contains(&Verdict::Yes) => Verdict::Depends,
            _ => Verdict::NotDocumented,
        };
        let rules_with = |wanted: Verdict| -> Vec<usize> {
            let set: BTreeSet<usize> = fits
                .iter()
                .filter(|(_, v, _)| *v == wanted)
                .filter_map(|(_, _, r)| *r)
                .collect();
            set.into_iter().collect()
        };
        let missing = (0..self.dimensions.len())
            .filter(|d| !given.contains_key(d))
            .filter(|&d| varies_with(&fits, d))
            .collect();
        let deciding = match verdict {
            Verdict::Depends => Verdict::Yes,
            other => other,
        };
        Judgement {
            verdict,
            deciding_rules: rules_with(deciding),
            exception_rules: if verdict == Verdict::No {
                Vec::new()
            } else {
                rules_with(Verdict::No)
            },
            missing,
            undocumented: verdicts.contains(&Verdict::NotDocumented),
            documented: fits
                .iter()
                .filter(|(_, v, _)| matches!(v, Verdict::Yes | Verdict::No))
                .map(|(c, v, _)| (c.clone(), *v))
                .collect(),
            also_works: None,
        }
    }

    /// A combination and its verdict as an API object.
    pub fn option_out(&self, combination: &[usize], verdict: Verdict) -> OptionOut {
        OptionOut {
            values: (self.dimensions.iter().enumerate())
                .map(|(d, (id, _))| (id.clone(), self.value(d, combination[d]).to_owned()))
                .collect(),
            verdict,
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
