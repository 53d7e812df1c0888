//! Where a question's clauses and sentences start, from the punctuation
//! between its words, and which of its sentences ask.

use std::ops::Range;

/// The clauses and sentences of a question, as word positions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    /// Where a clause starts: after a comma, semicolon or colon.
    pub clause_starts: Vec<usize>,
    /// Where any sentence starts, capital or not ("o SCC-C ainda não. já
    /// posso…?"): phrases and negations stay inside their sentence.
    pub sentence_starts: Vec<usize>,
    /// The sentences that end with a question mark, as `start..end` word
    /// positions: "…begin? need to give the helpdesk a heads up" asks only
    /// in its first sentence.
    pub asking: Vec<(usize, usize)>,
    /// Where the question is asked after sentences of context ("Ticket
    /// 4471: the user says… Is that expected?"): the last sentence that
    /// asks (a remark may follow it: "Quando começa a parada? O CAB quer
    /// saber."), one that follows a full stop, question or exclamation mark
    /// and opens with a capital ("e.g. the active one" goes on the same
    /// sentence); 0 when the question is one sentence.
    pub last_sentence: usize,
}

impl Layout {
    /// The layout of `question`, split into words at byte `spans`;
    /// `asks_within` tells whether the words in a range ask a question
    /// themselves ("Qual destas está correta: (a)…"), which keeps a lead-in;
    /// `asked_after` finds, in a range, the end of words that report a
    /// question ("O cliente quer saber se…", "The customer asks whether…"):
    /// in a question with no question mark, the sentence holding them asks
    /// from there.
    pub fn of(
        spans: &[(usize, usize)],
        question: &str,
        asks_within: impl Fn(Range<usize>) -> bool,
        asked_after: impl Fn(Range<usize>) -> Option<usize>,
    ) -> Layout {
        let between = |i: usize| question.get(spans[i - 1].1..spans[i].0);
        let clause_starts = (1..spans.len())
            .filter(|i| between(*i).is_some_and(|b| b.contains([',', ';', ':'])))
            .collect();
        let sentence_starts: Vec<usize> = (1..spans.len())
            .filter(|i| between(*i).is_some_and(ends_sentence))
            .collect();
        let asks = |end: usize| {
            let after = spans.get(end).map_or(question.len(), |s| s.0);
            end > 0
                && question
                    .get(spans[end - 1].1..after)
                    .is_some_and(|b| b.contains('?'))
        };
        // A lead-in that ends with a colon ("Preciso justificar na RDM: é
        // verdade que…?", "For the appendix I need the reference: which…?")
        // says why the question is asked; the question starts after it.
        let lead_in_end = |(start, end): (usize, usize)| {
            ((start + 1)..end)
                .rfind(|i| between(*i).is_some_and(|b| b.contains(':')))
                .filter(|colon| !asks_within(start..*colon))
        };
        let sentences = || {
            (std::iter::once(0).chain(sentence_starts.iter().copied()))
                .zip(sentence_starts.iter().copied().chain([spans.len()]))
        };
        let mut asking_sentences: Vec<(usize, usize)> = sentences().filter(|(_, end)| asks(*end)).collect();
        // A reported question asks where nothing ends with a question mark.
        let reported = asking_sentences.is_empty();
        if reported {
            asking_sentences = sentences()
                .filter(|(start, end)| asked_after(*start..*end).is_some())
                .collect();
        }
        let asking: Vec<(usize, usize)> = (asking_sentences.iter())
            .map(|&sentence| {
                let reporting = reported.then(|| asked_after(sentence.0..sentence.1)).flatten();
                let start = lead_in_end(sentence).max(reporting).unwrap_or(sentence.0);
                (start, sentence.1)
            })
            .collect();
        // Where the last asking sentence's lead-in ends, if it has one.
        let lead_in = (asking.last().zip(asking_sentences.last()))
            .and_then(|(asked, sentence)| (asked.0 != sentence.0).then_some(asked.0));
        let asked_by = asking.last().map_or(spans.len(), |(_, end)| *end);
        // A sentence opens with a capital, or, in chat written all in lower
        // case, after a full stop that ends a statement: one after a word
        // longer than an abbreviation's ("e.g. the active one" goes on the
        // same sentence; "…RTM aqui na empresa. o SP1 já dá suporte…?" asks
        // anew). A lower-case question after a question goes on asking it
        // ("qual a ordem…? passivos primeiro ou o ativo?").
        // An abbreviation is a short word in plain lower-case letters right
        // before its dot: "N2." and "pé." and "(…)." end sentences.
        let opens = |i: usize| {
            let capital = (question.get(spans[i].0..)).is_some_and(|w| w.starts_with(char::is_uppercase));
            let word_before = question.get(spans[i - 1].0..spans[i - 1].1).unwrap_or("");
            let stated = between(i).is_some_and(|b| b.contains('.') && !b.contains(['?', '!']));
            let abbreviation = (word_before.chars().count() <= ABBREVIATION_MAX
                && word_before.chars().all(|c| c.is_ascii_lowercase())
                && between(i).is_some_and(|b| b.trim_end() == "."))
                || word_before.eq_ignore_ascii_case("etc");
            capital || (stated && !abbreviation)
        };
        let last_sentence = (1..asked_by)
            .rfind(|i| {
                opens(*i)
                    && between(*i)
                        .is_some_and(|b| b.contains(['.', '?', '!']) && b.ends_with(char::is_whitespace))
            })
            .unwrap_or(0)
            .max(lead_in.unwrap_or(0));
        // A sentence reporting a question, right before a short one that
        // only asks to confirm it ("O gerente perguntou se o SP1 suporta o
        // 2008. É suportado?"), is asked too, from after the words that
        // report it. A longer question asks something of its own ("…quer
        // saber quando começa. É verdade que só começa na metade?").
        let confirms = asked_by.saturating_sub(last_sentence) <= CONFIRMING_WORDS;
        let last_sentence = match reported || !confirms {
            true => last_sentence,
            false => sentences()
                .find(|(_, end)| *end == last_sentence && last_sentence > 0)
                .filter(|(_, end)| !asks(*end))
                .and_then(|(start, end)| asked_after(start..end))
                .unwrap_or(last_sentence),
        };
        Layout {
            clause_starts,
            sentence_starts,
            asking,
            last_sentence,
        }
    }
}

