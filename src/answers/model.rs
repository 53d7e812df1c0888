//! The answer knowledge base as written in `content/answers/*.toml`.
//!
//! Parsing is strict (`deny_unknown_fields`, both languages required); what
//! serde cannot see — unknown dimension values, quotes that are not in the
//! article — is checked by [`KnowledgeBase::validate`].

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use super::identifiers::Identifiers;
use crate::docs::Library;
use crate::lang::Lang;
pub use crate::lang::Localized;
use crate::toolkit::{ContentError, Key, TomlFile};

/// A yes/no verdict as written in the data.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Deserialize,
    serde::Serialize,
    schemars::JsonSchema,
    utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// The article says it works.
    Yes,
    /// The article says it does not.
    No,
    /// The article does not say.
    NotDocumented,
    /// The documented answers differ across what the question leaves open
    /// (an answer value only: content never states it).
    Depends,
}

impl Verdict {
    /// Yes for no and no for yes; other verdicts stay.
    pub fn opposite(self) -> Verdict {
        match self {
            Verdict::Yes => Verdict::No,
            Verdict::No => Verdict::Yes,
            other => other,
        }
    }

    /// The wire name (`yes`, `no`, `not_documented`, `depends`).
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Yes => "yes",
            Verdict::No => "no",
            Verdict::NotDocumented => "not_documented",
            Verdict::Depends => "depends",
        }
    }
}

/// A quoted sentence of a document.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Citation {
    /// Slug of the document quoted, when it is not the file's `doc`: a rule
    /// or fact may rest on any document of the library.
    pub doc: Option<String>,
    /// Section id in that document.
    pub section: String,
    /// The sentence, verbatim, in both languages.
    pub quote: Localized,
}

/// A dimension of management compatibility, as the content declares it:
/// the engine knows none by name.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dimension {
    /// API name, e.g. `admin_os`: a `/api/compat` parameter and a key of
    /// `interpretation` and `options`.
    pub id: String,
    /// Allowed values, in display order.
    pub values: Vec<String>,
    /// Value assumed when a question does not say; a dimension with one is
    /// never what a question is missing, and naming only it is no
    /// compatibility question yet ("manage a cluster").
    pub default: Option<String>,
    /// Its values are platforms (operating systems): a version named right
    /// after one belongs to it ("Windows Server 2003 SP2" is no Exchange SP2).
    #[serde(default)]
    pub platform: bool,
    /// The words of its value names also tie nearby mentions to a side
    /// ("server" in "clustered mailbox server"), unlike those of other values
    /// ("server" in "Windows Server 2008" ties nothing).
    #[serde(default)]
    pub names_side: bool,
    /// A dimension whose value this one takes when a question names that one
    /// and not this (people run the management tools of their servers' version).
    pub follows: Option<String>,
    /// What the dimension is, for answers.
    pub label: Localized,
    /// The question to ask back when it is missing.
    pub clarify: Localized,
}

/// A compatibility rule: a verdict for every combination it matches.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// Stable id.
    pub id: String,
    /// `yes` or `no`.
    pub verdict: Verdict,
    /// Dimension → accepted values; a dimension left out accepts any value.
    pub when: BTreeMap<String, Vec<String>>,
    /// Why, in full sentences.
    pub explain: Localized,
    /// The sentences of the article that state it.
    pub citations: Vec<Citation>,
}

/// A combination that cannot exist (an Exchange version on an operating
/// system it does not support): never a completion of a partial question.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Impossible {
    /// Dimension → values, as in a rule.
    pub when: BTreeMap<String, Vec<String>>,
    /// Why it cannot exist.
    pub citations: Vec<Citation>,
}

/// What to say when no rule matches.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NotDocumented {
    /// Lead-in sentence.
    pub explain: Localized,
    /// Ids of the rules whose statements come closest.
    pub closest: Vec<String>,
}

/// `content/answers/compat.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CompatFile {
    /// Slug of the document the citations point into.
    pub doc: String,
    /// The dimensions, in API order.
    pub dimensions: Vec<Dimension>,
    /// Display names of every value.
    pub values: BTreeMap<String, Localized>,
    /// Rules, first match wins.
    pub rules: Vec<Rule>,
    /// Combinations that cannot exist.
    #[serde(default)]
    pub impossible: Vec<Impossible>,
    /// The fallback.
    pub not_documented: NotDocumented,
    /// How the compatibility matrix lays the dimensions out; no matrix without it.
    pub matrix: Option<MatrixLayout>,
}

/// How the compatibility matrix lays out the dimensions (`[matrix]` in
/// `compat.toml`): which are its rows and columns, which take a laid-out
/// one's value in each cell, and the CSV's column order. Every other
/// dimension is assumed at its `default` in every cell. Served with the
/// matrix, so a client knows which keys of its rows and columns are which.
#[derive(Debug, Clone, Deserialize, serde::Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MatrixLayout {
    /// The dimension whose values are the rows.
    pub rows: String,
    /// The two dimensions whose values make the columns: one column per
    /// value of the second under each value of the first.
    pub columns: Vec<String>,
    /// Dimension → the laid-out dimension whose value it takes in each cell
    /// (a server running the tools' version); the same value names.
    #[serde(default)]
    pub same_as: BTreeMap<String, String>,
    /// The order of the CSV's first columns: every laid-out dimension and
    /// every one in `same_as`, once each (the assumed ones, the verdict and
    /// the note follow).
    pub csv: Vec<String>,
}

impl MatrixLayout {
    /// The dimensions whose values vary from cell to cell: the rows', the
    /// columns' and those that take one of theirs.
    pub fn varying(&self) -> impl Iterator<Item = &str> {
        (std::iter::once(&self.rows).chain(&self.columns))
            .chain(self.same_as.keys())
            .map(String::as_str)
    }
}

/// A value the article states, and the values a question may assert instead.
///
/// A question asserting an `agree` phrase agrees with the article; one
/// asserting a `contradict` phrase contradicts it. A negation right before a
/// phrase ("you do *not* need to remove…") turns it around.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Check {
    /// The check applies only when one of these phrases is in the question
    /// (e.g. only to questions about CCR); empty: always. Two or more checks
    /// with `when` are the cases the fact tells apart: a question naming none
    /// of them is answered `depends` (a check may be only its `when`, a case
    /// in which the fact's own verdict holds).
    #[serde(default)]
    pub when: Vec<String>,
    /// Ways of asserting what the article states.
    #[serde(default)]
    pub agree: Vec<String>,
    /// Ways of asserting something else (a wrong number, version, direction, extent).
    #[serde(default)]
    pub contradict: Vec<String>,
    /// Ways of asserting something the article makes depend on a condition
    /// ("do I *need* Remote Desktop?": only with several operating systems).
    #[serde(default)]
    pub conditional: Vec<String>,
    /// The numbers the article states here: a number in the question agrees
    /// when it is one of them and contradicts otherwise (an empty list: the
    /// article gives no number, so any number contradicts).
    pub numbers: Option<Vec<String>>,
    /// Whether the article says the figure varies ("the amount of downtime
    /// varies with the time each organization takes"): a number in the
    /// question then neither agrees nor contradicts, it depends. Read with
    /// `numbers = []`.
    #[serde(default)]
    pub numbers_vary: bool,
    /// Whether what it agrees with is only possible in its case ("SCC
    /// environments can have multiple passive nodes"): said to hold always
    /// ("does SCC always have several?"), it is false. Otherwise a value of
    /// the case named holds in every instance of it ("CCR always has one").
    #[serde(default)]
    pub possible: bool,
}

