//! Markdown rendering and section extraction.
//!
//! Parser options live in [`options`] and nowhere else, so the HTML shown to
//! readers and the plain text given to the search index always agree.

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};

/// The one set of Markdown options used for rendering, indexing and checking.
pub fn options() -> Options {
    Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
        | Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
}

/// A part of a document that starts at a `##` or `###` heading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// The stable anchor, written as `{#id}` after the heading.
    pub id: String,
    /// Heading text, without Markdown.
    pub heading: String,
    /// 2 for `##`, 3 for `###`.
    pub level: u8,
    /// Plain text of the section body: paragraphs, list items and code blocks.
    pub text: String,
    /// Code blocks in the section, verbatim.
    pub commands: Vec<String>,
    /// 1-based line of the heading in the Markdown source.
    pub line: usize,
    /// The section's Markdown source, from its heading to the next section's
    /// heading: what assistants read, with commands and callouts intact.
    pub markdown: String,
}

impl Section {
    /// The words that introduce `quote` when it is an item of a list led in
    /// by a sentence ending in a colon ("For example, you cannot:"), as plain
    /// text: a quoted list item read without them can say the opposite.
    pub fn lead_in(&self, quote: &str) -> Option<String> {
        let lines: Vec<&str> = self.markdown.lines().collect();
        let at = lines.iter().position(|line| plain(line).contains(quote))?;
        let is_item = |line: &str| {
            let line = line.trim_start();
            line.starts_with("- ")
                || line.starts_with("* ")
                || line
                    .split_once(". ")
                    .is_some_and(|(n, _)| n.chars().all(|c| c.is_ascii_digit()))
        };
        if !is_item(lines[at]) {
            return None;
        }
        let paragraph = lines[..at]
            .iter()
            .rev()
            .find(|line| !line.trim().is_empty() && !is_item(line))?;
        let text = plain(paragraph);
        let text = text.trim();
        if !text.ends_with(':') {
            return None;
        }
        // The last sentence of the paragraph is the one that leads in.
        let start = text.match_indices(". ").last().map_or(0, |(i, _)| i + 2);
        Some(text[start..].to_owned())
    }
}

/// A line of Markdown as plain text (links, code and emphasis unwrapped).
fn plain(line: &str) -> String {
    let mut text = String::new();
    for event in Parser::new_ext(line, options()) {
        if let Event::Text(t) | Event::Code(t) = event {
            text.push_str(&t);
        }
    }
    text
}

/// A link found in the Markdown, for `docdesk check`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// The destination as written.
    pub dest: String,
    /// 1-based line in the Markdown source.
    pub line: usize,
}

/// A heading without an explicit id, which would make its anchor unstable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingId {
    /// The heading text.
    pub heading: String,
    /// 1-based line in the Markdown source.
    pub line: usize,
}

/// The result of rendering one Markdown body.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// HTML with anchored headings, ready to embed in a page.
    pub html: String,
    /// Sections in document order.
    pub sections: Vec<Section>,
    /// Every link, with its line.
    pub links: Vec<Link>,
    /// Text that comes before the first heading (it belongs to no section).
    pub text_before_first_heading: bool,
    /// Headings at levels 2–3 that have no `{#id}`.
    pub missing_ids: Vec<MissingId>,
}

