//! The importer on the real seed texts: seed 002 gives exactly the bundled sample; the other
//! seeds hold no indicator table and give nothing.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use peilstok::formats::long_csv;
use peilstok::import::import_text;

fn seed(prefix: &str) -> (String, String) {
    let path = common::seed_path(prefix);
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    (std::fs::read_to_string(&path).unwrap(), name)
}

#[test]
fn seed_002_gives_exactly_the_bundled_sample() {
    let (text, name) = seed("002_");
    let import = import_text(&text, &name);
    assert_eq!(
        import.tables.len(),
        6,
        "one effect table and five performance tables"
    );
    let mut written = Vec::new();
    long_csv::write(&import.to_document(), &mut written).unwrap();
    let written = String::from_utf8(written).unwrap();
    let sample = peilstok::sample::SAMPLE_CSV;
    for (line, (ours, expected)) in written.lines().zip(sample.lines()).enumerate() {
        assert_eq!(ours, expected, "line {}", line + 1);
    }
    assert_eq!(written, sample);
}

#[test]
fn activities_are_not_indicators() {
    let (text, name) = seed("002_");
    let document = import_text(&text, &name).to_document();
    // `3.1.1 - Middelen voor re-integratie …` is an activity; the indicator 3.1.1 is about jobs.
    let (_, _, indicator) = document
        .indicators()
        .find(|(_, _, indicator)| indicator.code == "3.1.1")
        .unwrap();
    assert!(
        indicator.name.starts_with("Aantal banen"),
        "{}",
        indicator.name
    );
    for (_, _, indicator) in document.indicators() {
        assert!(
            !indicator.cells.is_empty(),
            "{} has no cells: an activity?",
            indicator.code
        );
    }
}

#[test]
fn every_doubtful_cell_is_flagged_with_its_raw_text() {
    let (text, name) = seed("002_");
    let document = import_text(&text, &name).to_document();
    let flagged: Vec<(String, String)> = document
        .indicators()
        .flat_map(|(_, _, indicator)| {
            indicator
                .cells
                .iter()
                .filter(|cell| cell.review.is_some())
                .map(|cell| (indicator.code.clone(), cell.raw.clone()))
        })
        .collect();
    for expected in [
        "431",
        "70&",
        "8 / 75 per week",
        "507",
        "minimaal 90% voor alle vaccinaties, HPV uitgezonderd",
    ] {
        assert!(
            flagged.iter().any(|(_, raw)| raw == expected),
            "{expected} not flagged: {flagged:?}"
        );
    }
}

#[test]
fn texts_without_an_indicator_table_give_nothing() {
    for prefix in ["000_", "001_", "003_", "004_"] {
        let (text, name) = seed(prefix);
        let import = import_text(&text, &name);
        assert!(
            import.tables.is_empty(),
            "{prefix}: {:?}",
            import.tables.first().map(|t| &t.heading)
        );
        assert!(
            import
                .nothing_found()
                .unwrap()
                .starts_with("no indicator table found")
        );
        assert!(import.to_document().programmes.is_empty());
    }
}
