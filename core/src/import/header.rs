//! Table headers: a heading ("Prestatie-indicatoren") and year columns ("Werkelijk 2020",
//! "Begroot 2023", "Streefwaarde"), also when words and years are split over lines or a kind is
//! written once over several years.

use std::ops::Range;

use super::fold;
use crate::model::{Column, IndicatorKind, ValueKind};

/// How the rows under a header are laid out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    /// PDF text extraction: label lines, then the row's cells separated by single spaces.
    Extracted,
    /// One row per line, cells separated by tabs.
    Tabs,
    /// One row per line, cells separated by runs of spaces.
    Spaces,
    /// The national layout `Indicator | Eenheid | Bron | Peiljaar | Gemeente | Nederland`: each row
    /// one value for the year it is from, with the national figure beside it.
    National,
}

/// A table header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Header {
    /// The heading words before the columns, e.g. "Prestatie-indicatoren".
    pub heading: String,
    /// Footnotes glued to the heading (`Prestatie-indicatoren6`).
    pub heading_footnotes: Vec<u32>,
    /// Outcome or performance.
    pub kind: IndicatorKind,
    /// The columns, in printed order.
    pub columns: Vec<Column>,
    /// Columns printed before the value columns (`Eenheid`), in order.
    pub leading_columns: Vec<String>,
    /// The header's lines.
    pub lines: Range<usize>,
    /// How the rows are laid out.
    pub layout: Layout,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Word {
    Kind(ValueKind),
    Year(i32),
    Heading,
    ColumnTitle,
    Other,
}

const HEADING_WORDS: [&str; 16] = [
    "indicator",
    "indicatoren",
    "maatschappelijk",
    "maatschappelijke",
    "effect",
    "effecten",
    "effectindicator",
    "effectindicatoren",
    "prestatie-indicator",
    "prestatie-indicatoren",
    "prestatieindicatoren",
    "beleidsindicator",
    "beleidsindicatoren",
    "kengetallen",
    "omschrijving",
    "doelstelling",
];

const COLUMN_WORDS: [&str; 9] = [
    "eenheid",
    "bron",
    "nr",
    "nr.",
    "nummer",
    "code",
    "peiljaar",
    "gemeente",
    "nederland",
];

/// The national layout's header: column titles with `Peiljaar` and `Gemeente`, no kinds.
fn is_national_header(line: &str) -> bool {
    let titles: Vec<String> = words(line).iter().map(|(_, word)| fold(word)).collect();
    titles.iter().any(|title| title == "peiljaar")
        && titles.iter().any(|title| title == "gemeente")
        && words(line)
            .iter()
            .all(|(_, word)| classify(word).0 != Word::Other)
}

/// The kind of value a folded heading word names (`werkelijk`, `begroting`, `streefwaarde` …).
pub(crate) fn kind_of(word: &str) -> Option<ValueKind> {
    Some(match word {
        "werkelijk" | "werkelijke" | "realisatie" | "rekening" | "gerealiseerd" | "meting"
        | "jaarrekening" | "jaarstukken" | "jaarverslag" => ValueKind::Realised,
        "begroot" | "begroting" | "raming" | "geraamd" => ValueKind::Budget,
        "prognose" | "verwachting" => ValueKind::Forecast,
        "streefwaarde" | "streefwaarden" | "doel" | "norm" | "ambitie" | "streef" => {
            ValueKind::Target
        }
        _ => return None,
    })
}
/// Classifies one word of a header line; glued footnote digits on heading words are allowed.
fn classify(token: &str) -> (Word, Option<u32>) {
    let folded = fold(token);
    let folded = folded.trim_matches(|c: char| matches!(c, '|' | ':' | '(' | ')'));
    if folded.len() == 4
        && let Ok(year) = folded.parse::<i32>()
        && (1990..=2100).contains(&year)
    {
        return (Word::Year(year), None);
    }
    let word = folded.trim_end_matches(|c: char| c.is_ascii_digit());
    let footnote = (word.len() < folded.len())
        .then(|| folded[word.len()..].parse::<u32>().ok())
        .flatten();
    if let Some(kind) = kind_of(word) {
        return (Word::Kind(kind), footnote);
    }
    if HEADING_WORDS.contains(&word) {
        return (Word::Heading, footnote);
    }
    if COLUMN_WORDS.contains(&word) {
        return (Word::ColumnTitle, None);
    }
    (Word::Other, None)
}

fn words(line: &str) -> Vec<(usize, &str)> {
    let mut found = Vec::new();
    let mut start = None;
    for (offset, (byte, character)) in line.char_indices().enumerate() {
        if character.is_whitespace() || character == '|' {
            if let Some((char_start, byte_start)) = start.take() {
                found.push((char_start, &line[byte_start..byte]));
            }
        } else if start.is_none() {
            start = Some((offset, byte));
        }
    }
    if let Some((char_start, byte_start)) = start {
        found.push((char_start, &line[byte_start..]));
    }
    found
}

