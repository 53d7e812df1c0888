//! The engines on their own: the question reader and the search query
//! analyzer, without result caches, in both languages.

use std::sync::OnceLock;

use docdesk::answers::{AnswerEngine, Question};
use docdesk::lang::Lang;
use proptest::prelude::*;

use super::{CASE_BOUND, config, text, timed};
use crate::helpers::shared_state;

/// An answer engine over the shipped knowledge base, without a cache, so
/// every case is read in full.
fn engine() -> &'static AnswerEngine {
    static ENGINE: OnceLock<AnswerEngine> = OnceLock::new();
    ENGINE.get_or_init(|| AnswerEngine::new(shared_state().content.answers.clone()))
}

fn lang() -> impl Strategy<Value = Lang> {
    prop::sample::select(Lang::ALL.to_vec())
}

proptest! {
    #![proptest_config(config(96))]

    /// Any text, asked in either language or in none (then detected), with
    /// or without a reader's language, is answered: in the language asked
    /// for, with a confidence between 0 and 1, in bounded time.
    #[test]
    fn any_question_is_answered_in_bounded_time(
        question in text(60),
        lang in proptest::option::of(lang()),
        preferred in proptest::option::of(lang()),
    ) {
        let state = shared_state();
        let asked = Question { text: question.clone(), lang, preferred };
        let (answer, took) = timed(|| engine().answer(&asked, &state.search));
        prop_assert!(took < CASE_BOUND, "{took:?} for {question:?}");
        if let Some(lang) = lang {
            prop_assert_eq!(answer.lang, lang);
        }
        prop_assert!((0.0..=1.0).contains(&answer.confidence), "confidence {}", answer.confidence);
        prop_assert!(!answer.answer.trim().is_empty(), "empty answer to {question:?}");
        prop_assert!(serde_json::to_string(&answer).is_ok());
    }

    /// Any query, in either language, with any limit: the analyzer and the
    /// index answer with at most the limit (at least one) of hits, each from
    /// the language searched, in bounded time.
    #[test]
    fn any_search_query_is_analysed_and_searched_in_bounded_time(
        query in text(40),
        lang in lang(),
        limit in 0..60usize,
    ) {
        let search = &shared_state().search;
        let (hits, took) = timed(|| search.search_in(&query, lang, limit));
        prop_assert!(took < CASE_BOUND, "{took:?} for {query:?}");
        let hits = hits.map_err(|e| TestCaseError::fail(format!("{query:?}: {e}")))?;
        prop_assert!(hits.len() <= limit.max(1));
        prop_assert!(hits.iter().all(|hit| hit.lang == lang));
    }
}

proptest! {
    #![proptest_config(config(24))]

    /// A question as long as the API accepts (2,000 characters) of words
    /// (reading time grows with length: about 0.25 s each in a debug build).
    #[test]
    fn a_question_of_the_longest_accepted_length_is_answered_in_bounded_time(
        question in super::words_text(600),
        lang in lang(),
    ) {
        let question: String = question.chars().take(docdesk::limits::Limits::DEFAULT.question_chars).collect();
        let state = shared_state();
        let (answer, took) = timed(|| engine().answer(&Question::new(question.clone(), Some(lang)), &state.search));
        prop_assert!(took < CASE_BOUND, "{took:?} for {} characters", question.chars().count());
        prop_assert_eq!(answer.lang, lang);
    }
}
