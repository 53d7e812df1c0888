//! Small text helpers shared by the domain and the web layer.

/// Shortens `text` for an error message.
pub fn truncate(text: &str, max_chars: usize) -> String {
    match text.char_indices().nth(max_chars) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::truncate;

    #[test]
    fn truncation_counts_characters_not_bytes() {
        assert_eq!(truncate("ação", 2), "aç…");
        assert_eq!(truncate("short", 10), "short");
    }
}