/// Whether `line` can start a table header: only heading words, column titles, kinds and
/// years, with at least one kind of value.
pub fn is_header_start(line: &str) -> bool {
    let classified: Vec<Word> = words(line)
        .iter()
        .map(|(_, word)| classify(word).0)
        .collect();
    classified.iter().any(|word| matches!(word, Word::Kind(_)))
        && classified.iter().all(|word| *word != Word::Other)
}

/// Whether `line` is a table heading on its own (`Prestatie-indicatoren`, `Effectindicatoren`).
pub fn is_heading_only(line: &str) -> bool {
    let classified: Vec<Word> = words(line)
        .iter()
        .map(|(_, word)| classify(word).0)
        .collect();
    !classified.is_empty() && classified.iter().all(|word| *word == Word::Heading)
}

/// Whether `line` continues a header: kinds, years and column titles only.
fn continues_header(line: &str) -> bool {
    let classified: Vec<Word> = words(line)
        .iter()
        .map(|(_, word)| classify(word).0)
        .collect();
    !classified.is_empty()
        && classified
            .iter()
            .all(|word| matches!(word, Word::Kind(_) | Word::Year(_) | Word::ColumnTitle))
}

/// Reads a header starting at line `start`, if one starts there: `None` when none does, the
/// reason when it looks like one but its columns cannot be paired with years.
pub fn read_header(lines: &[&str], start: usize) -> Option<Result<Header, String>> {
    let first = *lines.get(start)?;
    if is_national_header(first) {
        let leading_columns = words(first)
            .iter()
            .filter(|(_, word)| classify(word).0 == Word::ColumnTitle)
            .map(|(_, word)| word.to_string())
            .collect();
        return Some(Ok(Header {
            heading: "Beleidsindicatoren".into(),
            heading_footnotes: Vec::new(),
            kind: IndicatorKind::Effect,
            columns: Vec::new(),
            leading_columns,
            lines: start..start + 1,
            layout: Layout::National,
        }));
    }
    if !is_header_start(first) {
        return None;
    }
    let mut end = start + 1;
    let mut probe = start + 1;
    while let Some(line) = lines.get(probe) {
        if line.trim().is_empty() {
            probe += 1;
            continue;
        }
        if !continues_header(line) {
            break;
        }
        probe += 1;
        end = probe;
    }
    let mut heading = Vec::new();
    let mut heading_footnotes = Vec::new();
    let mut sequence: Vec<(Word, usize, usize)> = Vec::new();
    let mut leading_columns = Vec::new();
    for (line_index, line) in lines[start..end].iter().enumerate() {
        for (position, word) in words(line) {
            let (class, footnote) = classify(word);
            match class {
                Word::Heading if sequence.is_empty() => {
                    let text = word.trim_end_matches(|c: char| c.is_ascii_digit());
                    heading.push(text.to_string());
                    heading_footnotes.extend(footnote);
                }
                Word::ColumnTitle if sequence.is_empty() => leading_columns.push(word.to_string()),
                Word::Kind(_) | Word::Year(_) => sequence.push((class, line_index, position)),
                _ => {}
            }
        }
    }
    let Some(columns) = columns_of(&sequence) else {
        return Some(Err(format!(
            "line {}: a table heading whose kinds and years cannot be paired into columns ({})",
            start + 1,
            super::fold_whitespace(&lines[start..end].join(" "))
        )));
    };
    let header_text: String = lines[start..end].join("\n");
    let layout = if header_text.contains('\t') {
        Layout::Tabs
    } else if end - start <= 2 && lines[start..end].iter().any(|line| line.contains("   ")) {
        Layout::Spaces
    } else {
        Layout::Extracted
    };
    // A heading on its own line just above (`Effectindicatoren` / `Indicator  Werkelijk 2022 …`).
    let above = lines[..start]
        .iter()
        .rev()
        .take(3)
        .find(|line| !line.trim().is_empty())
        .filter(|line| is_heading_only(line));
    if let Some(above) = above {
        let mut words_above: Vec<String> = Vec::new();
        for (_, word) in words(above) {
            let (_, footnote) = classify(word);
            words_above.push(
                word.trim_end_matches(|c: char| c.is_ascii_digit())
                    .to_string(),
            );
            heading_footnotes.extend(footnote);
        }
        heading.splice(0..0, words_above);
    }
    let heading_text = super::resolve_ligatures(&heading.join(" "));
    let kind = if fold(&heading_text).contains("effect") {
        IndicatorKind::Effect
    } else {
        IndicatorKind::Performance
    };
    Some(Ok(Header {
        heading: heading_text,
        heading_footnotes,
        kind,
        columns,
        leading_columns,
        lines: start..end,
        layout,
    }))
}

