//! In-process answer latency: natural-language questions, both languages.
//!
//! Run: `cargo bench --bench answers`

use std::hint::black_box;
use std::path::Path;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use docdesk::answers::{AnswerEngine, Question};
use docdesk::content::Content;
use docdesk::search::SearchIndex;

const QUESTIONS: &[&str] = &[
    "Can the SP2 tools on Windows XP manage a clustered mailbox server on Windows Server 2008?",
    "dá pra gerenciar o cluster do 2008 pelo XP?",
    "Which operating systems can I use to manage a clustered mailbox server running SP2 on Windows Server 2003?",
    "Can the RTM management tools manage an SP1 clustered mailbox server?",
    "Preciso remover os pacotes cumulativos de atualizações antes de instalar o SP2?",
    "Como instalo as ferramentas de gerenciamento de cluster no Windows Server 2008?",
    "É verdade que a atualização do CMS para o SP1 é feita sem nenhuma inatividade?",
    "A single copy cluster always has just one passive node, right?",
    "Do the SP1 management tools on a Windows XP machine manage a clustered mailbox server?",
];

fn answers(c: &mut Criterion) {
    let content =
        Content::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("content")).expect("content loads");
    let search = SearchIndex::build_with_cache(&content.library, 0).expect("index builds");
    let engine = AnswerEngine::new(content.answers.clone());
    let mut group = c.benchmark_group("answer");
    for (i, question) in QUESTIONS.iter().enumerate() {
        group.bench_with_input(BenchmarkId::new(format!("q{i}"), question), question, |b, q| {
            let question = Question::new(*q, None);
            b.iter(|| black_box(engine.answer(black_box(&question), &search)))
        });
    }
    group.finish();
}

criterion_group!(benches, answers);
criterion_main!(benches);
