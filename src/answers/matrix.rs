//! The compatibility matrix, laid out like Microsoft's Exchange supportability
//! matrix: rows are the OS the tools run on, columns are tools version ×
//! cluster OS, cells are verdicts with numbered notes citing the article.
//!
//! A cell assumes the server runs the same version as the tools (the usual
//! case), and every other dimension the content declares at its `default`
//! (the kind of server managed, in the shipped content: a clustered mailbox
//! server); `/api/compat` answers any other combination.
//!
//! Which dimensions are rows and columns is engine text ([`LAID_OUT`]): the
//! layout of that supportability matrix. The values assumed are content.

use serde::Serialize;

use super::model::{KnowledgeBase, Verdict};
use super::{AnswerEngine, CitationOut};
use crate::lang::Lang;
use crate::toolkit::{ContentError, Key};

/// The dimensions the matrix lays out, by id: rows, then the columns' two
/// (tools version × cluster OS), and the server's version, which follows the
/// tools' in each column. A content without all four has no matrix.
pub const LAID_OUT: [&str; 4] = ["admin_os", "tools_version", "cluster_os", "cms_version"];

/// The laid-out dimensions as both CSVs order their columns (each record
/// gives a cell's row, tools version twice and cluster OS in this order),
/// before the assumed ones, the verdict and the note.
pub const CSV_COLUMNS: [&str; 4] = ["admin_os", "tools_version", "cms_version", "cluster_os"];

/// A column: tools version × cluster OS.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Column {
    /// Value of `tools_version` (and of `cms_version`, which follows it in each column).
    pub tools_version: String,
    /// OS of the cluster.
    pub cluster_os: String,
    /// Display name of the tools version.
    pub tools_label: String,
    /// Display name of the cluster OS.
    pub cluster_label: String,
}

/// A cell.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Cell {
    /// The verdict.
    pub verdict: Verdict,
    /// Number of the note explaining it.
    pub note: usize,
}

/// A row: one OS the tools run on.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Row {
    /// OS of the computer running the tools.
    pub admin_os: String,
    /// Its display name.
    pub label: String,
    /// One cell per column.
    pub cells: Vec<Cell>,
}

/// A numbered note.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Note {
    /// Its number, as referenced by cells.
    pub id: usize,
    /// The rule behind it, or `not_documented`.
    pub rule: String,
    /// Explanation.
    pub text: String,
    /// The article's sentences.
    pub citations: Vec<CitationOut>,
}

/// A dimension the matrix does not lay out, and the value every cell assumes.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Assumed {
    /// The dimension's id (`target`).
    pub dimension: String,
    /// Display name of the dimension.
    pub dimension_label: String,
    /// The value every cell assumes: the dimension's `default` in `compat.toml`.
    pub value: String,
    /// Display name of the value.
    pub label: String,
}

/// The whole matrix in one language.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Matrix {
    /// Language of labels and notes.
    pub lang: Lang,
    /// The columns.
    pub columns: Vec<Column>,
    /// The rows.
    pub rows: Vec<Row>,
    /// The notes.
    pub notes: Vec<Note>,
    /// The other dimensions, each at the value every cell assumes.
    pub assumed: Vec<Assumed>,
}

impl Matrix {
    /// Builds the matrix from the engine's verdict table.
    pub fn build(engine: &AnswerEngine, lang: Lang) -> Matrix {
        let kb = engine.knowledge();
        let Some([admin, tools, cluster, cms]) = laid_out(kb) else {
            return Matrix {
                lang,
                columns: Vec::new(),
                rows: Vec::new(),
                notes: Vec::new(),
                assumed: Vec::new(),
            };
        };
        let values = |d: usize| kb.compat.dimensions[d].values.clone();
        let table = engine.table();
        // Every other dimension at its default (`docdesk check` requires one).
        let assumed: Vec<usize> = (0..kb.compat.dimensions.len())
            .filter(|d| ![admin, tools, cluster, cms].contains(d))
            .collect();
        let columns: Vec<(usize, usize)> = (0..values(tools).len())
            .flat_map(|t| (0..values(cluster).len()).map(move |c| (t, c)))
            .collect();
        let mut notes: Vec<Note> = Vec::new();
        let mut rows = Vec::new();
        for (a, admin_os) in values(admin).iter().enumerate() {
            let mut cells = Vec::new();
            for &(t, c) in &columns {
                // Any other dimension the content declares: its default (its
                // first value only in content `docdesk check` refuses).
                let mut combination: Vec<usize> = (kb.compat.dimensions.iter().enumerate())
                    .map(|(d, dimension)| {
                        (dimension.default.as_deref()).map_or(0, |v| table.value_index(d, v).unwrap_or(0))
                    })
                    .collect();
                combination[tools] = t;
                combination[cms] = table.value_index(cms, table.value(tools, t)).unwrap_or(t);
                combination[admin] = a;
                combination[cluster] = c;
                let (verdict, rule) = table
                    .verdict(&combination)
                    .unwrap_or((Verdict::NotDocumented, None));
                let note = note_for(engine, &mut notes, rule, lang);
                cells.push(Cell { verdict, note });
            }
            rows.push(Row {
                admin_os: admin_os.clone(),
                label: engine.label(admin_os, lang),
                cells,
            });
        }
        let columns = columns
            .into_iter()
            .map(|(t, c)| {
                let (tools_version, cluster_os) = (
                    table.value(tools, t).to_owned(),
                    table.value(cluster, c).to_owned(),
                );
                Column {
                    tools_label: engine.label(&tools_version, lang),
                    cluster_label: engine.label(&cluster_os, lang),
                    tools_version,
                    cluster_os,
                }
            })
            .collect();
        let assumed = (assumed.into_iter())
            .map(|d| {
                let dimension = &kb.compat.dimensions[d];
                let value = (dimension.default.clone()).unwrap_or_else(|| table.value(d, 0).to_owned());
                Assumed {
                    dimension: dimension.id.clone(),
                    dimension_label: dimension.label.get(lang).to_owned(),
                    label: engine.label(&value, lang),
                    value,
                }
            })
            .collect();
        Matrix {
            lang,
            columns,
            rows,
            notes,
            assumed,
        }
    }

