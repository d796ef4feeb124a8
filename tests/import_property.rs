//! The importer never panics, on any text: random text, and the real budget text mangled the
//! way copying and extraction mangle it. Every cell's raw text is a piece of the input.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use peilstok::import::import_text;
use proptest::prelude::*;

const SEED_002: &str = include_str!("fixtures/seeds/002_7e2fc6bc78fc6086.txt");

fn fold(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn assert_sound(text: &str) {
    let import = import_text(text, "mangled.txt");
    let folded = fold(text);
    for table in &import.tables {
        assert!(!table.columns.is_empty());
        for indicator in &table.indicators {
            for cell in &indicator.cells {
                assert!(
                    folded.contains(&cell.raw),
                    "raw `{}` of {} is not in the input",
                    cell.raw,
                    indicator.code
                );
            }
        }
    }
    // Building the document from whatever was found never fails either.
    let _ = import.to_document();
}

#[derive(Clone, Debug)]
enum Mangle {
    DeleteLine(usize),
    DuplicateLine(usize),
    SwapLines(usize, usize),
    CutLine(usize, usize),
    InsertLine(usize, String),
    JoinLines(usize),
}

fn mangle() -> impl Strategy<Value = Mangle> {
    prop_oneof![
        any::<usize>().prop_map(Mangle::DeleteLine),
        any::<usize>().prop_map(Mangle::DuplicateLine),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mangle::SwapLines(a, b)),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mangle::CutLine(a, b)),
        (any::<usize>(), "\\PC{0,40}").prop_map(|(a, text)| Mangle::InsertLine(a, text)),
        (
            any::<usize>(),
            prop::sample::select(vec![
                "NB3",
                "n.n.b.",
                "Werkelijk 2024",
                "Streefwaarde",
                "3.1.3 - ",
                "(verplicht)",
                "\t",
                "   ",
                "98% (0",
                "jaar)",
                "-",
                "–",
                "x",
                "1.234,5",
                "431",
                "Prestatie-indicatoren7",
            ])
            .prop_map(String::from)
        )
            .prop_map(|(a, text)| Mangle::InsertLine(a, text)),
        any::<usize>().prop_map(Mangle::JoinLines),
    ]
}

fn apply(text: &str, mangles: &[Mangle]) -> String {
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    for mangle in mangles {
        if lines.is_empty() {
            break;
        }
        let n = lines.len();
        match mangle {
            Mangle::DeleteLine(a) => {
                lines.remove(a % n);
            }
            Mangle::DuplicateLine(a) => {
                let line = lines[a % n].clone();
                lines.insert(a % n, line);
            }
            Mangle::SwapLines(a, b) => lines.swap(a % n, b % n),
            Mangle::CutLine(a, b) => {
                let line = &mut lines[a % n];
                let cut = line
                    .char_indices()
                    .map(|(i, _)| i)
                    .nth(b % (line.chars().count() + 1))
                    .unwrap_or(line.len());
                line.truncate(cut);
            }
            Mangle::InsertLine(a, text) => lines.insert(a % (n + 1), text.clone()),
            Mangle::JoinLines(a) => {
                let index = a % n;
                if index + 1 < n {
                    let next = lines.remove(index + 1);
                    lines[index].push(' ');
                    lines[index].push_str(&next);
                }
            }
        }
    }
    lines.join("\n")
}

/// Found by `random_lines_of_table_words_never_panic`: a unit after two values but not after
/// the third was printed after all three (`3.1.3 BW`, a text the input does not hold).
#[test]
fn a_unit_after_some_values_is_not_printed_after_the_others() {
    assert_sound("2020 Begroot 2020 \n - BW - BW 3.1.3");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn random_text_never_panics(text in "\\PC{0,400}") {
        assert_sound(&text);
    }

    #[test]
    fn random_lines_of_table_words_never_panic(
        words in prop::collection::vec(prop::sample::select(vec![
            "Werkelijk", "2020", "Begroot", "2023", "Streefwaarde", "Realisatie", "\n", "\n\n", "\t",
            "3.1.3", "-", "NB3", "68,6%", "N.v.t.", "n.n.b.", "(verplicht)", "Aantal", ":", "Roken",
            "(BW)", "10", "BW", "1", "Geen", "data", "x", "≥", "80%", "/", "per", "week", "(0", "jaar)",
        ]), 0..200)
    ) {
        assert_sound(&words.join(" "));
    }

    #[test]
    fn the_budget_text_mangled_never_panics(mangles in prop::collection::vec(mangle(), 1..12)) {
        assert_sound(&apply(SEED_002, &mangles));
    }
}
