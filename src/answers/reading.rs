//! Reading a question: its language, its shape (yes/no, which, how), the
//! dimension values it mentions and which side each belongs to, and the
//! procedure claims it matches.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use super::layout::ends_sentence;
use super::lexicon::{
    PhraseCompiler, PhraseList, Vocabulary, Words, all_spans, any_match, longest_at, longest_match,
    spans_after,
};
use super::model::{KnowledgeBase, LexiconFile};
use crate::lang::Lang;
use crate::search::analysis::Token;

/// How many words from a host name a role word may stand and still give it
/// that role ("o N2 não tem a CMS (tá passivo)").
const HOST_ROLE_REACH: usize = 6;

/// How close (a share of the winner's score) a fact that finds a claim
/// false must come to outweigh the fact that agrees with it.
pub const RIVAL_SHARE: f32 = 0.7;
/// How many words may stand between two values offered as a choice ("at
/// the beginning of the procedure or halfway through?").
const CHOICE_GAP: usize = 4;

/// Words after a yes/no opening within which a "how" or "which" still
/// makes a how or which question ("Can you tell me how…").
const YES_NO_OPENING: usize = 2;
/// How many of a question's last words may hold the second half of a
/// choice ("…or the active one?").
const ALTERNATIVE_REACH: usize = 6;
/// How many words before an alternative a word leaving the choice open
/// ("any node of the cluster, either active or passive") reaches.
const WHICHEVER_REACH: usize = 8;

/// How many words a clause opening with "or" must say after it to offer a
/// second claim ("…, ou dá pra mover online?"), not a tag ("…, or so?").
const ALTERNATIVE_CLAUSE_WORDS: usize = 3;
/// How many words before a lead ("runs") its subject noun may stand
/// ("the workstation EXCH-ADM01 runs").
const LEAD_SUBJECT_REACH: usize = 3;
/// How many words name what is required: before a `required` word (past
/// linking verbs), or after a requirement's first word: a noun and its
/// modifiers ("the .NET Framework version", "the Active Directory schema").
const REQUIRED_WORDS: usize = 3;
/// How many words (a modal: "can", "pode", "consegue") may stand between a
/// verb's subject and the verb.
const VERB_SUBJECT_REACH: usize = 2;
/// How far (in words) an anchor may be from the mention it ties to a side.
const ANCHOR_WINDOW: usize = 8;

/// The shape of a question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuestionKind {
    /// Answerable with yes or no.
    YesNo,
    /// "Which…": answered with options; the dimension asked for, if recognised.
    Which(Option<usize>),
    /// "How…" / "what command…": answered with the sentence or command.
    How,
}

/// Which side of the question a mention belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Tools,
    Server,
}

impl Side {
    fn other(self) -> Side {
        match self {
            Side::Tools => Side::Server,
            Side::Server => Side::Tools,
        }
    }
}

/// How an anchor ties a mention to its side.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// Ties a mention right before it, or near it on either side ("SP1
    /// clustered mailbox server", "RTM tools").
    Noun,
    /// Only introduces what follows it ("running SP2"), and speaks of the
    /// noun right before it ("the workstation runs Windows Server 2008").
    Lead,
    /// Only introduces what follows it, whatever noun stands before it:
    /// "clusters from Windows Server 2003" names the tools' computer.
    Source,
    /// A verb whose subject, before it, is its side and whose object, after
    /// it, the other ("Windows Server 2008 manages a CMS…", "…manage
    /// Windows Server 2003 from…").
    Verb,
}

/// A word tying mentions to a side.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Anchor {
    side: Side,
    role: Role,
}

/// An anchor found in the question.
#[derive(Debug, Clone, Copy)]
struct FoundAnchor {
    start: usize,
    end: usize,
    anchor: Anchor,
}

/// A value name found in the question.
#[derive(Debug, Clone)]
struct Mention {
    value: String,
    start: usize,
    end: usize,
}

/// How many words may stand between a place (`[question.host_places]`:
/// "the CMS is on") and the host it is said of: one, such as an article
/// ("on the original active node").
const HOST_PLACE_GAP: usize = 1;

/// How many words before a role word a word of change (`[question]
/// host_role_change`: "now", "agora") may stand: "agora é o ativo".
const HOST_ROLE_CHANGE_REACH: usize = 3;

/// How many words before a role word a word of the past (`[question]
/// host_role_past`: "old", "antigo") may stand: right before it.
const HOST_ROLE_PAST_REACH: usize = 1;

/// How many words before a role word a word of what is to come
/// (`[question] host_role_next`: "making", "becomes", "vira") may stand:
/// "making that the active node".
const HOST_ROLE_NEXT_REACH: usize = 3;

/// How many words may stand between an `exclusive` word ("only") and the
/// value it is said of: "só pode ser gerenciado a partir do Windows Server
/// 2008".
const EXCLUSIVE_REACH: usize = 6;

/// The mentions an exclusive word at `start..end` can be said of: after it,
/// in its clause, within [`EXCLUSIVE_REACH`] words.
fn said_of_after<'a>(
    words: &Words,
    mentions: &'a [Mention],
    start: usize,
    end: usize,
) -> impl Iterator<Item = usize> + 'a {
    let clause = words.clause_around(start);
    (0..mentions.len()).filter(move |i| {
        let m = &mentions[*i];
        m.start >= end && m.end <= clause.end && m.start - end <= EXCLUSIVE_REACH
    })
}

/// How many words may follow a comparison that closes a question ("…,
/// como o CCR?"): its reference, one word.
const COMPARISON_CLOSING_WORDS: usize = 1;

/// How many words after a comparison ("same as", "igual ao") are its
/// reference: the case it names, an article or preposition before it
/// allowed ("same as on XP").
const COMPARISON_REFERENCE_WORDS: usize = 2;

/// How many words after a contrast ("unlike", "em vez de") it sets apart
/// from the claim: the thing it names and up to two words before it ("the
/// GUI wizard").
const CONTRAST_REFERENCE_WORDS: usize = 3;

/// How many words open an asking sentence whose pointer ("that", "isso")
/// refers back to the sentence before it: "Is that the right next step?",
/// "Isso está certo?".
const POINTER_OPENING_WORDS: usize = 3;

/// How many words a clause a negation opens after the claim may say, to set
/// them apart rather than deny it ("…, not the active node, right?").
const CONTRAST_CLAUSE_WORDS: usize = 3;

/// How many words before a phrase a negation may stand and still turn it around.
const NEGATION_WINDOW: usize = 3;

/// How many words after a condition opening the sentence that asks only
/// narrow the question ("Quando o CMS sai do ar, depois do primeiro
/// passivo?"): more, or a yes/no opening ("…, will it remove them?"), make a
/// claim of their own.
const CONDITION_NARROWING_WORDS: usize = 4;

/// Words at the start of a question where a negation only shapes the question
/// ("Can't I…?", "Não dá pra…?") and asserts nothing.
const QUESTION_HEAD: usize = 2;

/// A fact's check, compiled.
struct CompiledCheck {
    when: PhraseList,
    agree: PhraseList,
    contradict: PhraseList,
    conditional: PhraseList,
    numbers: Option<Vec<String>>,
    numbers_vary: bool,
    possible: bool,
}

/// What a word says of the order of two steps (see `Fact::order`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Order {
    /// The step after it comes later ("before B").
    Before,
    /// The step after it comes earlier ("after B").
    After,
    /// The step before it comes first ("A, then B"; "primeiro A").
    Then,
}

/// How an assertion stands against the article.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Assertion {
    Agree,
    Contradict,
    Conditional,
}

/// Shorthand of several words: the words after its first one, and the
/// words it stands for.
type ShorthandPhrase = (Vec<String>, Vec<String>);

/// Where the question sets its scene: the sentences of context before the
/// one that asks, and the words that name the fact being read.
struct Scene<'a> {
    /// Where the sentences of context end (0 when the asking sentence only
    /// points back at them: "Correct?").
    setting_ends: usize,
    /// Where the sentence that asks ends: what follows it ("…Ta certo isso?
    /// CCR, Exchange 2007 RTM.") sets the scene too.
    asked_end: usize,
    /// Where the sentence that asks starts, when it only points back at
    /// the sentences before it ("Can I go ahead?").
    points_back_from: Option<usize>,
    /// Where the question names each of the fact's keyword groups.
    groups: &'a [Vec<(usize, usize)>],
    /// Where it names each check's case, by check (see `case_cues`).
    cues: &'a [Vec<(usize, usize)>],
    /// Whether what the context says is claimed of the fact: the asking
    /// sentence names the fact itself (every keyword group), or refers back
    /// to the context ("Is that step required?"), or the fact is a
    /// requirement of the procedure, which the asker's cluster must meet.
    context_claims: bool,
}

impl Scene<'_> {
    /// Whether a value at `at` is said of the fact: in the asking sentence,
    /// or in a sentence of context that names the fact's whole topic too,
    /// every keyword group ("We moved the mailboxes with Move Mailbox.
    /// Public folders go by replication, right?" says nothing wrong of
    /// public folders; "EXCH-N1 is active and owns the CMS." upgrades
    /// nothing, so it says nothing of which node is upgraded), when
    /// the context is claimed of it at all (`context_claims`): "O EXCH-N1 é
    /// o ativo (com o CMS). Posso atualizar o EXCH-N2 enquanto o CMS continua
    /// online?" says nothing of what a passive node is.
    fn reads(&self, words: &Words, at: usize) -> bool {
        let names_topic = |counts: &dyn Fn(usize) -> bool| {
            self.groups.iter().all(|spans| {
                (spans.iter())
                    .any(|(t, _)| counts(*t) && !words.sentence_break_between(at.min(*t), at.max(*t)))
            })
        };
        // A question that only points back asks about what the sentences
        // before it say, each of them of the facts it names in full: "I
        // upgrade MBX-B to SP1 now. Both nodes run 2003 SP2. OK?" upgrades
        // no two nodes.
        // And one that names a case of the fact says its values in that
        // case: "We're upgrading the CMS to SP1. I was going to use the
        // wizard. Is that OK?" upgrades with the wizard.
        if self.points_back_from.is_some_and(|from| at < from) {
            let names_case = (self.cues.iter().flatten())
                .any(|(start, _)| !words.sentence_break_between(at.min(*start), at.max(*start)));
            return names_topic(&|_| true) || names_case;
        }
        // A fact the context names across its sentences is claimed there too
        // ("Our cluster runs 2003. I want to upgrade the nodes to 2008 one
        // at a time."): each group in the context, one of them in `at`'s
        // sentence.
        let in_context = |t: usize| t < self.setting_ends;
        let named_across = || {
            self.groups
                .iter()
                .all(|spans| spans.iter().any(|(t, _)| in_context(*t)))
                && (self.groups.iter().flatten())
                    .any(|(t, _)| in_context(*t) && !words.sentence_break_between(at.min(*t), at.max(*t)))
        };
        self.asks(at)
            || (self.context_claims
                && (names_topic(&|t| !self.asks(t)) || (at < self.setting_ends && named_across())))
    }

    /// Whether the word at `at` stands in what is asked, not in a sentence
    /// of context before or after it.
    fn asks(&self, at: usize) -> bool {
        (self.setting_ends..self.asked_end).contains(&at)
    }
}

/// The assertions read against one fact.
#[derive(Debug, Default)]
struct Tally {
    agree: usize,
    contradict: usize,
    /// The words the assertions span.
    weight: f32,
    /// Where the negations that turned an assertion around start.
    negations_used: Vec<usize>,
    /// The checked phrases, as word spans.
    spans: Vec<(usize, usize)>,
    /// The phrases read as agreeing with the article, as contradicting it,
    /// and as depending on a case the question leaves open.
    agreeing: Vec<(usize, usize)>,
    contradicting: Vec<(usize, usize)>,
    conditioning: Vec<(usize, usize)>,
    /// The phrases a check scoped to a case the question names read as
    /// contradicting ("public folders with Move-Mailbox"), and as agreeing.
    cased_contradicting: Vec<(usize, usize)>,
    cased_agreeing: Vec<(usize, usize)>,
    /// Whether the question offers two of a check's values as alternatives
    /// ("Setup.com or Setup.exe?").
    choice: bool,
}

/// Where the lists that do not depend on a fact match the claim's words,
/// found once per reading: matching them again for every fact candidate
/// was most of the time a question took (measured with `cargo bench
/// --bench answers`).
struct ClaimSpans {
    negation: Vec<(usize, usize)>,
    statement: Vec<(usize, usize)>,
    denial: Vec<(usize, usize)>,
    predicate: Vec<(usize, usize)>,
    extent: Vec<(usize, usize)>,
    /// Words claiming something for every case ("always", "sempre").
    universal: Vec<(usize, usize)>,
    /// Numbers that give a size, with their size word ("2-node CCR"): no
    /// check reads them as a count.
    sizes: Vec<(usize, usize)>,
    /// Whether each word is an assertive one (see [`CompiledLexicon::unchecked`]).
    assertive: Vec<bool>,
    /// How many facts name each word of the question in their keyword groups.
    naming: Vec<usize>,
    /// What comparisons and contrasts refer to.
    references: References,
}

/// The words comparisons and contrasts refer to, by position.
struct References {
    /// The reference of a comparison right before it ("same as CCR", "igual
    /// no XP"): claimed the same as the claim's case.
    compared: Vec<bool>,
    /// What a contrast sets the claim apart from ("unlike Setup.com", "ao
    /// contrário do SCC", "instead of the GUI wizard"), "Unlike CCR, SCC…"
    /// sets CCR apart, not SCC: claimed of nothing.
    set_apart: Vec<bool>,
}

/// A fact, compiled.
struct CompiledFact {
    about: Vec<PhraseList>,
    checks: Vec<CompiledCheck>,
    not_covered: PhraseList,
    /// Read before the compatibility rules (`before_compatibility`).
    before_compatibility: bool,
    /// A requirement of the procedure (`requirement`).
    requirement: bool,
    /// Its steps in the article's order (`order`), each labelled by its place.
    order: Vec<PhraseList>,
    /// The checks that are the cases it reads differently in
    /// ([`Check::is_case`](crate::answers::model::Check::is_case)).
    cases: Vec<usize>,
}

/// The readings [`CompiledLexicon::best_fact`] finds.
struct Candidates {
    /// The fact the question is most about.
    best: Option<FactReading>,
    /// The best of the facts read before the compatibility rules.
    before_compatibility: Option<FactReading>,
}

/// The lexicon, compiled for matching.
pub struct CompiledLexicon {
    /// The lexicon's distinct phrase words (see [`Words`]).
    vocabulary: Vocabulary,
    /// Words the content spells only as a value some fact checks ("backup",
    /// a wrong way to migrate mailboxes): no topic, case or concept of its
    /// own, so nothing the documents say of it as a requirement.
    value_words: HashSet<String>,
    language: Vec<(Lang, Vec<String>)>,
    values: Vec<(String, PhraseList)>,
    anchor_kinds: Vec<(Anchor, PhraseList)>,
    how: PhraseList,
    yes_no: PhraseList,
    open: PhraseList,
    asked_last: PhraseList,
    reported: PhraseList,
    asks_anywhere: PhraseList,
    embedded: PhraseList,
    lead_in: PhraseList,
    numbers: PhraseList,
    sizes: PhraseList,
    alternative: PhraseList,
    whichever: PhraseList,
    either_or: PhraseList,
    open_first: PhraseList,
    choice: PhraseList,
    both: PhraseList,
    which: PhraseList,
    ask: Vec<(usize, PhraseList)>,
    /// Shorthand word → the words it stands for.
    shorthand: HashMap<String, Vec<String>>,
    /// Words that join two clauses (`[assertions] clause_join`).
    clause_joins: HashSet<String>,
    /// Product names (`[assertions] product`).
    products: HashSet<String>,
    /// Shorthand of several words ("sp 1", "service pack one"), by its
    /// first word.
    shorthand_phrases: HashMap<String, Vec<ShorthandPhrase>>,
    /// The word host names are read as (`[question] host_name`).
    host_name: Option<String>,
    /// Words that list host names together (`[question] host_list`).
    host_list: HashSet<String>,
    /// Words after which a role replaces the one a host had
    /// (`[question] host_role_change`).
    host_role_change: HashSet<String>,
    /// Words after which a role is only how the host is treated (`[question]
    /// host_role_as`).
    host_role_as: HashSet<String>,
    /// Words after which a role is one the host had, not its role now
    /// (`[question] host_role_past`).
    host_role_past: HashSet<String>,
    /// Words before a role that make it one the host will have
    /// (`[question] host_role_next`).
    host_role_next: HashSet<String>,
    /// Pronouns standing for the host named last, with the preposition
    /// they hold (`[question] host_pronouns`).
    host_pronouns: HashMap<String, String>,
    /// Words after which a pronoun holding no preposition is a host
    /// (`[question] host_pronoun_leads`).
    host_pronoun_leads: HashSet<String>,
    /// Roles ("active", "own* ~ cms") and the words a host name with that
    /// role is read as.
    host_roles: Vec<(PhraseList, Vec<String>)>,
    /// Phrases said of the host named right after them ("the CMS is on"),
    /// and the words that host is read as (`[question.host_places]`).
    host_places: Vec<(PhraseList, Vec<String>)>,
    /// A role's words → the words the other hosts are read as when one
    /// host alone has it (`[question.host_role_others]`).
    host_role_others: HashMap<Vec<String>, Vec<String>>,
    /// Phrases moving the CMS to the host named right after them
    /// (`[question] host_moves`).
    host_moves: PhraseList,
    /// The server's nouns a host named right after names it
    /// (`[question] server_names`).
    server_names: PhraseList,
    /// A role's words → the words the host that had it is read as once the
    /// CMS is moved off it (`[question.host_moved_from]`).
    host_moved_from: HashMap<Vec<String>, Vec<String>>,
    /// Words naming a node that a letter or a number after them makes a
    /// host name (`[question] host_nouns`: "node B", "nó 1").
    host_nouns: HashSet<String>,
    /// Host nouns that are also "in the" unaccented
    /// (`[question] host_noun_contractions`).
    host_noun_contractions: HashSet<String>,
    /// Words naming one node by what it was, read as host names that keep
    /// their word (`[question] host_designations`).
    host_designations: HashSet<String>,
    /// The roles said in one word ("passive", "ativo").
    role_words: HashSet<String>,
    /// The one-word roles of a node holding no clustered mailbox server
    /// (`[question.host_roles]` keys whose role is a `host_role_others`
    /// value: "passive", "passivos").
    other_role_words: HashSet<String>,
    /// The one-word negations, which a hyphen can make a prefix ("não-Exchange").
    negation_words: HashSet<String>,
    management: PhraseList,
    tools: PhraseList,
    /// Per document slug, what it does not cover.
    outside: Vec<(String, PhraseList)>,
    facts: Vec<CompiledFact>,
    negation: PhraseList,
    noun_negation: PhraseList,
    noun_negation_reach: PhraseList,
    extent_reach: PhraseList,
    statement: PhraseList,
    assertive: PhraseList,
    /// The commands the documents mention ("setup com", "move mailbox"):
    /// in a fact's claim, each is a value the fact must check.
    commands: PhraseList,
    /// The assertive words that are not numbers.
    extent: PhraseList,
    universal: PhraseList,
    collective: PhraseList,
    exclusive: PhraseList,
    sole: PhraseList,
    premise: PhraseList,
    asks_opposite: PhraseList,
    comparison: PhraseList,
    contrast: PhraseList,
    /// Negations opening a short clause of contrast
    /// (`[assertions] contrast_clause`).
    contrast_clause: PhraseList,
    /// Words opening a concession (`[assertions] concession`).
    concession: PhraseList,
    refers_back: PhraseList,
    proviso: PhraseList,
    condition: PhraseList,
    denial: PhraseList,
    predicate: PhraseList,
    relative: PhraseList,
    requirement: PhraseList,
    /// Words before a `required` word that leave what is required to an
    /// earlier part of the question ("is that actually required?").
    required_elsewhere: PhraseList,
    /// Verbs a requirement's word may follow ("take a backup").
    light_verbs: PhraseList,
    requirement_subjects: PhraseList,
    attributed: PhraseList,
    required: PhraseList,
    /// Verbs between what is required and a `required` word ("which
    /// version is required?").
    linking: HashSet<String>,
    /// Negative words a negation before them agrees with (`concord`).
    concord: HashSet<String>,
    /// Words that say which of two steps comes first (see [`Order`]).
    order_before: PhraseList,
    order_after: PhraseList,
    order_then: PhraseList,
    order_first: PhraseList,
    scope_end: PhraseList,
    subject: PhraseList,
    /// Dimension ids in API order, and each value's dimensions.
    dimension_ids: Vec<String>,
    value_dimensions: BTreeMap<String, Vec<usize>>,
    /// Per dimension: whether its values are platforms, and whether their
    /// names' words tie mentions to a side (both declared in the content).
    platform: Vec<bool>,
    names_side: Vec<bool>,
}