/// A procedure fact: what the article states, how questions name it, and the
/// values a question can get right or wrong.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fact {
    /// Stable id.
    pub id: String,
    /// The sentences that state it.
    pub citations: Vec<Citation>,
    /// Keyword groups; a question is about the fact when every group matches.
    pub about: Vec<Vec<String>>,
    /// The verdict of a yes/no question that asserts none of the checked
    /// values ("is there downtime?"); absent: such a question gets the
    /// statement without a verdict.
    pub verdict: Option<Verdict>,
    /// Advice whose topic settles the question even when it names versions or
    /// operating systems ("is Remote Desktop the way to manage both?").
    #[serde(default)]
    pub before_compatibility: bool,
    /// A requirement of the procedure (Windows Server 2003 SP2 on every
    /// node, no clustered mailbox server on the node being upgraded): what
    /// a sentence of context says of the asker's cluster is checked against
    /// it, whatever the question then asks ("We're on Windows 2003 SP1. Can
    /// I upgrade the passive node now?"). Other facts read a sentence of
    /// context only when the asking sentence names them too, or refers back
    /// to it (`[assertions] refers_back`).
    #[serde(default)]
    pub requirement: bool,
    /// The fact in full sentences, true whatever the question asserted.
    pub statement: Localized,
    /// The values the article states.
    #[serde(default)]
    pub checks: Vec<Check>,
    /// What the fact does not cover, although a question about it may name
    /// it ("from SP1 to SP2" for upgrades the article states from RTM): a
    /// claim naming one is left unchecked, never answered yes or no from
    /// this fact.
    #[serde(default)]
    pub not_covered: Vec<String>,
    /// Steps of the procedure, in the article's order, each as the phrases
    /// that name it: a question putting two of them the other way round
    /// ("first B, then A", "B before A", "depois de B, A") contradicts it.
    /// (The article's order confirms nothing beyond what `checks` read.)
    #[serde(default)]
    pub order: Vec<Vec<String>>,
}

impl Check {
    /// Whether the check is one of the cases its fact reads differently in:
    /// scoped by `when`; a `numbers` check only scopes a figure to its unit
    /// ("minutes"), it is no case.
    pub fn is_case(&self) -> bool {
        !self.when.is_empty() && self.numbers.is_none()
    }
}

impl Fact {
    /// Whether two or more of its cases state a value of their own: a
    /// question asking for the value then gets "it depends" when it names
    /// no case ("How many passive nodes?": one in CCR, several in SCC). A
    /// fact with one such case answers it whatever the question leaves out
    /// ("What is the Setup wizard for?": creating a new clustered mailbox
    /// server; the upgrade case only rules a use out).
    pub fn values_differ_by_case(&self) -> bool {
        let stating = (self.checks.iter())
            .filter(|c| c.is_case())
            .filter(|c| !c.agree.is_empty() || !c.conditional.is_empty());
        stating.count() >= 2
    }
}

/// `content/answers/facts.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FactsFile {
    /// Slug of the document the citations point into.
    pub doc: String,
    /// The facts.
    pub facts: Vec<Fact>,
}

