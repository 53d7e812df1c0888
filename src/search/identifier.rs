//! A tokenizer that keeps identifiers whole: `Setup.com`, `RSAT-Clustering`,
//! `Move-Mailbox`, `Adminpak.msi` are one token each.
//!
//! A token is a run of letters and digits in which single `.`, `-` or `_`
//! characters may stand *between* two alphanumerics; trailing punctuation
//! ("(Setup.com).") is not part of it. Written as a plain scanner rather than a
//! regex because it runs on every query and a regex's lazy DFA cache does not
//! survive the clone each query needs.

use std::str::CharIndices;

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

/// See the module documentation.
#[derive(Clone, Default)]
pub struct IdentifierTokenizer {
    token: Token,
}

/// Token stream of [`IdentifierTokenizer`].
pub struct IdentifierTokenStream<'a> {
    text: &'a str,
    chars: std::iter::Peekable<CharIndices<'a>>,
    token: &'a mut Token,
}

impl Tokenizer for IdentifierTokenizer {
    type TokenStream<'a> = IdentifierTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> IdentifierTokenStream<'a> {
        self.token.reset();
        IdentifierTokenStream {
            text,
            chars: text.char_indices().peekable(),
            token: &mut self.token,
        }
    }
}

fn is_joiner(c: char) -> bool {
    matches!(c, '.' | '-' | '_')
}

impl IdentifierTokenStream<'_> {
    /// Consumes the rest of a token that started before the current position; returns its end.
    fn token_end(&mut self) -> usize {
        loop {
            match self.chars.peek().copied() {
                Some((_, c)) if c.is_alphanumeric() => {
                    self.chars.next();
                }
                Some((at, c)) if is_joiner(c) => {
                    // A joiner counts only when an alphanumeric follows it.
                    let next = self.text[at + c.len_utf8()..].chars().next();
                    if next.is_some_and(char::is_alphanumeric) {
                        self.chars.next();
                    } else {
                        return at;
                    }
                }
                Some((at, _)) => return at,
                None => return self.text.len(),
            }
        }
    }
}

impl TokenStream for IdentifierTokenStream<'_> {
    fn advance(&mut self) -> bool {
        self.token.text.clear();
        self.token.position = self.token.position.wrapping_add(1);
        while let Some((from, c)) = self.chars.next() {
            if c.is_alphanumeric() {
                let to = self.token_end();
                self.token.offset_from = from;
                self.token.offset_to = to;
                self.token.text.push_str(&self.text[from..to]);
                return true;
            }
        }
        false
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(text: &str) -> Vec<(String, usize, usize)> {
        let mut tokenizer = IdentifierTokenizer::default();
        let mut stream = tokenizer.token_stream(text);
        let mut out = Vec::new();
        while let Some(t) = stream.next() {
            out.push((t.text.clone(), t.offset_from, t.offset_to));
        }
        out
    }

    #[test]
    fn identifiers_and_words_are_split_on_everything_else() {
        let found: Vec<String> = tokens("(Setup.com). RSAT-Clustering, a--b x. -y pré-requisitos")
            .into_iter()
            .map(|t| t.0)
            .collect();
        assert_eq!(
            found,
            [
                "Setup.com",
                "RSAT-Clustering",
                "a",
                "b",
                "x",
                "y",
                "pré-requisitos"
            ]
        );
    }

    #[test]
    fn offsets_point_into_the_text() {
        assert_eq!(tokens(" Adminpak.msi."), [("Adminpak.msi".to_owned(), 1, 13)]);
    }
}
