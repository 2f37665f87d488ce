//! The pages being drawn and the fonts they use, written out as one PDF at the end. Every
//! text drawn is sanitised first (as on the terminal) and shown as glyph codes, so nothing in
//! it can end a string or start an operator.

use pdf_writer::{Content, Filter, Finish, Name, Pdf, Rect, Ref, Str, TextStr};

use super::font::{Font, Weight};
use super::stream::deflate;
use crate::model::text::sanitize;

pub use crate::report::chart::Colour;

/// An A4 page, in points.
pub const WIDTH: f64 = 595.28;
pub const HEIGHT: f64 = 841.89;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Style {
    pub weight: Weight,
    pub size: f64,
    pub colour: Colour,
}

impl Style {
    pub fn new(weight: Weight, size: f64, colour: Colour) -> Style {
        Style { weight, size, colour }
    }
}

/// The document's title and author, for the reader's document properties.
pub struct Info {
    pub title: String,
    pub author: Option<String>,
}

pub struct Document {
    fonts: [Font; 2],
    pages: Vec<Content>,
}

/// A colour's red, green and blue from 0 to 1 (black when it is not one).
fn rgb(colour: Colour) -> (f32, f32, f32) {
    let hex = colour.trim_start_matches('#');
    let digits: Vec<u8> = hex.chars().filter_map(|c| c.to_digit(16)).map(|d| d as u8).collect();
    let channels: Vec<u8> = match digits.as_slice() {
        [r, g, b] => vec![r * 17, g * 17, b * 17],
        [r1, r2, g1, g2, b1, b2] => vec![r1 * 16 + r2, g1 * 16 + g2, b1 * 16 + b2],
        _ => vec![0, 0, 0],
    };
    let f = |v: u8| f32::from(v) / 255.0;
    (f(channels[0]), f(channels[1]), f(channels[2]))
}

/// The page's y of a position `y` from its top.
fn up(y: f64) -> f32 {
    (HEIGHT - y) as f32
}

impl Document {
    pub fn new() -> Document {
        Document { fonts: [Font::new(Weight::Regular), Font::new(Weight::Bold)], pages: vec![] }
    }

    fn font(&self, weight: Weight) -> &Font {
        &self.fonts[weight as usize]
    }

    pub fn new_page(&mut self) {
        self.pages.push(Content::new());
    }

    pub fn page_count(&self) -> usize {
        self.pages.len()
    }

    fn last(&mut self) -> &mut Content {
        self.pages.last_mut().expect("a document has a page")
    }

    /// The width of `text` in `style`.
    pub fn width(&self, text: &str, style: Style) -> f64 {
        self.font(style.weight).width(&sanitize(text), style.size)
    }

    /// `text` in lines no wider than `width`: broken between words, inside a word only
    /// when it is longer than a line.
    pub fn wrap(&self, text: &str, style: Style, width: f64) -> Vec<String> {
        let font = self.font(style.weight);
        let text = sanitize(text);
        let space = font.width(" ", style.size);
        let (mut lines, mut line, mut line_width) = (Vec::new(), String::new(), 0.0);
        for word in text.split(' ').filter(|w| !w.is_empty()) {
            let word_width = font.width(word, style.size);
            if !line.is_empty() && line_width + space + word_width <= width {
                line.push(' ');
                line.push_str(word);
                line_width += space + word_width;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
                line_width = 0.0;
            }
            for c in word.chars() {
                let c_width = font.width(c.encode_utf8(&mut [0; 4]), style.size);
                if !line.is_empty() && line_width + c_width > width {
                    lines.push(std::mem::take(&mut line));
                    line_width = 0.0;
                }
                line.push(c);
                line_width += c_width;
            }
        }
        if !line.is_empty() || lines.is_empty() {
            lines.push(line);
        }
        lines
    }

    /// `text` cut with "…" to fit `width`.
    pub fn fit(&self, text: &str, style: Style, width: f64) -> String {
        let text = sanitize(text);
        if self.width(&text, style) <= width {
            return text.into_owned();
        }
        let room = width - self.width("…", style);
        let mut out = String::new();
        for c in text.chars() {
            out.push(c);
            if self.width(&out, style) > room {
                out.pop();
                break;
            }
        }
        out + "…"
    }

    /// One line of text on the last page, its baseline `baseline` from the top.
    pub fn text(&mut self, x: f64, baseline: f64, style: Style, text: &str) {
        let last = self.pages.len() - 1;
        self.text_on(last, x, baseline, style, text);
    }

    pub fn text_on(&mut self, page: usize, x: f64, baseline: f64, style: Style, text: &str) {
        let codes = self.fonts[style.weight as usize].encode(&sanitize(text));
        let (r, g, b) = rgb(style.colour);
        let name = font_name(style.weight);
        self.pages[page]
            .set_fill_rgb(r, g, b)
            .begin_text()
            .set_font(Name(name), style.size as f32)
            .set_text_matrix([1.0, 0.0, 0.0, 1.0, x as f32, up(baseline)])
            .show(Str(&codes))
            .end_text();
    }

