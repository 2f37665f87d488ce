//! Blocks onto A4 pages: text wrapped to the width (a word longer than a line is broken),
//! a heading kept with what follows, a chart kept whole, a table row never cut (only a row
//! taller than a page continues on the next) and a table's header repeated on each page.
//! Positions here run from the page's top; `page::Document` turns them into PDF coordinates.

use super::content::{Block, Emphasis};
use super::font::Weight;
use super::page::{Colour, Document, HEIGHT, Style, WIDTH};
use crate::report::chart::{self, Chart, Shape};
use crate::report::executive::Rag;
use crate::report::{TextTable, cell_status};

/// 15 mm, as the HTML report prints.
pub const MARGIN: f64 = 42.52;
const CONTENT: f64 = WIDTH - 2.0 * MARGIN;
/// Where text ends, above the footer.
const BOTTOM: f64 = HEIGHT - MARGIN;

const BODY: f64 = 9.5;
const SMALL: f64 = 8.5;
const LEADING: f64 = 1.3;
const PAD: f64 = 3.0;
const TEXT: Colour = "#1b1f24";
const HEADER_FILL: Colour = "#f2f4f8";

/// Where the next block goes on the last page.
pub struct Layout {
    pub doc: Document,
    y: f64,
}

impl Layout {
    pub fn new() -> Layout {
        let mut doc = Document::new();
        doc.new_page();
        Layout { doc, y: MARGIN }
    }

    /// Starts a new page unless `height` still fits on this one.
    fn room(&mut self, height: f64) {
        if self.y + height > BOTTOM && self.y > MARGIN {
            self.doc.new_page();
            self.y = MARGIN;
        }
    }

    /// Lays out `block`; a heading goes where `next` can start right under it.
    pub fn block(&mut self, block: &Block, next: Option<&Block>) {
        let lead = match next {
            Some(Block::Chart(chart)) => chart.height * chart_scale(chart),
            _ => 4.0 * BODY * LEADING,
        };
        match block {
            Block::Title(text) => self.paragraph(text, Style::new(Weight::Bold, 18.0, TEXT), 0.0),
            Block::Heading(text) => self.heading(text, 13.0, 14.0, lead),
            Block::Subheading(text) => self.heading(text, 11.0, 6.0, lead),
            Block::Paragraph(text, tone) => self.paragraph(text, style(*tone), 0.0),
            Block::List(items, tone) => {
                items.iter().for_each(|i| self.paragraph(i, style(*tone), 10.0))
            }
            Block::Table(table) => self.table(table),
            Block::Chart(chart) => self.chart(chart),
        }
    }

    /// A heading, on the next page when `lead` of what follows would not fit under it.
    fn heading(&mut self, text: &str, size: f64, space: f64, lead: f64) {
        self.y += space;
        self.room(size * LEADING + 2.0 + lead);
        self.paragraph(text, Style::new(Weight::Bold, size, TEXT), 0.0);
        if size > 12.0 {
            self.doc.line(&[(MARGIN, self.y), (WIDTH - MARGIN, self.y)], chart::FRAME, 0.5, None);
        }
        self.y += 2.0;
    }

    /// Wrapped text; an indented one is a list item with a bullet.
    fn paragraph(&mut self, text: &str, style: Style, indent: f64) {
        let line_h = style.size * LEADING;
        let lines = self.doc.wrap(text, style, CONTENT - indent);
        for (i, line) in lines.iter().enumerate() {
            self.room(line_h);
            let baseline = self.y + style.size;
            if indent > 0.0 && i == 0 {
                self.doc.text(MARGIN + 2.0, baseline, style, "•");
            }
            self.doc.text(MARGIN + indent, baseline, style, line);
            self.y += line_h;
        }
        self.y += style.size * 0.4;
    }

