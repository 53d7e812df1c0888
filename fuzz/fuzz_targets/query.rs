//! The search query analyzer and the index: any UTF-8 query of up to the
//! API's default limit of characters, in either language, with any limit,
//! is searched without a panic and returns at most the limit of hits. The
//! first byte chooses the language and the limit.
#![no_main]

use docdesk::lang::Lang;
use docdesk::limits::Limits;
use docdesk_fuzz::{at_most, choice_and_text, search};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((choice, query)) = choice_and_text(data) else {
        return;
    };
    let lang = if choice & 1 == 0 { Lang::PtBr } else { Lang::En };
    let limit = usize::from(choice >> 1) % 60;
    let hits = search()
        .search_in(at_most(query, Limits::DEFAULT.query_chars), lang, limit)
        .expect("searching an index in RAM does not fail");
    assert!(hits.len() <= limit.max(1));
    assert!(hits.iter().all(|hit| hit.lang == lang));
});
