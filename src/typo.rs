//! The one typo policy, shared by search and question reading.
//!
//! A person typing "servidro" or "clustr" means "servidor" and "cluster",
//! whether in the search box or in a question; both places must agree on how
//! far off a word may be, or a question is understood where a search finds
//! nothing (or the reverse). Distances count insertions, deletions,
//! substitutions and swaps of two adjacent letters as one edit each, over
//! lower-cased, accent-folded words.

/// How many edits a word may be off by, by its length in letters: none up to
/// four letters (too many short words are one edit apart: "nos", "nós",
/// "dos"), one from five, two from nine.
pub fn max_edits(word: &str) -> u8 {
    match word.chars().count() {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    }
}

/// Whether `typed` may stand for `meant`: equal, or within the edits the
/// policy allows for `typed` (search can only measure what was typed, so
/// question reading does the same).
pub fn matches(typed: &str, meant: &str) -> bool {
    typed == meant || within(typed, meant, max_edits(typed))
}

/// The characters a word is made of, as a set of bits: letters and digits
/// each their own, any other character one of a few shared ones.
pub fn letters(word: &str) -> u64 {
    word.chars().fold(0, |set, c| {
        let bit = match c {
            'a'..='z' => c as u32 - 'a' as u32,
            '0'..='9' => 26 + c as u32 - '0' as u32,
            _ => 36 + c as u32 % 28,
        };
        set | 1 << bit
    })
}

/// Whether two words made of `a` and `b` ([`letters`]) may be `max` edits
/// apart: an insertion or a deletion changes at most one character of the
/// set, a substitution two, a swap none. A cheap test that rejects most
/// pairs before [`within`] measures them.
pub fn letters_within(a: u64, b: u64, max: u8) -> bool {
    (a ^ b).count_ones() <= 2 * u32::from(max)
}

/// Whether `a` becomes `b` with at most `max` edits (an adjacent swap is one edit).
///
/// Question reading asks this for every phrase word against every question
/// word, and nearly every pair is far apart: the common prefix and suffix are
/// set aside first and folded words (ASCII) are compared as bytes, so a
/// rejection costs no allocation.
pub fn within(a: &str, b: &str, max: u8) -> bool {
    match max {
        0 => a == b,
        1 => within_one_edit(a.as_bytes(), b.as_bytes()),
        _ if a.is_ascii() && b.is_ascii() => within_edits(a.as_bytes(), b.as_bytes(), usize::from(max)),
        _ => {
            let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
            within_edits(&a, &b, usize::from(max))
        }
    }
}

/// [`distance`] of what differs between `a` and `b`, after a length check.
fn within_edits<T: PartialEq>(a: &[T], b: &[T], max: usize) -> bool {
    if a.len().abs_diff(b.len()) > max {
        return false;
    }
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let (a, b) = (&a[prefix..], &b[prefix..]);
    let suffix = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (a, b) = (&a[..a.len() - suffix], &b[..b.len() - suffix]);
    a.len().max(b.len()) <= max || distance(a, b) <= max
}

/// One edit, linear and allocation-free: question reading runs it for every
/// phrase word against every question word.
fn within_one_edit(a: &[u8], b: &[u8]) -> bool {
    if a.len().abs_diff(b.len()) > 1 {
        return false;
    }
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let (a, b) = (&a[prefix..], &b[prefix..]);
    match (a.len(), b.len()) {
        (0, _) | (_, 0) => true,
        (n, m) if n == m => a[1..] == b[1..] || (n >= 2 && a[0] == b[1] && a[1] == b[0] && a[2..] == b[2..]),
        (n, m) if n > m => a[1..] == *b,
        _ => *a == b[1..],
    }
}