/// What a question was read as.
#[derive(Debug, Clone)]
pub struct Reading {
    /// Its language.
    pub lang: Lang,
    /// Its shape.
    pub kind: QuestionKind,
    /// Dimension index → value, for the dimensions it mentions.
    pub dimensions: BTreeMap<usize, String>,
    /// Whether it mentions managing or the management tools.
    pub about_management: bool,
    /// Whether it uses a management verb ("manage", "gerenciar").
    pub management_verb: bool,
    /// The documents that do not cover a product or version it names (by slug).
    pub outside: BTreeSet<String>,
    /// A structured query: every dimension left out means "any value", with
    /// no assumption drawn from the others.
    pub structured: bool,
    /// The fact the question is most about, with what it asserts.
    pub fact: Option<FactReading>,
    /// The best reading among facts read before the compatibility rules:
    /// advice a question asking for a value gets when the fact it is most
    /// about yields to the compatibility rules ("Tenho XP, 2003 e 2008…
    /// qual alternativa o artigo sugere?").
    pub advice: Option<FactReading>,
    /// Value mentions no dimension could take (a third operating system…).
    pub unbound: Vec<String>,
    /// Second values offered for a dimension already taken, right after its
    /// value with a `choice` word between ("from a Windows Server 2003 or
    /// Windows XP computer"): the claim is said of each.
    pub alternatives: Vec<(usize, String)>,
    /// Second values joined to a dimension's value (`[question] both`:
    /// "from Windows XP and Windows Vista"): the claim is said of both.
    pub conjoined: Vec<(usize, String)>,
    /// Assertive words that no dimension value or cue accounts for; a
    /// compatibility verdict needs this empty.
    pub unchecked: Vec<String>,
    /// Whether the question claims its compatibility for every case
    /// ("…can always manage…?", `[assertions] universal`): true only where
    /// every completion gives the same yes or no.
    pub universal: bool,
    /// The dimension whose value the question claims is the only one that
    /// works ("…only be managed from Windows Server 2008?",
    /// `[assertions] exclusive` and `sole`).
    pub exclusive: Option<usize>,
    /// Whether a negation turns its claim around ("the SP2 tools on XP
    /// can't manage it, right?"): a yes or no then answers the claim as
    /// asserted, not the compatibility table's question.
    pub negated: bool,
    /// Whether it asks if the opposite of its claim holds ("Is it wrong
    /// to…?"): its yes or no is turned around.
    pub asks_opposite: bool,
}

/// What a question asserts about one fact.
#[derive(Debug, Clone, PartialEq)]
pub struct FactReading {
    /// Index of the fact.
    pub fact: usize,
    /// How many keyword groups matched.
    pub groups: usize,
    /// How strongly the question is about this fact.
    pub score: f32,
    /// Whether a negation stands right before the topic itself ("public
    /// folders cannot be migrated"): it turns the fact's default verdict around.
    pub topic_negated: bool,
    /// Whether the claim itself is denied: by a negation opening a
    /// statement to confirm ("Não dá pra usar X, né?"), or by one right
    /// before the topic's verb ("SP1 can't run on Windows Server 2008").
    pub denied: bool,
    /// Assertions agreeing with the article.
    pub agree: usize,
    /// Assertions contradicting it.
    pub contradict: usize,
    /// Where the assertions agreeing with it, those contradicting it, and
    /// those depending on a case left open, stand.
    pub agreeing: Vec<(usize, usize)>,
    pub contradicting: Vec<(usize, usize)>,
    pub conditioning: Vec<(usize, usize)>,
    /// Whether the denial is said of a value the fact agrees with.
    pub denies_agreed: bool,
    /// Those contradicting it, and agreeing with it, by the check of a case
    /// the question names.
    pub cased_contradicting: Vec<(usize, usize)>,
    pub cased_agreeing: Vec<(usize, usize)>,
    /// Assertions whose truth depends on what the question leaves out.
    pub conditional: usize,
    /// Assertive words the fact's phrases do not account for.
    pub unchecked: Vec<String>,
    /// The positions of the unchecked question words (`unchecked` also
    /// holds the `not_covered` phrases, which have none).
    pub unchecked_at: Vec<usize>,
    /// Whether the question names something the content marks as outside
    /// what the fact says (`not_covered`): the article does not say.
    pub not_covered: bool,
    /// Whether the fact reads differently in cases the question leaves open
    /// (two or more checks scoped by `when`, none of whose cues it names:
    /// "how many passive nodes?" without saying CCR or SCC).
    pub cases_open: bool,
    /// Whether the question asks which of two of a check's values holds
    /// ("Setup.com or Setup.exe for the upgrade?", "Move-Mailbox or the
    /// wizard?"): it asks for the value, so it gets no yes or no.
    pub choice: bool,
    /// Whether the question names a command or a requirement the documents
    /// never mention ("Suspend-StorageGroupCopy", "a reboot"): the article is
    /// silent on what it asks.
    pub undocumented: bool,
    /// Whether what is asked names every keyword group of the fact by
    /// itself, not with the sentences of context before it (all of them,
    /// when the asking sentence only points back at them).
    pub named_where_asked: bool,
    /// How many of the fact's topic groups the asking sentence names;
    /// `named_where_asked` is when it names every one. Two facts read
    /// alike go to the one it names more groups of.
    pub asked_groups: usize,
    /// Whether the sentence an asking sentence points back at names every
    /// keyword group of the fact ("Now I plan to upgrade NODE1, which is
    /// passive. Is that the right next step?").
    pub named_where_referred: bool,
    /// Where what is asked names the fact.
    pub asked_spans: Vec<(usize, usize)>,
}

impl CompiledLexicon {
    /// Compiles the lexicon and the facts' keywords.
    pub fn new(kb: &KnowledgeBase, compiler: &mut PhraseCompiler) -> CompiledLexicon {
        let lexicon: &LexiconFile = &kb.lexicon;
        let dimension_ids: Vec<String> = kb.compat.dimensions.iter().map(|d| d.id.clone()).collect();
        let mut value_dimensions: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (i, dimension) in kb.compat.dimensions.iter().enumerate() {
            for value in &dimension.values {
                value_dimensions.entry(value.clone()).or_default().push(i);
            }
        }
        let facts = kb
            .facts
            .facts
            .iter()
            .map(|fact| CompiledFact {
                before_compatibility: fact.before_compatibility,
                requirement: fact.requirement,
                about: fact.about.iter().map(|g| compiler.phrases(g)).collect(),
                not_covered: compiler.phrases(&fact.not_covered),
                order: fact.order.iter().map(|step| compiler.phrases(step)).collect(),
                cases: (fact.checks.iter().enumerate())
                    .filter(|(_, check)| check.is_case())
                    .map(|(i, _)| i)
                    .collect(),
                checks: fact
                    .checks
                    .iter()
                    .map(|c| CompiledCheck {
                        when: compiler.phrases(&c.when),
                        agree: compiler.phrases(&c.agree),
                        contradict: compiler.phrases(&c.contradict),
                        conditional: compiler.phrases(&c.conditional),
                        numbers: c.numbers.clone(),
                        numbers_vary: c.numbers_vary,
                        possible: c.possible,
                    })
                    .collect(),
            })
            .collect();
        let cues = &lexicon.assertions;
        let mut compiled = CompiledLexicon {
            // Known once every phrase is compiled, below.
            vocabulary: Vocabulary::default(),
            value_words: Self::value_words(kb),
            language: lexicon
                .language
                .iter()
                .filter_map(|(tag, words)| Some((Lang::from_tag(tag).ok()?, words.clone())))
                .collect(),
            values: lexicon
                .values
                .iter()
                .map(|(v, names)| (v.clone(), compiler.phrases(names)))
                .collect(),
            anchor_kinds: vec![
                (
                    Anchor {
                        side: Side::Tools,
                        role: Role::Noun,
                    },
                    compiler.phrases(&lexicon.anchors.tools),
                ),
                (
                    Anchor {
                        side: Side::Server,
                        role: Role::Noun,
                    },
                    compiler.phrases(&lexicon.anchors.server),
                ),
                (
                    Anchor {
                        side: Side::Tools,
                        role: Role::Lead,
                    },
                    compiler.phrases(&lexicon.anchors.tools_lead),
                ),
                (
                    Anchor {
                        side: Side::Tools,
                        role: Role::Source,
                    },
                    compiler.phrases(&lexicon.anchors.tools_from),
                ),
                (
                    Anchor {
                        side: Side::Server,
                        role: Role::Lead,
                    },
                    compiler.phrases(&lexicon.anchors.server_lead),
                ),
                (
                    Anchor {
                        side: Side::Tools,
                        role: Role::Verb,
                    },
                    compiler.exact_phrases(&lexicon.anchors.tools_verb),
                ),
            ],
            how: compiler.phrases(&lexicon.question.how),
            yes_no: compiler.exact_phrases(&lexicon.question.yes_no),
            open: compiler.exact_phrases(&lexicon.question.open),
            asked_last: compiler.exact_phrases(&lexicon.question.asked_last),
            reported: compiler.exact_phrases(&lexicon.question.reported),
            asks_anywhere: compiler.exact_phrases(&lexicon.question.asks_anywhere),
            embedded: compiler.exact_phrases(&lexicon.question.embedded),
            lead_in: compiler.exact_phrases(&lexicon.question.lead_in),
            numbers: compiler.exact_phrases(&cues.numbers),
            sizes: compiler.exact_phrases(&cues.sizes),
            alternative: compiler.exact_phrases(&lexicon.question.alternative),
            whichever: compiler.exact_phrases(&lexicon.question.whichever),
            either_or: compiler.exact_phrases(&lexicon.question.either_or),
            open_first: compiler.exact_phrases(&lexicon.question.open_first),
            choice: compiler.exact_phrases(&lexicon.question.choice),
            both: compiler.exact_phrases(&lexicon.question.both),
            host_name: lexicon.question.host_name.clone(),
            host_list: lexicon.question.host_list.iter().cloned().collect(),
            host_role_change: lexicon.question.host_role_change.iter().cloned().collect(),
            host_role_as: lexicon.question.host_role_as.iter().cloned().collect(),
            host_role_past: lexicon.question.host_role_past.iter().cloned().collect(),
            host_role_next: lexicon.question.host_role_next.iter().cloned().collect(),
            host_pronouns: (lexicon.question.host_pronouns.iter())
                .map(|(pronoun, preposition)| (pronoun.clone(), preposition.clone()))
                .collect(),
            host_pronoun_leads: lexicon.question.host_pronoun_leads.iter().cloned().collect(),
            host_roles: role_phrases(compiler, &lexicon.question.host_roles),
            host_places: role_phrases(compiler, &lexicon.question.host_places),
            host_moves: compiler.exact_phrases(&lexicon.question.host_moves),
            server_names: compiler.exact_phrases(&lexicon.question.server_names),
            host_moved_from: (lexicon.question.host_moved_from.iter())
                .map(|(role, from)| (words_of_role(role), words_of_role(from)))
                .collect(),
            host_role_others: (lexicon.question.host_role_others.iter())
                .map(|(role, others)| (words_of_role(role), words_of_role(others)))
                .collect(),
            host_nouns: lexicon.question.host_nouns.iter().cloned().collect(),
            host_noun_contractions: lexicon.question.host_noun_contractions.iter().cloned().collect(),
            host_designations: lexicon.question.host_designations.iter().cloned().collect(),
            role_words: (lexicon.question.host_roles.keys())
                .filter(|role| !role.contains(' '))
                .cloned()
                .collect(),
            other_role_words: (lexicon.question.host_roles.iter())
                .filter(|(word, role)| {
                    !word.contains(' ')
                        && lexicon
                            .question
                            .host_role_others
                            .values()
                            .any(|other| other == *role)
                })
                .map(|(word, _)| word.clone())
                .collect(),
            negation_words: (cues.negation.iter())
                .filter(|phrase| !phrase.contains(' '))
                .cloned()
                .collect(),
            shorthand: (lexicon.shorthand.iter().chain(&lexicon.synonyms))
                .filter(|(short, _)| !short.contains(' '))
                .map(|(short, long)| (short.clone(), long.split(' ').map(str::to_owned).collect()))
                .collect(),
            clause_joins: cues.clause_join.iter().cloned().collect(),
            products: cues.product.iter().cloned().collect(),
            shorthand_phrases: (lexicon.shorthand.iter().chain(&lexicon.synonyms))
                .filter_map(|(short, long)| {
                    let (first, rest) = short.split_once(' ')?;
                    let long = long.split(' ').map(str::to_owned).collect();
                    Some((
                        first.to_owned(),
                        (rest.split(' ').map(str::to_owned).collect(), long),
                    ))
                })
                .fold(HashMap::new(), |mut by_first, (first, entry)| {
                    by_first.entry(first).or_insert_with(Vec::new).push(entry);
                    by_first
                }),
            which: compiler.phrases(&lexicon.question.which),
            ask: lexicon
                .question
                .ask
                .iter()
                .filter_map(|(d, phrases)| {
                    Some((
                        dimension_ids.iter().position(|x| x == d)?,
                        compiler.phrases(phrases),
                    ))
                })
                .collect(),
            management: compiler.phrases(&lexicon.intent.management),
            outside: (kb.scope.iter())
                .map(|(slug, scope)| (slug.clone(), compiler.phrases(&scope.outside)))
                .collect(),
            tools: compiler.phrases(&lexicon.intent.tools),
            facts,
            // Short function words: a typo-tolerant match would find them everywhere.
            negation: compiler.exact_phrases(&cues.negation),
            statement: compiler.exact_phrases(&cues.statement),
            assertive: compiler.exact_phrases(&[cues.assertive.as_slice(), &cues.numbers].concat()),
            commands: compiler.exact_phrases(&kb.identifiers.as_phrases()),
            extent: compiler.exact_phrases(&cues.assertive),
            universal: compiler.exact_phrases(&cues.universal),
            collective: compiler.exact_phrases(&cues.collective),
            exclusive: compiler.exact_phrases(&cues.exclusive),
            sole: compiler.exact_phrases(&cues.sole),
            premise: compiler.exact_phrases(&cues.premise),
            asks_opposite: compiler.exact_phrases(&cues.asks_opposite),
            comparison: compiler.exact_phrases(&cues.comparison),
            contrast: compiler.exact_phrases(&cues.contrast),
            contrast_clause: compiler.exact_phrases(&cues.contrast_clause),
            concession: compiler.exact_phrases(&cues.concession),
            refers_back: compiler.exact_phrases(&cues.refers_back),
            proviso: compiler.exact_phrases(&cues.proviso),
            condition: compiler.exact_phrases(&lexicon.question.condition),
            denial: compiler.exact_phrases(&cues.denial),
            predicate: compiler.phrases(&cues.predicate),
            relative: compiler.exact_phrases(&cues.relative),
            requirement: compiler.exact_phrases(&cues.requirement),
            required: compiler.exact_phrases(&cues.required),
            required_elsewhere: compiler.exact_phrases(&cues.required_elsewhere),
            light_verbs: compiler.exact_phrases(&cues.light_verbs),
            requirement_subjects: compiler.exact_phrases(&cues.requirement_subjects),
            attributed: compiler.exact_phrases(&cues.attributed),
            order_before: compiler.exact_phrases(&cues.order_before),
            order_after: compiler.exact_phrases(&cues.order_after),
            order_then: compiler.exact_phrases(&cues.order_then),
            order_first: compiler.exact_phrases(&cues.order_first),
            linking: cues.linking.iter().cloned().collect(),
            concord: cues.concord.iter().cloned().collect(),
            scope_end: compiler.exact_phrases(&cues.scope_end),
            noun_negation: compiler.exact_phrases(&cues.noun_negation),
            noun_negation_reach: compiler.exact_phrases(&cues.noun_negation_reach),
            extent_reach: compiler.exact_phrases(&cues.extent_reach),
            // Every document's subject: what rests on a document that does
            // not cover it is kept from answering by `outside`.
            subject: compiler.phrases(
                &(kb.scope.values())
                    .flat_map(|s| &s.subject)
                    .cloned()
                    .collect::<Vec<_>>(),
            ),
            dimension_ids,
            value_dimensions,
            platform: kb.compat.dimensions.iter().map(|d| d.platform).collect(),
            names_side: kb.compat.dimensions.iter().map(|d| d.names_side).collect(),
        };
        compiler.know(lexicon.language.values().flatten());
        compiler.seal();
        compiled.vocabulary = compiler.vocabulary();
        compiled
    }

    /// Whole words of the facts' values (`agree`, `contradict`,
    /// `conditional`) that no topic (`about`), case (`when`), concept,
    /// value name, side anchor or language marker spells, nor the words a
    /// synonym stands for (see `value_words`): "backup" in "backup node"
    /// is read as "passive", not as a backup.
    fn value_words(kb: &KnowledgeBase) -> HashSet<String> {
        let words_of = |phrases: &mut dyn Iterator<Item = &String>| -> HashSet<String> {
            phrases
                .flat_map(|phrase| phrase.split_whitespace())
                .filter(|word| word.chars().all(|c| c.is_alphanumeric()))
                .map(str::to_owned)
                .collect()
        };
        let facts = &kb.facts.facts;
        let values = words_of(
            &mut (facts.iter().flat_map(|f| &f.checks))
                .flat_map(|c| c.agree.iter().chain(&c.contradict).chain(&c.conditional)),
        );
        let lexicon = &kb.lexicon;
        let anchors = &lexicon.anchors;
        let named = words_of(
            &mut (facts.iter())
                .flat_map(|f| {
                    f.about
                        .iter()
                        .flatten()
                        .chain(f.checks.iter().flat_map(|c| &c.when))
                })
                .chain(lexicon.concepts.values().flatten())
                .chain(lexicon.language.values().flatten())
                .chain(lexicon.values.values().flatten())
                .chain(lexicon.synonyms.values())
                .chain(anchors.tools.iter().chain(&anchors.server))
                .chain(anchors.tools_lead.iter().chain(&anchors.server_lead))
                .chain(anchors.tools_from.iter().chain(&anchors.tools_verb)),
        );
        values.difference(&named).cloned().collect()
    }

    /// `tokens` with each shorthand word replaced by the words it stands
    /// for; these keep the shorthand's place in the text, so no clause or
    /// sentence break falls between them.
    pub fn expand_shorthand(&self, tokens: Vec<Token>) -> Vec<Token> {
        let starts =
            |t: &Token| self.shorthand.contains_key(&t.text) || self.shorthand_phrases.contains_key(&t.text);
        if !tokens.iter().any(starts) {
            return tokens;
        }
        let mut expanded = Vec::with_capacity(tokens.len() + 2);
        let mut at = 0;
        while at < tokens.len() {
            // The longest shorthand that starts here.
            let after = &tokens[at + 1..];
            let phrase = (self.shorthand_phrases.get(&tokens[at].text).into_iter().flatten())
                .filter(|(rest, _)| {
                    rest.len() <= after.len()
                        && rest.iter().zip(after).all(|(word, token)| *word == token.text)
                })
                .max_by_key(|(rest, _)| rest.len())
                .map(|(rest, long)| (1 + rest.len(), long));
            let Some((len, long)) =
                phrase.or_else(|| self.shorthand.get(&tokens[at].text).map(|long| (1, long)))
            else {
                expanded.push(tokens[at].clone());
                at += 1;
                continue;
            };
            let (from, to) = (tokens[at].from, tokens[at + len - 1].to);
            expanded.extend(long.iter().map(|word| Token {
                text: word.clone(),
                from,
                to,
            }));
            at += len;
        }
        expanded
    }

    /// `tokens` without the negations a hyphen joins to the next word: in
    /// "grupos não-Exchange" or "non-Exchange groups" it makes an adjective
    /// and turns nothing around. `question` is the text the tokens are from.
    pub fn drop_negation_prefixes(&self, tokens: Vec<Token>, question: &str) -> Vec<Token> {
        let prefix = |i: usize| {
            self.negation_words.contains(&tokens[i].text)
                && tokens
                    .get(i + 1)
                    .is_some_and(|next| question.get(tokens[i].to..next.from) == Some("-"))
        };
        let dropped: Vec<bool> = (0..tokens.len()).map(prefix).collect();
        if !dropped.contains(&true) {
            return tokens;
        }
        (tokens.into_iter().zip(dropped))
            .filter_map(|(token, dropped)| (!dropped).then_some(token))
            .collect()
    }