    /// A rectangle whose top left corner is `x`, `y`: filled, outlined, or both.
    pub fn rect(
        &mut self,
        x: f64,
        y: f64,
        w: f64,
        h: f64,
        fill: Option<Colour>,
        stroke: Option<Colour>,
    ) {
        let page = self.last();
        page.rect(x as f32, up(y + h), w as f32, h as f32);
        match (fill.map(rgb), stroke.map(rgb)) {
            (Some(f), Some(s)) => page
                .set_fill_rgb(f.0, f.1, f.2)
                .set_stroke_rgb(s.0, s.1, s.2)
                .set_line_width(0.5)
                .fill_nonzero_and_stroke(),
            (Some(f), None) => page.set_fill_rgb(f.0, f.1, f.2).fill_nonzero(),
            (None, Some(s)) => page.set_stroke_rgb(s.0, s.1, s.2).set_line_width(0.5).stroke(),
            (None, None) => page.end_path(),
        };
    }

    /// A line through `points`, solid or dashed (dash and gap lengths).
    pub fn line(
        &mut self,
        points: &[(f64, f64)],
        stroke: Colour,
        width: f64,
        dash: Option<(f64, f64)>,
    ) {
        let Some(((x, y), rest)) = points.split_first() else { return };
        let (r, g, b) = rgb(stroke);
        let page = self.last();
        page.set_stroke_rgb(r, g, b).set_line_width(width as f32);
        match dash {
            Some((on, off)) => page.set_dash_pattern([on as f32, off as f32], 0.0),
            None => page.set_dash_pattern([], 0.0),
        };
        page.move_to(*x as f32, up(*y));
        for (x, y) in rest {
            page.line_to(*x as f32, up(*y));
        }
        page.stroke();
    }

    /// The PDF of the pages drawn.
    pub fn finish(self, info: &Info) -> Vec<u8> {
        let mut pdf = Pdf::new();
        let mut next = Ref::new(1);
        let (catalog, tree, info_id) = (next.bump(), next.bump(), next.bump());
        let font_ids: Vec<[Ref; 5]> =
            self.fonts.iter().map(|_| std::array::from_fn(|_| next.bump())).collect();
        let page_ids: Vec<(Ref, Ref)> =
            self.pages.iter().map(|_| (next.bump(), next.bump())).collect();
        pdf.catalog(catalog).pages(tree);
        pdf.pages(tree).kids(page_ids.iter().map(|(page, _)| *page)).count(page_ids.len() as i32);
        for (content, (page_id, content_id)) in self.pages.into_iter().zip(&page_ids) {
            let mut page = pdf.page(*page_id);
            page.media_box(Rect::new(0.0, 0.0, WIDTH as f32, HEIGHT as f32))
                .parent(tree)
                .contents(*content_id);
            let mut resources = page.resources();
            let mut fonts = resources.fonts();
            for (weight, ids) in [Weight::Regular, Weight::Bold].into_iter().zip(&font_ids) {
                fonts.pair(Name(font_name(weight)), ids[0]);
            }
            fonts.finish();
            resources.finish();
            page.finish();
            pdf.stream(*content_id, &deflate(&content.finish())).filter(Filter::FlateDecode);
        }
        for (font, ids) in self.fonts.iter().zip(font_ids) {
            font.write(&mut pdf, ids);
        }
        let mut document = pdf.document_info(info_id);
        document.title(TextStr(&sanitize(&info.title))).creator(TextStr("botdash"));
        if let Some(author) = &info.author {
            document.author(TextStr(&sanitize(author)));
        }
        document.finish();
        pdf.finish()
    }
}

fn font_name(weight: Weight) -> &'static [u8] {
    match weight {
        Weight::Regular => b"F1",
        Weight::Bold => b"F2",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_breaks_between_words_and_inside_a_word_only_when_it_is_longer_than_a_line() {
        let doc = Document::new();
        let style = Style::new(Weight::Regular, 10.0, "#000");
        let lines = doc.wrap("a short line that wraps twice or so", style, 60.0);
        assert!(lines.len() > 1);
        assert_eq!(lines.join(" "), "a short line that wraps twice or so", "no word broken");

        let long = format!("{} end", "Ł".repeat(10_000));
        let lines = doc.wrap(&long, style, 100.0);
        assert!(lines.iter().all(|l| doc.width(l, style) <= 100.0), "no line runs over");
        assert_eq!(lines.concat().replace(' ', ""), long.replace(' ', ""), "every character kept");
    }

    #[test]
    fn a_footer_too_long_for_its_room_is_cut_with_an_ellipsis() {
        let doc = Document::new();
        let style = Style::new(Weight::Regular, 8.0, "#000");
        let cut = doc.fit(&"Müller ".repeat(100), style, 200.0);
        assert!(cut.starts_with("Müller Müller") && cut.ends_with('…'));
        assert!(doc.width(&cut, style) <= 200.0);
        assert_eq!(doc.fit("short", style, 200.0), "short");
    }
}
