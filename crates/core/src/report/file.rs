//! The report as a file: the formats it is written in, each by its writer.

use super::{Report, html, markdown, pdf};

crate::model::text_enum!(
    /// The formats a report is written in; the text form is the file's extension.
    ReportFormat "report format" {
        Md => "md", "Markdown";
        Html => "html", "HTML";
        Json => "json", "JSON";
        Pdf => "pdf", "PDF";
    }
);

impl Report {
    /// The report's file in `format`.
    pub fn bytes(&self, format: ReportFormat) -> Vec<u8> {
        match format {
            ReportFormat::Md => markdown(self).into_bytes(),
            ReportFormat::Html => html(self).into_bytes(),
            ReportFormat::Json => self.json().into_bytes(),
            ReportFormat::Pdf => pdf(self),
        }
    }
}
