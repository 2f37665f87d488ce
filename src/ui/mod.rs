//! Drawing: a pure function of the state. Never touches the database; tells the app what
//! it showed.

mod board;
mod conflicts;
mod detail;
mod docs;
mod engagements;
mod handover;
mod health;
mod operations;
mod overlay;
mod overview;
mod person;
mod readiness;
mod score;
mod skills;
pub mod theme;
mod trend;
pub mod widgets;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use crate::app::keymap::Scope;
use crate::app::{Action, Screen, State, Visible};
use crate::model::{Concern, EngagementData, Phase, percent};
use chrono::NaiveDate;
pub use theme::Theme;
use widgets::{centered, fit};

/// The smallest terminal the screens are laid out for.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 10;

/// Draws the state; returns what the lists showed, for the app to keep.
pub fn draw(frame: &mut Frame, state: &State, theme: &Theme) -> Visible {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let text = format!("too small: need {MIN_WIDTH}×{MIN_HEIGHT}");
        let line = fit(&text, area.width as usize);
        let middle = centered(area, area.width, 1);
        frame.render_widget(Paragraph::new(line).centered(), middle);
        return Visible::default();
    }
    let message = message_lines(state, area.width as usize);
    let footer_height = message.len().max(1) as u16;
    let [header, tabs, body, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(footer_height),
    ])
    .areas(area);
    draw_header(frame, header, state, theme);
    let (list, pane) = detail::split(body, state);
    let tabs = draw_tabs(frame, tabs, state, theme);
    let visible = Visible { tabs, ..draw_screen(frame, list, state, theme) };
    if let Some(pane) = pane {
        detail::draw(frame, pane, state, theme);
    }
    draw_footer(frame, footer, state, message, theme);
    overlay::draw(frame, body, state, theme);
    visible
}

/// How a screen is drawn: its body, and the detail pane where the screen has its own.
struct ScreenDraw {
    body: Body,
    /// What the pane shows of the screen's selection, when it is not a record (`None`:
    /// the pane shows the selected record).
    pane: Option<PaneDraw>,
}

/// How a screen's body is drawn: in the area given, from the state (a screen that
/// `Screen::needs_engagement` draws `State::engagement_on_screen`), returning what it laid
/// out.
type Body = fn(&mut Frame, Rect, &State, &Theme) -> Visible;

