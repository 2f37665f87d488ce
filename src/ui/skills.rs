//! The skills matrix: skills down, people across, each cell a person's level in a skill.

use std::collections::HashMap;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::Theme;
use super::rows::kept;
use super::widgets::{fit, pad, scroll_offset, wrap_whole};
use crate::app::{Spot, Spots};
use crate::model::score::holders;
use crate::model::{EngagementData, PersonState};

/// Skills down, people across; only the columns that fit, scrolled to the cursor, with the
/// columns scrolled away counted in the title and the selected cell named beneath. Returns
/// where it drew each skill's name and each cell.
pub fn draw(
    frame: &mut Frame,
    area: Rect,
    data: &EngagementData,
    shown: &[usize],
    (row, column): (usize, usize),
    theme: &Theme,
) -> Spots {
    const NAME: usize = 22;
    const FACTS: usize = 12;
    const CELL: usize = 4;
    let width = usize::from(area.width);
    let person_columns = (width.saturating_sub(NAME + FACTS) / CELL).max(1);
    let first_person = scroll_offset(column, person_columns, data.people.len());
    let people: Vec<_> = data.people.iter().skip(first_person).take(person_columns).collect();
    let after = data.people.len().saturating_sub(first_person + people.len());
    let mut block = Block::default().borders(Borders::TOP).title(format!(
        " Skills matrix: {} skills × {} people ",
        data.skills.len(),
        data.people.len()
    ));
    let scrolled = match (first_person, after) {
        (0, 0) => None,
        (0, b) => Some(format!(" {b} more ▸ ")),
        (a, 0) => Some(format!(" ◂ {a} more ")),
        (a, b) => Some(format!(" ◂ {a} more · {b} more ▸ ")),
    };
    if let Some(text) = scrolled {
        block = block.title(Line::styled(text, theme.accent).right_aligned());
    }
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let levels: HashMap<(&str, &str), u8> = data
        .ratings
        .iter()
        .map(|r| ((r.person_id.as_str(), r.skill_id.as_str()), r.level))
        .collect();
    let holders = holders(data);
    let initials = initials(data);

    let mut header = vec![
        Span::styled(pad("Skill", NAME), theme.title),
        Span::styled(pad("Req Holders", FACTS), theme.title),
    ];
    for (i, label) in initials.iter().skip(first_person).take(person_columns).enumerate() {
        let style =
            if first_person + i == column { theme.accent.patch(theme.title) } else { theme.title };
        header.push(Span::styled(pad(label, CELL), style));
    }
    let mut lines = vec![Line::from(header)];
    let visible = inner.height.saturating_sub(3) as usize;
    let skills: Vec<_> = kept(&data.skills, shown, 0).collect();
    let offset = scroll_offset(row, visible, skills.len());
    let mut spots = Vec::new();
    for (i, skill) in skills.iter().enumerate().skip(offset).take(visible) {
        let line = Rect { y: inner.y + lines.len() as u16, height: 1, ..inner };
        spots.push((
            Rect { width: (NAME + FACTS) as u16, ..line }.intersection(inner),
            Spot::Row(i),
        ));
        let held = holders.get(skill.id.as_str()).copied().unwrap_or(0);
        let flag = if held < skill.min_holders { if held == 1 { "BF1" } else { "!" } } else { "" };
        let facts_style = if flag.is_empty() { theme.good } else { theme.warn };
        let selected_row = i == row;
        let name_style = if selected_row { theme.selected } else { theme.text };
        let mut spans = vec![
            Span::styled(pad(&skill.name, NAME), name_style),
            Span::styled(
                pad(
                    &format!(" {}  {held}/{} {flag}", skill.required_level, skill.min_holders),
                    FACTS,
                ),
                facts_style,
            ),
        ];
        for (j, p) in people.iter().enumerate() {
            let level = levels.get(&(p.id.as_str(), skill.id.as_str())).copied();
            let text = level.map_or("·".to_string(), |l| l.to_string());
            let mut style = match level {
                Some(l) if l >= skill.required_level && p.state != PersonState::Left => theme.good,
                Some(_) => theme.text,
                None => theme.dim,
            };
            if selected_row && first_person + j == column {
                style = theme.selected;
            }
            let x = line.x + (NAME + FACTS + j * CELL) as u16;
            let place = Rect { x, width: CELL as u16, ..line }.intersection(inner);
            spots.push((place, Spot::Cell { row: i, column: first_person + j }));
            spans.push(Span::styled(pad(&format!(" {text}"), CELL), style));
        }
        lines.push(Line::from(spans));
    }
    let inner_width = usize::from(inner.width);
    if let (Some(skill), Some(person)) = (skills.get(row), data.people.get(column)) {
        let level = levels.get(&(person.id.as_str(), skill.id.as_str()));
        let required = skill.required_level;
        let held = level.map_or(format!("not rated, {required} required"), |l| {
            format!("{l} of {required} required")
        });
        let text = format!("{} · {}: {held}", person.name, skill.name);
        lines.push(Line::styled(fit(&text, inner_width), theme.accent));
    }
    let legend =
        "0–4: none, aware, supervised, independent, teach │ ! few holders │ BF1 one holder";
    // Wrapped, not cut: its last words say what BF1 means.
    let legend = wrap_whole(legend, inner_width).into_iter();
    lines.extend(legend.map(|line| Line::styled(line, theme.dim)));
    frame.render_widget(Paragraph::new(lines), inner);
    spots
}

/// Each person's initials for the matrix's header, numbered where two people share them.
fn initials(data: &EngagementData) -> Vec<String> {
    let plain: Vec<String> = data
        .people
        .iter()
        .map(|p| p.name.split_whitespace().filter_map(|w| w.chars().next()).take(2).collect())
        .collect();
    plain
        .iter()
        .enumerate()
        .map(|(i, label)| {
            if plain.iter().filter(|other| *other == label).count() < 2 {
                return label.clone();
            }
            let number = plain[..=i].iter().filter(|other| *other == label).count();
            format!("{label}{number}")
        })
        .collect()
}