/// The most words a question may have that only asks to confirm what a
/// sentence before it reports ("É suportado?", "Is that true?").
const CONFIRMING_WORDS: usize = 4;

/// The longest word a full stop may abbreviate ("e.g.", "p.ex.", "ex."):
/// a lower-case word after one goes on the same sentence.
const ABBREVIATION_MAX: usize = 2;

/// Whether the text between two words ends a sentence: a question or
/// exclamation mark, a semicolon (what follows says something of its own:
/// "…finished the SP1 upgrade; MBX1 still hosts the CMS"), a line break, or
/// a full stop before a space (the dot in "setup.com" ends nothing).
pub fn ends_sentence(between: &str) -> bool {
    between.contains(['?', '!', ';', '\n'])
        || (between.contains('.') && between.ends_with(char::is_whitespace))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::analysis;

    fn layout(question: &str) -> Layout {
        let tokens = analysis::tokens(&mut analysis::fold_analyzer(), question);
        let spans: Vec<(usize, usize)> = tokens.iter().map(|t| (t.from, t.to)).collect();
        let asks_within = |range: Range<usize>| {
            tokens[range]
                .iter()
                .any(|t| ["qual", "which"].contains(&t.text.as_str()))
        };
        let asked_after = |range: Range<usize>| {
            (range.start..range.end.saturating_sub(1))
                .find(|i| tokens[*i].text == "saber" && tokens[i + 1].text == "se")
                .map(|i| i + 2)
        };
        Layout::of(&spans, question, asks_within, asked_after)
    }

    #[test]
    fn the_question_is_asked_in_its_last_sentence_that_asks() {
        let remark = layout("Quando começa a parada? O CAB quer saber.");
        assert_eq!(remark.asking, vec![(0, 4)]);
        assert_eq!(remark.last_sentence, 0);
        let context = layout("Ticket 4471: the user says it hangs. Is that expected?");
        assert_eq!(context.last_sentence, 7);
        assert_eq!(context.clause_starts, vec![2]);
        // A lead-in ending with a colon says why the question is asked.
        let lead_in = layout("Preciso justificar na RDM: é verdade que o SP1 suporta?");
        assert_eq!(lead_in.asking, vec![(4, 10)]);
        assert_eq!(lead_in.last_sentence, 4);
        let asks = layout("Qual destas está correta: (a) CCR tem um nó passivo; (b) SCC?");
        assert_eq!(asks.last_sentence, 0);
        // In chat, a lower-case sentence after a statement asks anew...
        let chat = layout("o SCC-C ainda não. já posso?");
        assert_eq!(chat.sentence_starts, vec![5]);
        assert_eq!(chat.last_sentence, 5);
        // ...but not after an abbreviation, nor after a question it goes on.
        let abbreviation = layout("Do I move a group first, e.g. the default one?");
        assert_eq!(abbreviation.last_sentence, 0);
        // A short word with an accent, capitals or digits, or a closing
        // parenthesis, before the dot is no abbreviation.
        let short_word = layout("o cluster novo ta de pé. qual cmdlet uso?");
        assert_eq!(short_word.last_sentence, 6);
        let host = layout("o cluster novo (N1/N2). qual cmdlet uso?");
        assert_eq!(host.last_sentence, 5);
        let semicolon = layout("EX2 finished the SP1 upgrade; EX1 still hosts the CMS. OK?");
        assert_eq!(semicolon.sentence_starts, vec![5, 10]);
        let follow_up = layout("qual a ordem certa? passivos primeiro ou o ativo?");
        assert_eq!(follow_up.sentence_starts, vec![4]);
        assert_eq!(follow_up.last_sentence, 0);
        // A reported question asks after the words that report it, where
        // nothing ends with a question mark.
        let reported = layout("O CCR tem dois nós. O cliente quer saber se pode atualizar. Ele tem pressa.");
        assert_eq!(reported.asking, vec![(10, 12)]);
        assert_eq!(reported.last_sentence, 10);
        let asked = layout("O cliente quer saber se pode atualizar? Ele tem pressa.");
        assert_eq!(asked.asking, vec![(0, 7)]);
        // A short question after a reported one asks to confirm it: the
        // claim starts after the words that report it; a longer one asks
        // on its own.
        let confirmed = layout("O gerente quer saber se o SP1 suporta o 2008. É suportado?");
        assert_eq!(confirmed.last_sentence, 5);
        let own = layout("O admin quer saber se começa cedo. É verdade que só começa na metade?");
        assert_eq!(own.last_sentence, 7);
        // A dot inside a word ends no sentence.
        assert!(
            layout("Do I run setup.com on the passive node?")
                .sentence_starts
                .is_empty()
        );
    }
}