    /// Replaces each host name with the word the lexicon reads host names
    /// as. A host name is a word of letters and digits that neither the
    /// lexicon nor the documents spell whole ("node2", "ex01": "node2" is
    /// neither a typo nor a form of "node*"), with the words hyphens join to
    /// it ("EXCL-N2", "srv-mbx03"); `question` is the text the tokens are from.
    pub fn name_hosts(
        &self,
        tokens: Vec<Token>,
        question: &str,
        documents_have: impl Fn(&str) -> bool,
    ) -> Vec<Token> {
        let Some(host) = &self.host_name else {
            return tokens;
        };
        let named = |word: &str| {
            word.chars().all(|c| c.is_ascii_alphanumeric())
                && word.chars().any(|c| c.is_ascii_digit())
                && word.chars().any(|c| c.is_ascii_alphabetic())
                && !self.vocabulary.spells_whole(word)
                && !documents_have(word)
        };
        let hyphened = |left: &Token, right: &Token| question.get(left.to..right.from) == Some("-");
        let mut host_at: Vec<bool> = tokens.iter().map(|t| named(&t.text)).collect();
        // A name written in capitals whose last hyphened part is a letter
        // or a number is a host name too ("MBX-B", "MGMT-01"), as written:
        // "SP2" and "2003" end no such name, and words in lower case are prose.
        let capitals = |t: &Token| {
            let written = question.get(t.from..t.to).unwrap_or_default();
            !written.chars().any(char::is_lowercase)
        };
        let mut first = 0;
        for i in 0..tokens.len() {
            if i > 0 && hyphened(&tokens[i - 1], &tokens[i]) {
                let last = &tokens[i].text;
                let ends_name = last.len() == 1 && last.chars().all(|c| c.is_ascii_alphabetic())
                    || last.chars().all(|c| c.is_ascii_digit());
                let lead = &tokens[first].text;
                if ends_name
                    && lead.len() >= 2
                    && lead.chars().all(|c| c.is_ascii_alphabetic())
                    && tokens[first..=i].iter().all(capitals)
                    && (i + 1 == tokens.len() || !hyphened(&tokens[i], &tokens[i + 1]))
                {
                    host_at[first..=i].fill(true);
                }
            } else {
                first = i;
            }
        }
        // A node word and a capital letter or a short number after it name
        // a node ("node B", "nó 1"); never "I" ("the node I'm about to
        // patch"), and "no", which is also "in the", only before a letter
        // that is no word of its own ("no E o SP2?").
        let mut noun_named = vec![false; tokens.len()];
        let written = |t: &Token| question.get(t.from..t.to).unwrap_or_default();
        // A capital letter (not a drive, "no C:") or a short number.
        let letter = |t: &Token| {
            let written = written(t);
            let drive = question.get(t.to..).is_some_and(|rest| rest.starts_with(':'));
            written.len() == 1 && written.chars().all(|c| c.is_ascii_uppercase()) && written != "I" && !drive
        };
        let number =
            |t: &Token| (1..=2).contains(&written(t).len()) && written(t).chars().all(|c| c.is_ascii_digit());
        let spaced = |left: &Token, right: &Token| {
            question
                .get(left.to..right.from)
                .is_some_and(|gap| gap.chars().all(|c| c == ' '))
        };
        for i in 1..tokens.len() {
            let (noun, name) = (&tokens[i - 1], &tokens[i]);
            let ambiguous = written(noun) == noun.text
                && self.host_noun_contractions.contains(&noun.text)
                && ["A", "E", "O"].contains(&written(name));
            // A number before a node word counts nodes ("nos 2 nós").
            let count = tokens.get(i + 1).is_some_and(|next| {
                self.host_nouns.contains(&next.text)
                    && !(self.host_noun_contractions.contains(&next.text) && written(next) == next.text)
            });
            if self.host_nouns.contains(&noun.text)
                && spaced(noun, name)
                && (letter(name) || (number(name) && !count))
                && !ambiguous
            {
                host_at[i - 1] = true;
                host_at[i] = true;
                noun_named[i] = true;
            }
        }
        // Names listed after one a node word named are nodes too ("nodes B
        // and C", "nós 1, 2 e 3"), and a letter named so is that node again
        // wherever it stands alone inside a sentence ("…upgrade B and C?"):
        // a capital letter after a sentence's first word is no word of
        // prose. A number alone is never read so ("1 passive node").
        let mut names: HashSet<&str> = HashSet::new();
        for i in 0..tokens.len() {
            if noun_named[i] {
                names.insert(written(&tokens[i]));
                continue;
            }
            let listed = |name: usize| {
                let between = question
                    .get(tokens[name - 1].to..tokens[name].from)
                    .unwrap_or_default();
                let by_word =
                    name >= 2 && self.host_list.contains(&tokens[name - 1].text) && host_at[name - 2];
                let by_mark = host_at[name - 1] && [",", ", ", "/"].contains(&between);
                (by_word && spaced(&tokens[name - 1], &tokens[name])) || by_mark
            };
            let sentence_start = i == 0
                || question
                    .get(..tokens[i].from)
                    .is_some_and(|before| before.trim_end().ends_with(['.', '?', '!', ':', ';']));
            if i > 0 && (letter(&tokens[i]) || number(&tokens[i])) && listed(i) {
                host_at[i] = true;
                names.insert(written(&tokens[i]));
            } else if letter(&tokens[i]) && !sentence_start && names.contains(written(&tokens[i])) {
                host_at[i] = true;
            }
        }
        let designation: Vec<bool> = (tokens.iter())
            .map(|t| self.host_designations.contains(&t.text))
            .collect();
        for (at, designation) in host_at.iter_mut().zip(&designation) {
            *at |= designation;
        }
        if !host_at.contains(&true) {
            return tokens;
        }
        // Spread over hyphens both ways, as far as they go.
        for i in 1..tokens.len() {
            if host_at[i - 1] && hyphened(&tokens[i - 1], &tokens[i]) {
                host_at[i] = true;
            }
        }
        for i in (1..tokens.len()).rev() {
            if host_at[i] && hyphened(&tokens[i - 1], &tokens[i]) {
                host_at[i - 1] = true;
            }
        }
        let joined = |i: usize| {
            host_at[i] && host_at[i - 1] && (noun_named[i] || hyphened(&tokens[i - 1], &tokens[i]))
        };
        let joined: Vec<bool> = (0..tokens.len()).map(|i| i > 0 && joined(i)).collect();
        let mut named_tokens: Vec<Token> = Vec::with_capacity(tokens.len());
        // Which tokens are host names, by the name as written (lower case).
        let mut hosts: Vec<Option<String>> = Vec::with_capacity(tokens.len());
        // Where each named token's name starts in the question.
        let mut name_from: Vec<usize> = Vec::with_capacity(tokens.len());
        for (i, token) in tokens.into_iter().enumerate() {
            match named_tokens.last_mut() {
                // One host name, one word.
                Some(last) if joined[i] => {
                    last.to = token.to;
                    // A node word's name is the name alone: "node B" and a
                    // "B" said after it are one node.
                    if noun_named[i] {
                        *name_from.last_mut().expect("one per token") = token.from;
                    }
                }
                // A designation keeps its word: its phrases read it.
                _ if designation[i] => {
                    name_from.push(token.from);
                    named_tokens.push(token);
                    hosts.push(Some(String::new()));
                }
                _ if host_at[i] => {
                    name_from.push(token.from);
                    named_tokens.push(Token {
                        text: host.clone(),
                        ..token
                    });
                    hosts.push(Some(String::new()));
                }
                _ => {
                    name_from.push(token.from);
                    named_tokens.push(token);
                    hosts.push(None);
                }
            }
        }
        for ((token, name), from) in named_tokens.iter().zip(hosts.iter_mut()).zip(name_from) {
            if let Some(name) = name {
                *name = question.get(from..token.to).unwrap_or_default().to_lowercase();
            }
        }
        let (named_tokens, hosts) = self.read_server_names(named_tokens, hosts, question);
        let (named_tokens, hosts, pronouns) = self.read_host_pronouns(named_tokens, hosts);
        self.read_host_roles(named_tokens, &hosts, &pronouns, question)
    }

    /// Reads a host named right after the clustered mailbox server's noun
    /// (`[question] server_names`: "clustered mailbox server EXCMS02", "the
    /// CMS MBX01") as the server by its own name: that noun, wherever it is
    /// named ("take MBX01 offline, move it to EX02"), and no node, so no
    /// pronoun stands for it and no role is read against it. Only a name
    /// with nothing but a space before it: "owns the CMS, EX02 is passive"
    /// names a node.
    fn read_server_names(
        &self,
        tokens: Vec<Token>,
        hosts: Vec<Option<String>>,
        question: &str,
    ) -> (Vec<Token>, Vec<Option<String>>) {
        let words = self.words(tokens.iter().map(|t| t.text.clone()).collect());
        let spaced = |end: usize| {
            (question.get(tokens[end - 1].to..tokens[end].from)).is_some_and(|gap| gap.trim().is_empty())
        };
        // A name given a node's role in its own clause, before another host
        // is named ("the clustered mailbox server EXNODE1 is currently
        // active"), is the node's; "the CMS MBX01, EX02 is passive" gives
        // MBX01 no role.
        let role_follows = |at: usize| {
            (at + 1..(at + 4).min(tokens.len()))
                .take_while(|&w| hosts[w].is_none() && spaced(w))
                .any(|w| {
                    let word = &tokens[w].text;
                    self.role_words.contains(word)
                        || word
                            .strip_suffix('s')
                            .is_some_and(|w| self.role_words.contains(w))
                })
        };
        let nouns: Vec<(usize, usize)> = all_spans(&self.server_names, &words).collect();
        // Each name, lower case, with the noun's words it reads as.
        let mut names: Vec<(String, Vec<String>)> = Vec::new();
        for &(start, end) in &nouns {
            if let Some(Some(name)) = hosts.get(end)
                && spaced(end)
                && !role_follows(end)
                && !names.iter().any(|(known, _)| known == name)
            {
                names.push((
                    name.clone(),
                    tokens[start..end].iter().map(|t| t.text.clone()).collect(),
                ));
            }
        }
        if names.is_empty() {
            return (tokens, hosts);
        }
        let mut read = Vec::with_capacity(tokens.len());
        let mut read_hosts = Vec::with_capacity(tokens.len());
        for (i, (token, host)) in tokens.iter().zip(&hosts).enumerate() {
            let Some((_, noun)) = host
                .as_ref()
                .and_then(|h| names.iter().find(|(name, _)| name == h))
            else {
                read.push(token.clone());
                read_hosts.push(host.clone());
                continue;
            };
            // Right after a noun the name adds nothing: the noun says it.
            if nouns.iter().any(|(_, end)| *end == i) && spaced(i) {
                continue;
            }
            // The noun's words stand where the name was, at its place in
            // the question.
            for word in noun {
                read.push(Token {
                    text: word.clone(),
                    ..token.clone()
                });
                read_hosts.push(None);
            }
        }
        (read, read_hosts)
    }

    /// Reads each pronoun of `[question] host_pronouns` that stands for a
    /// host as the host named last before it, with the preposition it holds
    /// ("nele" → "no" + the host): "EXCH-N1 ativo c/ o CMS. da pra rodar o
    /// SP1 direto nele?" asks about EXCH-N1. A pronoun holding no
    /// preposition stands for one only right after a word of
    /// `host_pronoun_leads` ("atualizar ele", "upgrade it"), and reads as the
    /// host's word.
    fn read_host_pronouns(
        &self,
        tokens: Vec<Token>,
        hosts: Vec<Option<String>>,
    ) -> (Vec<Token>, Vec<Option<String>>, Vec<bool>) {
        if !tokens.iter().any(|t| self.host_pronouns.contains_key(&t.text)) {
            let none = vec![false; tokens.len()];
            return (tokens, hosts, none);
        }
        // The computer that runs the tools, named after the host, is what
        // a pronoun then stands for ("…MBX-A/MBX-B from my admin machine.
        // How do I install the tools on it?").
        let words = self.words(tokens.iter().map(|t| t.text.clone()).collect());
        let tools_nouns: Vec<usize> = (self.anchor_kinds.iter())
            .filter(|(anchor, _)| anchor.side == Side::Tools && anchor.role == Role::Noun)
            .flat_map(|(_, phrases)| all_spans(phrases, &words).map(|(start, _)| start))
            .collect();
        let stands_for_host = |i: usize| {
            let preposition = self.host_pronouns.get(&tokens[i].text)?;
            let led = !preposition.is_empty()
                || i.checked_sub(1)
                    .is_some_and(|before| self.host_pronoun_leads.contains(&tokens[before].text));
            let named_at = (0..i).rev().find(|j| hosts[*j].is_some())?;
            let tools_between = tools_nouns.iter().any(|at| named_at < *at && *at < i);
            (led && !tools_between).then(|| {
                let named = hosts[named_at].clone().unwrap_or_default();
                (preposition.clone(), named, tokens[named_at].text.clone())
            })
        };
        let pronouns: Vec<Option<(String, String, String)>> =
            (0..tokens.len()).map(stands_for_host).collect();
        if pronouns.iter().all(Option::is_none) {
            let none = vec![false; tokens.len()];
            return (tokens, hosts, none);
        }
        let mut read = Vec::with_capacity(tokens.len() + 1);
        let mut read_hosts = Vec::with_capacity(tokens.len() + 1);
        let mut read_pronouns = Vec::with_capacity(tokens.len() + 1);
        for ((token, name), pronoun) in tokens.into_iter().zip(hosts).zip(pronouns) {
            match pronoun {
                Some((preposition, named, host)) => {
                    if !preposition.is_empty() {
                        read.push(Token {
                            text: preposition,
                            ..token.clone()
                        });
                        read_hosts.push(None);
                        read_pronouns.push(false);
                    }
                    read.push(Token { text: host, ..token });
                    read_hosts.push(Some(named));
                    read_pronouns.push(true);
                }
                None => {
                    read.push(token);
                    read_hosts.push(name);
                    read_pronouns.push(false);
                }
            }
        }
        (read, read_hosts, read_pronouns)
    }

    /// Reads each host name given a role (`[question] host_roles`) as that
    /// role's words. A role belongs to the nearest host name in its
    /// sentence, at most [`HOST_ROLE_REACH`] words away ("EXCH-N1 active and
    /// EXCH-N2 passive"); one said in several words, with no negation
    /// between ("EXCH-N1 owns the CMS", not "EXCH-N2 doesn't host the CMS").
    /// "N2" and "EXCH-N2" are one host.
    fn read_host_roles(
        &self,
        tokens: Vec<Token>,
        hosts: &[Option<String>],
        pronouns: &[bool],
        question: &str,
    ) -> Vec<Token> {
        let same_host =
            |a: &str, b: &str| a == b || a.ends_with(&format!("-{b}")) || b.ends_with(&format!("-{a}"));
        let text_between =
            |from: usize, to: usize| question.get(tokens[from].to..tokens[to].from).unwrap_or("");
        let same_sentence = |from: usize, to: usize| {
            let (from, to) = (from.min(to), from.max(to));
            (from..to).all(|i| !ends_sentence(text_between(i, i + 1)))
        };
        let negated_between = |from: usize, to: usize| {
            let (from, to) = (from.min(to), from.max(to));
            tokens[from + 1..to]
                .iter()
                .any(|t| self.negation_words.contains(&t.text))
        };
        let words = self.words(tokens.iter().map(|t| t.text.clone()).collect());
        // Where each role is said, left to right, the longer first where two start together.
        // A place ("the CMS is on") is said of the host after it.
        let roles_said = (self.host_roles.iter()).map(|(phrases, role)| (phrases, role, false));
        let places_said = (self.host_places.iter()).map(|(phrases, role)| (phrases, role, true));
        let mut said: Vec<(usize, usize, &Vec<String>, bool)> = (roles_said.chain(places_said))
            .flat_map(|(phrases, role, place)| {
                all_spans(phrases, &words).map(move |(start, end)| (start, end, role, place))
            })
            .collect();
        said.sort_by_key(|(start, end, _, _)| (*start, std::cmp::Reverse(*end)));
        let mut roles: Vec<(&str, Vec<String>)> = Vec::new();
        let mut consumed = vec![false; tokens.len()];
        // A host named right after the computer that runs the tools ("our
        // admin box EXCH-MGMT2", "a estação ADM-XP02") is that computer, no
        // cluster node: it reads as the anchor's words wherever it is named.
        let tools_nouns = (self.anchor_kinds.iter())
            .filter(|(anchor, _)| anchor.side == Side::Tools && anchor.role == Role::Noun)
            .flat_map(|(_, phrases)| all_spans(phrases, &words));
        // The server's nouns ("CMS", "clustered mailbox server") in a role
        // said once stay: they may be what the question is about.
        let server_nouns: Vec<(usize, usize)> = (self.anchor_kinds.iter())
            .filter(|(anchor, _)| anchor.side == Side::Server && anchor.role == Role::Noun)
            .flat_map(|(_, phrases)| all_spans(phrases, &words))
            .collect();
        for (start, end) in tools_nouns {
            if let Some(Some(name)) = hosts.get(end)
                && !roles.iter().any(|(known, _)| same_host(known, name))
            {
                roles.push((name, tokens[start..end].iter().map(|t| t.text.clone()).collect()));
                consumed[end] = true;
            }
        }
        // A role said in several words ("owns the CMS") of a host named
        // again has said what it says once the host reads as the role:
        // left in, it would claim the role of whatever else the question
        // names. Of a host named once, the server it names stays ("EX01
        // runs the CMS. Can I move it to EX02?" moves the CMS), but not the
        // rest: "MBX1 still hosts the CMS" upgrades no node hosting it. A
        // place said once stays whole: "the CMS stays online on EXCH-N1"
        // says it stays online.
        // Where a place was read: a role inside it is the place's ("com o
        // CMS no N1" says nothing of the host before it).
        let mut placed: Vec<(usize, usize)> = Vec::new();
        for (at, end, role, place) in said {
            if !place && placed.iter().any(|(s, e)| (*s..*e).contains(&at)) {
                continue;
            }
            // A pronoun read as a host takes the role the host was given
            // where it was named, none of its own: in "…posso subir o CMS
            // nele e ele vira o ativo?" the role is what the CMS makes it.
            // A role said after a word of change ("EXCH-N1 … is now
            // passive") replaces the one the host had; the word of change
            // may stand between them.
            // Within the role's clause: in "upgrade NODE1 now, before the
            // passive nodes" the "now" changes nothing.
            let said_before = |words: &HashSet<String>, reach: usize| {
                (at.saturating_sub(reach)..at)
                    .any(|w| words.contains(&tokens[w].text) && !text_between(w, at).contains([',', ';']))
            };
            // A role the host had ("the old active node", "antigo ativo"),
            // or one an action will give it ("bring it online on SCC-N2,
            // making that the active node"), is not its role now.
            if said_before(&self.host_role_past, HOST_ROLE_PAST_REACH)
                || said_before(&self.host_role_next, HOST_ROLE_NEXT_REACH)
            {
                continue;
            }
            // A word of change says the role is the host's now with at most
            // two words besides linking verbs between them ("is now the new
            // passive node"), none saying how the host is treated ("upgrade
            // node B now as the passive node" changes no role).
            let changed = (at.saturating_sub(HOST_ROLE_CHANGE_REACH)..at).any(|w| {
                let between = || (w + 1..at).map(|b| &tokens[b].text);
                self.host_role_change.contains(&tokens[w].text)
                    && !text_between(w, at).contains([',', ';'])
                    && !between().any(|word| self.host_role_as.contains(word))
                    && between().filter(|word| !self.linking.contains(*word)).count() <= 2
            });
            let reach = HOST_ROLE_REACH + if changed { HOST_ROLE_CHANGE_REACH } else { 0 };
            // A place is said of the host right after it, an article
            // between allowed ("still on the original active node"), a
            // pronoun too ("while the CMS is still on it").
            let after_place = |h: usize| (end..=end + HOST_PLACE_GAP).contains(&h);
            // A role word alone near a designation is another node's: the
            // designation says what its node was ("upgrade the passive
            // node, then the original active node").
            let designation = |h: usize| self.host_designations.contains(&tokens[h].text);
            let nearest = (hosts.iter().enumerate())
                .filter(|(h, _)| if place { after_place(*h) } else { !pronouns[*h] })
                .filter(|(h, _)| place || changed || end > at + 1 || !designation(*h))
                .filter_map(|(h, name)| Some((h, name.as_deref()?)))
                .filter(|(h, _)| h.abs_diff(at) <= reach && same_sentence(*h, at))
                // A host after a comma opens another clause ("OTHER9 é
                // ativo, NODE2 e…"): the role is not said of it.
                .filter(|(h, _)| *h < at || !text_between(end - 1, *h).contains([',', ';']))
                // A role in several words is said of the host before it, its
                // subject ("EXCH-N1 owns the CMS MBX-CMS01").
                .filter(|(h, _)| place || end == at + 1 || (*h < at && !negated_between(*h, end)))
                .min_by_key(|(h, _)| (h.abs_diff(at), *h > at));
            let Some((host, name)) = nearest else {
                continue;
            };
            if place {
                placed.push((at, end));
            }
            let named_again = (hosts.iter().enumerate())
                .any(|(h, other)| h != host && other.as_deref().is_some_and(|other| same_host(other, name)));
            if end > at + 1 && named_again {
                consumed[at..end].fill(true);
            } else if end > at + 1 && !place {
                for w in (at..end).filter(|w| !server_nouns.iter().any(|(s, e)| (*s..*e).contains(w))) {
                    consumed[w] = true;
                }
            }
            match roles.iter().position(|(known, _)| same_host(known, name)) {
                Some(known) if changed => roles[known].1.clone_from(role),
                Some(_) => {}
                None => roles.push((name, role.clone())),
            }
            // A role said once after hosts listed together is each one's:
            // "EXCH-N2/EXCH-N3 passivos", "NODE2 e OTHER8 são passivos".
            let mut listed = host;
            while host < at && listed > 0 {
                let before = if text_between(listed - 1, listed).contains(['/', ',']) {
                    Some(listed - 1)
                } else if self.host_list.contains(&tokens[listed - 1].text) {
                    listed.checked_sub(2)
                } else {
                    None
                };
                let Some((h, name)) = before.and_then(|h| Some((h, hosts[h].as_deref()?))) else {
                    break;
                };
                if !roles.iter().any(|(known, _)| same_host(known, name)) {
                    roles.push((name, role.clone()));
                }
                listed = h;
            }
        }
        // A passive node is any node holding no clustered mailbox server:
        // once one host alone is said to hold it, every other host named
        // with no role of its own is such a node ("The CMS is on NODE1.
        // Can I upgrade NODE2?"). Not a node named by what it was ("the
        // original active node"), nor a pronoun, which takes its host's.
        let mut holders = roles
            .iter()
            .filter(|(_, role)| self.host_role_others.contains_key(role));
        // The one host holding the CMS, and the role words of the others.
        let mut holder: Option<(&str, Vec<String>, Vec<String>)> = None;
        if let (Some((name, role)), None) = (holders.next(), holders.next()) {
            let others = self.host_role_others[role].clone();
            holder = Some((name, role.clone(), others.clone()));
            // Only the holder's sibling nodes, named as it is ("NODE1",
            // "NODE2"; "EXCH-N1", "EXCH-N2"; "nó 1", "nó 2"): a workstation
            // or a CMS named by its own name is no node.
            let holder_name: &str = name;
            for (h, name) in hosts.iter().enumerate() {
                let Some(name) = name.as_deref() else { continue };
                let designation = self.host_designations.contains(&tokens[h].text);
                if !pronouns[h]
                    && !designation
                    && sibling_hosts(holder_name, name)
                    && !roles.iter().any(|(known, _)| same_host(known, name))
                {
                    roles.push((name, others.clone()));
                }
            }
        }
        // Once the CMS is moved to a host (`[question] host_moves`: "move it
        // to EX02"), that host holds it and the one that held it does not,
        // from the words after the move on, as `host_moved_from` says: "…take
        // the CMS offline, move it to EX02, then upgrade EX01" upgrades the
        // original active node. The host the CMS is moved to reads as it
        // was, the node the move goes to.
        let mut moved: Vec<(usize, &str, Vec<String>)> = Vec::new();
        if let Some((from, active, others)) = &holder {
            let passive = self.host_moved_from.get(active).unwrap_or(others);
            for (_, end) in all_spans(&self.host_moves, &words) {
                let target = (end..=end + HOST_PLACE_GAP)
                    .find(|h| hosts.get(*h).is_some_and(Option::is_some) && !pronouns[*h]);
                let Some(to) = target.and_then(|h| Some((h, hosts[h].as_deref()?))) else {
                    continue;
                };
                let holding = moved
                    .iter()
                    .rev()
                    .find(|(_, _, role)| role == active)
                    .map_or(*from, |m| m.1);
                if !same_host(holding, to.1) {
                    moved.push((to.0 + 1, to.1, active.clone()));
                    moved.push((to.0 + 1, holding, passive.clone()));
                }
            }
        }
        if roles.is_empty() {
            return tokens;
        }
        let mut read = Vec::with_capacity(tokens.len() + roles.len());
        for (((at, token), name), _) in (tokens.iter().enumerate().zip(hosts))
            .zip(&consumed)
            .filter(|(_, consumed)| !**consumed)
        {
            let after_move = |name: &str| {
                (moved.iter().rev())
                    .find(|(from, host, _)| *from <= at && same_host(host, name))
                    .map(|(_, host, role)| (*host, role.clone()))
            };
            let role = name.as_deref().and_then(|name| {
                after_move(name).or_else(|| roles.iter().find(|(known, _)| same_host(known, name)).cloned())
            });
            match role {
                Some((_, words)) => read.extend(words.iter().map(|word| Token {
                    text: word.clone(),
                    ..token.clone()
                })),
                None => read.push(token.clone()),
            }
        }
        read
    }