/// The detail pane's title and lines, `inner` columns wide, for the selection.
type PaneDraw = fn(&State, usize, &Theme) -> Option<(String, Vec<Line<'static>>)>;

/// Each screen's drawing: the screens' one registration in `ui`.
fn screen_drawer(screen: Screen) -> ScreenDraw {
    let (body, pane): (Body, Option<PaneDraw>) = match screen {
        Screen::Engagements => (engagements::draw, None),
        Screen::Overview => (overview::draw, None),
        Screen::Board => (board::draw, None),
        Screen::Readiness => (readiness::draw, None),
        Screen::Docs => (docs::draw, None),
        Screen::Health => (health::draw, None),
        Screen::Conflicts => (conflicts::draw, Some(conflicts::pane)),
    };
    ScreenDraw { body, pane }
}

/// Draws the screen whose list the cursor is on (the engagements list while an
/// engagement's screen has none open).
fn draw_screen(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) -> Visible {
    (screen_drawer(state.listed()).body)(frame, area, state, theme)
}

/// Engagement, phase, readiness, docs, days to transfer and warnings — or the list's title.
fn draw_header(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
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
fn draw_tabs(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) -> Vec<(Rect, Screen)> {
    let mut spans = Vec::new();
    let tab = |label: String, current: bool| {
        let style = if current { theme.selected.patch(theme.title) } else { theme.dim };
        Span::styled(format!(" {label} "), style)
    };
    spans.push(tab("Engagements".into(), state.screen == Screen::Engagements));
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
    let screens = std::iter::once(Screen::Engagements)
        .chain(Screen::TABS.iter().copied().filter(|_| state.opened.is_some()));
    let places = widgets::span_places(area, &spans);
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
    places.into_iter().step_by(2).zip(screens).collect()
}

/// The filter being typed, the message of the last action, a key sequence under way, or
/// the keys that work here.
fn draw_footer(frame: &mut Frame, area: Rect, state: &State, message: Vec<String>, theme: &Theme) {
    let width = area.width as usize;
    if let Some(filter) = &state.filter {
        let query = filter.input.value();
        let mut spans =
            vec![Span::styled("/", theme.accent), Span::raw(fit(query, width.saturating_sub(40)))];
        if filter.typing {
            let before: String = query.chars().take(filter.input.cursor()).collect();
            let x = area.x
                + 1
                + UnicodeWidthStr::width(before.as_str()).min(width.saturating_sub(41)) as u16;
            frame.set_cursor_position(Position::new(x, area.y));
            spans.push(Span::styled("   Enter keep · Esc clear", theme.dim));
        } else {
            let key = |action| state.key_label(action);
            let (next, previous, clear) =
                (key(Action::NextMatch), key(Action::PrevMatch), key(Action::Back));
            let keys = format!("   {next}/{previous} next/previous match · {clear} clear");
            spans.push(Span::styled(keys, theme.dim));
        }
        frame.render_widget(Paragraph::new(Line::from(spans)), area);
        return;
    }
    if !message.is_empty() {
        let lines: Vec<Line> =
            message.into_iter().map(|l| Line::styled(format!(" {l}"), theme.warn)).collect();
        frame.render_widget(Paragraph::new(lines), area);
        return;
    }
    let line = if !state.pending_keys().is_empty() {
        let typed = crate::app::keymap::sequence_label(state.pending_keys());
        Line::styled(format!(" {typed} …"), theme.accent)
    } else {
        key_hints(state, width, theme)
    };
    frame.render_widget(Paragraph::new(line), area);
}

/// The message of the last action as the footer shows it: on one line, or wrapped at
/// whole words onto a second one when it does not fit (the footer grows by a line while
/// it is shown); none while a filter is shown instead.
fn message_lines(state: &State, width: usize) -> Vec<String> {
    let Some(message) = state.message.as_deref().filter(|_| state.filter.is_none()) else {
        return Vec::new();
    };
    let width = width.saturating_sub(1);
    let mut lines = widgets::wrap_whole(message, width);
    if lines.len() > 2 {
        let rest = lines.split_off(1).join(" ");
        lines.push(fit(&rest, width));
    }
    lines
}

/// The footer's keys: as many whole hints as fit, then the key that shows the others.
fn key_hints(state: &State, width: usize, theme: &Theme) -> Line<'static> {
    use crate::app::keymap::sequence_label;
    let bindings = state.bindings();
    // An action's narrowest binding gives its keys: a key the config rebinds on one screen
    // is shown there with its new keys, even when only the global binding is hinted.
    let mut hints: Vec<(Action, String, &str)> = Vec::new();
    for b in &bindings {
        let hinted = bindings.iter().any(|other| other.action == b.action && other.hint);
        if hinted && !b.keys.is_empty() && !hints.iter().any(|(a, ..)| *a == b.action) {
            hints.push((b.action, sequence_label(&b.keys), b.desc));
        }
    }
    let help = bindings.iter().find(|b| b.action == Action::Help && !b.keys.is_empty());
    let more = help.map_or(" …".to_string(), |b| format!(" … {} help", sequence_label(&b.keys)));
    let hint_width = |(_, keys, desc): &(Action, String, &str)| keys.width() + desc.width() + 3;
    let all: usize = hints.iter().map(hint_width).sum();
    let room = if all <= width { width } else { width.saturating_sub(more.width()) };
    if all > width {
        // The help key ends the line after the "…": not a second time before it.
        hints.retain(|(action, ..)| *action != Action::Help);
    }
    let mut spans = Vec::new();
    let mut used = 0;
    for hint in &hints {
        used += hint_width(hint);
        if used > room {
            break;
        }
        spans.push(Span::styled(format!(" {}", hint.1), theme.accent));
        spans.push(Span::styled(format!(" {} ", hint.2), theme.dim));
    }
    if all > width {
        spans.push(Span::styled(more, theme.accent));
    }
    Line::from(spans)
}
