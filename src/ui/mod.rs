//! The window. The only part of Peilstok that knows egui.
use crate::app::StartWith;

/// Opens the window.
pub fn run(_start: StartWith) -> anyhow::Result<()> {
    Ok(())
}
