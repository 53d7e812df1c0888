//! The compatibility matrix, laid out like Microsoft's Exchange supportability
//! matrix as the content says (`[matrix]` in `compat.toml`): the values of
//! one dimension are the rows, those of two others the columns (the first
//! grouping the second), cells are verdicts with numbered notes citing the
//! article.
//!
//! A dimension may take a laid-out one's value in each cell (`same_as`: the
//! server runs the same version as the tools, the usual case), and every
//! other dimension the content declares is at its `default` (the kind of
//! server managed, in the shipped content: a clustered mailbox server);
//! `/api/compat` answers any other combination. The engine names no
//! dimension: a content without `[matrix]` has no matrix.

use std::collections::BTreeMap;

use serde::Serialize;

use super::model::{KnowledgeBase, MatrixLayout, Verdict};
use super::{AnswerEngine, CitationOut};
use crate::lang::Lang;
use crate::toolkit::{ContentError, Key};

/// A column: a value of the first column dimension × one of the second.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Column {
    /// Dimension id → value, for both dimensions the columns lay out
    /// (`tools_version` and `cluster_os` in the shipped content).
    #[serde(flatten)]
    pub values: BTreeMap<String, String>,
    /// Display name of the first dimension's value, which groups columns.
    pub group_label: String,
    /// Display name of the second dimension's value.
    pub label: String,
}

/// A cell.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Cell {
    /// The verdict.
    pub verdict: Verdict,
    /// Number of the note explaining it.
    pub note: usize,
}

/// A row: one value of the dimension the rows lay out.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Row {
    /// Dimension id → value, for the dimension the rows lay out (`admin_os`
    /// in the shipped content: the OS of the computer running the tools).
    #[serde(flatten)]
    pub value: BTreeMap<String, String>,
    /// Display name of the value.
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
    /// How the content lays the dimensions out; `null` (and nothing else)
    /// when it declares no matrix.
    pub layout: Option<MatrixLayout>,
    /// The columns.
    pub columns: Vec<Column>,
    /// The rows.
    pub rows: Vec<Row>,
    /// The notes.
    pub notes: Vec<Note>,
    /// The other dimensions, each at the value every cell assumes.
    pub assumed: Vec<Assumed>,
}

/// The dimensions a layout names, as indexes into the content's
/// dimensions; `None` when one is unknown (content `docdesk check` refuses).
struct Indexes {
    rows: usize,
    group: usize,
    column: usize,
    /// (dimension, the laid-out one whose value it takes).
    same_as: Vec<(usize, usize)>,
}

impl Indexes {
    fn of(kb: &KnowledgeBase, layout: &MatrixLayout) -> Option<Indexes> {
        let index = |id: &str| kb.compat.dimensions.iter().position(|d| d.id == id);
        let [group, column] = layout.columns.as_slice() else {
            return None;
        };
        Some(Indexes {
            rows: index(&layout.rows)?,
            group: index(group)?,
            column: index(column)?,
            same_as: (layout.same_as.iter())
                .map(|(dimension, other)| Some((index(dimension)?, index(other)?)))
                .collect::<Option<_>>()?,
        })
    }

    fn varying(&self) -> impl Iterator<Item = usize> + '_ {
        [self.rows, self.group, self.column]
            .into_iter()
            .chain(self.same_as.iter().map(|(d, _)| *d))
    }
}