    /// A question's normalised words, ready to be read.
    pub fn words(&self, words: Vec<String>) -> Words {
        Words::new(words, &self.vocabulary)
    }

    /// Where `words` join two clauses (see [`Words::with_joins`]).
    pub fn clause_joins(&self, words: &[String]) -> Vec<usize> {
        (0..words.len())
            .filter(|at| self.clause_joins.contains(&words[*at]))
            .collect()
    }

    /// Spans from the end of a system's name to a version that belongs to
    /// another product named between them: "2003" to "sp1" in "win 2003 +
    /// exchange 2007 sp1" (see [`Words::with_other_products`]). A version
    /// after a product name and its number ("exchange 2007 sp1") is that
    /// product's; a system's own service pack ("windows 2003 sp1") follows
    /// no product name then.
    pub fn other_products(&self, words: &Words) -> Vec<(usize, usize)> {
        let is_number = |word: &str| !word.is_empty() && word.bytes().all(|b| b.is_ascii_digit());
        // Most questions name no product with a number after it and a word
        // after that: no second pass over the values then.
        let named = |at: usize| self.products.contains(&words[at - 2]) && is_number(&words[at - 1]);
        if !(2..words.len()).any(named) {
            return Vec::new();
        }
        let mentions = self.mentions(words);
        let is_system = |m: &Mention| self.dimensions_of(&m.value).iter().any(|d| self.is_os(*d));
        let releases = (mentions.iter()).filter(|m| m.start >= 2 && !is_system(m) && named(m.start));
        releases
            .flat_map(|release| {
                (mentions.iter())
                    .filter(|system| is_system(system) && system.end + 2 <= release.start)
                    .map(|system| (system.end, release.start))
            })
            .collect()
    }

    /// Whether the words in `range` hold a question word (`asked_last`:
    /// "qual", "which"…).
    pub fn asks_within(&self, words: &Words, range: std::ops::Range<usize>) -> bool {
        any_match(&self.asked_last, &words.only(range))
    }

    /// Whether the question puts its claim in the article's mouth ("the doc
    /// says to…?", `[assertions] attributed`).
    pub fn attributes_to_documents(&self, words: &Words) -> bool {
        any_match(&self.attributed, words)
    }

    /// Where the question that words in `range` report starts: after the
    /// last words that report one ("o cliente quer saber se", `reported`).
    pub fn asked_after(&self, words: &Words, range: std::ops::Range<usize>) -> Option<usize> {
        all_spans(&self.reported, &words.only(range))
            .map(|(_, end)| end)
            .max()
    }

    /// Index of a dimension by API name.
    pub fn dimension_index(&self, id: &str) -> Option<usize> {
        self.dimension_ids.iter().position(|d| d == id)
    }

    /// Detects the language of `words` (and the raw text, for accents);
    /// `None` when the question does not tell (as many markers of each
    /// language and no letter only Portuguese uses).
    pub fn detect_language(&self, words: &[String], text: &str) -> Option<Lang> {
        let score = |lang: Lang| {
            self.language
                .iter()
                .filter(|(l, _)| *l == lang)
                .flat_map(|(_, markers)| markers)
                .map(|m| words.iter().filter(|w| *w == m).count())
                .sum::<usize>()
        };
        // Letters English never uses count as Portuguese words ("É possível…?").
        let portuguese_letters = text
            .chars()
            .flat_map(char::to_lowercase)
            .filter(|c| "ãõçáéíóúâêôà".contains(*c))
            .count();
        let (pt, en) = (score(Lang::PtBr) + portuguese_letters, score(Lang::En));
        match pt.cmp(&en) {
            std::cmp::Ordering::Greater => Some(Lang::PtBr),
            std::cmp::Ordering::Less => Some(Lang::En),
            std::cmp::Ordering::Equal => None,
        }
    }

    /// Reads a question, already split into normalised `words`;
    /// `clause_starts` are the words that follow a comma or another clause
    /// break.
    /// `last_sentence` is the first word of the sentence that asks.
    pub fn read(&self, words: &Words, clause_starts: &[usize], last_sentence: usize, lang: Lang) -> Reading {
        let mentions = self.mentions(words);
        let anchors = self.anchors(words, &mentions);
        let mut dimensions = BTreeMap::new();
        let mut unbound = Vec::new();
        let mut alternatives = Vec::new();
        let mut conjoined = Vec::new();
        // Which mention each dimension's value was read from.
        let mut read_from: BTreeMap<usize, usize> = BTreeMap::new();
        // The dimensions read from a mention whose side nothing said.
        let mut defaulted: BTreeSet<usize> = BTreeSet::new();
        for (i, mention) in mentions.iter().enumerate() {
            // "Windows Server 2003 Service Pack 2" is one thing: the SP belongs to the OS.
            let follows_os = i > 0
                && mentions[i - 1].end == mention.start
                && self
                    .dimensions_of(&mentions[i - 1].value)
                    .iter()
                    .any(|d| self.is_os(*d));
            let candidates = self.dimensions_of(&mention.value);
            if follows_os && candidates.iter().all(|d| !self.is_os(*d)) {
                continue;
            }
            // The mention's side, when something in the question says it,
            // and the dimension of its candidates on that side.
            let side = side_of(mention, &anchors, words);
            let on_side =
                |side: Side| candidates[usize::from(side == Side::Server).min(candidates.len() - 1)];
            let dimension = match candidates.len() {
                0 => continue,
                1 => candidates[0],
                _ => on_side(side.unwrap_or(Side::Tools)),
            };
            // Whether `phrases` join this mention to the one a dimension
            // was read from, with nothing else between them.
            let joined_by = |phrases: &PhraseList, taken: &usize| {
                let before = &mentions[*taken];
                before.end < mention.start
                    && longest_at(phrases, words, before.end) == Some(mention.start - before.end)
            };
            // A second value offered right after the first, with a choice
            // word between ("from a Windows Server 2003 or Windows XP
            // computer"), is an alternative for the same dimension, even
            // one another dimension holds ("um CMS no 2008, o computador tem
            // que ser 2003 ou 2008?").
            let offered_for =
                (candidates.iter()).find(|d| read_from.get(d).is_some_and(|t| joined_by(&self.choice, t)));
            if let Some(offered_for) = offered_for {
                alternatives.push((*offered_for, mention.value.clone()));
                continue;
            }
            // A second value joined to the first ("from Windows Server 2008,
            // and also from Windows Vista", "XP e Vista") is claimed too, for
            // the same dimension, unless what it is named beside says it is
            // the other side's ("from XP and a Windows Server 2008 CMS").
            let joined_to = (candidates.iter()).find(|d| {
                read_from.get(d).is_some_and(|t| joined_by(&self.both, t))
                    && side.is_none_or(|side| on_side(side) == **d)
            });
            if let Some(joined_to) = joined_to {
                conjoined.push((*joined_to, mention.value.clone()));
                continue;
            }
            // A value read on the tools' side only for want of anything
            // saying its side gives way to one said of it: in "The CMS on
            // MBX1/MBX2 is on Exchange 2007 RTM on Windows Server 2003. I
            // plan to manage it from my Windows XP workstation…" Windows
            // Server 2003 is the server's.
            let said = side.is_some() || candidates.len() == 1;
            if said && defaulted.contains(&dimension) {
                let held = read_from[&dimension];
                let free = (self.dimensions_of(&mentions[held].value).iter().copied())
                    .find(|d| *d != dimension && !dimensions.contains_key(d));
                if let Some(free) = free
                    && let Some(value) = dimensions.remove(&dimension)
                {
                    dimensions.insert(free, value);
                    read_from.insert(free, held);
                    read_from.remove(&dimension);
                    defaulted.remove(&dimension);
                }
            }
            // A value named again is the one already read ("…a partir do
            // servidor 2008?"), unless it is said of the other side, still
            // free ("a CMS on Windows Server 2008 and a Windows Server 2008
            // admin box").
            if dimensions.values().any(|taken| *taken == mention.value) {
                let other_side = side.map(on_side).filter(|other| !dimensions.contains_key(other));
                if let Some(other) = other_side {
                    dimensions.insert(other, mention.value.clone());
                    read_from.insert(other, i);
                }
                continue;
            }
            // Two different values read as the same side ("use Windows Server 2008
            // to manage a CMS running Windows 2003"): the later one takes the
            // other side if that is still free.
            // (The value is not read yet: every dimension taken holds another.)
            let dimension = match dimensions.contains_key(&dimension) {
                true => (candidates.iter().copied())
                    .find(|d| !dimensions.contains_key(d))
                    .unwrap_or(dimension),
                false => dimension,
            };
            // A value a sentence of context gave is the setting; the asking
            // sentence naming another one asks about that one instead
            // ("Besides the cluster, we have a standalone server. Can I
            // manage that standalone box from Vista?").
            let set_by_context = |taken: &usize| mentions[*taken].start < last_sentence;
            let asked_instead =
                mention.start >= last_sentence && read_from.get(&dimension).is_some_and(set_by_context);
            match dimensions.contains_key(&dimension) && !asked_instead {
                true => unbound.push(mention.value.clone()),
                false => {
                    // The context named it too, where another value held
                    // the dimension: it is what is asked about now.
                    unbound.retain(|value| !asked_instead || *value != mention.value);
                    dimensions.insert(dimension, mention.value.clone());
                    read_from.insert(dimension, i);
                    match side.is_none() && candidates.len() > 1 {
                        true => defaulted.insert(dimension),
                        false => defaulted.remove(&dimension),
                    };
                }
            }
        }
        // What the question names without asserting: value names, the
        // subject, question cues, management words and side anchors.
        let mut covered = vec![false; words.len()];
        let mut cover = |spans: &mut dyn Iterator<Item = (usize, usize)>| {
            for (start, end) in spans {
                covered[start..end.min(words.len())].fill(true);
            }
        };
        cover(&mut mentions.iter().map(|m| (m.start, m.end)));
        cover(&mut self.sizes_described(words).into_iter());
        cover(&mut anchors.iter().map(|a| (a.start, a.end)));
        // A command a contrast sets apart ("unlike Setup.com") is claimed of
        // nothing, so no fact has to check it.
        let set_apart = self.references(words).set_apart;
        cover(&mut all_spans(&self.commands, words).filter(|(start, _)| set_apart[*start]));
        for phrases in [
            &self.subject,
            &self.how,
            &self.which,
            &self.management,
            &self.tools,
            &self.asks_opposite,
        ] {
            cover(&mut all_spans(phrases, words));
        }
        let statements: Vec<(usize, usize)> = all_spans(&self.statement, words).collect();
        let statement_form = self.states(words, &statements);
        let premise = opening_clause(&self.premise, words, clause_starts, 0);
        // A condition is not a claim: it only moves where the question is
        // asked ("If I can't install both, what alternative…?" asks for one),
        // in the sentence that asks too ("Our nodes have rollups installed.
        // When I run SP2 setup, will it remove them?").
        // A condition opening the sentence that asks is skipped only when
        // a claim of its own follows ("…, will it remove them?"), not a few
        // words that only narrow a question ("Quando o CMS sai do ar, depois
        // do primeiro passivo?").
        let asked_condition =
            opening_clause(&self.condition, words, clause_starts, last_sentence).filter(|at| {
                last_sentence > 0
                    && (longest_at(&self.yes_no, words, *at).is_some()
                        || words.len().saturating_sub(*at) > CONDITION_NARROWING_WORDS)
            });
        let asked = premise
            .or_else(|| opening_clause(&self.condition, words, clause_starts, 0))
            .max(asked_condition);
        let claim_start = asked.unwrap_or(0).max(last_sentence);
        let kind = self.kind(words, claim_start, clause_starts);
        tracing::trace!(?kind, claim_start, words = ?&words[..], "question kind");
        let candidates = self.claimed_fact(
            words,
            &covered,
            statement_form,
            kind == QuestionKind::YesNo,
            premise,
            last_sentence,
        );
        // "Always" is checked by the compatibility verdict, which holds in
        // every case or depends.
        let universal = self.universal_spans(words);
        let mut compat_covered = covered.clone();
        for (start, end) in &universal {
            compat_covered[*start..*end].fill(true);
        }
        // "Only" is checked by the compatibility verdict when it is said of
        // a value read into a dimension.
        let exclusive = self.exclusive(words, &mentions, &read_from, claim_start);
        if let Some((start, end, _)) = exclusive {
            compat_covered[start..end].fill(true);
        }
        for (start, end) in self.setup_exclusive(words, &mentions, claim_start) {
            compat_covered[start..end].fill(true);
        }
        Reading {
            negated: kind == QuestionKind::YesNo
                && self.claim_negated(words, &covered, &statements, statement_form, claim_start),
            // Only in the clause the claim opens: "Do I need a new cluster,
            // since in-place upgrades are impossible?" asks about the cluster.
            asks_opposite: kind == QuestionKind::YesNo
                && all_spans(&self.asks_opposite, words)
                    .any(|(start, _)| start >= claim_start && start < words.clause_around(claim_start).end),
            lang,
            kind,
            dimensions,
            about_management: any_match(&self.management, words) || any_match(&self.tools, words),
            // "Management" in the tools' name ("cluster management tools")
            // manages nothing.
            management_verb: all_spans(&self.management, words)
                .any(|(start, end)| !all_spans(&self.tools, words).any(|(s, e)| s <= start && end <= e)),
            // A value's own words are not outside it: "Windows XP SP3" is
            // Windows XP, not Exchange 2007 SP3.
            outside: (self.outside.iter())
                .filter(|(_, phrases)| {
                    all_spans(phrases, words)
                        .any(|(start, end)| !(mentions.iter()).any(|m| m.start <= start && end <= m.end))
                })
                .map(|(slug, _)| slug.clone())
                .collect(),
            structured: false,
            fact: candidates.best,
            advice: candidates.before_compatibility,
            unbound,
            alternatives,
            conjoined,
            unchecked: self.unchecked(words, &compat_covered, &self.assertive_words(words)),
            universal: !universal.is_empty(),
            exclusive: exclusive.map(|(_, _, dimension)| dimension),
        }
    }

    /// Where the question claims a value is the only one, and the dimension
    /// it reads that value into: the span of the words that claim it and
    /// the dimension. An `exclusive` word ("only", "só pode") is said of the
    /// first value after it in its clause, at most [`EXCLUSIVE_REACH`] words
    /// on, an operating system first ("the SP2 tools on XP only manage CMS
    /// on Windows Server 2003" says it of the cluster's system, not of the
    /// CMS); a `sole` one ("the only", "o único") of the value before it in
    /// its clause, or else of the last one after it. Only words from
    /// `claim_start` on claim: "only" in a sentence of context ("The team
    /// lead only has a Windows Vista laptop.") says nothing of the values
    /// the question asks about. `None` when the claim is said of no value
    /// read into a dimension, or of more than one.
    fn exclusive(
        &self,
        words: &Words,
        mentions: &[Mention],
        read_from: &BTreeMap<usize, usize>,
        claim_start: usize,
    ) -> Option<(usize, usize, usize)> {
        let dimension_of = |i: usize| read_from.iter().find(|(_, m)| **m == i).map(|(d, _)| *d);
        // A span inside a longer one ("unico" in "o unico", "only" in "the
        // only") is part of that claim.
        let outermost = |spans: &[(usize, usize)], (start, end): (usize, usize)| {
            !(spans.iter()).any(|(s, e)| *s <= start && end <= *e && (*s, *e) != (start, end))
        };
        let sole: Vec<(usize, usize)> = all_spans(&self.sole, words)
            .filter(|(start, _)| *start >= claim_start)
            .collect();
        let sole: Vec<(usize, usize)> = (sole.iter().copied())
            .filter(|span| outermost(&sole, *span))
            .collect();
        let exclusive: Vec<(usize, usize)> = all_spans(&self.exclusive, words)
            .filter(|(start, _)| *start >= claim_start)
            .collect();
        let exclusive: Vec<(usize, usize)> = (exclusive.iter().copied())
            .filter(|span| outermost(&exclusive, *span) && outermost(&sole, *span))
            .filter(|span| !sole.contains(span))
            .collect();
        let mut claims = Vec::new();
        for (start, end) in exclusive {
            let after: Vec<usize> = said_of_after(words, mentions, start, end).collect();
            let scoped = (after.iter().copied())
                .find(|i| {
                    self.dimensions_of(&mentions[*i].value)
                        .iter()
                        .any(|d| self.is_os(*d))
                })
                .or_else(|| after.first().copied());
            claims.push((start, end, scoped));
        }
        for (start, end) in sole {
            let clause = words.clause_around(start);
            let before = (0..mentions.len())
                .rev()
                .find(|i| mentions[*i].end <= start && mentions[*i].start >= clause.start);
            let after = (0..mentions.len())
                .rev()
                .find(|i| mentions[*i].start >= end && mentions[*i].end <= clause.end);
            claims.push((start, end, before.or(after)));
        }
        match claims.as_slice() {
            [(start, end, Some(mention))] => Some((*start, *end, dimension_of(*mention)?)),
            _ => None,
        }
    }

