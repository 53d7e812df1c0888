//! Commands, cmdlets, program files and switches a question names.
//!
//! A question that names one the documents never mention ("Setup.com
//! /PrepareSchema", "Move-ClusterGroup") asks about something the article
//! does not document: whatever else it gets right, the engine must not
//! confirm it.

use std::collections::BTreeSet;
use std::sync::LazyLock;

use regex::Regex;

/// Program files ("Setup.com", "Adminpak.msi"), PowerShell cmdlets in any
/// case ("Move-Mailbox"), and switches after a space ("/PrepareSchema").
///
/// Word boundaries are ASCII ones (`(?-u:\b)`): every identifier is ASCII,
/// and a Unicode `\b` makes the regex engine give up its DFA at the first
/// accented letter and walk the text with a backtracking NFA instead, which
/// made scanning every section of a 10,000-section knowledge base take most
/// of the start-up time. No capture group either (a switch's leading space is
/// trimmed instead), so a match costs the DFA alone.
static IDENTIFIER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?-u:\b)[a-z][a-z0-9_]*\.(?:exe|com|msi|msc|ps1|cmd|bat)(?-u:\b)|(?-u:\b)(?:get|set|new|remove|move|add|enable|disable|start|stop|test|install|uninstall|update|import|export|mount|dismount|restore|suspend|resume)-[a-z][a-z0-9]+(?-u:\b)|(?:^|\s)/[a-z][a-z]{2,}",
    )
    .expect("a valid pattern")
});

/// The identifiers the documents mention, lower-cased, and the command
/// lines they give in full.
#[derive(Debug, Clone, Default)]
pub struct Identifiers {
    names: BTreeSet<String>,
    command_lines: Vec<Vec<String>>,
}

impl Identifiers {
    /// Collects the identifiers mentioned in `texts`.
    pub fn from_texts<'a>(texts: impl IntoIterator<Item = &'a str>) -> Identifiers {
        Identifiers {
            names: texts.into_iter().flat_map(found).collect(),
            command_lines: Vec::new(),
        }
    }

    /// Collects the identifiers mentioned in `texts`, and the texts that are
    /// a command line in full (`Cluster.exe group "Cluster Group"
    /// /move:<NodeName>`): the commands a fact gives. (The documents'
    /// identifiers skip this, which start-up would pay for every section.)
    pub fn with_command_lines<'a>(texts: impl IntoIterator<Item = &'a str> + Clone) -> Identifiers {
        Identifiers {
            command_lines: texts.clone().into_iter().filter_map(command_line).collect(),
            ..Identifiers::from_texts(texts)
        }
    }

    /// The identifiers `question` names that no document mentions.
    pub fn unknown(&self, question: &str) -> Vec<String> {
        found(question).filter(|i| !self.names.contains(i)).collect()
    }

    /// Whether `word` is written as an identifier is (a program file, a
    /// cmdlet or a switch), known or not.
    pub fn is_identifier(word: &str) -> bool {
        found(word).any(|found| found == word.to_lowercase())
    }

    /// Whether `question` names one of these identifiers.
    pub fn named_in(&self, question: &str) -> bool {
        found(question).any(|i| self.names.contains(&i))
    }

    /// The identifiers, lower-cased, in order.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.names.iter().map(String::as_str)
    }

    /// The commands, cmdlets and program files among them (not switches),
    /// as the words a question's reading sees: "setup.com" is "setup com".
    pub fn as_phrases(&self) -> Vec<String> {
        (self.names.iter())
            .filter(|i| !i.starts_with('/'))
            .map(|i| as_words(i))
            .collect()
    }

    /// How `question` replaces these commands, if it does: it offers only
    /// commands other than these, when there are some ("Is Move-Mailbox the
    /// command to move the Cluster Group?" against a fact whose command is
    /// `Cluster.exe`); or it quotes one of its command lines with another
    /// word where the line has its own (`Cluster.exe resource "Cluster
    /// Group" /move:…` for `Cluster.exe group …`, `ServerManagerCmd -I
    /// RSAT-FailoverCluster`).
    pub fn replaced_in(&self, question: &str) -> Replacement {
        let mut named = found(question).peekable();
        Replacement {
            other_command: !self.names.is_empty()
                && named.peek().is_some()
                && named.all(|i| !self.names.contains(&i)),
            misquoted_line: self.misquoted_in(question),
        }
    }

    /// Whether `question` quotes at least one of these command lines, and
    /// every one it quotes differs from the documented line in some word
    /// (`Cluster.exe group "Cluster Group" /failover:…` for `…/move:…`).
    fn misquoted_in(&self, question: &str) -> bool {
        let asked = words_of(question);
        let quoted: Vec<bool> = (self.command_lines.iter())
            .filter_map(|line| quoted_as(line, &asked))
            .collect();
        !quoted.is_empty() && quoted.iter().all(|differs| *differs)
    }
}

