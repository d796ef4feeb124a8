//! The printed report as its reader gets it: `pdfinfo` finds valid A4 pages, `pdftotext` finds
//! every indicator code, each marker next to its meaning, and the source on every page.
//! Needs poppler-utils (`.ci/run` installs it).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::Command;

use peilstok::sample::sample_document;

/// Runs a poppler tool on `pdf`; its standard output.
fn poppler(tool: &str, args: &[&str], pdf: &Path) -> String {
    let output = Command::new(tool)
        .args(args)
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap_or_else(|error| {
            panic!("{tool} is needed for this test (Debian package poppler-utils): {error}")
        });
    assert!(
        output.status.success(),
        "{tool}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

fn pdfinfo(pdf: &Path) -> String {
    let output = Command::new("pdfinfo")
        .arg(pdf)
        .output()
        .unwrap_or_else(|error| {
            panic!("pdfinfo is needed for this test (Debian package poppler-utils): {error}")
        });
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success() && stderr.is_empty(),
        "pdfinfo: {stderr}"
    );
    String::from_utf8(output.stdout).unwrap()
}

/// `peilstok export sample --format pdf --out …` with `extra` arguments; the PDF's path.
fn export(directory: &Path, extra: &[&str]) -> PathBuf {
    let out = directory.join("report.pdf");
    let output = Command::new(env!("CARGO_BIN_EXE_peilstok"))
        .args(["export", "sample", "--format", "pdf", "--out"])
        .arg(&out)
        .args(extra)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    out
}

fn info_line<'a>(info: &'a str, key: &str) -> &'a str {
    info.lines()
        .find_map(|line| line.strip_prefix(key))
        .unwrap_or_else(|| panic!("no {key} in {info}"))
        .trim()
}

#[test]
fn the_report_of_the_sample_is_valid_a4_and_its_text_says_everything() {
    let directory = tempfile::tempdir().unwrap();
    let pdf = export(directory.path(), &[]);
    let info = pdfinfo(&pdf);
    assert_eq!(info_line(&info, "Pages:"), "31");
    assert_eq!(info_line(&info, "Page size:"), "595.276 x 841.89 pts (A4)");

    let text = poppler("pdftotext", &["-layout"], &pdf);
    let words: Vec<&str> = text.split_whitespace().collect();
    let document = sample_document().unwrap();
    for (_, _, indicator) in document.indicators() {
        assert!(
            words.contains(&indicator.code.as_str()),
            "{} is in the text",
            indicator.code
        );
    }
    // The markers next to what they mean.
    assert!(text.contains("NB = niet bekend: er zijn geen gegevens gepubliceerd"));
    assert!(text.contains("n.n.b. = nog niet bekend: het cijfer komt later"));
    // Every page names the source, the export date and its number.
    let pages: Vec<&str> = text
        .split('\u{c}')
        .filter(|page| !page.trim().is_empty())
        .collect();
    assert_eq!(pages.len(), 31);
    for (index, page) in pages.iter().enumerate() {
        assert!(
            page.contains("Bron: Begroting 2023 gemeente Diemen · geëxporteerd op"),
            "page {}",
            index + 1
        );
        assert!(page.contains(&format!("Pagina {} van 31", index + 1)));
    }
}

#[test]
fn one_goal_as_bars_on_landscape_paper() {
    let directory = tempfile::tempdir().unwrap();
    let pdf = export(
        directory.path(),
        &["--goal", "3", "--kind", "bars", "--paper", "a4-landscape"],
    );
    let info = pdfinfo(&pdf);
    assert_eq!(info_line(&info, "Page size:"), "841.89 x 595.276 pts (A4)");
    // Title, goal 3's table (two pages on its side), its 19 charts two to a page.
    assert_eq!(info_line(&info, "Pages:"), "13");
    let text = poppler("pdftotext", &[], &pdf);
    let words: Vec<&str> = text.split_whitespace().collect();
    assert!(words.contains(&"3.1.3") && !words.contains(&"2.1.1"));
    assert!(
        text.contains("68,6"),
        "values over their bars, in Dutch notation"
    );
}

#[test]
fn an_english_report_in_small_multiples() {
    let directory = tempfile::tempdir().unwrap();
    let pdf = export(
        directory.path(),
        &["--goal", "5", "--kind", "multiples", "--language", "en"],
    );
    let text = poppler("pdftotext", &[], &pdf);
    assert!(text.contains("Page 1 of"));
    assert!(text.contains("NB = not known"), "{text}");
    assert!(text.contains("Source: Begroting 2023 gemeente Diemen"));
}

#[test]
fn one_chart_is_a_page_of_its_own_size() {
    let directory = tempfile::tempdir().unwrap();
    let pdf = export(directory.path(), &["--indicator", "3.1.3"]);
    let info = pdfinfo(&pdf);
    assert_eq!(info_line(&info, "Pages:"), "1");
    // 180 × 120 mm.
    assert!(
        info_line(&info, "Page size:").starts_with("510.2"),
        "{info}"
    );
    let text = poppler("pdftotext", &[], &pdf);
    assert!(text.contains("NB") && text.contains("Bron: Begroting 2023 gemeente Diemen"));
}