    /// The exclusive words said of a value in the sentences of context
    /// before the claim ("I only have a Windows Server 2008 management
    /// server. Can I use it to manage…?"): they describe the asker's setup,
    /// which the question then asks about, and claim nothing to check.
    fn setup_exclusive(
        &self,
        words: &Words,
        mentions: &[Mention],
        claim_start: usize,
    ) -> Vec<(usize, usize)> {
        all_spans(&self.exclusive, words)
            .filter(|(start, _)| *start < claim_start)
            .filter(|&(start, end)| said_of_after(words, mentions, start, end).next().is_some())
            .collect()
    }

    /// Where the question names what document `slug` does not cover
    /// (`outside` in scope.toml), as word spans.
    pub fn outside_spans<'a>(
        &'a self,
        slug: &'a str,
        words: &'a Words,
    ) -> impl Iterator<Item = (usize, usize)> + 'a {
        (self.outside.iter())
            .filter(move |(s, _)| s == slug)
            .flat_map(move |(_, phrases)| all_spans(phrases, words))
    }

    /// Whether the lexicon spells `word` other than as a value only
    /// (`value_words`), or the documents know it (see
    /// [`CompiledLexicon::unknown_requirements`]). Another form of a
    /// documents' word counts as theirs ("take" for "taken"): one that
    /// starts with the word less its last two letters, four at least.
    fn documented(&self, word: &str, documents_know: impl Fn(&str, &str) -> bool) -> bool {
        let stem = crate::text::word_stem(word);
        (self.vocabulary.spells(word) && !self.value_words.contains(word))
            || word.chars().any(|c| c.is_ascii_digit())
            || documents_know(word, &stem)
    }

    /// What the question requires that the documents never name: the word
    /// right after a requirement cue ("does each node need a reboot?",
    /// "precisa reiniciar os nós?", "should I take a backup…?"), past
    /// articles and light verbs, when neither the lexicon
    /// spells it nor the documents know it (`documents_know(word, stem)`:
    /// the word, another form of it, or a typo of one of theirs). Whatever
    /// else the question gets right, the article cannot confirm that.
    pub fn unknown_requirements(
        &self,
        words: &Words,
        documents_know: impl Fn(&str, &str) -> bool,
    ) -> Vec<String> {
        let documented = |word: &str| self.documented(word, &documents_know);
        let unknown_word = |at: usize| words.get(at).filter(|w| !w.is_empty() && !documented(w)).cloned();
        let after = all_spans(&self.requirement, words).filter_map(|(_, end)| {
            let mut at = end;
            while let Some(len) = (at < words.len())
                .then(|| {
                    longest_at(&self.extent_reach, words, at)
                        .or_else(|| longest_at(&self.light_verbs, words, at))
                        .or_else(|| longest_at(&self.requirement_subjects, words, at))
                })
                .flatten()
            {
                at += len.max(1);
            }
            // The object named after it, in the requirement's own clause ("…no
            // need, sem reconstruir o cluster" requires nothing after the
            // comma), up to a word that ends it ("before", "que"): "update the
            // Active Directory schema before…" requires the schema, whatever
            // verb carries it.
            let clause_end = words.clause_around(end.saturating_sub(1)).end;
            if at >= clause_end {
                return None;
            }
            let ends_object = |at: usize| {
                [
                    &self.order_before,
                    &self.order_after,
                    &self.condition,
                    &self.relative,
                ]
                .iter()
                .any(|phrases| longest_at(phrases, words, at).is_some())
            };
            // Past its first word, a word the content spells as a value
            // counts as known ("uninstalled by hand" is checked by the fact
            // that spells "by hand", while "backup" required is not), and
            // short words are pronouns and particles ("los" in
            // "desinstalá-los"), not what is required.
            let passed_over = |at: usize| {
                words
                    .get(at)
                    .is_some_and(|w| w.chars().count() < 4 || self.vocabulary.spells(w))
            };
            unknown_word(at).or_else(|| {
                (at + 1..(at + REQUIRED_WORDS + 1).min(clause_end))
                    .take_while(|&at| !ends_object(at))
                    .filter(|&at| longest_at(&self.extent_reach, words, at).is_none() && !passed_over(at))
                    .find_map(unknown_word)
            })
        });
        // "Is a reboot required?": the words before, past a linking verb
        // ("which .NET Framework version is required?"), back to an
        // article, a relative word or the word that asks; "is that actually
        // required?" and "essa remoção manual é obrigatória?" name it
        // elsewhere.
        let before = all_spans(&self.required, words).filter_map(|(start, _)| {
            let at = start.checked_sub(1)?;
            let elsewhere = (at.saturating_sub(1)..=at).any(|from| {
                longest_at(&self.required_elsewhere, words, from).is_some_and(|len| from + len == start)
            });
            if elsewhere {
                return None;
            }
            let mut end = start;
            while end > 0 && words.get(end - 1).is_some_and(|w| self.linking.contains(w)) {
                end -= 1;
            }
            let stops = |at: usize| {
                [
                    &self.extent_reach,
                    &self.open,
                    &self.which,
                    &self.yes_no,
                    &self.relative,
                ]
                .iter()
                .any(|phrases| longest_at(phrases, words, at).is_some())
            };
            let mut named = Vec::new();
            for at in (end.saturating_sub(REQUIRED_WORDS)..end).rev() {
                if longest_at(&self.refers_back, words, at).is_some() {
                    return None;
                }
                if stops(at) {
                    break;
                }
                named.push(at);
            }
            named.into_iter().find_map(unknown_word)
        });
        let mut unknown: Vec<String> = after.chain(before).collect();
        unknown.dedup();
        unknown
    }

    /// Whether the question is a statement to confirm: any statement cue
    /// makes it one, except a negative tag's words at the opening of a
    /// sentence, which are its inverted auxiliary ("Shouldn't we…?", "Isn't
    /// it…?") and only ask.
    ///
    /// A one-word cue is a tag only where it ends its clause ("…, right?",
    /// "…, né?"); "downtime right away" states nothing.
    fn states(&self, words: &Words, statements: &[(usize, usize)]) -> bool {
        statements.iter().any(|&(s, e)| {
            let opens = s < words.sentence_around(s).start + QUESTION_HEAD;
            let tag_in_passing = e == s + 1 && e < words.clause_around(s).end;
            !tag_in_passing && (!opens || !(s..e).any(|at| longest_at(&self.negation, words, at).is_some()))
        })
    }

    /// Whether a negation in the claim starting at `claim_start` turns it
    /// around. One in a question's opening words asks the positive claim
    /// ("Can't the tools…?", "Não dá pra…?"); one in a statement tag ("…,
    /// não é?", "isn't it?"), in a named value, or that negates a noun of its
    /// own ("without the cluster tools") does not turn the claim around.
    /// `statement_form` is [`CompiledLexicon::states`] of `statements`.
    fn claim_negated(
        &self,
        words: &Words,
        covered: &[bool],
        statements: &[(usize, usize)],
        statement_form: bool,
        claim_start: usize,
    ) -> bool {
        self.claim_negations(words).any(|(start, _)| {
            start >= claim_start + self.head(statement_form)
                && !covered[start]
                && !statements.iter().any(|(s, e)| *s <= start && start < *e)
                && longest_at(&self.noun_negation, words, start).is_none()
        })
    }

    /// The negations that may turn the claim around: not one in a clause
    /// conceding something of another subject ("…even though the cluster
    /// tools can't. Correct?"), from the concession to the next clause. A
    /// concession opening its sentence reaches only as far as a clause
    /// break closes it ("Although the cluster tools can't, the Exchange
    /// tools…"): with none, the negation may be the claim's own ("Embora
    /// seja CCR não preciso mover o CMS antes?").
    fn claim_negations<'a>(&'a self, words: &'a Words) -> impl Iterator<Item = (usize, usize)> + 'a {
        let concessions: Vec<(usize, usize)> = all_spans(&self.concession, words).collect();
        let contrasts = self.trailing_contrasts(words);
        all_spans(&self.negation, words).filter(move |&(start, _)| {
            !contrasts.iter().any(|c| c.contains(&start))
                && !concessions.iter().any(|&(s, e)| {
                    let sentence = words.sentence_around(s);
                    let opens = s < sentence.start + QUESTION_HEAD;
                    e <= start
                        && !words.sentence_break_between(s, start)
                        && !words.clause_break_between(s, start)
                        && (!opens || words.clause_break_between(start, sentence.end.saturating_sub(1)))
                })
        })
    }

    /// The fact the question's claim is about. A question opening with a
    /// premise claims what follows it; but a premise the article
    /// contradicts is what the answer must correct ("Since CCR has two
    /// passive nodes, do I…?" → no, with the fact it got wrong).
    fn claimed_fact(
        &self,
        words: &Words,
        covered: &[bool],
        statement_form: bool,
        yes_no: bool,
        premise: Option<usize>,
        asked_from: usize,
    ) -> Candidates {
        let Some(end) = premise else {
            return self.best_fact(words, words, covered, statement_form, yes_no, asked_from);
        };
        // Words outside a clause become a word no phrase matches, so
        // positions (and what `covered` says of them) stay as they are.
        // A premise is stated, not asked: a negation at its start counts.
        let premise = words.only(0..end);
        let given = self.best_fact(&premise, &premise, covered, true, yes_no, 0);
        if given.best.as_ref().is_some_and(|given| given.contradict > 0) {
            return given;
        }
        // The claim may speak of what the premise named ("since CCR has one
        // passive node, is the CMS offline while I upgrade *it*?"): topics
        // are read in the whole question, assertions only in the claim.
        let claimed = self.best_fact(
            words,
            &words.only(end..words.len()),
            covered,
            statement_form,
            yes_no,
            asked_from,
        );
        match claimed.best {
            Some(_) => claimed,
            None => self.best_fact(words, words, covered, statement_form, yes_no, asked_from),
        }
    }

    /// The words that claim something holds in every case ("always", "all
    /// SCC clusters"); not a collective word before a count ("all three
    /// passive nodes", "todos os 3"), which names the nodes of one cluster.
    fn universal_spans(&self, words: &Words) -> Vec<(usize, usize)> {
        let counts = |at: usize| {
            let at = at + longest_at(&self.extent_reach, words, at).unwrap_or(0);
            words
                .get(at)
                .is_some_and(|w| w.chars().all(|c| c.is_ascii_digit()))
                || longest_at(&self.numbers, words, at).is_some()
        };
        let collective =
            |&(start, end): &(usize, usize)| longest_at(&self.collective, words, start) == Some(end - start);
        all_spans(&self.universal, words)
            .filter(|span| !(collective(span) && counts(span.1)))
            .collect()
    }

    /// Numbers that describe a size (`[assertions] sizes`: "two-node
    /// cluster", "tenho 2 nós, EXCH-N1 e EXCH-N2"), with the size word.
    fn sizes_described(&self, words: &Words) -> Vec<(usize, usize)> {
        (0..words.len())
            .filter_map(|at| {
                let number = match words[at].chars().any(|c| c.is_ascii_digit()) {
                    true => 1,
                    false => longest_at(&self.numbers, words, at)?,
                };
                let size = longest_at(&self.sizes, words, at + number)?;
                let end = at + number + size;
                // "dois nós passivos": a role word, in the plural too.
                let role = |w: &str| self.role_words.contains(w);
                let role_follows = words
                    .get(end)
                    .is_some_and(|w| role(w) || w.strip_suffix('s').is_some_and(role));
                (!role_follows).then_some((at, end))
            })
            .collect()
    }

    /// Which words the content's assertive phrases (extent words) cover.
    fn assertive_words(&self, words: &Words) -> Vec<bool> {
        let mut assertive = vec![false; words.len()];
        for (start, end) in all_spans(&self.assertive, words) {
            assertive[start..end].fill(true);
        }
        assertive
    }

    /// What a fact must account for in its claim: the assertive words, and
    /// the documents' commands ("run Setup.exe on the passive node?" asks
    /// about a command that "only passive nodes are upgraded" does not name).
    fn claim_assertive_words(&self, words: &Words) -> Vec<bool> {
        let mut assertive = self.assertive_words(words);
        for (start, end) in all_spans(&self.commands, words) {
            assertive[start..end].fill(true);
        }
        assertive
    }

    /// Assertive words not covered: numbers, and `assertive` ones.
    fn unchecked(&self, words: &[String], covered: &[bool], assertive: &[bool]) -> Vec<String> {
        (Self::unchecked_at(words, covered, assertive).into_iter())
            .map(|at| words[at].clone())
            .collect()
    }

    /// Where the words [`CompiledLexicon::unchecked`] gives stand.
    fn unchecked_at(words: &[String], covered: &[bool], assertive: &[bool]) -> Vec<usize> {
        (words.iter().enumerate())
            .filter(|(i, w)| !covered[*i] && (assertive[*i] || w.chars().any(|c| c.is_ascii_digit())))
            .map(|(i, _)| i)
            .collect()
    }

    /// Whether a negation turns the phrase starting at `start` around.
    fn negated(
        &self,
        words: &Words,
        negations: &[(usize, usize)],
        start: usize,
        statement_form: bool,
    ) -> bool {
        self.negation_before(words, negations, start, statement_form)
            .next()
            .is_some()
    }

    /// The negations (of `negations`, where they match `words`) that turn
    /// the phrase starting at `start` around.
    fn negation_before<'a>(
        &'a self,
        words: &'a Words,
        negations: &'a [(usize, usize)],
        start: usize,
        statement_form: bool,
    ) -> impl Iterator<Item = usize> + 'a {
        let head = self.head(statement_form);
        // A negation may end inside the phrase it turns around: "no need"
        // turns "need to remove" around. The words between count from its
        // end, so a long one reaches as far ("there is no mail outage").
        negations
            .iter()
            .copied()
            .filter(move |(s, e)| {
                !Self::shapes_question(words, *s, head)
                    && *s < start
                    && start.saturating_sub(*e) < NEGATION_WINDOW
                    && !words.sentence_break_between(*s, start)
                    && !words.clause_break_between(*s, start)
            })
            .filter(move |(s, e)| !self.noun_negation_stops(words, *s, *e, start))
            .map(|(s, _)| s)
    }

    /// Whether the negation at `neg_start..neg_end` negates a noun of its
    /// own and so stops before the phrase at `start`: "sem interrupção
    /// (rolling upgrade)" denies the interruption, not the rolling upgrade.
    fn noun_negation_stops(&self, words: &Words, neg_start: usize, neg_end: usize, start: usize) -> bool {
        if longest_at(&self.noun_negation, words, neg_start).is_none() {
            return false;
        }
        let mut at = neg_end;
        while at < start {
            match longest_at(&self.noun_negation_reach, words, at) {
                Some(len) => at += len.max(1),
                None => return true,
            }
        }
        false
    }

    /// Where the scope of a negation that turned the phrase ending at `end`
    /// around stops: at a word that ends it, at the start of another clause,
    /// outside the claim, or at the end.
    fn scope_end_after(&self, words: &Words, end: usize) -> usize {
        (end..words.len())
            .find(|at| {
                words[*at].is_empty()
                    || (*at > end && words.sentence_break_between(end, *at))
                    || words.clause_break_between(*at - 1, *at)
                    || longest_at(&self.scope_end, words, *at).is_some()
            })
            .unwrap_or(words.len())
    }

    /// Whether a negation at `at` only shapes the question: in its first
    /// `head` words, or in those of a later sentence that asks ("Pergunta
    /// rápida? Não dá pra…?").
    fn shapes_question(words: &Words, at: usize, head: usize) -> bool {
        at < head || (head > 0 && words.opens_asking(at, head))
    }

    /// Words at the start that only shape the question.
    fn head(&self, statement_form: bool) -> usize {
        if statement_form { 0 } else { QUESTION_HEAD }
    }

    /// The fact the question is most about. Every keyword group of a fact
    /// must match; each group counts by how specific its words are (a word
    /// that names many facts, like "upgrade", counts little), and each
    /// assertion read against the fact's own values counts one more.
    /// Topics are read in `words`; assertions in `asserted`, the same words
    /// with those outside the claim blanked; `asked_from` is where the
    /// sentence that asks starts.
    fn best_fact(
        &self,
        words: &Words,
        asserted: &Words,
        covered: &[bool],
        statement_form: bool,
        yes_no: bool,
        asked_from: usize,
    ) -> Candidates {
        // Where each fact's keyword groups match, found once per fact; the
        // words of a statement cue name no topic ("É isso mesmo?" is not
        // "o mesmo computador").
        // Nor do a comparison's words, and what it names as its reference
        // is not the subject ("…instaladas pelo Adminpak.msi, igual no XP";
        // "same as" is not "the same computer").
        let cues: Vec<(usize, usize)> = (all_spans(&self.statement, words))
            .chain(all_spans(&self.comparison, words))
            .chain(all_spans(&self.contrast, words))
            .collect();
        let in_cue = |(s, e): &(usize, usize)| cues.iter().any(|(cs, ce)| cs <= s && e <= ce);
        let references = self.references(words);
        let spans: Vec<Vec<Vec<(usize, usize)>>> = (self.facts.iter())
            .map(|fact| {
                (fact.about.iter())
                    .map(|g| {
                        all_spans(g, words)
                            .filter(|span| {
                                !in_cue(span) && !references.compared[span.0] && !references.set_apart[span.0]
                            })
                            .collect()
                    })
                    .collect()
            })
            .collect();
        // How many facts name each word in their keyword groups.
        let mut naming = vec![0usize; words.len()];
        for groups in &spans {
            let mut named = vec![false; words.len()];
            for (start, end) in groups.iter().flatten() {
                named[*start..*end].fill(true);
            }
            naming
                .iter_mut()
                .zip(named)
                .for_each(|(n, hit)| *n += usize::from(hit));
        }
        let claim = ClaimSpans {
            negation: self.claim_negations(asserted).collect(),
            statement: all_spans(&self.statement, asserted).collect(),
            denial: all_spans(&self.denial, asserted).collect(),
            predicate: all_spans(&self.predicate, asserted).collect(),
            extent: all_spans(&self.extent, asserted).collect(),
            universal: self.universal_spans(asserted),
            sizes: self.sizes_described(asserted),
            assertive: self.claim_assertive_words(asserted),
            naming,
            references,
        };
        // Sentences of context set the scene for an asking sentence that
        // names a topic itself; one that only points back ("Is that so?",
        // "Correct?") asks about what they say.
        let asked_end = words.asked_by().max(asked_from);
        let in_asking_sentence = |at: usize| (asked_from..asked_end).contains(&at);
        let points_back = !(spans.iter().flatten().flatten()).any(|(start, _)| in_asking_sentence(*start));
        let setting_ends = if points_back { 0 } else { asked_from };
        let asked = setting_ends..asked_end;
        let refers_back = all_spans(&self.refers_back, words).any(|(start, _)| in_asking_sentence(start));
        // The sentence right before the asking one, when the asking one
        // opens on a word pointing back at it ("Is that the right next
        // step?"); "…get SP1 onto this cluster?" points at no sentence.
        // A pointer is the subject, beside a linking verb ("Is that…",
        // "Esse é…"), not a determiner ("Does this upgrade need…?").
        let linked = |at: usize| {
            (at.checked_sub(1)).is_some_and(|before| self.linking.contains(&words[before]))
                || words
                    .get(at + 1)
                    .is_some_and(|after| self.linking.contains(after))
        };
        let points_at_sentence = all_spans(&self.refers_back, words).any(|(start, end)| {
            (asked_from..asked_from + POINTER_OPENING_WORDS).contains(&start)
                && (linked(start) || linked(end - 1))
        });
        let referred = match points_at_sentence && !points_back && asked_from > 0 {
            true => {
                (0..asked_from - 1)
                    .rev()
                    .find(|at| words.sentence_break_between(*at, at + 1))
                    .map_or(0, |at| at + 1)..asked_from
            }
            false => 0..0,
        };
        // Each proviso runs from its opening words to the end of its clause.
        let provisos: Vec<std::ops::Range<usize>> = all_spans(&self.proviso, words)
            .map(|(start, _)| start..words.clause_around(start).end)
            .collect();
        // The words opening a question that asks for a value say what kind
        // of answer is wanted, not what it is about: a keyword span starting
        // with them counts for nothing ("What's next?" after the cluster's
        // state asks for no definition, as "what is SCC?" does).
        let opening = (!yes_no)
            .then(|| {
                let mut at = asked_from;
                while let Some(len) = longest_at(&self.lead_in, words, at).filter(|_| at + 1 < words.len()) {
                    at += len;
                }
                longest_at(&self.open, words, at).map(|len| at..at + len)
            })
            .flatten()
            // Unless they ask for an amount, which names what is counted
            // (below).
            .filter(|o| !spans_after(&self.asks_anywhere, words, o.start).any(|(s, _)| o.contains(&s)));
        let mut best: Option<FactReading> = None;
        let mut others: Vec<FactReading> = Vec::new();
        for ((index, fact), groups) in self.facts.iter().enumerate().zip(spans) {
            // A claim after a premise is about a fact it names itself, not
            // one only the premise named.
            let in_claim = |(start, _): &(usize, usize)| !asserted[*start].is_empty();
            if groups.iter().any(Vec::is_empty) || !groups.iter().flatten().any(in_claim) {
                continue;
            }
            // Each group counts its most telling span; the words another
            // group already counted are no evidence twice ("steps" names the
            // order and its steps, not both).
            let mut counted: Vec<(usize, usize)> = Vec::new();
            let mut specificity = 0.0;
            for spans in &groups {
                let telling = |(start, end): &(usize, usize)| {
                    1.0 / claim.naming[*start..*end]
                        .iter()
                        .copied()
                        .max()
                        .unwrap_or(1)
                        .max(1) as f32
                };
                // What only a premise names does not make a claim about it.
                let best = (spans.iter())
                    .filter(|span| in_claim(span))
                    .filter(|span| !counted.contains(span))
                    .max_by(|a, b| telling(a).total_cmp(&telling(b)));
                if let Some(span) = best {
                    // A question word asking for an amount (`asks_anywhere`)
                    // names what is asked for ("quantos nós passivos… antes
                    // de mover o CMS?" asks for a count, not for the order).
                    let asks_for = !yes_no && longest_at(&self.asks_anywhere, words, span.0).is_some();
                    let opens = opening.as_ref().is_some_and(|o| o.contains(&span.0));
                    specificity += telling(span)
                        * match (asks_for, opens) {
                            (true, _) => 2.0,
                            (false, true) => 0.0,
                            (false, false) => 1.0,
                        };
                    counted.push(*span);
                }
            }
            let mut covered = covered.to_vec();
            // A number right after the topic's words numbers the thing they
            // name ("Update Rollup 5"), it asserts no amount; unless the
            // fact checks numbers ("KB 304781" is a wrong article number).
            let checks_numbers = fact.checks.iter().any(|c| c.numbers.is_some());
            let numbers_it = |at: usize| {
                !checks_numbers
                    && words
                        .get(at)
                        .is_some_and(|w| w.chars().all(|c| c.is_ascii_digit()))
            };
            groups.iter().flatten().for_each(|(start, end)| {
                covered[*start..*end].fill(true);
                if numbers_it(*end) {
                    covered[*end] = true;
                }
            });
            let cues = self.case_cues(fact, words, &claim.references, asked.clone());
            // Where the question names the fact; a negation the topic spells
            // itself ("sem acesso" is downtime) is no denial (below).
            let topic: Vec<(usize, usize)> = groups.iter().flatten().copied().collect();
            let scene = Scene {
                setting_ends,
                asked_end,
                points_back_from: points_back.then_some(asked_from),
                groups: &groups,
                cues: &cues,
                context_claims: fact.requirement
                    || refers_back
                    || groups
                        .iter()
                        .all(|g| g.iter().any(|(start, _)| asked.contains(start))),
            };
            let mut tally = self.assertions(fact, &scene, asserted, &claim, &mut covered, statement_form);
            // A negation in the body of the question that no checked value
            // takes negates the fact itself ("public folders cannot be migrated").
            let head = self.head(statement_form);
            let statements = &claim.statement;
            let inside = |at: usize, spans: &[(usize, usize)]| spans.iter().any(|(s, e)| *s <= at && at < *e);
            // A negative tag ("não é?") confirms, and so does a negative
            // question ("Isn't it recommended…?"), but the same words before
            // a predicate deny it further on ("X não é suportado, né?").
            let claim_start = asserted.iter().position(|w| !w.is_empty()).unwrap_or(0);
            let predicate_follows = |at: usize| {
                at >= claim_start + QUESTION_HEAD
                    && (claim.predicate.iter()).any(|&(p, _)| {
                        p > at && p - at <= NEGATION_WINDOW && !asserted.sentence_break_between(at, p)
                    })
            };
            // A question that names the fact in the sentence that asks is
            // denied there, not by a sentence of context ("A gente não
            // começou. É verdade que…?"); one that only points back ("Is
            // that so?") is about what the context says.
            let asks_itself = topic.iter().any(|(t, _)| in_asking_sentence(*t));
            // "Without" and "sem" deny the noun they reach ("sem o SP2 do
            // Windows"), not the fact when what they reach is none of its
            // topic ("…nó a nó, sem reconstruir o cluster").
            let reaches_topic = |s: usize, e: usize| {
                longest_at(&self.noun_negation, asserted, s).is_none()
                    || (topic.iter()).any(|&(t, _)| t >= e && !self.noun_negation_stops(asserted, s, e, t))
            };
            let denials: Vec<usize> = (claim.negation.iter())
                .filter(|&&(s, e)| reaches_topic(s, e))
                .map(|(s, _)| *s)
                .filter(|s| {
                    (!asks_itself || *s >= asked_from)
                        && !tally.negations_used.contains(s)
                        && !inside(*s, &tally.spans)
                        && (!inside(*s, statements) || predicate_follows(*s))
                        && !inside(*s, &topic)
                })
                .collect();
            // A negation in another sentence than any of the topic's words
            // ("o SCC-C ainda não. Já posso…?") denies something else.
            let topic_negated = denials.iter().any(|&s| {
                !Self::shapes_question(asserted, s, head)
                    && topic
                        .iter()
                        .any(|&(t, _)| !asserted.sentence_break_between(s.min(t), s.max(t)))
            });
            let opens_statement = statement_form && denials.iter().any(|s| *s < claim_start + QUESTION_HEAD);
            let describes = |at: usize| {
                at.checked_sub(1)
                    .is_some_and(|before| longest_at(&self.relative, asserted, before).is_some())
            };
            let denies_topic = claim.denial.iter().any(|&(s, e)| {
                denials.contains(&s)
                    && s >= claim_start + QUESTION_HEAD
                    && !asserted.opens_asking(s, QUESTION_HEAD)
                    && !describes(s)
                    && topic.iter().chain(&claim.predicate).any(|(t, _)| {
                        *t >= e && *t - e < NEGATION_WINDOW && !asserted.sentence_break_between(s, *t)
                    })
            });
            let denied = opens_statement || denies_topic;
            // What a denial is said of: the checked value nearest before it
            // in its sentence. Denying a value the article states ("SP1
            // doesn't support 2008 at all, only SP2 does") is false, whatever
            // else the claim gets wrong.
            let values = || tally.agreeing.iter().chain(&tally.contradicting);
            let denies_agreed = denied
                && claim.denial.iter().any(|&(s, e)| {
                    // A value right after it is what it denies ("not working").
                    denials.contains(&s)
                        && !values().any(|(start, _)| *start >= e && *start - e <= 1)
                        && values()
                            .filter(|(_, end)| *end <= s && !asserted.sentence_break_between(*end, s))
                            .max_by_key(|(_, end)| *end)
                            .is_some_and(|span| tally.agreeing.contains(span))
                });
            // An assertive word right next to a checked phrase is part of it
            // ("only passive", "sem service pack nenhum", "completely downtime-free"),
            // also with an article between ("only a single passive node").
            let in_check = |at: usize| tally.spans.iter().any(|(s, e)| *s <= at && at < *e);
            for &(start, end) in &claim.extent {
                let before = start.checked_sub(1).is_some_and(in_check);
                let after = in_check(end)
                    || longest_at(&self.extent_reach, asserted, end).is_some_and(|len| in_check(end + len));
                if before || after {
                    covered[start..end].fill(true);
                }
            }
            // A negation is part of the assertion it turns around.
            for &(start, end) in &claim.negation {
                if covered.get(end).copied().unwrap_or(false) {
                    covered[start..end].fill(true);
                }
            }
            // A sentence of context about something else asserts nothing of
            // this fact to check.
            (0..covered.len())
                .filter(|at| !scene.reads(asserted, *at))
                .for_each(|at| covered[at] = true);
            let beyond: Vec<(usize, usize)> = all_spans(&fact.not_covered, asserted)
                .filter(|(start, _)| scene.reads(asserted, *start))
                .collect();
            // The cluster as it stands, before a question asking whether to
            // bring it in line with a requirement ("EXCH-N2 still hosts the
            // Cluster Group. Should I move the groups to another node
            // first?"): what the context gets wrong is what the asker means
            // to fix, not a claim. Not so where the question denies the
            // requirement ("…without patching to 2003 SP2 first?"). Nor where
            // the asking sentence points back at it: "…two new Windows Server
            // 2008 nodes plus one of our Windows 2003 nodes. Is that how the
            // new cluster should be built?" asks about that plan.
            // Nor where the asking sentence puts the fix later ("Can I start
            // the Exchange SP2 upgrade now and apply Windows SP2 after?").
            let in_asked = |(start, _): &(usize, usize)| asked.contains(start);
            let in_referred = |(start, _): &(usize, usize)| referred.contains(start);
            let fixed_first = |span: &(usize, usize)| in_asked(span) && !self.said_later(asserted, *span);
            if fact.requirement
                && setting_ends > 0
                && !topic_negated
                && !denied
                && tally.agreeing.iter().any(fixed_first)
                && !tally.contradicting.iter().any(in_asked)
                && !tally.contradicting.iter().any(in_referred)
            {
                tally.contradicting.clear();
                tally.contradict = 0;
            }
            let cases_open = Self::cases(fact).count() >= 2 && Self::cases(fact).all(|i| cues[i].is_empty());
            let asked_groups = (groups.iter())
                .filter(|group| group.iter().any(|(start, _)| asked.contains(start)))
                .count();
            let reading = FactReading {
                asked_spans: (topic.iter())
                    .filter(|(start, _)| asked.contains(start))
                    .copied()
                    .collect(),
                named_where_asked: asked_groups == groups.len(),
                asked_groups,
                named_where_referred: !referred.is_empty()
                    && (groups.iter()).all(|group| group.iter().any(|(start, _)| referred.contains(start))),
                cases_open,
                choice: tally.choice,
                undocumented: false,
                fact: index,
                groups: fact.about.len(),
                score: specificity + tally.weight,
                agree: tally.agree,
                contradict: tally.contradict,
                agreeing: tally.agreeing.clone(),
                contradicting: tally.contradicting.clone(),
                conditioning: tally.conditioning.clone(),
                cased_contradicting: tally.cased_contradicting.clone(),
                cased_agreeing: tally.cased_agreeing.clone(),
                conditional: tally.conditioning.len(),
                topic_negated,
                denied,
                denies_agreed,
                not_covered: !beyond.is_empty(),
                unchecked_at: Self::unchecked_at(asserted, &covered, &claim.assertive),
                unchecked: (self.unchecked(asserted, &covered, &claim.assertive).into_iter())
                    .chain(beyond.iter().map(|(s, e)| asserted[*s..*e].join(" ")))
                    .collect(),
            };
            tracing::trace!(
                fact = index,
                specificity,
                weight = tally.weight,
                ?groups,
                ?reading,
                "fact candidate"
            );
            // A yes/no question is a claim: the fact that can check what it
            // asserts is the one it is about, before any that merely shares its
            // words. Denying the fact itself ("you don't need to move the
            // groups") is such a claim too.
            // What a sentence of context agrees with is the setting, no
            // check of what is asked.
            // Nor is what a proviso agrees with ("…as long as you do the
            // passive node first").
            // So is what the sentence an asking sentence points back at
            // agrees with, of a fact that sentence names in full ("Now I plan
            // to upgrade NODE1, which is passive at this point. Is that the
            // right next step?"); "Our runbook says to keep it offline until…
            // Is that actually required?" names no move there.
            let asked_agrees = |r: &FactReading| {
                (r.agreeing.iter()).any(|(start, _)| {
                    (asked.contains(start) || (r.named_where_referred && referred.contains(start)))
                        && !provisos.iter().any(|p| p.contains(start))
                })
            };
            // A fact denied in a sentence of context, and not named where the
            // question asks, checks nothing of what is asked unless the
            // question only points back ("Os nós estão no 2003 SP1 e o admin
            // não quer aplicar o SP2 do Windows. Dá para seguir com o
            // upgrade para o SP1 mesmo assim?" asks about the upgrade).
            let denied_where_asked =
                |r: &FactReading| r.topic_negated && (points_back || !r.asked_spans.is_empty());
            let checks = |r: &FactReading| {
                yes_no && (asked_agrees(r) || r.contradict + r.conditional > 0 || denied_where_asked(r))
            };
            // At equal scores, the reading with less left unchecked wins, then
            // the one that finds something false: an assertion one fact
            // contradicts is not made true by another fact that agrees with
            // a different part of the question; then the one the asking
            // sentence names in full, before one the context helps name.
            // A question asking for a value asks it in its asking sentence:
            // a fact that sentence names in full is what it asks about; one
            // the context helps name sets the scene ("EXCH-N2 is the passive
            // node. Which setup program do I run on it?").
            // Unless the other fact names all of that too, and the context
            // only tells which case of it ("My admin box is XP. How do I
            // install the cluster tools on it?").
            // A fact whose claim the context states is the setting, though.
            let states = |r: &FactReading| {
                (r.agreeing.iter().chain(&r.contradicting)).any(|(start, _)| !in_asking_sentence(*start))
            };
            let asked_of = |r: &FactReading, other: &FactReading| {
                !yes_no
                    && r.named_where_asked
                    && (states(other) || !r.asked_spans.iter().all(|span| other.asked_spans.contains(span)))
            };
            // So is a yes/no question where neither fact checks anything: the
            // one the asking sentence names beats one the context helps name
            // ("Os nós estão com o 2003 SP2. Posso fazer a atualização de
            // sobreposição para o SP2?" asks about the rolling upgrade).
            let asked_about = |r: &FactReading, other: &FactReading| {
                asked_of(r, other)
                    || (yes_no
                        && !checks(r)
                        && !checks(other)
                        && r.named_where_asked
                        && !other.named_where_asked)
            };
            let better = |b: &FactReading| {
                (checks(&reading), asked_about(&reading, b), reading.score)
                    > (checks(b), asked_about(b, &reading), b.score + f32::EPSILON)
                    || (checks(&reading) == checks(b)
                        && asked_about(&reading, b) == asked_about(b, &reading)
                        && (reading.score - b.score).abs() <= f32::EPSILON
                        && (
                            b.unchecked.len(),
                            reading.contradict,
                            reading.named_where_asked,
                            reading.asked_groups,
                        ) > (
                            reading.unchecked.len(),
                            b.contradict,
                            b.named_where_asked,
                            b.asked_groups,
                        ))
            };
            if best.as_ref().is_none_or(better) {
                if let Some(previous) = best.take() {
                    others.push(previous);
                }
                best = Some(reading);
            } else {
                others.push(reading);
            }
        }
        let before_compatibility = self.before_compatibility(others.iter().chain(&best));
        // An assertion another fact reads as true, finding nothing false,
        // is checked too: "In our SCC we have 3 passive nodes. After the
        // first one…, can the CMS be brought online on it?" states a count
        // the article allows, and asks about the tip.
        // A command is such an assertion only where the fact agreeing with
        // it is named by words of its own besides the command: "…criar um
        // cluster novo e mover as caixas c/ Move-Mailbox?" moves mailboxes
        // with it, as the article says; "after the first active with
        // Move-Mailbox?" names nothing Move-Mailbox is for.
        if let Some(best) = &mut best {
            let commands: Vec<(usize, usize)> = all_spans(&self.commands, asserted).collect();
            let in_command = |at: usize| commands.iter().any(|(s, e)| (*s..*e).contains(&at));
            let confirmed = |at: &usize| {
                (others.iter()).any(|r| {
                    r.contradict == 0
                        && r.agreeing.iter().any(|(s, e)| (*s..*e).contains(at))
                        && (!in_command(*at) || r.asked_spans.iter().any(|(s, _)| !in_command(*s)))
                })
            };
            for at in best.unchecked_at.iter().filter(|at| confirmed(at)) {
                if let Some(i) = best.unchecked.iter().position(|w| *w == asserted[*at]) {
                    best.unchecked.remove(i);
                }
            }
            best.unchecked_at.retain(|at| !confirmed(at));
        }
        // A claim one fact agrees with is still false when another fact,
        // nearly as much about the question, finds part of it false and
        // nothing it cannot check ("dá pra atualizar o nó ativo direto pro
        // SP2?": straight to SP2 is fine, the active node is not); and it
        // depends when that fact finds part of it depends on what the
        // question leaves out ("posso rodar o Setup.com no EXCH-N2?": the
        // right setup, on a node whose role is not given).
        // So is a claim one fact finds depends on what the question leaves
        // out, when another finds part of it false: "Antes de rodar o SP1 no
        // nó 2 vou desinstalar manualmente os rollups, porque é
        // obrigatório, né?" is false whatever the role of node 2.
        let agreed = best
            .as_ref()
            .is_some_and(|b| yes_no && (b.agree > 0 || b.conditional > 0) && b.contradict == 0 && !b.denied);
        let depends_only = best.as_ref().is_some_and(|b| b.agree == 0);
        if let Some(agreeing) = best.as_ref().filter(|_| agreed).map(|b| b.agreeing.clone()) {
            let floor = best.as_ref().map_or(0.0, |b| b.score * RIVAL_SHARE);
            // Words the winner reads as agreeing are its to read: another
            // fact contradicting those very words reads them differently. One
            // finding they depend on a case left open finds it open where the
            // winner reads them in a case the question names ("Enquanto eu
            // atualizo o nó passivo, o pessoal continua acessando o e-mail?").
            let own = |span: &(usize, usize)| !overlaps_any(&agreeing, *span);
            let cased_agreeing = best
                .as_ref()
                .map(|b| b.cased_agreeing.clone())
                .unwrap_or_default();
            let open_here = |span: &(usize, usize)| !overlaps_any(&cased_agreeing, *span);
            // What a rival leaves unchecked the winner may have checked ("…
            // criar um cluster novo e mover as caixas com Move-Mailbox?");
            // not for a rival the question negates, which reads those words
            // turned around.
            let checked_all = |r: &FactReading| {
                r.unchecked.is_empty()
                    || (!r.denied
                        && !r.topic_negated
                        && r.unchecked.len() == r.unchecked_at.len()
                        && (r.unchecked_at.iter())
                            .all(|at| agreeing.iter().any(|(start, end)| (start..end).contains(&at))))
            };
            let rival = (others.into_iter())
                .filter(|r| {
                    // A value the rival's check for a named case finds
                    // wrong is read more narrowly than the winner reads it
                    // ("public folders with Move-Mailbox").
                    // What a sentence of context gets wrong of another
                    // fact is no rival to the answer to what is asked.
                    // Unless it breaks a requirement of what is asked: the
                    // asker's cluster is then not ready for it, whatever
                    // else the question gets right ("We're on 2003 SP1. I
                    // plan to go straight to SP2. OK?"), and whatever else
                    // the requirement finds right in it ("upgrade EXA, the
                    // node hosting the CMS, first, then the passive node").
                    let asked = |&&(start, _): &&(usize, usize)| asked.contains(&start);
                    // A value wrong only in a case the question names is
                    // read too narrowly to outweigh the answer on that alone.
                    let unready = self.facts[r.fact].requirement
                        && !r.asked_spans.is_empty()
                        && r.cased_contradicting.is_empty()
                        && r.contradicting.iter().any(own);
                    // A setup the context gives that the article rules out
                    // in the case it names ("Our CCR has two passive nodes.
                    // I'll upgrade both first.") is no cluster the answer
                    // holds for, however right the plan for it is.
                    // Only a count of the nodes holding no server: "2 nodes,
                    // EX01 active and EX02 passive" counts the cluster.
                    let counts_others = |&(_, end): &(usize, usize)| {
                        (end..(end + 2).min(asserted.len()))
                            .any(|at| self.other_role_words.contains(&asserted[at]))
                    };
                    let impossible = self.facts[r.fact].requirement
                        && r.cased_contradicting
                            .iter()
                            .any(|span| own(span) && counts_others(span))
                        && r.agree == 0;
                    (r.contradicting.iter().filter(asked).any(own)
                        || r.cased_contradicting.iter().any(|span| asked(&span))
                        || impossible
                        || (r.contradict == 0 && r.conditioning.iter().any(open_here) && !depends_only)
                        || unready)
                        && (r.agree == 0 || unready)
                        && checked_all(r)
                        && (r.score >= floor || unready || impossible)
                })
                .max_by(|a, b| a.score.total_cmp(&b.score));
            if rival.is_some() {
                return Candidates {
                    best: rival,
                    before_compatibility,
                };
            }
        }
        Candidates {
            best,
            before_compatibility,
        }
    }

    /// The best reading among `candidates` of facts read before the
    /// compatibility rules.
    fn before_compatibility<'a>(
        &self,
        candidates: impl Iterator<Item = &'a FactReading>,
    ) -> Option<FactReading> {
        candidates
            .filter(|r| self.facts[r.fact].before_compatibility)
            .max_by(|a, b| a.score.total_cmp(&b.score))
            .cloned()
    }

    /// The checks that are the cases a fact reads differently in.
    fn cases(fact: &CompiledFact) -> impl Iterator<Item = usize> + Clone + '_ {
        fact.cases.iter().copied()
    }

    /// Where the question names each check's case (its `when` cues), by
    /// check. A case named only in sentences of context holds for the
    /// question ("Tenho um SCC. Posso ter dois nós passivos?"), unless the
    /// context names two or more and the asking sentence picks none ("We run
    /// 2003 clusters on RTM. Is a rolling upgrade supported?"): then no case
    /// is named, as when the question names none. `asked` is what is
    /// asked, between the sentences of context: from 0 when the asking
    /// sentence only points back at them ("…, not for upgrading the one we
    /// have. Is that right?").
    fn case_cues(
        &self,
        fact: &CompiledFact,
        words: &Words,
        references: &References,
        asked: std::ops::Range<usize>,
    ) -> Vec<Vec<(usize, usize)>> {
        let mut cues: Vec<Vec<(usize, usize)>> = (fact.checks.iter())
            .map(|c| all_spans(&c.when, words).collect())
            .collect();
        // A cue inside another case's longer cue is part of it: "once all
        // the passive nodes are done" names the phase after the passive
        // nodes, not the passive nodes' own.
        let all: Vec<(usize, usize)> = cues.iter().flatten().copied().collect();
        let inside = |&(s, e): &(usize, usize), of: &[(usize, usize)]| {
            of.iter().any(|&(o, f)| o <= s && e <= f && f - o > e - s)
        };
        for (check, spans) in fact.checks.iter().zip(&mut cues) {
            if spans.is_empty() {
                continue;
            }
            // So is a cue inside a longer value of its check: "public folder
            // replication" names the tool, not the public folders it moves.
            let values: Vec<(usize, usize)> = [&check.agree, &check.contradict, &check.conditional]
                .into_iter()
                .flat_map(|phrases| all_spans(phrases, words))
                .collect();
            spans.retain(|span| !inside(span, &all) && !inside(span, &values));
            // A case the claim sets itself apart from ("ao contrário do
            // SCC") is not the case claimed.
            spans.retain(|&(s, _)| !references.set_apart[s]);
        }
        // A case named as the reference of a comparison ("…, same as CCR")
        // is claimed the same of: it reads what the claim's case reads,
        // where that case is named.
        let reference = |&(start, _): &(usize, usize)| references.compared[start];
        let named = |spans: &Vec<(usize, usize)>| spans.iter().any(|span| !reference(span));
        let claimed: Vec<usize> = (0..cues.len()).filter(|i| named(&cues[*i])).collect();
        if let [claim] = claimed[..] {
            let at = cues[claim].clone();
            for spans in cues.iter_mut().filter(|spans| !spans.is_empty() && !named(spans)) {
                spans.clone_from(&at);
            }
        }
        let asked = cues.iter().flatten().any(|(start, _)| asked.contains(start));
        if !asked && Self::cases(fact).filter(|i| !cues[*i].is_empty()).count() >= 2 {
            return vec![Vec::new(); cues.len()];
        }
        cues
    }

    /// Whether each word is what a comparison or a contrast refers to (see
    /// [`References`]). Found once per question, from the cues' spans,
    /// since every phrase of every fact asks.
    fn references(&self, words: &Words) -> References {
        let mut set_apart = self.referenced(&self.contrast, CONTRAST_REFERENCE_WORDS, words);
        for contrast in self.trailing_contrasts(words) {
            set_apart[contrast].fill(true);
        }
        References {
            compared: self.referenced(&self.comparison, COMPARISON_REFERENCE_WORDS, words),
            set_apart,
        }
    }

    /// Clauses a negation of `contrast_clause` opens after the claim,
    /// saying in a few words what it is not ("Upgrade the passive node
    /// first, not the active node, right?", "…é o Windows 2003 SP2, não o
    /// SP1, certo?"; ", sem mudança relevante" claims something): the
    /// negation and what it sets apart, as word positions. Neither is
    /// claimed, and the negation denies nothing.
    fn trailing_contrasts(&self, words: &Words) -> Vec<std::ops::Range<usize>> {
        all_spans(&self.contrast_clause, words)
            .filter(|&(start, _)| start > 0 && words.clause_break_between(start - 1, start))
            .filter(|&(start, _)| !words.sentence_break_between(start - 1, start))
            .filter_map(|(start, end)| {
                let clause = words.clause_around(start);
                // A predicate or a linking verb there denies: ", not
                // supported, right?" says the claim is false.
                let predicate = all_spans(&self.predicate, words)
                    .any(|(p, _)| (end..clause.end).contains(&p))
                    || (end..clause.end).any(|at| self.linking.contains(&words[at]));
                (clause.end > end && clause.end - end <= CONTRAST_CLAUSE_WORDS && !predicate)
                    .then_some(start..clause.end)
            })
            .collect()
    }

    /// Marks the first `reach` words after each of `cues`, in its clause. A
    /// cue that opens its sentence and asks how ("Como o artigo define…?")
    /// compares nothing.
    fn referenced(&self, cues: &PhraseList, reach: usize, words: &Words) -> Vec<bool> {
        let mut referenced = vec![false; words.len()];
        for (start, end) in all_spans(cues, words) {
            if start == words.sentence_around(start).start && longest_at(&self.how, words, start).is_some() {
                continue;
            }
            for at in (end..words.len()).take(reach) {
                if at > end && words.clause_break_between(end, at) {
                    break;
                }
                referenced[at] = true;
            }
        }
        referenced
    }

    /// Reads a fact's checks: how many assertions agree with it and how many
    /// contradict it. Marks what they account for in `covered`.
    /// Assertions are read in `words` (the claim); a case's cue where
    /// `scene.cues` finds it, so a premise can name it ("Since we run CCR, …").
    fn assertions(
        &self,
        fact: &CompiledFact,
        scene: &Scene,
        words: &Words,
        claim: &ClaimSpans,
        covered: &mut [bool],
        statement_form: bool,
    ) -> Tally {
        let whens = scene.cues;
        // A check with `when` reads only what stands nearer its own cue than
        // any other check's ("CCR has one passive node, SCC several").
        let distance = |spans: &[(usize, usize)], (start, end): (usize, usize)| {
            spans
                .iter()
                .map(|(s, e)| {
                    if *e <= start {
                        start - e
                    } else {
                        s.saturating_sub(end)
                    }
                })
                .min()
        };
        let owns = |check: usize, span: (usize, usize)| {
            if fact.checks[check].when.is_empty() {
                return true;
            }
            let Some(mine) = distance(&whens[check], span) else {
                return false;
            };
            // A value in a sentence of context is said of a case that
            // sentence names: "I've taken the CMS offline and moved it onto
            // NODE2. Now I plan to upgrade NODE1, which is passive at this
            // point." takes nothing offline while a passive node upgrades.
            let same_sentence =
                |(s, _): &(usize, usize)| !words.sentence_break_between(span.0.min(*s), span.0.max(*s));
            if !scene.asks(span.0) && !whens[check].iter().any(same_sentence) {
                return false;
            }
            whens
                .iter()
                .enumerate()
                .filter(|(other, _)| *other != check)
                .all(|(_, spans)| distance(spans, span).is_none_or(|d| d >= mine))
        };
        let mut tally = Tally::default();
        let mut spans = Vec::new();
        // The words a negation already used governs: (phrase start, scope end).
        let mut carried: Option<(usize, usize)> = None;
        let mut count = |assertion: Assertion, (start, end): (usize, usize), skipped: &[usize]| {
            // What the claim sets itself apart from is not claimed ("Setup.exe,
            // unlike Setup.com, only creates a new CMS"), nor is a phrase that
            // reaches into it ("servermanagercmd ~ cluster" in
            // "ServerManagerCmd instead of RSAT cluster").
            let set_apart = (start..end).any(|at| !skipped.contains(&at) && claim.references.set_apart[at]);
            if !scene.reads(words, start) || set_apart {
                return None;
            }
            // A negation right before the phrase, or one its gaps skipped
            // ("first node *not* passive nodes first"), turns it around; one
            // the phrase itself spells ("sem nenhuma inatividade") does not.
            // A phrase that starts with a negation already says it: a
            // negation its gap skipped is concord ("sem nenhuma inatividade").
            let spelled = claim.negation.iter().any(|(s, _)| *s == start);
            let inside: Vec<usize> = (claim.negation.iter())
                .filter(|(s, e)| !spelled && *s > start && *e <= end && skipped.contains(s))
                .map(|(s, _)| *s)
                .collect();
            // A denied predicate that is also a value ("installing both
            // doesn't work, right?") denies the whole claim, not the value:
            // the negation is left for the claim.
            let predicate = claim.predicate.iter().any(|(p, _)| *p == start);
            let direct = !predicate && self.negated(words, &claim.negation, start, statement_form);
            // Nor does one before it, where the phrase opens with a word of
            // negative concord: "fique sem nenhum outro grupo", "não tem
            // nenhum outro grupo" say it once ("not no need" says it twice).
            let concord = words.get(start).is_some_and(|w| self.concord.contains(w));
            let negated = !concord
                && (direct
                    || !inside.is_empty()
                    || carried.is_some_and(|(from, to)| from < start && start < to));
            // A phrase that spells its negation carries it on like a
            // negation before it: "não tem nenhum CMS rodando nele" denies
            // the running too.
            if direct || spelled {
                carried = Some((start, self.scope_end_after(words, end)));
            }
            tally.negations_used.extend(inside);
            tracing::trace!(?assertion, negated, words = ?&words[start..end], "assertion");
            let read = match assertion {
                Assertion::Conditional => Assertion::Conditional,
                Assertion::Agree if !negated => Assertion::Agree,
                Assertion::Contradict if negated => Assertion::Agree,
                _ => Assertion::Contradict,
            };
            match read {
                Assertion::Conditional => tally.conditioning.push((start, end)),
                Assertion::Agree => {
                    tally.agree += 1;
                    tally.agreeing.push((start, end));
                }
                Assertion::Contradict => {
                    tally.contradict += 1;
                    tally.contradicting.push((start, end));
                }
            }
            // Longer phrases are more specific evidence of what the question
            // is about, and so are words that few facts name; the words a
            // gap skipped are no evidence at all.
            // What a sentence of context agrees with, or leaves to a case, is
            // the setting, not what is asked ("CCR em win2003 SP2. Quantos
            // nós passivos…?"); a value it gets wrong is still what the
            // answer must correct.
            let setting = read != Assertion::Contradict;
            tally.weight += (start..end)
                .filter(|at| !skipped.contains(at) && (scene.asks(*at) || !setting))
                .map(|at| 1.0 / claim.naming[at].max(1) as f32)
                .sum::<f32>();
            if !predicate {
                tally.negations_used.extend(self.negation_before(
                    words,
                    &claim.negation,
                    start,
                    statement_form,
                ));
            }
            Some(read)
        };
        // Checks scoped by `when`, none of whose cues the question names
        // ("more than one passive node?" without saying CCR or SCC): the
        // answer is theirs when they all read it the same way, and depends
        // on what the question left out when they disagree.
        // A check with no values reads nothing, so it disagrees with none
        // ("o CMS continua rodando no ativo" names where the server runs,
        // no phase).
        let valued = |check: &CompiledCheck| {
            !(check.agree.is_empty() && check.contradict.is_empty() && check.conditional.is_empty())
        };
        let scoped: Vec<usize> = (0..fact.checks.len())
            .filter(|i| !fact.checks[*i].when.is_empty() && valued(&fact.checks[*i]))
            .collect();
        // Two of one check's values with "or"/"ou" between them: one the
        // article states and one it contradicts ("at the beginning of the
        // procedure or halfway through?"), or two it states ("Move-Mailbox or
        // the Move Mailbox wizard?"); also in checks whose case the question
        // leaves open ("Adminpak.msi or ServerManagerCmd?").
        let offered_as_choice = |found: &[((usize, usize), Assertion, Vec<usize>)]| {
            found.windows(2).any(|pair| {
                let ((_, first_end), first, _) = &pair[0];
                let ((second_start, _), second, _) = &pair[1];
                // Two values the article both contradicts ("dois ou três nós
                // passivos em CCR") are false whichever is meant: no choice.
                [first, second].iter().all(|a| **a != Assertion::Conditional)
                    && !(*first == Assertion::Contradict && *second == Assertion::Contradict)
                    && second_start - first_end <= CHOICE_GAP
                    && (*first_end..*second_start).any(|at| longest_at(&self.choice, words, at).is_some())
            })
        };
        let gives_size =
            |(start, end): (usize, usize)| claim.sizes.iter().any(|(s, e)| *s <= start && end <= *e);
        let mut choice = false;
        if scoped.len() >= 2 && scoped.iter().all(|i| whens[*i].is_empty()) {
            let readings: Vec<_> = scoped
                .iter()
                .map(|i| {
                    let check = &fact.checks[*i];
                    let mut found = longest_labelled_spans(
                        &[
                            (&check.agree, Assertion::Agree),
                            (&check.contradict, Assertion::Contradict),
                            (&check.conditional, Assertion::Conditional),
                        ],
                        words,
                    );
                    found.retain(|(span, _, _)| !gives_size(*span));
                    found
                })
                .collect();
            choice |= readings.iter().any(|r| offered_as_choice(r));
            if readings.iter().all(|r| !r.is_empty()) {
                let outcome = |r: &[((usize, usize), Assertion, Vec<usize>)]| {
                    r.iter().map(|(_, a, _)| *a).reduce(|a, b| match a == b {
                        true => a,
                        false => Assertion::Conditional,
                    })
                };
                let outcomes: Vec<_> = readings.iter().map(|r| outcome(r)).collect();
                let unanimous = outcomes.windows(2).all(|w| w[0] == w[1]);
                // "Is it always just one?": true in one case, false in another.
                for (start, end) in &claim.universal {
                    covered[*start..*end].fill(true);
                }
                let split = match claim.universal.is_empty() {
                    true => Assertion::Conditional,
                    false => Assertion::Contradict,
                };
                if unanimous {
                    for (span, assertion, skipped) in &readings[0] {
                        let _ = count(*assertion, *span, skipped);
                        spans.push(*span);
                    }
                } else {
                    // Split, the claim depends once, on the first value read
                    // where the asking sentence says one: "I upgraded one
                    // passive node. Is that the only passive node I need to
                    // upgrade?" asks of the count it ends with. Where no
                    // value is read, the first is still the check's span.
                    let (asked, setting): (Vec<_>, Vec<_>) =
                        readings[0].iter().partition(|(span, _, _)| scene.asks(span.0));
                    let read = (asked.iter().chain(&setting))
                        .find(|(span, _, skipped)| count(split, *span, skipped).is_some());
                    if let Some((span, _, _)) = read.or(readings[0].first().as_ref()) {
                        spans.push(*span);
                    }
                }
                for (span, _, _) in readings.iter().flatten() {
                    covered[span.0..span.1].fill(true);
                }
            }
        }
        // Checks whose cue the question names read first: a phrase one of
        // them reads is theirs, not also an unscoped check's ("public folder
        // data with the Move Mailbox wizard" is the public-folder check's).
        // Checks holding only conditional phrases read last: a phrase is
        // conditional only where no value was read ("offline during the
        // upgrade?" depends; "offline when the CMS moves?" is a value).
        let mut order: Vec<usize> = (0..fact.checks.len()).collect();
        let only_conditional =
            |i: usize| fact.checks[i].agree.is_empty() && fact.checks[i].contradict.is_empty();
        order.sort_by_key(|i| (fact.checks[*i].when.is_empty(), only_conditional(*i)));
        let mut scoped_spans: Vec<(usize, usize)> = Vec::new();
        let mut cased: Vec<(usize, usize)> = Vec::new();
        let mut valued_spans: Vec<(usize, usize)> = Vec::new();
        // Whether a value was read in a case the question names.
        let mut case_valued = false;
        for i in order {
            let check = &fact.checks[i];
            if !check.when.is_empty() && whens[i].is_empty() {
                continue;
            }
            for (start, end) in &whens[i] {
                covered[*start..*end].fill(true);
            }
            // The longest phrase wins where they overlap, across the lists
            // ("hosts no" agrees although "hosts" alone contradicts).
            let lists = [
                (&check.agree, Assertion::Agree),
                (&check.contradict, Assertion::Contradict),
                (&check.conditional, Assertion::Conditional),
            ];
            let mut found = longest_labelled_spans(&lists, words);
            found.retain(|(span, _, _)| !gives_size(*span));
            choice |= offered_as_choice(&found);
            // A value a sentence of context gets wrong, which a later
            // sentence states as the article does and puts first, is the
            // state the plan mends: "The nodes are still on 2003 SP1. I plan to install
            // 2003 SP2 before the Exchange upgrade. Is that required?"; not
            // "…install Exchange SP1 now and apply 2003 SP2 later".
            let asking_from = scene.points_back_from.unwrap_or(scene.setting_ends);
            let mended = |(start, end): (usize, usize)| {
                start < asking_from
                    && found.iter().any(|(later, assertion, _)| {
                        *assertion == Assertion::Agree
                            && later.0 >= end
                            && words.sentence_break_between(end - 1, later.0)
                            && self.said_first(words, *later)
                            && !self.said_later(words, *later)
                    })
            };
            let mended: Vec<bool> = (found.iter())
                .map(|(span, assertion, _)| *assertion == Assertion::Contradict && mended(*span))
                .collect();
            for ((span, assertion, skipped), mended) in found.into_iter().zip(mended) {
                if mended {
                    covered[span.0..span.1].fill(true);
                    continue;
                }
                let taken = (check.when.is_empty() && overlaps_any(&scoped_spans, span))
                    || (assertion == Assertion::Conditional && overlaps_any(&valued_spans, span));
                if owns(i, span) && !taken {
                    covered[span.0..span.1].fill(true);
                    // What is only possible in the case named does not
                    // hold always ("SCC always has several passive nodes?"),
                    // said in its clause ("CCR always has one, while SCC can
                    // have several" claims no such thing of SCC).
                    let clause = words.clause_around(span.0);
                    let always = claim.universal.iter().any(|(start, _)| clause.contains(start));
                    let assertion = match (check.possible && always, assertion) {
                        (true, Assertion::Agree) => Assertion::Contradict,
                        _ => assertion,
                    };
                    let read = count(assertion, span, &skipped);
                    if !check.when.is_empty() && read == Some(Assertion::Agree) {
                        tally.cased_agreeing.push(span);
                    }
                    if !check.when.is_empty() && read == Some(Assertion::Contradict) {
                        cased.push(span);
                    }
                    case_valued |=
                        !check.when.is_empty() && read.is_some_and(|a| a != Assertion::Conditional);
                    spans.push(span);
                    if !check.when.is_empty() {
                        scoped_spans.push(span);
                    }
                    if assertion != Assertion::Conditional {
                        valued_spans.push(span);
                    }
                }
            }
            // Numbers the article states: any other number contradicts it;
            // where the figure varies, any number depends on what it varies with.
            if let Some(numbers) = &check.numbers {
                for (at, word) in words.iter().enumerate() {
                    if !covered[at] && word.chars().all(|c| c.is_ascii_digit()) && owns(i, (at, at + 1)) {
                        covered[at] = true;
                        // Said always, of every case, or as none at all, a
                        // figure that varies is wrong: "always 30 minutes?",
                        // "0 minutes?".
                        let clause = words.clause_around(at);
                        let always = claim.universal.iter().any(|(u, _)| clause.contains(u));
                        let none = word.chars().all(|c| c == '0');
                        let assertion = match numbers.contains(word) {
                            _ if check.numbers_vary && (always || none) => Assertion::Contradict,
                            _ if check.numbers_vary => Assertion::Conditional,
                            true => Assertion::Agree,
                            false => Assertion::Contradict,
                        };
                        let _ = count(assertion, (at, at + 1), &[]);
                        spans.push((at, at + 1));
                    }
                }
            }
        }
        // A value the article states for the case named holds in every
        // instance of it: "CCR sempre tem só 1 nó passivo?" claims no more
        // than "CCR tem só 1 nó passivo?" (a `possible` one was turned
        // around above).
        if case_valued {
            for (start, end) in &claim.universal {
                covered[*start..*end].fill(true);
            }
        }
        // Two of the fact's steps said the other way round contradict it
        // ("Primeiro tiro o CMS do ar, depois atualizo os passivos?" is
        // no). Only the reverse order is read: the article's order confirms
        // no more than the checks above do, and read as agreeing it would
        // outweigh a fact that finds another part of the question false
        // ("Our CCR has two passive nodes. We upgrade both before moving
        // the CMS, right?").
        for span in self.reversed_orders(&fact.order, words, &claim.negation) {
            if count(Assertion::Contradict, span, &[]).is_some() {
                spans.push(span);
            }
        }
        // A denial after values in its own clause, while another clause of
        // the sentence asserts values of its own, is said of its clause
        // ("Setup.exe is not supported, Setup.com is"): it turns those
        // values around and denies nothing of the claim as a whole.
        for &(denial, denial_end) in &claim.denial {
            let clause = words.clause_around(denial);
            // It denies what its clause says of the values before it: a
            // predicate after it ("não serve"), or nothing ("SP1 não, SP2 sim").
            let of_values_before = denial_end >= clause.end
                || (claim.predicate.iter())
                    .any(|(p, _)| *p >= denial_end && *p - denial_end < NEGATION_WINDOW && *p < clause.end);
            if !of_values_before {
                continue;
            }
            let sentence = words.sentence_around(denial);
            let denied_here = |(s, e): &(usize, usize)| clause.start <= *s && *e <= denial;
            let elsewhere = |(s, e): &(usize, usize)| {
                sentence.start <= *s && *e <= sentence.end && (*e <= clause.start || clause.end <= *s)
            };
            let values = || tally.agreeing.iter().chain(&tally.contradicting);
            if tally.negations_used.contains(&denial)
                || !values().any(denied_here)
                || !values().any(elsewhere)
            {
                continue;
            }
            let (agreeing, now_contradicting): (Vec<_>, Vec<_>) =
                tally.agreeing.iter().partition(|span| !denied_here(span));
            let (contradicting, now_agreeing): (Vec<_>, Vec<_>) =
                tally.contradicting.iter().partition(|span| !denied_here(span));
            tally.agreeing = agreeing.into_iter().chain(now_agreeing).collect();
            tally.contradicting = contradicting.into_iter().chain(now_contradicting).collect();
            tally.agree = tally.agreeing.len();
            tally.contradict = tally.contradicting.len();
            cased.retain(|span| !denied_here(span));
            tally.negations_used.push(denial);
        }
        tally.spans = spans;
        tally.cased_contradicting = cased;
        tally.choice = choice;
        tally
    }

    /// Where the question puts two of `steps` (in the article's order) the
    /// other way round: the span of the step said second. Only steps said
    /// one after the other in one sentence with no negation between them
    /// count.
    fn reversed_orders(
        &self,
        steps: &[PhraseList],
        words: &Words,
        negations: &[(usize, usize)],
    ) -> Vec<(usize, usize)> {
        if steps.len() < 2 {
            return Vec::new();
        }
        let lists: Vec<(&PhraseList, usize)> = steps.iter().zip(0..).collect();
        let said = longest_labelled_spans(&lists, words);
        let between = [
            (&self.order_before, Order::Before),
            (&self.order_after, Order::After),
            (&self.order_then, Order::Then),
        ];
        let opening = [
            (&self.order_before, Order::Before),
            (&self.order_after, Order::After),
            (&self.order_first, Order::Then),
        ];
        let mut reversed = Vec::new();
        for (i, pair) in said.windows(2).enumerate() {
            let (((first_start, first_end), first, _), ((second_start, second_end), second, _)) =
                (&pair[0], &pair[1]);
            let sentence = words.sentence_around(*first_start);
            if first == second
                || !sentence.contains(second_start)
                || negations
                    .iter()
                    .any(|(at, _)| (*first_start..*second_end).contains(at))
            {
                continue;
            }
            // A word between the two decides, else one opening the clause
            // of the sentence's first step: "A before B", "A, then B" say A
            // first; "A after B" and "antes de A, B" say B first; "depois de
            // A, B" says A first.
            let opens = i == 0 || !sentence.contains(&said[i - 1].0.0);
            let first_said_first = match order_word(&between, words, *first_end..*second_start) {
                Some(Order::After) => Some(false),
                Some(Order::Before | Order::Then) => Some(true),
                None if !opens => None,
                None => {
                    let clause = words.clause_around(*first_start);
                    match order_word(&opening, words, clause.start..*first_start) {
                        Some(Order::Before) => Some(false),
                        Some(Order::After | Order::Then) => Some(true),
                        None => None,
                    }
                }
            };
            if first_said_first.is_some_and(|said_first| said_first != (first < second)) {
                reversed.push((*second_start, *second_end));
            }
        }
        reversed
    }

    /// Whether the step at `span` is said to come first: an
    /// `order_before` word after it in its sentence ("install 2003 SP2
    /// before the Exchange upgrade", "…antes do SP1 do Exchange"), or an
    /// `order_first` word in its clause ("first I install Windows SP2",
    /// "install SP2 first").
    fn said_first(&self, words: &Words, (start, end): (usize, usize)) -> bool {
        let sentence = words.sentence_around(start);
        let clause = words.clause_around(start);
        let after = [
            (&self.order_before, Order::Before),
            (&self.order_after, Order::After),
            (&self.order_then, Order::Then),
        ];
        let first = [(&self.order_first, Order::Then)];
        order_word(&after, words, end..sentence.end) == Some(Order::Before)
            || order_word(&first, words, clause.start..start).is_some()
            || order_word(&first, words, end..clause.end).is_some()
    }

    /// Whether the step at `span` is said to come later: an `order_after`
    /// word after it in its clause ("apply Windows SP2 after the Exchange
    /// upgrade", "…and apply Windows SP2 after?"), an `order_then` word
    /// closing its clause right after it ("apply 2003 SP2 later"), or one
    /// before it in its sentence ("…SP2 first and then 2003 SP2").
    fn said_later(&self, words: &Words, (start, end): (usize, usize)) -> bool {
        let clause = words.clause_around(start);
        let sentence = words.sentence_around(start);
        let after = [(&self.order_after, Order::After)];
        let then = [(&self.order_then, Order::Then)];
        // "…apply 2003 SP2 later", "…later on?": at most a word after it.
        let closing = (end..clause.end.min(end + 2))
            .any(|at| longest_at(&self.order_then, words, at).is_some_and(|len| at + len + 1 >= clause.end));
        order_word(&after, words, end..clause.end).is_some()
            || closing
            || order_word(&then, words, sentence.start..start).is_some()
    }

    fn dimensions_of(&self, value: &str) -> &[usize] {
        self.value_dimensions.get(value).map_or(&[], Vec::as_slice)
    }

    fn is_os(&self, dimension: usize) -> bool {
        self.platform[dimension]
    }

    /// Value mentions, longest match first, left to right.
    fn mentions(&self, words: &Words) -> Vec<Mention> {
        let mut mentions = Vec::new();
        let mut at = 0;
        while at < words.len() {
            let best = self
                .values
                .iter()
                .filter_map(|(value, phrases)| Some((longest_at(phrases, words, at)?, value)))
                .max_by_key(|(len, _)| *len);
            match best {
                Some((len, value)) => {
                    mentions.push(Mention {
                        value: value.clone(),
                        start: at,
                        end: at + len,
                    });
                    at += len;
                }
                None => at += 1,
            }
        }
        mentions
    }

    /// Side anchors, longest match first, skipping words inside OS and
    /// version mentions ("server" in "Windows Server 2008" anchors nothing).
    fn anchors(&self, words: &Words, mentions: &[Mention]) -> Vec<FoundAnchor> {
        let inside_value = |at: usize| {
            mentions.iter().any(|m| {
                m.start <= at
                    && at < m.end
                    && self.dimensions_of(&m.value).iter().all(|d| !self.names_side[*d])
            })
        };
        let mut anchors = Vec::new();
        let mut at = 0;
        while at < words.len() {
            let best = (!inside_value(at))
                .then(|| {
                    self.anchor_kinds
                        .iter()
                        .filter_map(|(anchor, phrases)| Some((longest_at(phrases, words, at)?, *anchor)))
                        .max_by_key(|(len, _)| *len)
                })
                .flatten();
            match best {
                Some((len, anchor)) => {
                    anchors.push(FoundAnchor {
                        start: at,
                        end: at + len,
                        anchor,
                    });
                    at += len;
                }
                None => at += 1,
            }
        }
        anchors
    }

    /// Whether a word leaving the choice open (`whichever`: "any",
    /// "qualquer") stands in the claim, in the sentence and a few words
    /// before the alternative at `at`: "…on any node of the cluster, active
    /// or passive?" asks whether any node will do.
    fn leaves_open(&self, words: &Words, claim: usize, at: usize) -> bool {
        let from = claim.max(at.saturating_sub(WHICHEVER_REACH));
        spans_after(&self.whichever, words, from)
            .any(|(start, _)| start < at && !words.sentence_break_between(start, at))
    }

    /// The shape of the question whose claim starts at word `claim`.
    fn kind(&self, words: &Words, claim: usize, clause_starts: &[usize]) -> QuestionKind {
        let mut claim = claim;
        while let Some(len) = longest_at(&self.lead_in, words, claim).filter(|_| claim + 1 < words.len()) {
            claim += len;
        }
        // Past the opening words of a yes/no question, "how" and "which" are
        // part of what it asks to confirm.
        let opened = longest_at(&self.yes_no, words, claim).is_some();
        // A question word inside an `embedded` phrase is part of the claim.
        let embedded: Vec<(usize, usize)> = spans_after(&self.embedded, words, claim).collect();
        // Nor is one that opens a comparison ending the question: "…é
        // limitado a 1 nó passivo, como o CCR?" compares, it does not ask
        // how; "…, como o CMS fica?" asks.
        let compared: Vec<(usize, usize)> = spans_after(&self.comparison, words, claim + 1)
            .filter(|(_, end)| words.asked_by().saturating_sub(*end) <= COMPARISON_CLOSING_WORDS)
            .collect();
        let asking = |phrases: &PhraseList| {
            spans_after(phrases, words, claim).map(|(s, _)| s).find(|s| {
                !embedded.iter().any(|(from, to)| from < s && s < to)
                    && !compared.iter().any(|(from, to)| from <= s && s < to)
            })
        };
        let cue =
            |phrases: &PhraseList| asking(phrases).filter(|at| !opened || *at <= claim + YES_NO_OPENING);
        // A tag closing the asking sentence after a comma asks to confirm
        // what comes before it, whatever word opens it: "o que no Windows
        // 2008 se chama cluster de failover era chamado de cluster de
        // servidor, confere?" states a name, it asks none.
        let tagged = spans_after(&self.statement, words, claim + 1)
            .any(|(start, end)| end == words.asked_by() && words.clause_break_between(start - 1, start));
        if tagged {
            return QuestionKind::YesNo;
        }
        if cue(&self.how).is_some() {
            return QuestionKind::How;
        }
        // "Uso o quê?", "…before the passive node or the active one?": asks
        // for a value or a choice in its last words, those of the sentence
        // that asks ("o downtime dura quanto? preciso passar pro change").
        let ends_asking = spans_after(&self.asked_last, words, claim).any(|(_, end)| end == words.asked_by())
            || spans_after(
                &self.alternative,
                words,
                claim.max(words.len().saturating_sub(ALTERNATIVE_REACH)),
            )
            .any(|(at, _)| !self.leaves_open(words, claim, at))
            // "Are the rollups removed before or after the service pack is
            // installed?" names both halves together, anywhere.
            || spans_after(&self.either_or, words, claim).next().is_some();
        // "…tem que ser colocado offline, ou dá pra mover online?": a clause
        // that opens with "or" and says more offers a second claim to choose
        // from; "…, ou não?", "…, or what do I do instead?" and "…, ou se…"
        // still ask the first.
        // A later sentence that opens with "or" offers its claim the same
        // way ("…tenho que esperar todos? ou já dá depois do primeiro?").
        let sentence_starts = (claim + 1..words.len()).filter(|at| words.sentence_break_between(at - 1, *at));
        let offers_another = (clause_starts.iter().copied().filter(|at| *at > claim))
            .chain(sentence_starts)
            .any(|at| {
                longest_at(&self.choice, words, at).is_some_and(|len| {
                    let then = at + len;
                    words.len().saturating_sub(then) >= ALTERNATIVE_CLAUSE_WORDS
                        && [&self.negation, &self.open, &self.condition]
                            .iter()
                            .all(|phrases| longest_at(phrases, words, then).is_none())
                })
            });
        if ends_asking || offers_another {
            return QuestionKind::How;
        }
        // "…2003 SP1, which is enough for SP2, correct?": a "which" past the
        // claim's start, before a linking verb, opens a relative clause and
        // asks nothing.
        let relative = |at: &usize| {
            *at > claim
                && longest_at(&self.relative, words, *at).is_some()
                && words.get(at + 1).is_some_and(|w| self.linking.contains(w))
        };
        let Some(which_at) = cue(&self.which).filter(|at| !relative(at)) else {
            // "Quantos nós…?", "Qual parâmetro…?": asks for a value the
            // article gives (or not), never for a yes or no; unless it also
            // asserts one to confirm ("Quantos nós… é sempre só um?").
            let asserts = spans_after(&self.assertive, words, claim).next().is_some();
            // Also after a lead-in clause ("No comando Cluster.exe…, o que
            // eu coloco…?") when the question does not open as a yes/no one;
            // a clause a condition word opens there (", quando começo o
            // primeiro nó?") qualifies the claim, it asks nothing.
            let clause_opens = || {
                (clause_starts.iter())
                    .filter(|at| **at > claim && **at < words.len())
                    .any(|at| {
                        longest_at(&self.open, words, *at).is_some()
                            && longest_at(&self.condition, words, *at).is_none()
                    })
            };
            let opens = longest_at(&self.open, words, claim).is_some()
                || longest_at(&self.open_first, words, claim).is_some()
                || (!opened && (clause_opens() || asking(&self.asks_anywhere).is_some()));
            return if opens && !asserts {
                QuestionKind::How
            } else {
                QuestionKind::YesNo
            };
        };
        let asked = (which_at..words.len().min(which_at + ANCHOR_WINDOW))
            .find_map(|at| {
                self.ask
                    .iter()
                    .find(|(_, phrases)| longest_at(phrases, words, at).is_some())
            })
            .map(|(dimension, _)| *dimension);
        QuestionKind::Which(asked)
    }
}