/// Question-shape cues.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuestionCues {
    /// "How…" phrases.
    pub how: Vec<String>,
    /// "Which…" phrases.
    pub which: Vec<String>,
    /// Dimension → phrases naming it after a "which".
    pub ask: BTreeMap<String, Vec<String>>,
    /// Words that open a yes/no question ("is", "can"): a "how" or "which"
    /// further on does not make it a how or which question ("Is Adminpak.msi
    /// how I get the tools?").
    #[serde(default)]
    pub yes_no: Vec<String>,
    /// Words that open a question asking for something other than yes or no
    /// ("how many", "qual parâmetro", "where"): only at the start of the
    /// claim, so "Is it true which…" stays a yes/no question.
    #[serde(default)]
    pub open: Vec<String>,
    /// Words that open a condition ("if", "se", "caso"): the question itself
    /// is asked in the clause after it ("If I run several systems, what…?").
    #[serde(default)]
    pub condition: Vec<String>,
    /// Words a question may open with before it asks ("Então qual…?", "So
    /// what is…?", "ok, can I…?"): the question opens after them.
    #[serde(default)]
    pub lead_in: Vec<String>,
    /// Question words that ask for a value when they end the question, as
    /// spoken Portuguese asks ("uso o quê?", "começa quando?").
    #[serde(default)]
    pub asked_last: Vec<String>,
    /// Words that report a question someone else asks ("o cliente quer
    /// saber se", "the customer asks whether"): in a question with no
    /// question mark, the question is asked after them.
    #[serde(default)]
    pub reported: Vec<String>,
    /// Question words that ask for an amount wherever they stand ("num
    /// ambiente CCR quantos nós…?", "the downtime lasts how long?"): no
    /// assertion is ever made with them.
    #[serde(default)]
    pub asks_anywhere: Vec<String>,
    /// Question words inside a claim ("Adminpak.msi is how I get the
    /// tools, right?", "depends on how long we take?"): each phrase ends
    /// with the question word it makes part of what is asserted.
    #[serde(default)]
    pub embedded: Vec<String>,
    /// Second halves of a choice between two answers ("…before the passive
    /// node or the active one?", "…antes ou depois?"): among a question's
    /// last words they make it ask which, never for a yes or no.
    #[serde(default)]
    pub alternative: Vec<String>,
    /// Words that leave a choice open ("any", "qualquer"): an alternative a
    /// few words after one lists what it covers ("…on any node, active or
    /// passive?") and asks for no choice.
    #[serde(default)]
    pub whichever: Vec<String>,
    /// Both halves of a choice said together ("before or after", "antes ou
    /// depois", "manually or automatically"): wherever they stand, the
    /// question asks which, never for a yes or no.
    #[serde(default)]
    pub either_or: Vec<String>,
    /// Question words that ask only where they open the question ("Que
    /// alternativa o artigo sugere?"); further on they are relative words
    /// ("…um servidor autônomo, que não tá em cluster?").
    #[serde(default)]
    pub open_first: Vec<String>,
    /// Words joining two values offered as alternatives ("Setup.com or
    /// Setup.exe?"): a question offering two of a check's values this way
    /// asks which, never for a yes or no ("it depends" when which one turns
    /// on a case the question leaves open).
    #[serde(default)]
    pub choice: Vec<String>,
    /// Words joining a second value of a compatibility dimension to the
    /// first ("and", "e também"): the claim is said of both, so it holds
    /// only where it holds for each ("Can XP and Vista manage a CMS…?" is
    /// `no`).
    #[serde(default)]
    pub both: Vec<String>,
    /// The word a node's host name is read as ("Can I upgrade NODE2?" reads
    /// "Can I upgrade hostname?"), so phrases can name a node whose role the
    /// question does not give. A host name is a word of letters and digits
    /// that neither the lexicon nor the documents spell whole.
    #[serde(default)]
    pub host_name: Option<String>,
    /// Words that list host names together ("EXCH-N2 e EXCH-N3 passivos"):
    /// a role said after the list is each one's. A "/" or "," between two
    /// names lists them too.
    #[serde(default)]
    pub host_list: Vec<String>,
    /// Role word → the words a host name given that role is read as
    /// ("EXCH-N1 is active… upgrade EXCH-N1?" reads "upgrade active node?").
    #[serde(default)]
    pub host_roles: BTreeMap<String, String>,
    /// Phrase → the words the host named right after it (one word, such as
    /// an article, between allowed) is read as: "the CMS is on EXCH-N1", "o CMS está no
    /// N1" make EXCH-N1, N1 the active node.
    #[serde(default)]
    pub host_places: BTreeMap<String, String>,
    /// A role's words → the words every other host named with no role is
    /// read as, when exactly one host has that role: "active node" =
    /// "passive node" (a passive node is any node holding no clustered
    /// mailbox server, so "The CMS is on NODE1. Can I upgrade NODE2?" asks
    /// about a passive node).
    #[serde(default)]
    pub host_role_others: BTreeMap<String, String>,
    /// Phrases moving the clustered mailbox server to the host named right
    /// after them ("move it to", "mover o CMS para o"): from there on that
    /// host holds it, and the one that held it is another node.
    #[serde(default)]
    pub host_moves: Vec<String>,
    /// The clustered mailbox server's nouns ("CMS", "clustered mailbox
    /// server"): a host named right after one is the server by its own name
    /// ("the CMS MBX01"), read wherever it is named as the noun, no node.
    #[serde(default)]
    pub server_names: Vec<String>,
    /// A role's words → the words the host that had it is read as once the
    /// CMS is moved off it: "active node" = "originalactive node".
    #[serde(default)]
    pub host_moved_from: BTreeMap<String, String>,
    /// Words naming a cluster node that, followed by one capital letter or
    /// a number of one or two digits, make a host name: "node B", "nó 1".
    #[serde(default)]
    pub host_nouns: Vec<String>,
    /// Host nouns that, written without their accent, are also a
    /// contraction ("no", "nos": "in the"): after them "A", "E" and "O" are
    /// words of prose, never a node's name.
    #[serde(default)]
    pub host_noun_contractions: Vec<String>,
    /// Words naming one node by what it was ("originalactive", the
    /// shorthand of "the original active node"): read as a host name that
    /// keeps its word, so a role the question gives it in several words,
    /// after a word of change or by a place ("the CMS is still on the
    /// original active node") is read wherever it is named. A role word
    /// alone near it is another node's ("upgrade the passive node, then the
    /// original active node").
    #[serde(default)]
    pub host_designations: Vec<String>,
    /// Pronouns that stand for the host named last before them → the
    /// preposition they hold ("nele" is "no" + "ele"; "" for none): "EXCH-N2
    /// passivo. posso atualizar ele?" asks about EXCH-N2. One holding no
    /// preposition stands for a host only right after a word of
    /// `host_pronoun_leads`.
    #[serde(default)]
    pub host_pronouns: BTreeMap<String, String>,
    /// Words after which a pronoun of `host_pronouns` is the thing acted on,
    /// a host ("atualizar ele", "upgrade it", "run SP1 on it"), not the
    /// subject of a clause or a group moved ("mover ele pro N1").
    #[serde(default)]
    pub host_pronoun_leads: Vec<String>,
    /// Words after which a role replaces the one a host was given before:
    /// "the old active node EXCH-N1 is now passive" makes EXCH-N1 passive.
    #[serde(default)]
    pub host_role_change: Vec<String>,
    /// Words that say only how a host is treated in a plan: a word of change
    /// before one of them changes no role ("upgrade node B now as the
    /// passive node").
    #[serde(default)]
    pub host_role_as: Vec<String>,
    /// Words after which a role is one a host had, not its role now: "the
    /// old active node EXCH-N1" gives EXCH-N1 no role.
    #[serde(default)]
    pub host_role_past: Vec<String>,
    /// Words up to three before a role that make it one an action will
    /// give the host, not its role now: "…bring it online on SCC-N2, making
    /// that the active node" gives SCC-N2 no role.
    #[serde(default)]
    pub host_role_next: Vec<String>,
}

/// Anchors tying a mention to the tools side or the server side.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Anchors {
    /// Nouns naming the computer running the management tools.
    pub tools: Vec<String>,
    /// Nouns naming the managed server or cluster.
    pub server: Vec<String>,
    /// Phrases introducing the tools' computer ("using", "computer
    /// running"); said after a noun, of that noun ("the cluster using
    /// Windows Server 2008" is the server's side).
    pub tools_lead: Vec<String>,
    /// Phrases naming where the tools run from ("from", "a partir de"):
    /// what follows is the tools' computer, whatever noun stands before.
    #[serde(default)]
    pub tools_from: Vec<String>,
    /// Phrases introducing the server's software ("running", "executa").
    pub server_lead: Vec<String>,
    /// Management verbs in the active voice ("manage", "gerencia"): what is
    /// named before one is the tools' computer, its subject; what is named
    /// right after it, the server it manages.
    #[serde(default)]
    pub tools_verb: Vec<String>,
}

/// Intent cues.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IntentCues {
    /// Management verbs.
    pub management: Vec<String>,
    /// Names of the management tools.
    pub tools: Vec<String>,
}