/// Renders `source` to HTML and extracts its sections and links.
///
/// `first_line` is the line number of the first line of `source` in its file,
/// so that reported lines point into the file and not into the body.
pub fn render(source: &str, first_line: usize) -> Rendered {
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(source.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let line_of = |offset: usize| first_line + line_starts.partition_point(|&s| s <= offset) - 1;

    let mut out = Rendered::default();
    let mut events: Vec<Event<'_>> = Vec::new();
    let mut heading: Option<(u8, Option<String>, String, usize)> = None;
    let mut code_block: Option<String> = None;
    // Byte offset of each section's heading, to cut out its Markdown.
    let mut starts: Vec<usize> = Vec::new();
    let mut heading_start = 0;

    for (event, range) in Parser::new_ext(source, options()).into_offset_iter() {
        match &event {
            Event::Start(Tag::Heading { level, id, .. }) => {
                let level = heading_level(*level);
                heading_start = range.start;
                heading = Some((
                    level,
                    id.as_ref().map(|i| i.to_string()),
                    String::new(),
                    line_of(range.start),
                ));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, id, text, line)) = heading.take() {
                    if (2..=3).contains(&level) {
                        match id {
                            Some(id) => {
                                events.push(Event::Html(CowStr::from(format!(
                                    " <a class=\"anchor\" href=\"#{id}\" aria-hidden=\"true\">#</a>"
                                ))));
                                out.sections.push(Section {
                                    id,
                                    heading: text.trim().to_owned(),
                                    level,
                                    text: String::new(),
                                    commands: Vec::new(),
                                    line,
                                    markdown: String::new(),
                                });
                                starts.push(heading_start);
                            }
                            None => out.missing_ids.push(MissingId { heading: text, line }),
                        }
                    }
                }
            }
            Event::Start(Tag::CodeBlock(_)) => code_block = Some(String::new()),
            Event::End(TagEnd::CodeBlock) => {
                if let Some(code) = code_block.take() {
                    let code = code.trim_end().to_owned();
                    push_text(&mut out, &code, true);
                    if let Some(section) = out.sections.last_mut() {
                        section.commands.push(code);
                    }
                }
            }
            Event::Start(Tag::Link { dest_url, .. }) => out.links.push(Link {
                dest: dest_url.to_string(),
                line: line_of(range.start),
            }),
            Event::Text(text) | Event::Code(text) => {
                if let Some((_, _, heading_text, _)) = heading.as_mut() {
                    heading_text.push_str(text);
                } else if let Some(code) = code_block.as_mut() {
                    code.push_str(text);
                } else {
                    push_text(&mut out, text, false);
                }
            }
            Event::SoftBreak | Event::HardBreak => push_text(&mut out, " ", false),
            Event::End(TagEnd::Paragraph | TagEnd::Item) => push_text(&mut out, "\n", true),
            _ => {}
        }
        events.push(event);
    }
    html::push_html(&mut out.html, events.into_iter());
    let ends = starts.iter().skip(1).copied().chain([source.len()]);
    for ((section, start), end) in out.sections.iter_mut().zip(starts.iter().copied()).zip(ends) {
        section.text = section.text.trim().to_owned();
        section.markdown = source[start..end].trim_end().to_owned();
    }
    // Kept for the life of the content, and a reload holds two contents at
    // once: without this, the spare room of grown buffers (the HTML, written
    // piece by piece, and the lists) is held twice at a reload's peak.
    out.html.shrink_to_fit();
    out.sections.shrink_to_fit();
    out.links.shrink_to_fit();
    out
}

/// Appends body text to the current section; `block` separates it as its own line.
fn push_text(out: &mut Rendered, text: &str, block: bool) {
    match out.sections.last_mut() {
        Some(section) => {
            if block && !section.text.ends_with('\n') && !section.text.is_empty() {
                section.text.push('\n');
            }
            section.text.push_str(text);
            if block && !text.ends_with('\n') {
                section.text.push('\n');
            }
        }
        None => {
            if !text.trim().is_empty() {
                out.text_before_first_heading = true;
            }
        }
    }
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quoted_list_item_keeps_the_sentence_that_leads_it_in() {
        let source = "## S {#s}\n\nYou can do much. For example, you cannot:\n\n- Manage `A` from B.\n- Manage B from A.\n\nYou can manage C.\n";
        let section = &render(source, 1).sections[0];
        assert_eq!(
            section.lead_in("Manage B from A.").as_deref(),
            Some("For example, you cannot:")
        );
        assert_eq!(
            section.lead_in("Manage A from B.").as_deref(),
            Some("For example, you cannot:")
        );
        assert_eq!(section.lead_in("You can manage C."), None);
        assert_eq!(section.lead_in("not there"), None);
    }

    const SAMPLE: &str = "## First {#first}\n\nSome `Setup.com` text\nwrapped.\n\n```\nCluster.exe group \"Cluster Group\" /move:<NodeName>\n```\n\n### Second {#second}\n\n- a [link](#first)\n\n## No id\n";

    #[test]
    fn sections_carry_ids_headings_text_and_lines() {
        let rendered = render(SAMPLE, 5);
        let ids: Vec<_> = rendered.sections.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["first", "second"]);
        let first = &rendered.sections[0];
        assert_eq!(first.heading, "First");
        assert_eq!(first.line, 5);
        assert!(
            first.text.contains("Some Setup.com text wrapped."),
            "{:?}",
            first.text
        );
        assert_eq!(
            first.commands,
            ["Cluster.exe group \"Cluster Group\" /move:<NodeName>"]
        );
        assert_eq!(
            rendered.links,
            [Link {
                dest: "#first".into(),
                line: 16
            }]
        );
        assert_eq!(
            rendered.missing_ids,
            [MissingId {
                heading: "No id".into(),
                line: 18
            }]
        );
    }

    #[test]
    fn sections_carry_their_markdown_source() {
        let rendered = render(SAMPLE, 1);
        assert_eq!(
            rendered.sections[0].markdown,
            "## First {#first}\n\nSome `Setup.com` text\nwrapped.\n\n```\nCluster.exe group \"Cluster Group\" /move:<NodeName>\n```"
        );
        // A heading without an id starts no section, so its text stays with the one before.
        assert_eq!(
            rendered.sections[1].markdown,
            "### Second {#second}\n\n- a [link](#first)\n\n## No id"
        );
    }

    #[test]
    fn html_escapes_code_and_anchors_headings() {
        let html = render(SAMPLE, 1).html;
        assert!(
            html.contains("<h2 id=\"first\">First <a class=\"anchor\" href=\"#first\""),
            "{html}"
        );
        assert!(html.contains("/move:&lt;NodeName&gt;"));
    }
}