/// Whether two host names (lower case, as written) name nodes of one
/// series: the same name but for a last number or a last letter after a
/// hyphen ("node1"/"node2", "exch-n1"/"n2", "mbx-a"/"mbx-b"), or both a
/// node word's letter or number alone ("1"/"2", "b"/"c").
fn sibling_hosts(a: &str, b: &str) -> bool {
    fn series(name: &str) -> &str {
        let stem = name.trim_end_matches(|c: char| c.is_ascii_digit());
        match stem.len() < name.len() {
            true => stem,
            false if name.len() <= 2 => "",
            false if name.as_bytes().get(name.len() - 2) == Some(&b'-') => &name[..name.len() - 1],
            false => name,
        }
    }
    let (a, b) = (series(a), series(b));
    let within = |long: &str, short: &str| long.strip_suffix(short).is_some_and(|rest| rest.ends_with('-'));
    a == b || within(a, b) || within(b, a)
}

/// A role's words as the lexicon writes them ("active node").
fn words_of_role(words: &str) -> Vec<String> {
    words.split(' ').map(str::to_owned).collect()
}

/// Where a clause opened by one of `phrases` ends ("Since SP1 supports
/// Windows Server 2008, …"): at its first clause break.
/// A table of role phrases (`[question.host_roles]`, `[question.host_places]`),
/// each compiled, with the words a host it is said of is read as.
fn role_phrases(
    compiler: &mut PhraseCompiler,
    roles: &BTreeMap<String, String>,
) -> Vec<(PhraseList, Vec<String>)> {
    (roles.iter())
        .map(|(phrase, words)| {
            let phrase = compiler.exact_phrases(std::slice::from_ref(phrase));
            (phrase, words_of_role(words))
        })
        .collect()
}