/// What a question asserts beyond its topic, and how it asserts it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssertionCues {
    /// Words that turn the phrase right after them around ("not", "não").
    pub negation: Vec<String>,
    /// Words that join two clauses ("and", "but"): no gap (`~`) in a
    /// phrase skips one, so a phrase does not read one clause into another.
    #[serde(default)]
    pub clause_join: Vec<String>,
    /// Product names ("exchange", "windows"): a version ("SP1") after one
    /// and its version number belongs to that product ("Exchange 2007
    /// SP1"), so no gap in a phrase reads it as the version of a system
    /// named before ("Win 2003 + Exchange 2007 SP1" is no "2003 ~ sp1").
    #[serde(default)]
    pub product: Vec<String>,
    /// Phrases that make a question a statement to confirm ("is it true that",
    /// "right?", "né?"): only then does a negation at its very start count.
    pub statement: Vec<String>,
    /// Words that assert an extent or a quantity ("only", "completely", "three"):
    /// a yes or no needs each of them checked. Words with digits always count.
    pub assertive: Vec<String>,
    /// Number words ("two", "três"): assertive like `assertive`, but never
    /// part of a checked phrase they stand next to ("two passive nodes
    /// first" asserts a count the order does not check).
    #[serde(default)]
    pub numbers: Vec<String>,
    /// Words a number before them describes the size of ("two-node
    /// cluster", "tenho 2 nós"): the article states no such size, so the
    /// number asserts nothing to check, unless a role word follows ("dois
    /// nós passivos", `[question.host_roles]`).
    #[serde(default)]
    pub sizes: Vec<String>,
    /// Words that claim something holds in every case ("always", "sempre"):
    /// a claim that holds in one case the question leaves open and not in
    /// another is then false, not "it depends".
    #[serde(default)]
    pub universal: Vec<String>,
    /// Those of `universal` that, right before a count, name the members of
    /// one set ("all three passive nodes", "todos os 3"): no claim about
    /// every case there ("always two" still is one).
    #[serde(default)]
    pub collective: Vec<String>,
    /// Words that claim the value named right after them is the only one
    /// ("only", "somente", "só pode"): in a compatibility question, true
    /// where that value works and no other value of its dimension does
    /// ("can a CMS on Windows Server 2008 only be managed from Windows
    /// Server 2008?").
    #[serde(default)]
    pub exclusive: Vec<String>,
    /// Words that call a value the only one ("the only", "o único"): said
    /// of the value before them in their clause ("Is XP the only…"), or,
    /// when none comes before, of the last one after them ("the only OS
    /// supported… is Windows Server 2008?"). Read like `exclusive`.
    #[serde(default)]
    pub sole: Vec<String>,
    /// Negations that deny the verb right after them ("can't run"): one
    /// right before a fact's topic word denies the claim about that fact.
    #[serde(default)]
    pub denial: Vec<String>,
    /// What a claim says of its subject ("is supported", "é possível",
    /// "serve"): a denial right before one denies the claim, as one right
    /// before a fact's topic word does.
    #[serde(default)]
    pub predicate: Vec<String>,
    /// Words opening a relative clause ("que", "that"): a negation right
    /// after one describes something and denies nothing.
    #[serde(default)]
    pub relative: Vec<String>,
    /// Words that make what follows a requirement ("does each node need a
    /// reboot?"); a requirement whose first word (past articles) neither the
    /// documents nor the lexicon spell goes unchecked.
    #[serde(default)]
    pub requirement: Vec<String>,
    /// The same, said after what is required ("is a reboot required?").
    #[serde(default)]
    pub required: Vec<String>,
    /// Verbs that only carry what a requirement names ("take a backup",
    /// "fazer um backup"): the requirement is the word after them.
    #[serde(default)]
    pub light_verbs: Vec<String>,
    /// Subjects an inverted requirement puts before what it requires ("must
    /// they suspend…?", "should we…?"): the requirement is the word after.
    #[serde(default)]
    pub requirement_subjects: Vec<String>,
    /// Words that put a claim in the article's mouth ("the doc says to…",
    /// "segundo o artigo"): a command the documents never mention is then
    /// a wrong quote of the command the article gives, not something it
    /// leaves out.
    #[serde(default)]
    pub attributed: Vec<String>,
    /// Negative words that agree with a negation before them instead of
    /// turning it around (Portuguese negative concord: "não tem nenhum
    /// outro grupo" has no other group).
    #[serde(default)]
    pub concord: Vec<String>,
    /// Verbs that link what is required to a `required` word after them
    /// ("which version *is* required?", "qual versão *é* necessária?").
    #[serde(default)]
    pub linking: Vec<String>,
    /// Words that, right before a `required` word, leave what is required
    /// to an earlier part of the question ("is that actually required?"):
    /// nothing is checked there.
    #[serde(default)]
    pub required_elsewhere: Vec<String>,
    /// Words that end what a negation governs ("before", "antes"): a
    /// negation that turns a checked phrase around also turns around the
    /// checked phrases after it up to one of these ("no need to remove them
    /// by hand" denies "by hand" too; "… before installing" is not denied).
    #[serde(default)]
    pub scope_end: Vec<String>,
    /// Negations of a noun ("sem", "without"): they turn around only a phrase
    /// right after them, or after words listed in `noun_negation_reach`
    /// ("sem interrupção (rolling upgrade)" does not deny "rolling").
    #[serde(default)]
    pub noun_negation: Vec<String>,
    /// What a noun negation reaches across: articles and the verbs of
    /// need ("without any downtime", "sem precisar mover").
    #[serde(default)]
    pub noun_negation_reach: Vec<String>,
    /// Articles an extent word reaches across to the checked phrase it
    /// qualifies ("only a single passive node"); any other word between
    /// them keeps the extent unchecked ("we only have one…").
    #[serde(default)]
    pub extent_reach: Vec<String>,
    /// Openings that make the question's first clause (up to its first
    /// comma) a premise ("Since…,", "Já que…,"): the claim to answer is the
    /// rest, and a premise the article contradicts makes the answer no.
    #[serde(default)]
    pub premise: Vec<String>,
    /// Openings that ask whether the opposite of the claim holds ("Is it
    /// wrong to…?", "É errado…?"): a yes or no answers that.
    #[serde(default)]
    pub asks_opposite: Vec<String>,
    /// Words that put the step named after them later than another one
    /// (see `Fact::order`): "A before B", "antes de B, A".
    #[serde(default)]
    pub order_before: Vec<String>,
    /// Words that put the step named after them earlier: "A after B",
    /// "depois de B, A".
    #[serde(default)]
    pub order_after: Vec<String>,
    /// Words between two steps that put the first one first: "A, then B",
    /// "A e depois B".
    #[serde(default)]
    pub order_then: Vec<String>,
    /// Words before two steps that put the first one first: "primeiro A,
    /// …".
    #[serde(default)]
    pub order_first: Vec<String>,
    /// Words that make the case named right after them a reference, not
    /// the case of the claim ("SCC has one passive node, same as CCR?").
    #[serde(default)]
    pub comparison: Vec<String>,
    /// Words that make what is named right after them a reference the
    /// claim sets itself apart from ("Setup.exe, unlike Setup.com, only
    /// creates a new CMS", "ao contrário do SCC"): no value or case there
    /// is claimed.
    #[serde(default)]
    pub contrast: Vec<String>,
    /// Negations that, opening a short clause after the claim, say what
    /// it is not ("Upgrade the passive node first, not the active node,
    /// right?"): what they name is set apart, and they deny nothing.
    #[serde(default)]
    pub contrast_clause: Vec<String>,
    /// Words that open a clause conceding something of another subject
    /// ("even though the cluster tools can't", "embora o XP não
    /// gerencie"): a negation in that clause turns nothing of the claim
    /// around.
    #[serde(default)]
    pub concession: Vec<String>,
    /// Words by which an asking sentence refers back to its context ("Is
    /// that step required?", "Isso procede?"): what the context says is
    /// then what it asks about, for every fact.
    #[serde(default)]
    pub refers_back: Vec<String>,
    /// Words that open a proviso after the claim ("…is supported as long as
    /// you do the passive node first"): what it agrees with is a condition,
    /// not the claim.
    #[serde(default)]
    pub proviso: Vec<String>,
}

