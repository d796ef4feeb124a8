//! What the words of a row or a table's surroundings say, for both the line readers
//! (`line_rows`) and the stream readers (`stream`): a row's role, a taakveld heading, a year
//! glued to its kind, a money table.

use super::fold;
use super::header::kind_of;
use crate::model::{Column, ValueKind};

/// A year glued to a kind letter in a header: `R2021`, `B2022`, `JS2019`, `JR2024`.
pub(super) fn glued_column(word: &str) -> Option<Column> {
    let digits = word.find(|c: char| c.is_ascii_digit())?;
    let (letters, year) = word.split_at(digits);
    let year: i32 = (year.len() == 4).then(|| year.parse().ok()).flatten()?;
    if !(1990..=2100).contains(&year) {
        return None;
    }
    let kind = match letters.to_uppercase().as_str() {
        "R" | "W" | "JS" | "JR" | "JV" | "RK" => ValueKind::Realised,
        "B" | "PB" => ValueKind::Budget,
        _ => return None,
    };
    Some(Column::new(kind, year))
}

/// Whether the table at `start` is about money (`Wat mag het kosten?`, lasten and baten):
/// those tables are not indicators.
pub(super) fn is_money_context(lines: &[&str], start: usize) -> bool {
    let from = start.saturating_sub(6);
    lines[from..(start + 1).min(lines.len())]
        .iter()
        .any(|line| {
            let folded = fold(line);
            [
                "wat mag het kosten",
                "lasten en baten",
                "baten en lasten",
                "structurele lasten",
                "x € 1.000",
                "bedragen x",
                "nieuw beleid",
                "saldo van",
            ]
            .iter()
            .any(|word| folded.contains(word))
        })
}

/// What a row's name says it is.
pub(super) enum RowRole {
    Own,
    Kind(ValueKind),
    Compare(String),
    Indicator,
}

/// What a row's name says it is: the municipality's own row, a kind, a comparison, or an
/// indicator.
pub(super) fn role_of(label: &str, own_name: Option<&str>) -> RowRole {
    let folded = fold(label.trim_end_matches(':'));
    if let Some(kind) = kind_of(&folded) {
        return RowRole::Kind(kind);
    }
    if folded == "gemeente" || own_name.is_some_and(|own| fold(own) == folded) {
        return RowRole::Own;
    }
    if matches!(
        folded.as_str(),
        "nederland" | "provincie" | "regio" | "landelijk" | "landelijk gemiddelde"
    ) || folded.contains("benchmark")
    {
        return RowRole::Compare(label.trim_end_matches(':').trim().to_string());
    }
    RowRole::Indicator
}

/// The main groups of the BBV taakvelden, as they head rows of the national indicators.
pub(super) const TAAKVELDEN: [&str; 9] = [
    "bestuur en ondersteuning",
    "veiligheid",
    "verkeer, vervoer en waterstaat",
    "economie",
    "onderwijs",
    "sport, cultuur en recreatie",
    "sociaal domein",
    "volksgezondheid en milieu",
    "volkshuisvesting, ruimtelijke ordening en stedelijke vernieuwing",
];

/// Whether `text` is the name of a main group of taakvelden (`Volkshuisvesting, Ruimtelijke
/// Ordening en Stedelijke Vernieuwing`, `Veiligheid`): a group heading inside a table.
pub(super) fn is_taakveld(text: &str) -> bool {
    let key = |s: &str| -> String { s.chars().filter(|c| c.is_alphanumeric()).collect() };
    let folded =
        key(&fold(text.trim().trim_start_matches(|c: char| {
            c.is_ascii_digit() || c == '.'
        })));
    TAAKVELDEN.iter().any(|taakveld| key(taakveld) == folded)
}