fn opening_clause(
    phrases: &PhraseList,
    words: &Words,
    clause_starts: &[usize],
    from: usize,
) -> Option<usize> {
    longest_at(phrases, words, from)?;
    clause_starts
        .iter()
        .copied()
        .find(|at| *at > from && *at < words.len() && !words.sentence_break_between(from, *at))
}

/// The first word of `lists` in `range`, the longest where several start
/// together ("depois de" rather than "depois"): what it says of the order
/// of two steps.
/// Whether any of `spans` shares a word with `span`.
fn overlaps_any(spans: &[(usize, usize)], (start, end): (usize, usize)) -> bool {
    spans.iter().any(|&(s, e)| s < end && start < e)
}

fn order_word(lists: &[(&PhraseList, Order)], words: &Words, range: std::ops::Range<usize>) -> Option<Order> {
    range.into_iter().find_map(|at| {
        (lists.iter())
            .filter_map(|(phrases, order)| Some((longest_at(phrases, words, at)?, *order)))
            .max_by_key(|(len, _)| *len)
            .map(|(_, order)| order)
    })
}

/// A phrase matched at a word: its length, whether it matched exactly, and
/// the words its gaps skipped (see [`longest_match`]).
type PhraseMatch = (usize, bool, Vec<usize>);

/// Non-overlapping matches of several labelled phrase lists, the longest
/// first at each position, so "mais de um" counts once and not also as "um".
fn longest_labelled_spans<T: Copy>(
    lists: &[(&PhraseList, T)],
    words: &Words,
) -> Vec<((usize, usize), T, Vec<usize>)> {
    let mut spans = Vec::new();
    let mut at = 0;
    while at < words.len() {
        let found: Vec<(PhraseMatch, usize)> = (lists.iter().enumerate())
            .filter_map(|(list, (phrases, _))| Some((longest_match(phrases, words, at)?, list)))
            .collect();
        // A longer phrase whose gap skips to past the whole of another
        // list's phrase pairs the wrong words ("2003 ~ sp1" in "2003 SP2
        // before Exchange SP1"): the phrase it skipped is the one said.
        let skips_another = |((len, _, skipped), list): &(PhraseMatch, usize)| {
            (found.iter()).any(|((other_len, _, _), other)| {
                other != list && other_len < len && *other_len > 0 && skipped.contains(&(at + other_len - 1))
            })
        };
        let best = (found.iter())
            .filter(|candidate| !skips_another(candidate))
            .max_by_key(|((len, exact, _), _)| (*len, *exact))
            .map(|(matched, list)| (matched.clone(), lists[*list].1));
        match best {
            Some(((len, _, skipped), label)) if len > 0 => {
                spans.push(((at, at + len), label, skipped));
                at += len;
            }
            _ => at += 1,
        }
    }
    spans
}

