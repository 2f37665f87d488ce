//! What the runner does for the state's effects: edits, undo and redo applied to the store,
//! files written and imported, and what the footer says of each.

use super::App;
use crate::app::form::FieldKey;
use crate::app::targets::Output;
use crate::app::{Effect, Overlay};
use crate::store::StoreError;
use crate::store::command::Command;
use crate::store::edit::Column;

impl App {
    /// Does what the state asked of the store; a failure goes to the footer.
    pub(super) fn carry_out(&mut self, effect: Effect) {
        let result = match effect {
            Effect::Open(index) => {
                // The engagement's screens start unfiltered.
                self.state.filter = None;
                self.open(index)
            }
            Effect::Create(new) => self.create(new),
            Effect::Apply(plan) => {
                let applied =
                    self.store.execute(Some(&plan.engagement), &plan.summary, &plan.commands);
                let done = applied.map(|()| Some(plan.done_message()));
                self.after_edit(done, ChangeKind::Edit, &plan.commands)
            }
            Effect::Undo => {
                let id = self.engagement_id();
                let undone = self.store.undo(id.as_deref());
                self.after_edit(undone, ChangeKind::Undo, &[])
            }
            Effect::Redo => {
                let id = self.engagement_id();
                let redone = self.store.redo(id.as_deref());
                self.after_edit(redone, ChangeKind::Redo, &[])
            }
            Effect::Refresh => self.reload(),
            Effect::Resolve(id, keep) => {
                let summary = |c: &_| crate::conflict_text::resolved(c, keep);
                self.store.resolve(&id, keep, summary).and_then(|done| {
                    self.state.message = Some(format!("{done}; sync to send it on"));
                    self.reload()
                })
            }
            Effect::Write(output, path) => {
                self.write(output, &home_expanded(path));
                Ok(())
            }
            Effect::ImportTickets { slug, path } => {
                self.import_tickets(&slug, &home_expanded(path))
            }
        };
        if let Err(e) = result {
            self.state.refused(&e);
        }
    }

    /// Writes a report, a calendar, a workbook, an export or a backup, and says where (or
    /// why not).
    fn write(&mut self, output: Output, path: &std::path::Path) {
        let shown = crate::model::text::sanitize(&path.display().to_string()).into_owned();
        let result =
            crate::app::output::write(&mut self.store, output, path, &self.report, self.state.now);
        match result {
            Ok(()) => {
                self.state.overlay = None;
                let full =
                    std::fs::canonicalize(path).map(|p| p.display().to_string()).unwrap_or(shown);
                self.state.message = Some(format!("wrote {}", crate::model::text::sanitize(&full)));
            }
            Err(message) => {
                if let Some(Overlay::Form(record)) = self.state.overlay.as_mut() {
                    record.form.reject(FieldKey::Path, message);
                }
            }
        }
    }

    /// Imports a ticket export as one edit and says how many tickets it added and updated;
    /// a file refused (naming its line and column) is told beside the dialog's path. An
    /// import that changed nothing leaves the screen as it is: reading it again is slow.
    fn import_tickets(&mut self, slug: &str, path: &std::path::Path) -> Result<(), StoreError> {
        match crate::app::output::import_tickets(&mut self.store, slug, path, self.state.today) {
            Ok(import) if import.is_empty() => {
                self.state.overlay = None;
                self.state.message = Some(import.summary());
                Ok(())
            }
            Ok(import) => self.after_edit(Ok(Some(import.summary())), ChangeKind::Edit, &[]),
            Err(message) => {
                if let Some(Overlay::Form(record)) = self.state.overlay.as_mut() {
                    record.form.reject(FieldKey::Path, message);
                }
                Ok(())
            }
        }
    }

    /// Whose edits undo and redo go through: the engagement on screen, or on the list of
    /// engagements (`None`) the most recent edit of any.
    fn engagement_id(&self) -> Option<String> {
        self.state.engagement_on_screen().map(|o| o.data.engagement.id.clone())
    }

