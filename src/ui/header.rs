//! The frame's first two lines: the header (the engagement's name and facts, or the list's
//! title) and the screens' tabs.

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use super::Theme;
use super::widgets::{self, fit};
use crate::app::keymap::Scope;
use crate::app::{Action, Screen, State};
use crate::model::{Concern, EngagementData, Phase, percent};

/// Engagement, phase, readiness, docs, days to transfer and warnings — or the list's title.
pub(super) fn draw(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let sep = || Span::styled(" │ ", theme.dim);
    let mut spans = Vec::new();
    match state.engagement_on_screen() {
        Some(opened) => {
            let e = &opened.data.engagement;
            let r = &opened.readiness;
            let (approved, applicable) = opened.data.docs_progress();
            let score_style = if r.meets_threshold() { theme.good } else { theme.warn };
            // Facts in order of importance; shown in the order they are listed here.
            let mut facts = Vec::new();
            if state.read_only {
                facts.push((0, Span::styled("READ-ONLY", theme.bad)));
            }
            // Unresolved sync conflicts matter more than the phase: said first.
            if let Some(text) = conflicts_notice(state) {
                facts.push((1, Span::styled(text, theme.warn)));
            }
            facts.extend([
                (3, Span::raw(e.current_phase.label())),
                (4, Span::styled(format!("{:.1} {}", r.score, r.level), score_style)),
                (6, Span::raw(format!("Docs {}% approved", percent(approved, applicable)))),
            ]);
            if let Some(text) = transfer_words(&opened.data, state.today) {
                facts.push((5, Span::raw(text)));
            }
            let warnings = &opened.warnings;
            // A plan that contradicts itself is said beside the first warning, not in its count.
            let plan = warnings.iter().skip(1).find(|w| matches!(w.concern, Concern::Phase(_)));
            if let Some(first) = warnings.first() {
                let more = match warnings.len() - usize::from(plan.is_some()) {
                    1 => String::new(),
                    n => format!(" (+{})", n - 1),
                };
                facts.push((2, Span::styled(format!("⚠ {}{more}", first.text), theme.warn)));
            }
            if let Some(plan) = plan {
                facts.push((2, Span::styled(format!("⚠ {}", plan.text), theme.warn)));
            }
            const NAME_MIN: usize = 20;
            let shown = fitted_facts(facts, (area.width as usize).saturating_sub(NAME_MIN + 1));
            let shown: Vec<Span> = shown.into_iter().flat_map(|fact| [sep(), fact]).collect();
            let room = (area.width as usize)
                .saturating_sub(1 + shown.iter().map(Span::width).sum::<usize>());
            let name = format!("{} · {}", e.client, e.name);
            spans.push(Span::styled(format!(" {}", fit(&name, room)), theme.title));
            spans.extend(shown);
        }
        None => {
            let count = state.engagements.len();
            let noun = if count == 1 { "engagement" } else { "engagements" };
            spans.push(Span::styled(" botdash", theme.accent.patch(theme.title)));
            spans.extend([sep(), Span::raw(format!("{count} {noun}"))]);
            if state.read_only {
                spans.extend([sep(), Span::styled("READ-ONLY", theme.bad)]);
            }
            if let Some(text) = conflicts_notice(state) {
                spans.extend([sep(), Span::styled(text, theme.warn)]);
            }
        }
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// How far the transfer is, in the words of the phase: "planned transfer in N d" before the
/// Transfer phase, "transfer phase ends in N d" during it, "transferred N d ago" after it.
fn transfer_words(data: &EngagementData, today: NaiveDate) -> Option<String> {
    let days_to = |day: NaiveDate| (day - today).num_days();
    if data.engagement.current_phase < Phase::Transfer {
        let days = days_to(data.engagement.planned_transfer_date?);
        return Some(match days {
            0.. => format!("planned transfer in {days} d"),
            _ => format!("planned transfer {} d ago", -days),
        });
    }
    let transfer = data.phase_dates(Phase::Transfer)?;
    if let Some(end) = transfer.actual_end {
        return Some(format!("transferred {} d ago", -days_to(end)));
    }
    let days = days_to(transfer.planned_end?);
    Some(match days {
        0.. => format!("transfer phase ends in {days} d"),
        _ => format!("transfer phase {} d over plan", -days),
    })
}

/// The facts, each ranked by importance, that fit in `budget` columns (with a separator each),
/// most important first, in the order given. A warning says only its headline ("⚠ transfer
/// at risk (+2)") unless it fits whole beside the others, and is cut with `…` rather than
/// dropped.
fn fitted_facts(facts: Vec<(u8, Span<'static>)>, mut budget: usize) -> Vec<Span<'static>> {
    let mut ranked: Vec<usize> = (0..facts.len()).collect();
    ranked.sort_by_key(|&i| facts[i].0);
    let mut kept: Vec<Option<Span>> = vec![None; facts.len()];
    for i in ranked {
        let fact = &facts[i].1;
        let mut text = fact.content.to_string();
        if text.starts_with('⚠') {
            text = warning_headline(&text);
            if text.width() + 3 > budget && budget > 12 {
                text = fit(&text, budget - 3);
            }
        }
        if text.width() + 3 <= budget {
            budget -= text.width() + 3;
            kept[i] = Some(Span::styled(text, fact.style));
        }
    }
    // The room left over goes to a warning that fits whole in it.
    for (kept, (_, fact)) in kept.iter_mut().zip(&facts) {
        if let Some(shown) = kept
            && shown.content != fact.content
            && fact.content.width() <= shown.width() + budget
        {
            budget -= fact.content.width() - shown.width();
            *shown = fact.clone();
        }
    }
    kept.into_iter().flatten().collect()
}

/// "⚠ transfer at risk: 18 steps late (+3)" as "⚠ transfer at risk (+3)".
fn warning_headline(warning: &str) -> String {
    let Some((head, rest)) = warning.split_once(':') else { return warning.to_string() };
    let more = rest.rfind(" (+").filter(|_| rest.ends_with(')')).map_or("", |at| &rest[at..]);
    format!("{head}{more}")
}

/// "⚠ 2 sync conflicts (C)" while there are any, with the key that shows them.
fn conflicts_notice(state: &State) -> Option<String> {
    let key = go_to_key(state, Screen::Conflicts).map_or(String::new(), |key| format!(" ({key})"));
    match state.screens.conflicts.list.len() {
        0 => None,
        1 => Some(format!("⚠ 1 sync conflict{key}")),
        n => Some(format!("⚠ {n} sync conflicts{key}")),
    }
}

/// The key that goes to `screen` from the one on screen, if the config leaves it one. The
/// screen's scope, not a narrower one: the digits that set levels in the skills matrix
/// still choose a tab from outside it.
fn go_to_key(state: &State, to: Screen) -> Option<String> {
    state.keymap.key_of(&[Scope::Screen(state.screen)], Action::GoTo(to))
}

/// Draws the screens' tabs; returns where each is.
pub(super) fn draw_tabs(
    frame: &mut Frame,
    area: Rect,
    state: &State,
    theme: &Theme,
) -> Vec<(Rect, Screen)> {
    let mut spans = Vec::new();
    let tab = |label: String, current: bool| {
        let style = if current { theme.selected.patch(theme.title) } else { theme.dim };
        Span::styled(format!(" {label} "), style)
    };
    spans.push(tab(Screen::HOME.title().into(), state.screen == Screen::HOME));
    if state.opened.is_some() {
        for &screen in Screen::TABS {
            let label = match go_to_key(state, screen) {
                Some(key) => format!("{key} {}", screen.title()),
                None => screen.title().to_string(),
            };
            spans.push(Span::raw(" "));
            spans.push(tab(label, state.screen == screen));
        }
    }
    // Every other span is a tab, in this order.
    let screens = std::iter::once(Screen::HOME)
        .chain(Screen::TABS.iter().copied().filter(|_| state.opened.is_some()));
    let places = widgets::span_places(area, &spans);
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
    places.into_iter().step_by(2).zip(screens).collect()
}