/// `content/answers/lexicon.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LexiconFile {
    /// Marker words per language tag.
    pub language: BTreeMap<String, Vec<String>>,
    /// Value → the ways people write it.
    pub values: BTreeMap<String, Vec<String>>,
    /// Side anchors.
    pub anchors: Anchors,
    /// Question shapes.
    pub question: QuestionCues,
    /// Intents.
    pub intent: IntentCues,
    /// Assertions.
    pub assertions: AssertionCues,
    /// Named lists of phrases that other phrase lists use as `@name`, so a
    /// way of saying something added once reaches every fact that uses it.
    #[serde(default)]
    pub concepts: BTreeMap<String, Vec<String>>,
    /// Chat shorthand → the words it stands for ("oq" → "o que", "whats" →
    /// "what is", "sp 1" → "sp1"), put in its place before a question is
    /// read, so every phrase list reads the long form only.
    #[serde(default)]
    pub shorthand: BTreeMap<String, String>,
    /// Words users say for what the content says ("standby" → "passive",
    /// "reserva" → "passivo"), put in their place like shorthand: one
    /// canonical word keeps every phrase list short.
    #[serde(default)]
    pub synonyms: BTreeMap<String, String>,
}

/// `content/answers/messages.toml`: the fixed parts of answers.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Messages {
    /// "Yes."
    pub yes: Localized,
    /// "No."
    pub no: Localized,
    /// Lead-in to the dimensions an answer depends on.
    pub depends_on: Localized,
    /// Lead-in to the exceptions of a conditional yes.
    pub except: Localized,
    /// Why a value claimed to be the only one is not: another value works
    /// too (`{value}`: the value claimed, `{other}`: one that works too).
    pub not_only: Localized,
    /// Lead-in when a yes or no is withheld because the question asserts
    /// something nothing checks.
    pub article_says: Localized,
    /// "It depends:", before a fact that holds only under a condition.
    pub it_depends: Localized,
    /// Lead-in to the cases where a `depends` answer is yes.
    pub depends_yes: Localized,
    /// Lead-in to the cases where a `depends` answer is no.
    pub depends_no: Localized,
    /// Closing of a `depends` answer some of whose cases the article does not document.
    pub depends_undocumented: Localized,
    /// Lead-in to the options of a "which" question.
    pub options_for: Localized,
    /// When no combination fits.
    pub no_options: Localized,
    /// The polite answer to an out-of-scope question, before the titles of
    /// the documents the knowledge base covers.
    pub out_of_scope: Localized,
    /// After the first titles, how many more documents there are (`{count}`).
    pub out_of_scope_more: Localized,
    /// The end of the answer to an out-of-scope question.
    pub out_of_scope_end: Localized,
    /// The answer to a yes/no question on the documents' subject that they
    /// do not answer.
    pub not_said: Localized,
    /// "and", to join a list.
    pub and: Localized,
    /// Lead-in of a compatibility answer to a question naming something the
    /// documents the rules rest on do not cover: `{documents}` (their
    /// titles) and `{term}` (what the question named) are filled in.
    pub outside: Localized,
}

/// What one document is about and what it does not cover (`scope.toml`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentScope {
    /// Products and versions it is about: a question names them without
    /// asserting anything.
    #[serde(default)]
    pub subject: Vec<String>,
    /// Products and versions it does not cover: a question naming one gets
    /// no yes or no from what rests on this document alone.
    #[serde(default)]
    pub outside: Vec<String>,
}

/// Everything the answer engine knows, as loaded.
#[derive(Debug, Clone)]
pub struct KnowledgeBase {
    /// Compatibility rules.
    pub compat: CompatFile,
    /// Procedure facts.
    pub facts: FactsFile,
    /// The lexicon.
    pub lexicon: LexiconFile,
    /// Fixed answer parts.
    pub messages: Messages,
    /// Per document slug, what it is about and what it does not cover (`scope.toml`).
    pub scope: BTreeMap<String, DocumentScope>,
    /// `compat.toml`, `facts.toml`, `lexicon.toml`, `scope.toml` and
    /// `messages.toml` as read, so that a problem found after parsing points at its line and column.
    pub files: [TomlFile; 5],
    /// The commands, cmdlets and files the documents mention: a question
    /// naming any other is never confirmed.
    pub identifiers: Identifiers,
    /// The documents' titles per language, from their front matter, in
    /// listing order: what an out-of-scope answer says the knowledge base
    /// covers, and which documents do not cover what a question names.
    pub titles: BTreeMap<Lang, Vec<DocumentTitle>>,
}

/// A document's title in one language (from its front matter), by its slug.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentTitle {
    /// The document's slug.
    pub slug: String,
    /// Its title.
    pub title: String,
}

/// Dimension ids that would collide with another field of the answer's
/// `interpretation` or `options`, or with a `/api/compat` parameter.
const RESERVED_DIMENSIONS: [&str; 4] = ["fact", "unchecked", "verdict", "lang"];

fn load_toml<T: for<'de> Deserialize<'de>>(
    path: &Path,
    errors: &mut Vec<ContentError>,
) -> Option<(TomlFile, T)> {
    let loaded = TomlFile::read(path).and_then(|file| {
        let parsed = file.parse()?;
        Ok((file, parsed))
    });
    loaded.map_err(|e| errors.push(e)).ok()
}

impl KnowledgeBase {
    /// Loads `compat.toml`, `facts.toml`, `lexicon.toml`, `messages.toml`
    /// and `scope.toml` from `dir`.
    pub fn load(dir: &Path, errors: &mut Vec<ContentError>) -> Option<KnowledgeBase> {
        let compat = load_toml::<CompatFile>(&dir.join("compat.toml"), errors);
        let facts = load_toml::<FactsFile>(&dir.join("facts.toml"), errors);
        let lexicon = load_toml::<LexiconFile>(&dir.join("lexicon.toml"), errors);
        let messages = load_toml::<Messages>(&dir.join("messages.toml"), errors);
        let scope = load_toml::<BTreeMap<String, DocumentScope>>(&dir.join("scope.toml"), errors);
        let (
            (compat_file, compat),
            (facts_file, facts),
            (lexicon_file, lexicon),
            (messages_file, messages),
            (scope_file, scope),
        ) = (compat?, facts?, lexicon?, messages?, scope?);
        Some(KnowledgeBase {
            compat,
            facts,
            lexicon,
            messages,
            scope,
            files: [compat_file, facts_file, lexicon_file, scope_file, messages_file],
            identifiers: Identifiers::default(),
            titles: BTreeMap::new(),
        })
    }

    /// The dimension with API name `id`.
    pub fn dimension(&self, id: &str) -> Option<&Dimension> {
        self.compat.dimensions.iter().find(|d| d.id == id)
    }

