//! `botdash new` and `botdash list`.

use std::path::Path;
use std::process::ExitCode;

use chrono::{NaiveDate, NaiveDateTime};

use serde::Serialize;

use super::docs::template_source;
use super::{Failure, NewArgs, json_failure, open_for_edits, print};
use crate::config::Config;
use crate::model::percent;
use crate::model::score::readiness;
use crate::model::template::{NewEngagement, Template, slugify};
use crate::model::text::to_json;
use crate::store::Store;

pub(super) fn new(
    db: &Path,
    args: NewArgs,
    config: &Config,
    now: NaiveDateTime,
) -> Result<ExitCode, Failure> {
    let (source, shown) = template_source(&args.template)?;
    let template = Template::parse(&source, &shown)?;
    let slug = args.slug.unwrap_or_else(|| slugify(&format!("{} {}", args.client, args.name)));
    let new = NewEngagement {
        client: args.client.trim().to_string(),
        name: args.name.trim().to_string(),
        slug,
        start: args.start.unwrap_or(now.date()),
        transfer: args.transfer,
        threshold: config.defaults.threshold,
        weights: config.defaults.weights,
    };
    crate::store::check_new(&new)?;
    let mut store = open_for_edits(db, config)?;
    let data = store.create_engagement(&new, &template, &crate::clock::utc_timestamp(now))?;
    print(&format!("{}\n", data.engagement.slug))
}

/// One engagement as `list` shows it.
#[derive(Serialize)]
struct Listed {
    slug: String,
    client: String,
    name: String,
    phase: &'static str,
    score: f64,
    level: &'static str,
    docs_percent: u32,
    archived: bool,
}

pub(super) fn list(db: &Path, json: bool, today: NaiveDate) -> Result<ExitCode, Failure> {
    let store = Store::open(db)?;
    let mut rows = Vec::new();
    for engagement in store.engagements()? {
        let data = store.load(engagement)?;
        let r = readiness(&data, today);
        let (approved, applicable) = data.docs_progress();
        let e = data.engagement;
        rows.push(Listed {
            phase: e.current_phase.as_str(),
            score: r.score,
            level: r.level.as_str(),
            docs_percent: percent(approved, applicable),
            archived: e.archived,
            slug: e.slug,
            client: e.client,
            name: e.name,
        });
    }
    if json {
        return print(&(to_json(&rows).map_err(json_failure)? + "\n"));
    }
    let mut out = format!(
        "{:<24} {:<24} {:<28} {:<9} {:>5} {:<5} {:>5}\n",
        "SLUG", "CLIENT", "NAME", "PHASE", "SCORE", "LEVEL", "DOCS"
    );
    for r in &rows {
        out += &format!(
            "{:<24} {:<24} {:<28} {:<9} {:>5.1} {:<5} {:>4}%\n",
            r.slug,
            crate::ui::widgets::pad(&r.client, 24),
            crate::ui::widgets::pad(&r.name, 28),
            r.phase,
            r.score,
            r.level,
            r.docs_percent
        );
    }
    print(&out)
}
