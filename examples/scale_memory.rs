//! Peak memory with a document open and 1,000 edits in its history (docs/performance.md):
//! `scale_memory DOC` opens DOC (written by `peilstok generate`), types 1,000 values into cells
//! across the document, and prints the process's peak resident memory (Linux).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;

use peilstok::app::{AppState, CellAddress, Command, Settings, StartWith};
use peilstok::model::IndicatorId;

/// A line of /proc/self/status, in kB.
fn status_kb(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with(field))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn main() {
    let path = PathBuf::from(std::env::args().nth(1).expect("usage: scale_memory DOC"));
    let start = std::time::Instant::now();
    let mut state = AppState::new(Settings::default(), StartWith::File(path)).unwrap();
    state.finish_work();
    assert_eq!(state.message, None, "{:?}", state.message);
    let opened = start.elapsed();
    let opened_kb = status_kb("VmRSS:").unwrap_or(0);
    let addresses: Vec<CellAddress> = state
        .document()
        .indicators()
        .step_by(20)
        .take(1000)
        .map(|(programme, _, indicator)| CellAddress {
            indicator: IndicatorId {
                programme: programme.name.clone(),
                code: indicator.code.clone(),
            },
            series: indicator.cells[0].series.clone(),
            column: indicator.cells[0].column,
        })
        .collect();
    let mut each = Vec::new();
    for (n, address) in addresses.iter().cycle().take(1000).enumerate() {
        let start = std::time::Instant::now();
        state.handle(Command::EditCell {
            cell: address.clone(),
            text: format!("{n},5"),
        });
        each.push(start.elapsed());
    }
    let edited: std::time::Duration = each.iter().sum();
    each.sort();
    println!(
        "one edit: median {:.2?}, slowest {:.2?}",
        each[each.len() / 2],
        each[each.len() - 1]
    );
    assert_eq!(state.message, None, "{:?}", state.message);
    let values: usize = state
        .document()
        .indicators()
        .map(|(_, _, indicator)| indicator.cells.len())
        .sum();
    println!("values: {values}");
    println!(
        "open: {opened:.2?}, resident after open: {} MB",
        opened_kb / 1024
    );
    println!("1,000 edits: {edited:.2?}");
    println!(
        "peak resident memory with 1,000 edits in history: {} MB",
        status_kb("VmHWM:").unwrap_or(0) / 1024
    );
}