    /// Checks what parsing cannot: values, dimensions, rule references and
    /// quotes; each problem at the line and column of the value concerned.
    pub fn validate(&self, library: &Library) -> Vec<ContentError> {
        let mut errors = Vec::new();
        let [compat_file, facts_file, lexicon_file, scope_file, _] = &self.files;
        let known_value = |v: &str| {
            self.compat
                .dimensions
                .iter()
                .any(|d| d.values.iter().any(|x| x == v))
        };
        let mut err =
            |file: &TomlFile, keys: &[Key<'_>], message: String| errors.push(file.error(keys, message));

        for (i, dimension) in self.compat.dimensions.iter().enumerate() {
            let at = |field: &'static str| [Key::from("dimensions"), Key::from(i), Key::from(field)];
            if RESERVED_DIMENSIONS.contains(&dimension.id.as_str())
                || self.compat.dimensions[..i].iter().any(|d| d.id == dimension.id)
            {
                err(
                    compat_file,
                    &at("id"),
                    format!(
                        "dimension id `{}` is taken (ids are unique and not one of {})",
                        dimension.id,
                        RESERVED_DIMENSIONS.join(", ")
                    ),
                );
            }
            if let Some(other) = dimension
                .follows
                .as_deref()
                .filter(|o| self.dimension(o).is_none())
            {
                err(
                    compat_file,
                    &at("follows"),
                    format!(
                        "dimension `{}` follows `{other}`, which is not a dimension",
                        dimension.id
                    ),
                );
            }
            for (field, value) in (dimension.values.iter().map(|v| ("values", v)))
                .chain(dimension.default.iter().map(|v| ("default", v)))
            {
                if !self.compat.values.contains_key(value) {
                    err(
                        compat_file,
                        &at(field),
                        format!("value `{value}` of `{}` has no entry in [values]", dimension.id),
                    );
                }
            }
            if let Some(default) = dimension
                .default
                .as_ref()
                .filter(|v| !dimension.values.contains(v))
            {
                err(
                    compat_file,
                    &at("default"),
                    format!(
                        "default `{default}` is not one of the values of `{}`",
                        dimension.id
                    ),
                );
            }
        }
        let whens = (self.compat.rules.iter().enumerate())
            .map(|(i, r)| (format!("rule `{}`", r.id), "rules", i, &r.when))
            .chain(
                (self.compat.impossible.iter().enumerate())
                    .map(|(i, c)| (format!("impossible #{}", i + 1), "impossible", i, &c.when)),
            );
        for (name, table, i, when) in whens {
            for (dimension, values) in when {
                let at = [
                    Key::from(table),
                    Key::from(i),
                    Key::from("when"),
                    Key::from(dimension),
                ];
                match self.dimension(dimension) {
                    None => err(
                        compat_file,
                        &at,
                        format!("{name}: unknown dimension `{dimension}`"),
                    ),
                    Some(d) => {
                        for v in values.iter().filter(|v| !d.values.contains(v)) {
                            err(
                                compat_file,
                                &at,
                                format!("{name}: `{v}` is not a value of `{dimension}`"),
                            );
                        }
                    }
                }
            }
        }
        for (i, rule) in self.compat.rules.iter().enumerate() {
            if matches!(rule.verdict, Verdict::NotDocumented | Verdict::Depends) {
                err(
                    compat_file,
                    &[Key::from("rules"), Key::from(i), Key::from("verdict")],
                    format!("rule `{}`: a rule says yes or no; silence needs no rule", rule.id),
                );
            }
        }
        for (i, id) in self.compat.not_documented.closest.iter().enumerate() {
            if !self.compat.rules.iter().any(|r| &r.id == id) {
                err(
                    compat_file,
                    &[Key::from("not_documented"), Key::from("closest"), Key::from(i)],
                    format!("not_documented.closest: no rule `{id}`"),
                );
            }
        }
        for value in self.lexicon.values.keys().filter(|v| !known_value(v)) {
            err(
                lexicon_file,
                &[Key::from("values"), Key::from(value)],
                format!("[values]: `{value}` is not a value of any dimension"),
            );
        }
        for dimension in self
            .lexicon
            .question
            .ask
            .keys()
            .filter(|d| self.dimension(d).is_none())
        {
            err(
                lexicon_file,
                &[Key::from("question"), Key::from("ask"), Key::from(dimension)],
                format!("[question.ask]: unknown dimension `{dimension}`"),
            );
        }
        // Words as a question is read: lower case without accents, one space apart.
        let folded = |text: &str| {
            !text.is_empty()
                && text
                    .split(' ')
                    .all(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()))
        };
        if let Some(host) = &self.lexicon.question.host_name
            && (!folded(host) || host.contains(' '))
        {
            err(
                lexicon_file,
                &[Key::from("question"), Key::from("host_name")],
                format!(
                    "[question] host_name: `{host}` must be one word, lower case without accents \
                     (the word host names are read as)"
                ),
            );
        }
        let role_tables = [
            ("host_roles", &self.lexicon.question.host_roles),
            ("host_places", &self.lexicon.question.host_places),
        ];
        for (table, role, words) in role_tables
            .into_iter()
            .flat_map(|(table, roles)| roles.iter().map(move |(r, w)| (table, r, w)))
        {
            let phrase = role.split(' ').all(|w| {
                w == "~"
                    || (!w.is_empty()
                        && w.trim_end_matches('*')
                            .chars()
                            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()))
            });
            if !phrase || !folded(words) {
                err(
                    lexicon_file,
                    &[Key::from("question"), Key::from(table), Key::from(role)],
                    format!(
                        "[question.{table}]: `{role}` = `{words}` must map a role phrase (words, \
                         `word*` prefixes, `~` gaps) to the words a host name with that role is read as, \
                         lower case without accents, separated by single spaces"
                    ),
                );
            }
        }
        // A role the others are read against must be one a host can be given.
        let given: Vec<&String> = role_tables.iter().flat_map(|(_, roles)| roles.values()).collect();
        for (table, map) in [
            ("host_role_others", &self.lexicon.question.host_role_others),
            ("host_moved_from", &self.lexicon.question.host_moved_from),
        ] {
            for (role, others) in map {
                if !given.contains(&role) || !folded(others) {
                    err(
                        lexicon_file,
                        &[Key::from("question"), Key::from(table), Key::from(role.as_str())],
                        format!(
                            "[question.{table}]: `{role}` = `{others}` must map the words of a role \
                             [question.host_roles] or [question.host_places] gives to the words another \
                             host is read as, lower case without accents"
                        ),
                    );
                }
            }
        }
        // The move is read only for a holder whose others are read (reading.rs looks
        // `host_moved_from` up by a `host_role_others` key): any other key is dead.
        for role in (self.lexicon.question.host_moved_from.keys())
            .filter(|role| !self.lexicon.question.host_role_others.contains_key(*role))
        {
            err(
                lexicon_file,
                &[
                    Key::from("question"),
                    Key::from("host_moved_from"),
                    Key::from(role.as_str()),
                ],
                format!(
                    "[question.host_moved_from]: `{role}` is not a key of [question.host_role_others]: \
                     only a host that alone holds the CMS can have it moved off"
                ),
            );
        }
        // A contraction is a host noun that reads as a preposition when unaccented.
        for word in (self.lexicon.question.host_noun_contractions.iter())
            .filter(|word| !self.lexicon.question.host_nouns.contains(word))
        {
            err(
                lexicon_file,
                &[Key::from("question"), Key::from("host_noun_contractions")],
                format!(
                    "[question] host_noun_contractions: `{word}` is not in host_nouns: \
                     a contraction is a host noun that also reads as a preposition"
                ),
            );
        }
        for (table, words) in [
            ("host_nouns", &self.lexicon.question.host_nouns),
            (
                "host_noun_contractions",
                &self.lexicon.question.host_noun_contractions,
            ),
            ("host_designations", &self.lexicon.question.host_designations),
            ("host_role_as", &self.lexicon.question.host_role_as),
            ("host_role_next", &self.lexicon.question.host_role_next),
        ] {
            for word in words.iter().filter(|word| !folded(word) || word.contains(' ')) {
                err(
                    lexicon_file,
                    &[Key::from("question"), Key::from(table)],
                    format!("[question] {table}: `{word}` must be one word, lower case without accents"),
                );
            }
        }
        let replaced = [
            ("shorthand", &self.lexicon.shorthand),
            ("synonyms", &self.lexicon.synonyms),
        ];
        for (table, words) in replaced {
            for (short, long) in words {
                if !folded(short) || !folded(long) {
                    err(
                        lexicon_file,
                        &[Key::from(table), Key::from(short)],
                        format!(
                            "[{table}]: `{short}` = `{long}` must map words to words, \
                             lower case without accents, separated by single spaces"
                        ),
                    );
                }
            }
        }
        for tag in self.lexicon.language.keys() {
            if !Lang::ALL.iter().any(|l| l.as_str() == tag) {
                err(
                    lexicon_file,
                    &[Key::from("language"), Key::from(tag)],
                    format!("[language]: `{tag}` must be pt-BR or en"),
                );
            }
        }
        let rule_citations = (self.compat.rules.iter().enumerate())
            .flat_map(|(i, r)| located(&r.citations, ("rules", i)))
            .chain(
                (self.compat.impossible.iter().enumerate())
                    .flat_map(|(i, c)| located(&c.citations, ("impossible", i))),
            );
        check_quotes(
            library,
            &self.compat.doc,
            compat_file,
            rule_citations,
            &mut errors,
        );
        let fact_citations =
            (self.facts.facts.iter().enumerate()).flat_map(|(i, f)| located(&f.citations, ("facts", i)));
        check_quotes(library, &self.facts.doc, facts_file, fact_citations, &mut errors);
        errors.extend(self.unknown_concepts());
        errors.extend(self.unknown_placeholders());
        for (slug, scope) in &self.scope {
            if Lang::ALL.iter().all(|&lang| library.get(slug, lang).is_none()) {
                errors.push(scope_file.error(
                    &[Key::from(slug)],
                    format!("`{slug}` is not a document: scopes are declared by document slug"),
                ));
            }
            for (field, phrases) in [("subject", &scope.subject), ("outside", &scope.outside)] {
                for (k, phrase) in phrases.iter().enumerate() {
                    let name = phrase.strip_prefix('@');
                    if let Some(name) = name.filter(|n| !self.lexicon.concepts.contains_key(*n)) {
                        errors.push(scope_file.error(
                            &[Key::from(slug.as_str()), Key::from(field), Key::from(k)],
                            format!("`@{name}` is not a concept of lexicon.toml [concepts]"),
                        ));
                    }
                }
            }
        }
        for (i, fact) in self.facts.facts.iter().enumerate() {
            let at = |field: &'static str| [Key::from("facts"), Key::from(i), Key::from(field)];
            if fact.about.is_empty() || fact.about.iter().any(Vec::is_empty) {
                errors.push(facts_file.error(
                    &at("about"),
                    format!("fact `{}`: empty keyword group in `about`", fact.id),
                ));
            }
            // A check that is only a `when` names a case, which takes another case to tell it from.
            let cases = fact.checks.iter().filter(|c| !c.when.is_empty()).count();
            if let Some(c) = fact.checks.iter().position(|c| {
                c.agree.is_empty()
                    && c.contradict.is_empty()
                    && c.conditional.is_empty()
                    && c.numbers.is_none()
                    && (c.when.is_empty() || cases < 2)
            }) {
                errors.push(facts_file.error(
                    &[
                        Key::from("facts"),
                        Key::from(i),
                        Key::from("checks"),
                        Key::from(c),
                    ],
                    format!(
                        "fact `{}`: a check needs `agree` or `contradict` phrases (or a `when`, beside another check with one)",
                        fact.id
                    ),
                ));
            }
            // `numbers_vary` says how the numbers a check reads count: with no
            // `numbers`, the check reads none.
            if let Some(c) = (fact.checks.iter()).position(|c| c.numbers_vary && c.numbers.is_none()) {
                errors.push(facts_file.error(
                    &[
                        Key::from("facts"),
                        Key::from(i),
                        Key::from("checks"),
                        Key::from(c),
                        Key::from("numbers_vary"),
                    ],
                    format!(
                        "fact `{}`: `numbers_vary` needs `numbers` (an empty list: the article gives no figure)",
                        fact.id
                    ),
                ));
            }
            if matches!(fact.verdict, Some(Verdict::NotDocumented | Verdict::Depends)) {
                errors.push(facts_file.error(
                    &at("verdict"),
                    format!("fact `{}`: a fact's verdict is yes or no", fact.id),
                ));
            }
        }
        errors
    }
}