/// How a question replaces a fact's commands ([`Identifiers::replaced_in`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Replacement {
    /// It offers only commands other than the fact's.
    pub other_command: bool,
    /// It quotes a command line of the fact with a word of its own.
    pub misquoted_line: bool,
}

impl Replacement {
    /// Whether the question replaces the commands either way.
    pub fn any(self) -> bool {
        self.other_command || self.misquoted_line
    }
}

/// The words of a command line, lower-cased: a quoted argument is one word,
/// and the punctuation a sentence puts after a word is dropped.
fn words_of(text: &str) -> Vec<String> {
    let text = text.replace(['“', '”'], "\"").replace(['‘', '’', '`'], "'");
    let mut words = Vec::new();
    let mut rest = text.as_str();
    while let Some(start) = rest.find(|c: char| !c.is_whitespace()) {
        rest = &rest[start..];
        let end = match rest.strip_prefix('"') {
            Some(after) => after.find('"').map_or(rest.len(), |close| close + 2),
            None => rest.find(char::is_whitespace).unwrap_or(rest.len()),
        };
        // Single quotes and backticks around a command line are no part of
        // its words: 'ServerManagerCmd -I RSAT-Hyper-V' quotes the line.
        let word = (rest[..end].trim_end_matches([',', '?', '!', ';', '.', '\'', ')']))
            .trim_start_matches(['\'', '('])
            .trim_end_matches([',', '?', '!', ';', '.']);
        // A whole command line in quotes ("ServerManagerCmd -I RSAT-Hyper-V")
        // is its words; a quoted value ("Cluster Group") is one word.
        let unquoted = word.strip_prefix('"').and_then(|w| w.strip_suffix('"'));
        match unquoted.map(words_of) {
            Some(inner) if inner.len() > 1 && inner[1..].iter().any(|w| is_argument(w)) => {
                words.extend(inner)
            }
            _ if !word.is_empty() => words.push(word.to_lowercase()),
            _ => {}
        }
        rest = &rest[end..];
    }
    words
}

/// A word a command line passes as an argument: a switch or a quoted value.
fn is_argument(word: &str) -> bool {
    word.starts_with(['-', '/', '"'])
}

/// The command line `text` gives, after the last colon that introduces one
/// ("…and run: ServerManagerCmd -I RSAT-Clustering"), when it is one in
/// full: a program named as programs are (`Cluster.exe`, `ServerManagerCmd`:
/// a dot or a capital inside the name, which no word of prose has), then at
/// least one argument, and no sentence after it.
fn command_line(text: &str) -> Option<Vec<String>> {
    let line = text.rsplit_once(": ").map_or(text, |(_, line)| line).trim();
    let program = line.split_whitespace().next()?;
    let is_program = program.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && program
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '_')
        && (program.contains('.') || program.chars().skip(1).any(|c| c.is_ascii_uppercase()));
    let words = words_of(line);
    (is_program && !line.ends_with('.') && words[1..].iter().any(|w| is_argument(w))).then_some(words)
}

/// Whether `asked` quotes `line` (its program, then an argument where the
/// line has one): `Some(true)` when a word it gives there differs from the
/// line's. A `<placeholder>` takes any word, and a switch ending in one
/// (`/move:<NodeName>`) any value. The quote ends at the first word that
/// is no part of a command ("…\"Cluster Group\" to move it?"): only an
/// argument, a word with a hyphen or a dot, or one right before an argument
/// (a subcommand) is.
fn quoted_as(line: &[String], asked: &[String]) -> Option<bool> {
    let at = asked.iter().position(|w| *w == line[0])?;
    let given = &asked[at + 1..];
    let aligned = || line[1..].iter().zip(given);
    if !aligned().any(|(l, g)| is_argument(l) && is_argument(g)) {
        return None;
    }
    let commandlike = |k: usize| {
        is_argument(&given[k])
            || given[k].contains(['-', '.'])
            || given.get(k + 1).is_some_and(|next| is_argument(next))
    };
    let differs = (aligned().enumerate())
        .take_while(|(k, _)| commandlike(*k))
        .any(|(_, (l, g))| match l.split_once(":<") {
            _ if l.starts_with('<') => false,
            Some((switch, _)) => !g.starts_with(&format!("{switch}:")),
            None => l != g,
        });
    Some(differs)
}

