//! One query word in any of its forms, for queries that require every word.
//!
//! A word is matched through several terms (folded, stemmed, corrected,
//! completed); requiring the word means requiring their union. tantivy's
//! boolean union buffers and scores a window of 4,096 documents at a time,
//! which is right for scanning but costs that whole window at every jump of
//! an intersection: the union of a word found in every section ("cluster")
//! with a rare one would score thousands of sections to keep one. This union
//! moves its terms only as far as asked, so an intersection costs what its
//! rarest word costs.

use tantivy::query::{EmptyScorer, EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{DocId, DocSet, Score, SegmentReader, TERMINATED, TantivyError, Term};

/// Matches a document holding any of `forms`; scores the sum of the forms it holds.
#[derive(Debug)]
pub struct AnyForm {
    forms: Vec<Box<dyn Query>>,
}

impl Clone for AnyForm {
    fn clone(&self) -> AnyForm {
        AnyForm {
            forms: self.forms.iter().map(|form| form.box_clone()).collect(),
        }
    }
}

impl AnyForm {
    /// The union of `forms`.
    pub fn new(forms: Vec<Box<dyn Query>>) -> AnyForm {
        AnyForm { forms }
    }
}

impl Query for AnyForm {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let weights = self
            .forms
            .iter()
            .map(|form| form.weight(enable_scoring))
            .collect::<tantivy::Result<_>>()?;
        Ok(Box::new(AnyFormWeight { weights }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        for form in &self.forms {
            form.query_terms(visitor);
        }
    }
}

struct AnyFormWeight {
    weights: Vec<Box<dyn Weight>>,
}

impl Weight for AnyFormWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let mut scorers = Vec::with_capacity(self.weights.len());
        for weight in &self.weights {
            let scorer = weight.scorer(reader, boost)?;
            if scorer.doc() != TERMINATED {
                scorers.push(scorer);
            }
        }
        Ok(match scorers.len() {
            0 => Box::new(EmptyScorer),
            1 => scorers.pop().expect("one scorer"),
            _ => Box::new(LazyUnion::new(scorers)),
        })
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.scorer(reader, 1.0)?;
        if scorer.seek(doc) != doc {
            return Err(TantivyError::InvalidArgument(format!(
                "document {doc} does not match"
            )));
        }
        Ok(Explanation::new(
            "sum of the forms the document holds",
            scorer.score(),
        ))
    }
}

/// The union of scorers, each moved only when the union must move past it.
struct LazyUnion {
    scorers: Vec<Box<dyn Scorer>>,
    doc: DocId,
}

impl LazyUnion {
    fn new(scorers: Vec<Box<dyn Scorer>>) -> LazyUnion {
        let mut union = LazyUnion { scorers, doc: 0 };
        union.doc = union.lowest();
        union
    }

    fn lowest(&self) -> DocId {
        self.scorers.iter().map(|s| s.doc()).min().unwrap_or(TERMINATED)
    }
}

impl DocSet for LazyUnion {
    fn advance(&mut self) -> DocId {
        let current = self.doc;
        for scorer in &mut self.scorers {
            if scorer.doc() == current {
                scorer.advance();
            }
        }
        self.doc = self.lowest();
        self.doc
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc >= target {
            return self.doc;
        }
        for scorer in &mut self.scorers {
            if scorer.doc() < target {
                scorer.seek(target);
            }
        }
        self.doc = self.lowest();
        self.doc
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.scorers.iter().map(|s| s.size_hint()).max().unwrap_or(0)
    }
}

impl Scorer for LazyUnion {
    fn score(&mut self) -> Score {
        let doc = self.doc;
        self.scorers
            .iter_mut()
            .filter(|s| s.doc() == doc)
            .map(|s| s.score())
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use tantivy::collector::TopDocs;
    use tantivy::query::{BooleanQuery, Occur, TermQuery};
    use tantivy::schema::{IndexRecordOption, STRING, Schema};
    use tantivy::{Index, TantivyDocument};

    use super::*;

    #[test]
    fn matches_and_scores_like_a_boolean_union_inside_an_intersection() {
        let mut schema = Schema::builder();
        let field = schema.add_text_field("w", STRING);
        let index = Index::create_in_ram(schema.build());
        let mut writer = index.writer_with_num_threads(1, 15_000_000).unwrap();
        for i in 0..10_000u32 {
            let mut doc = TantivyDocument::default();
            doc.add_text(field, if i % 2 == 0 { "common" } else { "usual" });
            if i % 3 == 0 {
                doc.add_text(field, "third");
            }
            if i % 997 == 0 {
                doc.add_text(field, "rare");
            }
            writer.add_document(doc).unwrap();
        }
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        let term = |w: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(field, w),
                IndexRecordOption::WithFreqs,
            ))
        };
        let forms = || vec![term("common"), term("third")];
        let with = |word: Box<dyn Query>| {
            let query = BooleanQuery::new(vec![(Occur::Must, word), (Occur::Must, term("rare"))]);
            let mut top = searcher
                .search(&query, &TopDocs::with_limit(100).order_by_score())
                .unwrap();
            top.sort_by_key(|(_, address)| address.doc_id);
            top
        };
        let ours = with(Box::new(AnyForm::new(forms())));
        let theirs = with(Box::new(BooleanQuery::new(
            forms().into_iter().map(|f| (Occur::Should, f)).collect(),
        )));
        assert!(ours.len() > 3, "{ours:?}");
        assert_eq!(ours.len(), theirs.len());
        for ((a, x), (b, y)) in ours.iter().zip(&theirs) {
            assert_eq!(x, y);
            assert!((a - b).abs() < 1e-5, "{a} vs {b}");
        }
    }
}