/// The side a mention belongs to: a noun anchor right after it ("SP1
/// clustered mailbox server"), else the nearest anchor before it, else the
/// nearest noun anchor after it.
fn side_of(mention: &Mention, anchors: &[FoundAnchor], words: &Words) -> Option<Side> {
    let after_it = anchors
        .iter()
        .filter(|a| matches!(a.anchor.role, Role::Noun | Role::Verb) && a.start >= mention.end);
    if let Some(adjacent) = (after_it.clone()).find(|a| a.anchor.role == Role::Noun && a.start == mention.end)
    {
        return Some(adjacent.anchor.side);
    }
    // Right after a verb, with at most an article between, it is the verb's
    // object, the other side: "manage Windows Server 2003 from…" names the
    // server; "gerenciar ele do meu XP" does not.
    let object_of = (anchors.iter())
        .find(|a| a.anchor.role == Role::Verb && a.end <= mention.start && mention.start - a.end <= 1);
    if let Some(verb) = object_of {
        return Some(verb.anchor.side.other());
    }
    let nearest_before = |at: usize, window: usize| {
        (anchors.iter())
            .filter(|a| a.anchor.role != Role::Verb && a.end <= at && at - a.end < window)
            .max_by_key(|a| a.end)
    };
    let tied_before = nearest_before(mention.start, ANCHOR_WINDOW);
    // Right before a verb in its clause, with at most a modal between, it is
    // the verb's subject, unless what is said before it is nearer: "CMSs on
    // Windows Server 2003 are the only ones Windows Server 2003 can manage",
    // but "um CMS rodando em Windows 2008, da pra gerenciar…".
    let subject_of = (after_it.clone())
        .find(|a| a.anchor.role == Role::Verb && a.start - mention.end <= VERB_SUBJECT_REACH)
        .filter(|verb| verb.start < words.clause_around(mention.start).end)
        .filter(|verb| {
            tied_before.is_none_or(|before| verb.start - mention.end < mention.start - before.end)
        });
    if let Some(verb) = subject_of {
        return Some(verb.anchor.side);
    }
    // A lead speaks of the noun right before it, its subject: "the admin
    // workstation runs Windows Server 2008" is the tools' side.
    let before = tied_before.map(|lead| match lead.anchor.role {
        Role::Lead => nearest_before(lead.start, LEAD_SUBJECT_REACH)
            .filter(|subject| subject.anchor.role == Role::Noun)
            .unwrap_or(lead),
        _ => lead,
    });
    // Before a verb, it is the verb's subject ("Windows Server 2008 is the
    // only system that can manage a CMS on…"), whatever noun follows it.
    // In its own sentence: "…on Windows Server 2003. I plan to manage it
    // from XP" names no subject of "manage".
    let after = after_it
        .filter(|a| {
            a.start - mention.end < ANCHOR_WINDOW && !words.sentence_break_between(mention.start, a.start)
        })
        .min_by_key(|a| a.start);
    before.or(after).map(|a| a.anchor.side)
}