/// Each citation with where it is: the array of tables and the index of the
/// entry it belongs to, and its own index.
fn located<'a>(
    citations: &'a [Citation],
    (table, index): (&'static str, usize),
) -> impl Iterator<Item = (&'a Citation, [Key<'static>; 4])> + 'a {
    (citations.iter().enumerate()).map(move |(c, citation)| {
        (
            citation,
            [
                Key::Name(table),
                Key::Index(index),
                Key::Name("citations"),
                Key::Index(c),
            ],
        )
    })
}

/// The rule-bearing sections of `slug` — those some rule, fact or
/// impossible combination cites — and, in each language, every sentence of
/// them that no citation quotes: what the engine cannot answer about. Notes
/// for the writer (`docdesk check` prints them), not errors.
pub fn uncited_sentences<'a>(kb: &'a KnowledgeBase, library: &Library) -> Vec<ContentError> {
    let doc_of = |file_doc: &'a str| move |c: &'a Citation| (c.doc.as_deref().unwrap_or(file_doc), c);
    let citations: Vec<(&str, &Citation)> = (kb.compat.rules.iter().flat_map(|r| &r.citations))
        .chain(kb.compat.impossible.iter().flat_map(|c| &c.citations))
        .map(doc_of(&kb.compat.doc))
        .chain(
            kb.facts
                .facts
                .iter()
                .flat_map(|f| &f.citations)
                .map(doc_of(&kb.facts.doc)),
        )
        .collect();
    let sections: std::collections::BTreeSet<(&str, &str)> = citations
        .iter()
        .map(|(doc, c)| (*doc, c.section.as_str()))
        .collect();
    let mut notes = Vec::new();
    for lang in Lang::ALL {
        let quotes: Vec<String> = citations
            .iter()
            .map(|(_, c)| normalized(c.quote.get(lang)))
            .collect();
        for (slug, id) in &sections {
            let Some(doc) = library.get(slug, lang) else {
                continue;
            };
            let Some(section) = doc.section(id) else { continue };
            for sentence in sentences(&section.text) {
                let sentence = normalized(&sentence);
                if !quotes
                    .iter()
                    .any(|q| q.contains(&sentence) || sentence.contains(q.as_str()))
                {
                    notes.push(ContentError::new(
                        &doc.path,
                        section.line,
                        format!("no rule or fact cites this sentence of `{id}`, so no answer can use it: \"{sentence}\""),
                    ));
                }
            }
        }
    }
    notes
}