/// Pairs kinds with years. `Werkelijk 2020 Werkelijk 2021` pairs in turn; `Realisatie Begroting`
/// over `2021 2022 2023 2024` (a two-row header) gives each kind the years under it; a target
/// with no year after it is a yearless target.
fn columns_of(sequence: &[(Word, usize, usize)]) -> Option<Vec<Column>> {
    let kinds: Vec<(ValueKind, usize, usize)> = sequence
        .iter()
        .filter_map(|(word, line, position)| match word {
            Word::Kind(kind) => Some((*kind, *line, *position)),
            _ => None,
        })
        .collect();
    let years: Vec<(i32, usize, usize)> = sequence
        .iter()
        .filter_map(|(word, line, position)| match word {
            Word::Year(year) => Some((*year, *line, *position)),
            _ => None,
        })
        .collect();
    let first_year = sequence
        .iter()
        .position(|(word, ..)| matches!(word, Word::Year(_)));
    let last_kind = sequence
        .iter()
        .rposition(|(word, ..)| matches!(word, Word::Kind(_)));
    let two_row = kinds.len() > 1
        && years.len() > kinds.len()
        && matches!((first_year, last_kind), (Some(year), Some(kind)) if year > kind)
        && kinds.iter().all(|(kind, ..)| *kind != ValueKind::Target);
    let mut columns = Vec::new();
    if two_row {
        let same_lines = kinds.iter().all(|(_, line, _)| *line == kinds[0].1)
            && years.iter().all(|(_, line, _)| *line == years[0].1);
        for (index, (year, _, position)) in years.iter().enumerate() {
            let kind = if same_lines {
                // The kind printed nearest to the left of (or above) the year.
                kinds
                    .iter()
                    .rev()
                    .find(|(_, _, kind_position)| *kind_position <= position + 2)
                    .unwrap_or(&kinds[0])
                    .0
            } else if years.len().is_multiple_of(kinds.len()) {
                kinds[index / (years.len() / kinds.len())].0
            } else {
                return None;
            };
            columns.push(Column::new(kind, *year));
        }
        return Some(columns);
    }
    // The kind being read, and whether a year has followed it yet.
    let mut current: Option<(ValueKind, bool)> = None;
    for (word, ..) in sequence {
        match word {
            Word::Kind(kind) => {
                if let Some((previous, false)) = current {
                    if previous != ValueKind::Target {
                        return None;
                    }
                    columns.push(Column {
                        kind: previous,
                        year: None,
                    });
                }
                current = Some((*kind, false));
            }
            Word::Year(year) => {
                let (kind, _) = current?;
                columns.push(Column::new(kind, *year));
                current = Some((kind, true));
            }
            _ => {}
        }
    }
    if let Some((kind, false)) = current {
        if kind != ValueKind::Target {
            return None;
        }
        columns.push(Column { kind, year: None });
    }
    (!columns.is_empty()).then_some(columns)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extracted_header_split_over_lines() {
        let text = "Prestatie-indicatoren6 Werkelĳk \n2020\n\nWerkelĳk \n2021\n\nBegroot \n2022\n\nBegroot \n2023\n\n5.1.1 - Mate van eenzaamheid 46% n.n.b. 45% 45%";
        let lines: Vec<&str> = text.lines().collect();
        let header = read_header(&lines, 0).unwrap().unwrap();
        assert_eq!(header.heading, "Prestatie-indicatoren");
        assert_eq!(header.heading_footnotes, vec![6]);
        assert_eq!(header.kind, IndicatorKind::Performance);
        assert_eq!(
            header.columns,
            vec![
                Column::new(ValueKind::Realised, 2020),
                Column::new(ValueKind::Realised, 2021),
                Column::new(ValueKind::Budget, 2022),
                Column::new(ValueKind::Budget, 2023),
            ]
        );
        assert_eq!(header.lines, 0..11);
        assert_eq!(header.layout, Layout::Extracted);
    }

    #[test]
    fn two_row_header_gives_each_kind_its_years() {
        let lines = [
            "Indicator            Realisatie          Begroting",
            "                     2021     2022       2023     2024",
        ];
        let header = read_header(&lines, 0).unwrap().unwrap();
        let kinds: Vec<_> = header.columns.iter().map(|c| (c.kind, c.year)).collect();
        assert_eq!(
            kinds,
            vec![
                (ValueKind::Realised, Some(2021)),
                (ValueKind::Realised, Some(2022)),
                (ValueKind::Budget, Some(2023)),
                (ValueKind::Budget, Some(2024)),
            ]
        );
    }

    #[test]
    fn a_target_may_have_no_year() {
        let lines = ["Indicator\tWerkelijk 2022\tBegroot 2023\tStreefwaarde"];
        let header = read_header(&lines, 0).unwrap().unwrap();
        assert_eq!(header.columns.last().unwrap().year, None);
        assert_eq!(header.layout, Layout::Tabs);
    }

    #[test]
    fn prose_with_kind_words_is_no_header() {
        for line in [
            "De prognose is nu gebaseerd op de werkelijke kosten 2018.",
            "Activiteiten (Wat wilden we ervoor doen?) Realisatie (Wat hebben we ervoor gedaan?)",
            "Sociaal 2023 2024 2025 2026",
        ] {
            assert!(!is_header_start(line), "{line}");
        }
    }
}
