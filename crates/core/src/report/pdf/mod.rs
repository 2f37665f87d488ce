//! The report as a PDF that looks like the HTML one, made by botdash itself: A4 pages with the
//! executive page's RAG colours, the tables, lists and charts (as vector paths), and a footer
//! "page N of M" with the engagement and the report's day. The text is real text in an
//! embedded font, so it can be searched and copied.

mod content;
mod font;
mod layout;
mod page;
mod stream;

use super::Report;
use font::Weight;
use layout::{Layout, MARGIN};
use page::{HEIGHT, Info, Style, WIDTH};

pub fn pdf(report: &Report) -> Vec<u8> {
    let mut layout = Layout::new();
    let blocks = content::blocks(report);
    for (i, block) in blocks.iter().enumerate() {
        layout.block(block, blocks.get(i + 1));
    }
    let mut doc = layout.doc;
    let e = &report.engagement;
    let title = format!("{} · {}", e.client, e.name);
    let style = Style::new(Weight::Regular, 8.0, super::chart::MUTED);
    let pages = doc.page_count();
    let baseline = HEIGHT - MARGIN / 2.0;
    for page in 0..pages {
        let number = format!("page {} of {pages}", page + 1);
        let number_width = doc.width(&number, style);
        let room = WIDTH - 2.0 * MARGIN - number_width - 12.0;
        let left = doc.fit(&format!("{title} · report of {}", report.as_of), style, room);
        doc.text_on(page, MARGIN, baseline, style, &left);
        doc.text_on(page, WIDTH - MARGIN - number_width, baseline, style, &number);
    }
    doc.finish(&Info { title, author: report.prepared_by.author.clone() })
}