impl Matrix {
    /// Builds the matrix from the engine's verdict table.
    pub fn build(engine: &AnswerEngine, lang: Lang) -> Matrix {
        let kb = engine.knowledge();
        let layout = kb.compat.matrix.as_ref();
        let Some(at) = layout.and_then(|layout| Indexes::of(kb, layout)) else {
            return Matrix {
                lang,
                layout: None,
                columns: Vec::new(),
                rows: Vec::new(),
                notes: Vec::new(),
                assumed: Vec::new(),
            };
        };
        let values = |d: usize| kb.compat.dimensions[d].values.clone();
        let id = |d: usize| kb.compat.dimensions[d].id.clone();
        let table = engine.table();
        // Every other dimension at its default (`docdesk check` requires one).
        let assumed: Vec<usize> = (0..kb.compat.dimensions.len())
            .filter(|d| !at.varying().any(|v| v == *d))
            .collect();
        let columns: Vec<(usize, usize)> = (0..values(at.group).len())
            .flat_map(|g| (0..values(at.column).len()).map(move |c| (g, c)))
            .collect();
        let mut notes: Vec<Note> = Vec::new();
        let mut rows = Vec::new();
        for (r, row_value) in values(at.rows).iter().enumerate() {
            let mut cells = Vec::new();
            for &(g, c) in &columns {
                // Any other dimension the content declares: its default (its
                // first value only in content `docdesk check` refuses).
                let mut combination: Vec<usize> = (kb.compat.dimensions.iter().enumerate())
                    .map(|(d, dimension)| {
                        (dimension.default.as_deref()).map_or(0, |v| table.value_index(d, v).unwrap_or(0))
                    })
                    .collect();
                combination[at.rows] = r;
                combination[at.group] = g;
                combination[at.column] = c;
                for &(dimension, other) in &at.same_as {
                    let value = table.value(other, combination[other]);
                    combination[dimension] = table.value_index(dimension, value).unwrap_or(0);
                }
                let (verdict, rule) = table
                    .verdict(&combination)
                    .unwrap_or((Verdict::NotDocumented, None));
                let note = note_for(engine, &mut notes, rule, lang);
                cells.push(Cell { verdict, note });
            }
            rows.push(Row {
                value: BTreeMap::from([(id(at.rows), row_value.clone())]),
                label: engine.label(row_value, lang),
                cells,
            });
        }
        let columns = columns
            .into_iter()
            .map(|(g, c)| {
                let (group, column) = (table.value(at.group, g), table.value(at.column, c));
                Column {
                    values: BTreeMap::from([
                        (id(at.group), group.to_owned()),
                        (id(at.column), column.to_owned()),
                    ]),
                    group_label: engine.label(group, lang),
                    label: engine.label(column, lang),
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
            layout: layout.cloned(),
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

    /// The dimensions of the CSV's first columns, in the layout's `csv` order.
    pub fn csv_dimensions(&self) -> &[String] {
        self.layout.as_ref().map_or(&[], |l| l.csv.as_slice())
    }

    /// A cell's value and its display name for each of [`Matrix::csv_dimensions`]:
    /// the row's, the column's, or the one a `same_as` dimension takes.
    pub fn csv_fields<'a>(&'a self, row: &'a Row, column: &'a Column) -> Vec<(&'a str, &'a str)> {
        let Some(layout) = &self.layout else {
            return Vec::new();
        };
        (layout.csv.iter())
            .map(|dimension| {
                let laid_out = layout.same_as.get(dimension).unwrap_or(dimension);
                let value = |map: &'a BTreeMap<String, String>| map.get(laid_out).map_or("", String::as_str);
                if *laid_out == layout.rows {
                    (value(&row.value), row.label.as_str())
                } else if layout.columns.first() == Some(laid_out) {
                    (value(&column.values), column.group_label.as_str())
                } else {
                    (value(&column.values), column.label.as_str())
                }
            })
            .collect()
    }

    /// One line per cell: identifiers (never translated), verdict and note.
    /// The laid-out dimensions come first in the layout's `csv` order, then
    /// each assumed one, as the header names them.
    pub fn to_csv(&self) -> String {
        let header: Vec<String> = (self.csv_dimensions().iter().cloned())
            .chain(self.assumed.iter().map(|a| a.dimension.clone()))
            .chain(["verdict".to_owned(), "note".to_owned()])
            .collect();
        let records = self.cells().map(|(row, column, cell)| {
            (self.csv_fields(row, column).into_iter())
                .map(|(value, _)| value.to_owned())
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

/// What the matrix needs of the content: a `[matrix]` naming dimensions
/// that exist, each at most once, and laying out every one whose `same_as`
/// it follows; a CSV order naming each varying dimension once; every other
/// dimension declaring the value its cells assume (`default`). Each problem
/// at the line of the value concerned.
pub fn validate(kb: &KnowledgeBase) -> Vec<ContentError> {
    let Some(layout) = &kb.compat.matrix else {
        return Vec::new();
    };
    let compat_file = &kb.files[0];
    let mut errors = Vec::new();
    let mut err = |keys: &[Key<'_>], message: String| errors.push(compat_file.error(keys, message));
    let known: Vec<&str> = kb.compat.dimensions.iter().map(|d| d.id.as_str()).collect();
    let unknown = |field: &str, id: &str| {
        format!(
            "[matrix] {field}: unknown dimension `{id}` (the dimensions are {})",
            known.join(", ")
        )
    };
    if !known.contains(&layout.rows.as_str()) {
        err(
            &[Key::from("matrix"), Key::from("rows")],
            unknown("rows", &layout.rows),
        );
    }
    if layout.columns.len() != 2 {
        err(
            &[Key::from("matrix"), Key::from("columns")],
            format!(
                "[matrix] columns: two dimensions (the first groups the second), not {}",
                layout.columns.len()
            ),
        );
    }
    for (i, id) in layout.columns.iter().enumerate() {
        let at = [Key::from("matrix"), Key::from("columns"), Key::from(i)];
        if !known.contains(&id.as_str()) {
            err(&at, unknown("columns", id));
        } else if *id == layout.rows || layout.columns[..i].contains(id) {
            err(&at, format!("[matrix] columns: `{id}` is laid out twice"));
        }
    }
    let laid_out = |id: &str| id == layout.rows || layout.columns.iter().any(|c| c == id);
    for (dimension, other) in &layout.same_as {
        let at = [Key::from("matrix"), Key::from("same_as"), Key::from(dimension)];
        if !known.contains(&dimension.as_str()) {
            err(&at, unknown("same_as", dimension));
        } else if !known.contains(&other.as_str()) {
            err(&at, unknown("same_as", other));
        } else if laid_out(dimension) || !laid_out(other) {
            err(
                &at,
                format!(
                    "[matrix] same_as: `{dimension}` must take the value of a row or column dimension \
                     and not be one itself (`{dimension} = \"{other}\"`)"
                ),
            );
        } else if let (Some(d), Some(o)) = (kb.dimension(dimension), kb.dimension(other))
            && let Some(value) = o.values.iter().find(|v| !d.values.contains(v))
        {
            err(
                &at,
                format!(
                    "[matrix] same_as: `{dimension}` takes the value of `{other}`,                      but `{value}` is not one of its values"
                ),
            );
        }
    }
    // Unknown ones are reported where they are named.
    let varying: Vec<&str> = layout.varying().filter(|v| known.contains(v)).collect();
    for (i, id) in layout.csv.iter().enumerate() {
        let at = [Key::from("matrix"), Key::from("csv"), Key::from(i)];
        if !known.contains(&id.as_str()) {
            err(&at, unknown("csv", id));
        } else if !varying.contains(&id.as_str()) || layout.csv[..i].contains(id) {
            err(
                &at,
                format!(
                    "[matrix] csv: `{id}` must be named once, and only the row, column and \
                     same_as dimensions are ({})",
                    varying.join(", ")
                ),
            );
        }
    }
    for id in varying.iter().filter(|v| !layout.csv.iter().any(|c| c == *v)) {
        err(
            &[Key::from("matrix"), Key::from("csv")],
            format!(
                "[matrix] csv: `{id}` is missing (it names {})",
                varying.join(", ")
            ),
        );
    }
    for (d, dimension) in kb.compat.dimensions.iter().enumerate() {
        if !varying.contains(&dimension.id.as_str()) && dimension.default.is_none() {
            err(
                &[Key::from("dimensions"), Key::from(d), Key::from("id")],
                format!(
                    "dimension `{}` needs a `default`: the compatibility matrix lays out {} and \
                     assumes that value of every other dimension in each cell",
                    dimension.id,
                    varying.join(", ")
                ),
            );
        }
    }
    errors
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