    fn chart(&mut self, chart: &Chart) {
        let scale = chart_scale(chart);
        self.room(chart.height * scale);
        let (x0, y0) = (MARGIN, self.y);
        let at = |(x, y): (f64, f64)| (x0 + x * scale, y0 + y * scale);
        for shape in &chart.shapes {
            match shape {
                Shape::Rect { x, y, w, h, fill, stroke } => {
                    let (x, y) = at((*x, *y));
                    self.doc.rect(x, y, w * scale, h * scale, Some(fill), *stroke);
                }
                Shape::Line { points, stroke, width, dash } => {
                    let points: Vec<(f64, f64)> = points.iter().copied().map(at).collect();
                    self.doc.line(
                        &points,
                        stroke,
                        width * scale,
                        dash.map(|(a, b)| (a * scale, b * scale)),
                    );
                }
                Shape::Text { x, y, size, anchor, text } => {
                    let style = Style::new(Weight::Regular, size * scale, TEXT);
                    // Cut to the chart's edges: a long name never runs off the page.
                    let room = match anchor {
                        chart::Anchor::Start => chart.width - x,
                        chart::Anchor::Middle => 2.0 * x.min(chart.width - x),
                        chart::Anchor::End => *x,
                    };
                    let text = self.doc.fit(text, style, room * scale);
                    let width = self.doc.width(&text, style);
                    let (x, y) = at((*x, *y));
                    let x = match anchor {
                        chart::Anchor::Start => x,
                        chart::Anchor::Middle => x - width / 2.0,
                        chart::Anchor::End => x - width,
                    };
                    self.doc.text(x, y, style, &text);
                }
            }
        }
        self.y += chart.height * scale + BODY * 0.6;
    }

    fn table(&mut self, table: &TextTable) {
        let header_style = Style::new(Weight::Bold, SMALL, TEXT);
        // Measured in bold, as the header and the status cells are drawn.
        let widths = self.column_widths(table, header_style);
        let headers: Vec<WrappedCell> = table
            .headers
            .iter()
            .zip(&widths)
            .map(|(h, w)| WrappedCell::new(&self.doc, h, header_style, *w, Some(HEADER_FILL)))
            .collect();
        // The header stays with the first row.
        let first_row = table.rows.first().map_or(0.0, |r| self.row_cells(table, r, &widths).1);
        self.room(row_height(&headers) + first_row);
        self.row(&headers, &widths, None);
        for cells in &table.rows {
            let (row, height) = self.row_cells(table, cells, &widths);
            if self.y + height > BOTTOM {
                self.room(height);
                self.row(&headers, &widths, None);
            }
            self.row(&row, &widths, Some(&headers));
        }
        self.y += BODY * 0.6;
    }

    fn row_cells(
        &self,
        table: &TextTable,
        cells: &[String],
        widths: &[f64],
    ) -> (Vec<WrappedCell>, f64) {
        let row: Vec<WrappedCell> = cells
            .iter()
            .zip(&table.headers)
            .zip(widths)
            .map(|((text, header), w)| match cell_status(header, text) {
                Some(rag) => {
                    let style = Style::new(Weight::Bold, SMALL, "#ffffff");
                    WrappedCell::new(&self.doc, text, style, *w, Some(rag_colour(rag)))
                }
                None => WrappedCell::new(
                    &self.doc,
                    text,
                    Style::new(Weight::Regular, SMALL, TEXT),
                    *w,
                    None,
                ),
            })
            .collect();
        let height = row_height(&row);
        (row, height)
    }