    /// Every cell with its row and column, row by row.
    pub fn cells(&self) -> impl Iterator<Item = (&Row, &Column, &Cell)> {
        self.rows.iter().flat_map(|row| {
            self.columns
                .iter()
                .zip(&row.cells)
                .map(move |(c, cell)| (row, c, cell))
        })
    }

    /// The text of note `id`.
    pub fn note_text(&self, id: usize) -> &str {
        self.notes
            .iter()
            .find(|n| n.id == id)
            .map_or("", |n| n.text.as_str())
    }

    /// One line per cell: identifiers (never translated), verdict and note.
    /// The laid-out dimensions come first, then each assumed one, as the
    /// header names them.
    pub fn to_csv(&self) -> String {
        let header: Vec<String> = (CSV_COLUMNS.into_iter())
            .map(str::to_owned)
            .chain(self.assumed.iter().map(|a| a.dimension.clone()))
            .chain(["verdict".to_owned(), "note".to_owned()])
            .collect();
        let records = self.cells().map(|(row, column, cell)| {
            [
                &row.admin_os,
                &column.tools_version,
                &column.tools_version,
                &column.cluster_os,
            ]
            .into_iter()
            .cloned()
            .chain(self.assumed.iter().map(|a| a.value.clone()))
            .chain([
                cell.verdict.as_str().to_owned(),
                self.note_text(cell.note).to_owned(),
            ])
            .collect()
        });
        String::from_utf8(write_csv(b',', &header, records)).unwrap_or_default()
    }
}

/// The indexes of the [`LAID_OUT`] dimensions, in that order, when the content declares them all.
fn laid_out(kb: &KnowledgeBase) -> Option<[usize; 4]> {
    let mut found = [0; 4];
    for (slot, id) in found.iter_mut().zip(LAID_OUT) {
        *slot = kb.compat.dimensions.iter().position(|d| d.id == id)?;
    }
    Some(found)
}

/// What the matrix needs of the content: every dimension it does not lay
/// out declares the value its cells assume (`default`).
pub fn validate(kb: &KnowledgeBase) -> Vec<ContentError> {
    let Some(laid_out) = laid_out(kb) else {
        return Vec::new();
    };
    let compat_file = &kb.files[0];
    (kb.compat.dimensions.iter().enumerate())
        .filter(|(d, dimension)| !laid_out.contains(d) && dimension.default.is_none())
        .map(|(d, dimension)| {
            compat_file.error(
                &[Key::from("dimensions"), Key::from(d), Key::from("id")],
                format!(
                    "dimension `{}` needs a `default`: the compatibility matrix lays out {} and \
                     assumes that value of every other dimension in each cell",
                    dimension.id,
                    LAID_OUT.join(", ")
                ),
            )
        })
        .collect()
}

/// Writes a header and records as CSV with `delimiter`.
pub fn write_csv(delimiter: u8, header: &[String], records: impl Iterator<Item = Vec<String>>) -> Vec<u8> {
    let mut writer = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .from_writer(Vec::new());
    // Writing to a Vec cannot fail.
    let _ = writer.write_record(header);
    for record in records {
        let _ = writer.write_record(&record);
    }
    writer.into_inner().unwrap_or_default()
}

fn note_for(engine: &AnswerEngine, notes: &mut Vec<Note>, rule: Option<usize>, lang: Lang) -> usize {
    let kb = engine.knowledge();
    let id = rule.map_or("not_documented", |r| kb.compat.rules[r].id.as_str());
    if let Some(note) = notes.iter().find(|n| n.rule == id) {
        return note.id;
    }
    let (text, citations) = match rule {
        Some(r) => {
            let rule = &kb.compat.rules[r];
            (
                rule.explain.get(lang).to_owned(),
                engine.citations(&kb.compat.doc, rule.citations.iter(), lang),
            )
        }
        None => (
            kb.compat
                .not_documented
                .explain
                .get(lang)
                .trim_end_matches(':')
                .to_owned()
                + ".",
            Vec::new(),
        ),
    };
    let number = notes.len() + 1;
    notes.push(Note {
        id: number,
        rule: id.to_owned(),
        text,
        citations,
    });
    number
}
