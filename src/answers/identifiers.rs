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

/// The identifiers the documents mention, lower-cased.
#[derive(Debug, Clone, Default)]
pub struct Identifiers(BTreeSet<String>);

impl Identifiers {
    /// Collects the identifiers mentioned in `texts`.
    pub fn from_texts<'a>(texts: impl IntoIterator<Item = &'a str>) -> Identifiers {
        Identifiers(texts.into_iter().flat_map(found).collect())
    }

    /// The identifiers `question` names that no document mentions.
    pub fn unknown(&self, question: &str) -> Vec<String> {
        found(question).filter(|i| !self.0.contains(i)).collect()
    }

    /// Whether `question` names one of these identifiers.
    pub fn named_in(&self, question: &str) -> bool {
        found(question).any(|i| self.0.contains(&i))
    }

    /// The identifiers, lower-cased, in order.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(String::as_str)
    }

    /// The commands, cmdlets and program files among them (not switches),
    /// as the words a question's reading sees: "setup.com" is "setup com".
    pub fn as_phrases(&self) -> Vec<String> {
        (self.0.iter())
            .filter(|i| !i.starts_with('/'))
            .map(|i| as_words(i))
            .collect()
    }

    /// Whether `question` offers only commands other than these, when there
    /// are some: "Is Move-Mailbox the command to move the Cluster Group?"
    /// against a fact whose command is `Cluster.exe`.
    pub fn replaced_in(&self, question: &str) -> bool {
        let mut named = found(question).peekable();
        !self.0.is_empty() && named.peek().is_some() && named.all(|i| !self.0.contains(&i))
    }
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

    #[test]
    fn a_question_offering_only_other_commands_replaces_them() {
        let fact = Identifiers::from_texts(["Run Cluster.exe group \"Cluster Group\" /move:<NodeName>"]);
        assert!(fact.replaced_in("Is Move-Mailbox the command to move the Cluster Group?"));
        assert!(!fact.replaced_in("Is cluster.exe the command to move the Cluster Group?"));
        assert!(!fact.replaced_in("Do I use Cluster.exe or Move-Mailbox?"));
        assert!(!fact.replaced_in("How do I move the Cluster Group?"));
        assert!(!Identifiers::default().replaced_in("Is Move-Mailbox the way?"));
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
