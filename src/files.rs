//! Files botdash writes for the user: created private (mode 0600), whole or not at all.

use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;

use crate::model::text::sanitize;

/// Writes a file readable by its owner alone (mode 0600), replacing it whole.
pub fn write_private(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let shown = sanitize(&path.display().to_string()).into_owned();
    let failed = |e: std::io::Error| format!("cannot write {shown}: {e}");
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let temp = path.with_file_name(format!(".{name}.tmp-{}", std::process::id()));
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(&temp)
        .map_err(failed)?;
    file.write_all(bytes).and_then(|()| file.sync_all()).map_err(failed)?;
    std::fs::rename(&temp, path).map_err(|e| {
        let _ = std::fs::remove_file(&temp);
        failed(e)
    })
}
