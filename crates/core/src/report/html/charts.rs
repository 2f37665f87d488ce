//! The report's pictures (`report::chart`) as inline SVG. Coordinates are written with one
//! decimal.

use maud::{Markup, html};

use crate::report::chart::{Anchor, Chart, Shape};

/// A coordinate as the SVG attributes write it.
fn at(v: f64) -> String {
    format!("{v:.1}")
}

pub fn svg(chart: &Chart) -> Markup {
    html! {
        svg viewBox=(format!("0 0 {} {}", chart.width, chart.height)) role="img"
            aria-label=(chart.label) {
            @for shape in &chart.shapes { (element(shape)) }
        }
    }
}

fn element(shape: &Shape) -> Markup {
    match shape {
        Shape::Rect { x, y, w, h, fill, stroke } => html! {
            rect x=(at(*x)) y=(at(*y)) width=(at(*w)) height=(at(*h)) fill=(fill)
                stroke=[stroke] {}
        },
        Shape::Line { points, stroke, width, dash } => {
            let points: Vec<String> =
                points.iter().map(|(x, y)| format!("{},{}", at(*x), at(*y))).collect();
            let dash = dash.map(|(on, off)| format!("{on} {off}"));
            html! {
                polyline fill="none" stroke=(stroke) stroke-width=(width)
                    stroke-dasharray=[dash] points=(points.join(" ")) {}
            }
        }
        Shape::Text { x, y, size, anchor, text } => {
            let anchor = match anchor {
                Anchor::Start => None,
                Anchor::Middle => Some("middle"),
                Anchor::End => Some("end"),
            };
            html! {
                text x=(at(*x)) y=(at(*y)) font-size=(size) text-anchor=[anchor] { (text) }
            }
        }
    }
}