/// Edit distance with adjacent swaps (optimal string alignment); words are short.
fn distance<T: PartialEq>(a: &[T], b: &[T]) -> usize {
    let width = b.len() + 1;
    let mut rows = vec![0usize; (a.len() + 1) * width];
    for (j, cell) in rows.iter_mut().enumerate().take(width) {
        *cell = j;
    }
    for i in 1..=a.len() {
        rows[i * width] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (rows[(i - 1) * width + j] + 1)
                .min(rows[i * width + j - 1] + 1)
                .min(rows[(i - 1) * width + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(rows[(i - 2) * width + j - 2] + 1);
            }
            rows[i * width + j] = best;
        }
    }
    rows[a.len() * width + b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allowed_edits_grow_with_length() {
        assert_eq!(max_edits("nos"), 0);
        assert_eq!(max_edits("clustr"), 1);
        assert_eq!(max_edits("atualizacao"), 2);
    }

    #[test]
    fn one_edit_covers_typos_and_swaps_only() {
        for (a, b) in [
            ("servidro", "servidor"),
            ("windos", "windows"),
            ("clusterd", "clustered"),
            ("cluster", "cluster"),
            ("xservidor", "servidor"),
        ] {
            assert!(within(a, b, 1), "{a} {b}");
        }
        for (a, b) in [
            ("clustr", "clustered"),
            ("abcd", "dcba"),
            ("servidores", "servidor"),
            ("vista", "xp"),
        ] {
            assert!(!within(a, b, 1), "{a} {b}");
        }
    }

    #[test]
    fn two_edits_for_long_words() {
        assert!(matches("atualizasao", "atualizacao"));
        assert!(matches("atulizasao", "atualizacao"));
        assert!(!matches("atulizsao", "atualizacao"));
        assert!(matches("servidro", "servidor"));
        assert!(!matches("srevidro", "servidor"));
        assert!(!matches("nso", "nos"));
        assert!(within("gerenciameto", "gerenciamento", 2));
        assert!(within("ab", "ba", 2));
    }

    #[test]
    fn the_shortcuts_agree_with_the_full_distance_on_two_edits() {
        // Words around "atualizacao" and "servidores": prefixes, suffixes,
        // swaps next to repeated letters, accents (not folded here).
        let words = [
            "atualizacao",
            "atualizasao",
            "atulizasao",
            "atualziacao",
            "taualizacao",
            "atualizacaoo",
            "atualizaçao",
            "atualizaçõe",
            "servidores",
            "servidroes",
            "sevrirdores",
            "servidor",
            "aab",
            "aba",
            "baa",
            "abba",
            "ab",
            "",
        ];
        for a in words {
            for b in words {
                let (x, y): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
                assert_eq!(within(a, b, 2), distance(&x, &y) <= 2, "{a} {b}");
            }
        }
    }

    #[test]
    fn words_within_edits_are_within_them_by_their_letters_too() {
        // Every pair the distance accepts, the cheap test on the letters
        // accepts too: it may only reject pairs that are further apart.
        let words = [
            "atualizacao",
            "atualizasao",
            "atulizasao",
            "taualizacao",
            "atualizacaoo",
            "atualizaçao",
            "servidores",
            "servidroes",
            "sevrirdores",
            "servidor",
            "cluster",
            "clsuter",
            "clusters",
            "kluster",
            "2003",
            "2008",
            "aab",
            "ab",
            "",
        ];
        for a in words {
            for b in words {
                for max in 0..=2 {
                    if within(a, b, max) {
                        assert!(letters_within(letters(a), letters(b), max), "{a} {b} {max}");
                    }
                }
            }
        }
        assert!(!letters_within(
            letters("atualizacao"),
            letters("gerenciamento"),
            2
        ));
    }

    #[test]
    fn the_linear_and_the_general_distance_agree_on_one_edit() {
        let words = [
            "servidor",
            "servidro",
            "servido",
            "servidores",
            "xervidor",
            "sevridor",
            "cluster",
        ];
        for a in words {
            for b in words {
                let (x, y): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
                assert_eq!(within(a, b, 1), distance(&x, &y) <= 1, "{a} {b}");
            }
        }
    }
}