/// An identifier as the words a question's reading sees.
fn as_words(identifier: &str) -> String {
    identifier
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn found(text: &str) -> impl Iterator<Item = String> + '_ {
    IDENTIFIER
        .find_iter(text)
        .map(|m| m.as_str().trim_start().to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether `question` replaces `ids`' commands, either way.
    fn replaced(ids: &Identifiers, question: &str) -> bool {
        ids.replaced_in(question).any()
    }

    #[test]
    fn a_question_offering_only_other_commands_replaces_them() {
        let fact = Identifiers::from_texts(["Run Cluster.exe group \"Cluster Group\" /move:<NodeName>"]);
        assert!(replaced(
            &fact,
            "Is Move-Mailbox the command to move the Cluster Group?"
        ));
        assert!(!replaced(
            &fact,
            "Is cluster.exe the command to move the Cluster Group?"
        ));
        assert!(!replaced(&fact, "Do I use Cluster.exe or Move-Mailbox?"));
        assert!(!replaced(&fact, "How do I move the Cluster Group?"));
        assert!(!replaced(&Identifiers::default(), "Is Move-Mailbox the way?"));
        // A subcommand the fact's command lines never give replaces theirs.
        let lines = Identifiers::with_command_lines([
            "Run it as shown.",
            "Cluster.exe group \"Cluster Group\" /move:<NodeName>",
            "ServerManagerCmd -I RSAT-Clustering",
        ]);
        assert!(replaced(
            &lines,
            "Is it Cluster.exe resource \"Cluster Group\" /move:<Node>?"
        ));
        assert!(replaced(
            &lines,
            "É o Cluster.exe group “Cluster Group” /mover:N2, certo?"
        ));
        assert!(!replaced(
            &lines,
            "Is it cluster.exe GROUP \"Cluster Group\" /move:N2?"
        ));
        assert!(!replaced(&lines, "Do I use Cluster.exe to move the group?"));
        assert!(replaced(
            &lines,
            "The command is ServerManagerCmd -I RSAT-FailoverCluster, correct?"
        ));
        assert!(!replaced(
            &lines,
            "The command is ServerManagerCmd -i RSAT-Clustering, correct?"
        ));
        assert!(replaced(&lines, "Do I run \"ServerManagerCmd -I RSAT-Hyper-V\"?"));
        assert!(replaced(&lines, "Is it 'ServerManagerCmd -I RSAT-Hyper-V'?"));
        assert!(replaced(&lines, "Is it `ServerManagerCmd -I RSAT-Hyper-V`?"));
        assert!(replaced(&lines, "Is it (ServerManagerCmd -I RSAT-Hyper-V)?"));
        assert!(!replaced(&lines, "Is it 'ServerManagerCmd -I RSAT-Clustering'?"));
        assert!(!replaced(&lines, "Is it ‘ServerManagerCmd -I RSAT-Clustering’?"));
        assert!(!replaced(
            &lines,
            "Do I run “ServerManagerCmd -I RSAT-Clustering”?"
        ));
        assert!(!replaced(&lines, "Do I run ServerManagerCmd on the 2008 box?"));
        // A quote that ends, or goes on in prose, differs in nothing.
        assert!(!replaced(
            &lines,
            "To move it, is it Cluster.exe group \"Cluster Group\"?"
        ));
        assert!(!replaced(
            &lines,
            "Do I run Cluster.exe group \"Cluster Group\" to move it?"
        ));
        assert!(!replaced(
            &lines,
            "Do I run ServerManagerCmd -I, with RSAT-Clustering as the feature?"
        ));
        // Prose that ends in a command line gives that line alone.
        let prose = Identifiers::with_command_lines([
            "Open a Command Prompt window and run: ServerManagerCmd -I RSAT-Clustering",
        ]);
        assert!(replaced(
            &prose,
            "Is it ServerManagerCmd -I RSAT-FailoverCluster?"
        ));
        assert!(!replaced(&prose, "To open a window, do I run the -I switch?"));
        assert!(!replaced(
            &fact,
            "Is it Cluster.exe resource \"Cluster Group\" /move:<Node>?"
        ));
    }

    #[test]
    fn names_the_documents_never_mention_are_unknown() {
        let known = Identifiers::from_texts([
            "Use Setup.com, not Setup.exe. Move-Mailbox moves mailboxes. Cluster.exe group \"Cluster Group\" /move:<NodeName>",
        ]);
        assert!(
            known
                .unknown("Can I run setup.COM on the passive node?")
                .is_empty()
        );
        assert!(known.unknown("Is move-mailbox the cmdlet to use?").is_empty());
        assert!(
            known
                .unknown("Does cluster.exe /move take the node name?")
                .is_empty()
        );
        assert_eq!(
            known.unknown("Run Setup.com /PrepareSchema first?"),
            ["/prepareschema"]
        );
        assert_eq!(
            known.unknown("Posso usar o Move-ClusterGroup?"),
            ["move-clustergroup"]
        );
        assert_eq!(known.unknown("Is ExSetup.exe the right one?"), ["exsetup.exe"]);
        // Words that only look like identifiers are not.
        assert!(
            known
                .unknown("Will users lose e-mail during SP1/SP2 upgrades? and/or access?")
                .is_empty()
        );
    }
}
