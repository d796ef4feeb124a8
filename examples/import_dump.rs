//! Prints what the importer reads from a text file, as a long CSV (a tool for checking by eye).
//! Usage: cargo run --example import_dump -- FILE.txt
fn main() -> anyhow::Result<()> {
    let path = std::env::args()
        .nth(1)
        .ok_or_else(|| anyhow::anyhow!("usage: import_dump FILE.txt"))?;
    let text = std::fs::read_to_string(&path)?;
    let name = std::path::Path::new(&path)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let import = peilstok::import::import_text(&text, &name);
    for table in &import.tables {
        eprintln!(
            "table `{}` lines {:?}: {} indicators, {} cells, {} flagged",
            table.heading,
            table.lines,
            table.indicators.len(),
            table.cells(),
            table.flagged_cells()
        );
    }
    for skipped in &import.skipped {
        eprintln!("skipped {:?}: {}", skipped.lines, skipped.reason);
    }
    peilstok::formats::long_csv::write(&import.to_document(), std::io::stdout())?;
    Ok(())
}