/// The sentences of a section's text: lines split after `.`, `!`, `?` or `:`;
/// short fragments (list lead-ins, commands) are left out.
fn sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in text.lines() {
        let mut start = 0;
        let bytes: Vec<(usize, char)> = line.char_indices().collect();
        for (i, &(at, c)) in bytes.iter().enumerate() {
            let next_is_space = bytes.get(i + 1).is_none_or(|(_, n)| n.is_whitespace());
            if matches!(c, '.' | '!' | '?') && next_is_space {
                out.push(line[start..at + c.len_utf8()].trim().to_owned());
                start = at + c.len_utf8();
            }
        }
        out.push(line[start..].trim().to_owned());
    }
    out.retain(|s| s.split_whitespace().count() >= 6);
    out
}

/// Whitespace-insensitive containment, so line wrapping in Markdown does not matter.
fn normalized(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl KnowledgeBase {
    /// Placeholders in `messages.toml` that the engine does not fill in:
    /// `{documents}` and `{term}` in `outside`, `{count}` in
    /// `out_of_scope_more`, none elsewhere.
    fn unknown_placeholders(&self) -> Vec<ContentError> {
        let file = &self.files[4];
        let Ok(messages) = file.parse::<BTreeMap<String, Localized>>() else {
            return Vec::new();
        };
        let placeholder = regex::Regex::new(r"\{([^{}]*)\}").expect("a valid expression");
        let mut errors = Vec::new();
        for (name, text) in &messages {
            let allowed: &[&str] = match name.as_str() {
                "outside" => &["documents", "term"],
                "out_of_scope_more" => &["count"],
                "not_only" => &["value", "other"],
                _ => &[],
            };
            for lang in Lang::ALL {
                for found in placeholder.captures_iter(text.get(lang)) {
                    if !allowed.contains(&&found[1]) {
                        let may = match allowed {
                            [] => "none".to_owned(),
                            _ => allowed
                                .iter()
                                .map(|p| format!("{{{p}}}"))
                                .collect::<Vec<_>>()
                                .join(", "),
                        };
                        errors.push(file.error(
                            &[Key::from(name), Key::from(lang.as_str())],
                            format!("`{name}` has no placeholder `{}` (it may hold {may})", &found[0]),
                        ));
                    }
                }
            }
        }
        errors
    }

    /// `@name` references to concepts the lexicon does not define (a
    /// concept's own phrases may not refer to concepts), and prefixes that
    /// would read the host-name word as another word.
    fn unknown_concepts(&self) -> Vec<ContentError> {
        let [_, facts_file, lexicon_file, _, _] = &self.files;
        let concepts = &self.lexicon.concepts;
        let mut errors = Vec::new();
        // "host*" would read every host name as a word about hosting.
        let host = self.lexicon.question.host_name.as_deref();
        let takes_host = |phrase: &str| {
            host.and_then(|host| {
                phrase
                    .split(' ')
                    .filter_map(|w| w.strip_suffix('*'))
                    .find(|prefix| !prefix.is_empty() && host.starts_with(prefix))
                    .map(|prefix| format!("`{prefix}*` reads the host-name word `{host}` ([question] host_name) as one of its words: choose a host-name word no prefix matches"))
            })
        };
        for (name, phrases) in concepts {
            for (k, phrase) in phrases.iter().enumerate() {
                if let Some(problem) = takes_host(phrase) {
                    errors.push(lexicon_file.error(
                        &[Key::from("concepts"), Key::from(name), Key::from(k)],
                        format!("concept `{name}`: {problem}"),
                    ));
                }
            }
        }
        for (i, fact) in self.facts.facts.iter().enumerate() {
            let about = (fact.about.iter().enumerate()).flat_map(|(g, group)| {
                (group.iter().enumerate())
                    .map(move |(k, p)| (vec![Key::from("about"), Key::from(g), Key::from(k)], p))
            });
            let not_covered = (fact.not_covered.iter().enumerate())
                .map(|(k, p)| (vec![Key::from("not_covered"), Key::from(k)], p));
            let checks = (fact.checks.iter().enumerate()).flat_map(|(c, check)| {
                [
                    ("when", &check.when),
                    ("agree", &check.agree),
                    ("contradict", &check.contradict),
                    ("conditional", &check.conditional),
                ]
                .into_iter()
                .flat_map(move |(field, phrases)| {
                    (phrases.iter().enumerate()).map(move |(k, p)| {
                        (
                            vec![Key::from("checks"), Key::from(c), Key::from(field), Key::from(k)],
                            p,
                        )
                    })
                })
            });
            let order = (fact.order.iter().enumerate()).flat_map(|(o, step)| {
                (step.iter().enumerate())
                    .map(move |(k, p)| (vec![Key::from("order"), Key::from(o), Key::from(k)], p))
            });
            for (keys, phrase) in about.chain(not_covered).chain(checks).chain(order) {
                if let Some(problem) = takes_host(phrase) {
                    let at = [vec![Key::from("facts"), Key::from(i)], keys.clone()].concat();
                    errors.push(facts_file.error(&at, format!("fact `{}`: {problem}", fact.id)));
                }
                if let Some(name) = phrase.strip_prefix('@').filter(|n| !concepts.contains_key(*n)) {
                    let at = [vec![Key::from("facts"), Key::from(i)], keys].concat();
                    errors.push(facts_file.error(
                        &at,
                        format!(
                            "fact `{}`: `@{name}` is not a concept of lexicon.toml [concepts]",
                            fact.id
                        ),
                    ));
                }
            }
        }
        for (name, phrases) in concepts {
            for (k, phrase) in phrases.iter().enumerate().filter(|(_, p)| p.starts_with('@')) {
                errors.push(lexicon_file.error(
                    &[Key::from("concepts"), Key::from(name), Key::from(k)],
                    format!("concept `{name}`: `{phrase}`: a concept lists phrases, not other concepts"),
                ));
            }
        }
        errors
    }
}

fn check_quotes<'a>(
    library: &Library,
    file_doc: &str,
    file: &TomlFile,
    citations: impl Iterator<Item = (&'a Citation, [Key<'static>; 4])>,
    errors: &mut Vec<ContentError>,
) {
    for (citation, at) in citations {
        let slug = citation.doc.as_deref().unwrap_or(file_doc);
        for lang in Lang::ALL {
            let Some(doc) = library.get(slug, lang) else {
                let key = if citation.doc.is_some() { "doc" } else { "section" };
                errors.push(file.error(
                    &[at[0], at[1], at[2], at[3], Key::Name(key)],
                    format!("document `{slug}` does not exist in {lang}"),
                ));
                break;
            };
            let Some(section) = doc.section(&citation.section) else {
                errors.push(file.error(
                    &[at[0], at[1], at[2], at[3], Key::Name("section")],
                    format!("`{slug}` has no section `{}`", citation.section),
                ));
                continue;
            };
            let quote = normalized(citation.quote.get(lang));
            if !normalized(&section.text).contains(&quote) {
                errors.push(file.error(
                    &[
                        at[0],
                        at[1],
                        at[2],
                        at[3],
                        Key::Name("quote"),
                        Key::Name(lang.as_str()),
                    ],
                    format!(
                        "{lang} quote is not in section `{}` of {}: \"{quote}\"",
                        citation.section, slug
                    ),
                ));
            }
        }
    }
}
