//! The question reader: any UTF-8 text, asked in pt-BR, in en or in no
//! language (then detected), with or without a reader's language, is
//! answered without a panic. The first byte chooses the languages. Texts
//! are cut at the default question limit, as a server does.
#![no_main]

use docdesk::answers::Question;
use docdesk::limits::Limits;
use docdesk_fuzz::{answers, at_most, choice_and_text, maybe_lang, search};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((languages, text)) = choice_and_text(data) else {
        return;
    };
    let question = Question {
        text: at_most(text, Limits::DEFAULT.question_chars).to_owned(),
        lang: maybe_lang(languages),
        preferred: maybe_lang(languages / 3),
    };
    let answer = answers().answer(&question, search());
    if let Some(lang) = question.lang {
        assert_eq!(answer.lang, lang);
    }
    assert!((0.0..=1.0).contains(&answer.confidence));
});