    /// After an edit (its `ops`), an undo or a redo (no ops: which rows it changed is not
    /// known here): close the form, say what happened, reload.
    fn after_edit(
        &mut self,
        done: Result<Option<String>, StoreError>,
        step: ChangeKind,
        ops: &[Command],
    ) -> Result<(), StoreError> {
        match done {
            Ok(Some(summary)) => {
                self.state.overlay = None;
                self.state.message = Some(format!("{}{summary}", step.prefix()));
                self.reload_opened(ops)
            }
            Ok(None) => {
                self.state.message = Some(step.nothing_done().into());
                Ok(())
            }
            Err(refused) if refused.is_refusal() => {
                self.show_refusal(refused);
                Ok(())
            }
            Err(deleted @ StoreError::Deleted { .. }) => {
                // The form stays open, without the record that is gone among its choices.
                if let (Some(Overlay::Form(record)), StoreError::Deleted { id, .. }) =
                    (self.state.overlay.as_mut(), &deleted)
                {
                    record.form.fields.iter_mut().for_each(|f| f.forget(id));
                }
                self.show_refusal(deleted);
                self.reload()
            }
            Err(stale @ StoreError::Stale(_)) => {
                let mut message = crate::words::refusal(&stale);
                if matches!(self.state.overlay, Some(Overlay::Form(_))) {
                    message += ": press Esc and edit it again to start from the new version";
                }
                self.show_words(None, message);
                self.reload()
            }
            Err(e) => Err(e),
        }
    }

    /// Puts a refusal beside the field it names in the open form (which stays open, so
    /// nothing typed is lost), on the form, or in the footer.
    pub(super) fn show_refusal(&mut self, refusal: StoreError) {
        let column = match &refusal {
            StoreError::Field { field, .. } | StoreError::Deleted { field, .. } => *field,
            _ => None,
        };
        self.show_words(column, crate::words::refusal(&refusal))
    }

    /// Puts `words` beside the field of `column` in the open form, on the form, or in the
    /// footer.
    fn show_words(&mut self, column: Option<Column>, words: String) {
        match self.state.overlay.as_mut() {
            Some(Overlay::Form(record)) => match column {
                Some(column) => record.form.reject(column, words),
                None => record.form.error = Some(words),
            },
            _ => self.state.message = Some(words),
        }
    }
}

/// What changed the data: an edit, or undo or redo taking one back or doing it again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ChangeKind {
    Edit,
    Undo,
    Redo,
}

impl ChangeKind {
    /// The words before the edit's summary in the footer.
    fn prefix(self) -> &'static str {
        match self {
            ChangeKind::Edit => "",
            ChangeKind::Undo => "undid: ",
            ChangeKind::Redo => "redid: ",
        }
    }

    /// What the footer says when the step found nothing to do.
    fn nothing_done(self) -> &'static str {
        match self {
            ChangeKind::Edit => "nothing changed",
            ChangeKind::Undo => "nothing to undo",
            ChangeKind::Redo => "nothing to redo",
        }
    }
}

/// A path typed into a dialog as a shell reads it: a leading `~` is the home folder.
fn home_expanded(path: std::path::PathBuf) -> std::path::PathBuf {
    let home = || directories::BaseDirs::new().map(|dirs| dirs.home_dir().to_path_buf());
    match path.strip_prefix("~") {
        Ok(rest) => home().map_or(path.clone(), |home| home.join(rest)),
        Err(_) => path,
    }
}

#[cfg(test)]
mod tests {
    use super::home_expanded;
    use std::path::PathBuf;

    #[test]
    fn a_leading_tilde_is_the_home_folder_and_nothing_else_is_touched() {
        let home = directories::BaseDirs::new().unwrap().home_dir().to_path_buf();
        assert_eq!(home_expanded("~/t.csv".into()), home.join("t.csv"));
        assert_eq!(home_expanded("~".into()), home);
        for kept in ["~user/t.csv", "/tmp/~/t.csv", "t~.csv", "./~"] {
            assert_eq!(home_expanded(kept.into()), PathBuf::from(kept), "{kept}");
        }
    }
}