    /// Draws a row; one taller than the rest of the page continues on the next, under
    /// `headers` again.
    fn row(&mut self, cells: &[WrappedCell], widths: &[f64], headers: Option<&[WrappedCell]>) {
        let line_h = SMALL * LEADING;
        let total = cells.iter().map(|c| c.lines.len()).max().unwrap_or(1);
        let mut from = 0;
        while from < total {
            let fit = ((BOTTOM - self.y - 2.0 * PAD) / line_h).floor().max(0.0) as usize;
            if fit == 0 && self.y > MARGIN {
                self.continue_table(widths, headers);
                continue;
            }
            let to = total.min(from + fit.max(1));
            let height = (to - from) as f64 * line_h + 2.0 * PAD;
            let mut x = MARGIN;
            for (cell, w) in cells.iter().zip(widths) {
                self.doc.rect(x, self.y, *w, height, cell.fill, Some(chart::FRAME));
                for (i, line) in cell.lines.iter().enumerate().take(to).skip(from) {
                    let baseline = self.y + PAD + (i - from) as f64 * line_h + SMALL;
                    self.doc.text(x + PAD, baseline, cell.style, line);
                }
                x += w;
            }
            self.y += height;
            from = to;
            if from < total {
                self.continue_table(widths, headers);
            }
        }
    }

    fn continue_table(&mut self, widths: &[f64], headers: Option<&[WrappedCell]>) {
        self.doc.new_page();
        self.y = MARGIN;
        if let Some(headers) = headers {
            self.row(headers, widths, None);
        }
    }

    /// Each column's width: what its text takes on one line, widened alike to the page's
    /// width; when that is too wide, at least its longest word (or a third of the page) and
    /// the rest shared by how much more each column's text would take.
    fn column_widths(&self, table: &TextTable, style: Style) -> Vec<f64> {
        let columns = table.headers.len();
        let texts = |i: usize| {
            let cells = table.rows.iter().filter_map(move |r| r.get(i).map(String::as_str));
            std::iter::once(table.headers[i]).chain(cells)
        };
        let measure = |text: &str| self.doc.width(text, style) + 2.0 * PAD;
        let natural: Vec<f64> =
            (0..columns).map(|i| texts(i).map(measure).fold(0.0, f64::max)).collect();
        let total: f64 = natural.iter().sum();
        if total <= CONTENT {
            return natural.iter().map(|n| n * CONTENT / total).collect();
        }
        let least: Vec<f64> = (0..columns)
            .map(|i| {
                let words = texts(i).flat_map(str::split_whitespace);
                let word = words.map(measure).fold(0.0, f64::max);
                word.min(CONTENT / 3.0).min(natural[i])
            })
            .collect();
        let least_total: f64 = least.iter().sum();
        if least_total >= CONTENT {
            return least.iter().map(|l| l * CONTENT / least_total).collect();
        }
        let wanted = total - least_total;
        let spare = CONTENT - least_total;
        natural.iter().zip(&least).map(|(n, l)| l + spare * (n - l) / wanted).collect()
    }
}

/// A table cell: its text wrapped to its column, and how it is drawn.
struct WrappedCell {
    lines: Vec<String>,
    style: Style,
    fill: Option<Colour>,
}

impl WrappedCell {
    fn new(
        doc: &Document,
        text: &str,
        style: Style,
        width: f64,
        fill: Option<Colour>,
    ) -> WrappedCell {
        WrappedCell { lines: doc.wrap(text, style, width - 2.0 * PAD), style, fill }
    }
}

/// The colour of a status, as the HTML report's.
fn rag_colour(rag: Rag) -> chart::Colour {
    match rag {
        Rag::Red => chart::BAD,
        Rag::Amber => "#b26a00",
        Rag::Green => "#2e7d32",
    }
}

/// How much a chart is shrunk to the page's width.
fn chart_scale(chart: &Chart) -> f64 {
    (CONTENT / chart.width).min(1.0)
}

fn row_height(cells: &[WrappedCell]) -> f64 {
    let lines = cells.iter().map(|c| c.lines.len()).max().unwrap_or(1);
    lines as f64 * SMALL * LEADING + 2.0 * PAD
}

fn style(tone: Emphasis) -> Style {
    match tone {
        Emphasis::Plain => Style::new(Weight::Regular, BODY, TEXT),
        Emphasis::Muted => Style::new(Weight::Regular, BODY, chart::MUTED),
        Emphasis::Bad => Style::new(Weight::Bold, BODY, chart::BAD),
        Emphasis::Strong => Style::new(Weight::Bold, 14.0, TEXT),
    }
}
