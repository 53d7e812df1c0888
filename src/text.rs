//! Small text helpers shared by the domain and the web layer.

/// Shortens `text` for an error message.
pub fn truncate(text: &str, max_chars: usize) -> String {
    match text.char_indices().nth(max_chars) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_owned(),
    }
}

/// Another form of a word starts with it less its last two letters, four
/// letters at least ("take" for "taken", "supor" for "suporta").
pub fn word_stem(word: &str) -> String {
    word.chars()
        .take(word.chars().count().saturating_sub(2).max(4))
        .collect()
}

/// `text` with its first letter upper-case, for a label used as a title.
pub fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map_or_else(String::new, |first| first.to_uppercase().chain(chars).collect())
}

/// Text as it sorts for people: lower case, accents folded, words joined by
/// one space, so "Árvore" comes before "Banco" and "banco" beside "Banco".
/// Folds as search does (tantivy's ASCII folding) so a title sorts where a
/// reader typing it would look for it.
pub fn sort_key(text: &str) -> String {
    use tantivy::tokenizer::{AsciiFoldingFilter, LowerCaser, SimpleTokenizer, TextAnalyzer};
    let mut analyzer = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build();
    let mut stream = analyzer.token_stream(text);
    let mut key = String::with_capacity(text.len());
    while let Some(token) = stream.next() {
        key.push_str(&token.text);
        key.push(' ');
    }
    key
}

/// SipHash-2-4 with fixed keys, for hashes kept across runs (an index's
/// content key, a stored template version): the same input gives the same
/// hash in every process. Not for untrusted keys of in-memory maps.
#[allow(deprecated)]
pub fn stable_hasher() -> std::hash::SipHasher {
    std::hash::SipHasher::new()
}

#[cfg(test)]
mod tests {
    use super::{capitalize, sort_key, truncate};

    #[test]
    fn capitalizing_keeps_the_rest_and_handles_accents() {
        assert_eq!(capitalize("versão do Exchange"), "Versão do Exchange");
        assert_eq!(capitalize("ébano"), "Ébano");
        assert_eq!(capitalize(""), "");
    }

    #[test]
    fn sort_keys_ignore_case_and_accents() {
        assert!(sort_key("Árvore") < sort_key("banco"));
        assert_eq!(sort_key("Ação rápida"), sort_key("acao  RAPIDA"));
    }

    #[test]
    fn truncation_counts_characters_not_bytes() {
        assert_eq!(truncate("ação", 2), "aç…");
        assert_eq!(truncate("short", 10), "short");
    }
}
