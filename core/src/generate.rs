//! Synthetic documents for measuring Peilstok at scale (`peilstok generate`).
//!
//! A generated document looks like many budgets side by side: programmes (think of them as
//! municipalities) with goals of five indicators, a realised and a budgeted column per year,
//! markers where figures are missing, footnotes, sub-series, several sources and sources that
//! disagree (some of those disagreements resolved by a person). The same options and seed
//! always give the same document, on every machine and every version of this module.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::i18n::Language;
use crate::model::{
    Cell, CellValue, Column, Document, DocumentKind, Goal, Indicator, IndicatorKind, Marker,
    Programme, Source, ValueKind,
};
use crate::numbers::format_decimal;

/// What to generate.
#[derive(Clone, Debug, PartialEq)]
pub struct GenerateOptions {
    /// Programmes (a municipality each, at national scale).
    pub programmes: usize,
    /// Indicators per programme, five to a goal.
    pub indicators: usize,
    /// Years, each with a realised and a budgeted column, up to 2025.
    pub years: usize,
    /// Sources (budgets of successive years); values are spread over them.
    pub sources: usize,
    /// The share of cells without a value (a marker instead), from 0 to 1.
    pub missing_rate: f64,
    /// The seed: the same seed gives the same document.
    pub seed: u64,
}

impl Default for GenerateOptions {
    fn default() -> Self {
        GenerateOptions {
            programmes: 10,
            indicators: 60,
            years: 12,
            sources: 4,
            missing_rate: 0.1,
            seed: 1,
        }
    }
}

/// The newest year a generated document covers.
const LAST_YEAR: i32 = 2025;
/// Indicators per goal.
const INDICATORS_PER_GOAL: usize = 5;

/// SplitMix64: tiny, fast and fixed forever, so a seed means the same document in every
/// version (a general-purpose generator crate does not promise that). Tests that replay
/// random work use it too.
pub struct SplitMix64(pub u64);

impl SplitMix64 {
    /// The next 64 random bits.
    pub fn next_bits(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number below `bound` (`bound` > 0).
    pub fn below(&mut self, bound: u64) -> u64 {
        self.next_bits() % bound.max(1)
    }

    /// True with probability `share`.
    pub fn chance(&mut self, share: f64) -> bool {
        // 53 random bits make a uniform number in [0, 1).
        ((self.next_bits() >> 11) as f64 / (1u64 << 53) as f64) < share
    }
}

/// A synthetic document as `options` say.
pub fn generate(options: &GenerateOptions) -> Document {
    let mut random = SplitMix64(options.seed);
    let source_count = options.sources.max(1);
    let years = i32::try_from(options.years.max(1)).unwrap_or(1);
    let first_year = LAST_YEAR - years + 1;
    let sources: Vec<Source> = (0..source_count)
        .map(|n| {
            let year = LAST_YEAR - i32::try_from(source_count - 1 - n).unwrap_or(0);
            let kind = if n % 2 == 0 {
                DocumentKind::Budget
            } else {
                DocumentKind::Accounts
            };
            let title = match kind {
                DocumentKind::Budget => format!("Begroting {year}"),
                _ => format!("Jaarstukken {year}"),
            };
            let footnotes: BTreeMap<u32, String> = (1..=4)
                .map(|number| {
                    (
                        number,
                        format!("Bron: waarstaatjegemeente.nl, peiling {year}, noot {number}"),
                    )
                })
                .collect();
            Source {
                key: format!("Synthetisch {title}"),
                title,
                municipality: "Synthetisch".into(),
                kind,
                year: Some(year),
                file_name: format!("synthetisch-{year}.txt"),
                footnotes,
            }
        })
        .collect();
    let units = ["%", "aantal", "per 1.000 inwoners", "€", "rapportcijfer"];
    let markers = [
        Marker::NotKnown,
        Marker::NotYetKnown,
        Marker::NotApplicable,
        Marker::Nil,
        Marker::Blank,
    ];
    let mut programmes = Vec::with_capacity(options.programmes);
    for p in 0..options.programmes {
        let mut goals: Vec<Goal> = Vec::new();
        for i in 0..options.indicators {
            let goal_number = i / INDICATORS_PER_GOAL + 1;
            if goals.len() < goal_number {
                goals.push(Goal {
                    code: goal_number.to_string(),
                    title: format!("Doel {goal_number} van programma {}", p + 1),
                    footnotes: Vec::new(),
                    source: sources[0].key.clone(),
                    indicators: Vec::new(),
                });
            }
            let code = format!("{goal_number}.1.{}", i % INDICATORS_PER_GOAL + 1);
            let unit = units[i % units.len()];
            let series: Vec<String> = if random.chance(0.05) {
                (1..=1 + random.below(3))
                    .map(|n| format!("Deelgroep {n}"))
                    .collect()
            } else {
                Vec::new()
            };
            let rows: Vec<String> = if series.is_empty() {
                vec![String::new()]
            } else {
                series.clone()
            };
            let level = 10 + random.below(900);
            let mut cells = Vec::new();
            for row in &rows {
                for year in first_year..=LAST_YEAR {
                    for kind in [ValueKind::Realised, ValueKind::Budget] {
                        let column = Column::new(kind, year);
                        let offset = usize::try_from(year - first_year).unwrap_or(0);
                        let source = &sources[offset % source_count];
                        let mut cell = generated_cell(
                            &mut random,
                            row,
                            column,
                            &source.key,
                            level,
                            options.missing_rate,
                            &markers,
                            unit,
                        );
                        // Now and then a second source gives another figure for the same cell;
                        // a person chose between some of them.
                        if source_count > 1 && random.chance(0.01) {
                            let other = &sources[(offset + 1) % source_count];
                            let mut second = generated_cell(
                                &mut random,
                                row,
                                column,
                                &other.key,
                                level,
                                0.0,
                                &markers,
                                unit,
                            );
                            if random.chance(0.5) {
                                second.chosen = true;
                            }
                            cells.push(cell);
                            cell = second;
                        }
                        cells.push(cell);
                    }
                }
            }
            let name = format!("Indicator {} van doel {goal_number}", i + 1);
            let indicator = Indicator {
                label_raw: format!("{code} - {name}"),
                code,
                name,
                unit: unit.into(),
                mandatory: random.chance(0.3),
                kind: if random.chance(0.5) {
                    IndicatorKind::Effect
                } else {
                    IndicatorKind::Performance
                },
                series,
                footnotes: if random.chance(0.1) {
                    vec![1]
                } else {
                    Vec::new()
                },
                review: None,
                source: sources[0].key.clone(),
                better: None,
                cells,
            };
            if let Some(goal) = goals.last_mut() {
                goal.indicators.push(indicator);
            }
        }
        programmes.push(Programme {
            name: format!("Gemeente {:03}", p + 1),
            goals,
        });
    }
    Document {
        sources,
        programmes,
    }
}

/// One cell: a number near `level` with one decimal, or (at `missing_rate`) a marker,
/// sometimes with a footnote.
#[allow(clippy::too_many_arguments)]
fn generated_cell(
    random: &mut SplitMix64,
    series: &str,
    column: Column,
    source: &str,
    level: u64,
    missing_rate: f64,
    markers: &[Marker],
    unit: &str,
) -> Cell {
    let footnotes = if random.chance(0.03) {
        vec![u32::try_from(1 + random.below(4)).unwrap_or(1)]
    } else {
        Vec::new()
    };
    let (value, raw) = if random.chance(missing_rate) {
        let marker =
            markers[usize::try_from(random.below(markers.len() as u64)).unwrap_or(0)].clone();
        let raw = match &marker {
            Marker::Blank => String::new(),
            other => other.code().to_string(),
        };
        (CellValue::Missing(marker), raw)
    } else {
        let tenths = i64::try_from(level * 10 + random.below(200)).unwrap_or(0);
        let number = Decimal::new(tenths, 1);
        let printed = format_decimal(number, Language::Dutch);
        let raw = if unit == "%" {
            format!("{printed}%")
        } else {
            printed
        };
        (CellValue::Number(number), raw)
    };
    Cell {
        series: series.to_string(),
        column,
        value,
        raw,
        footnotes,
        review: None,
        source: source.to_string(),
        chosen: false,
    }
}

/// How many values (cells) `document` holds.
pub fn value_count(document: &Document) -> usize {
    document
        .indicators()
        .map(|(_, _, indicator)| indicator.cells.len())
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_document_and_another_seed_another() {
        let options = GenerateOptions {
            programmes: 3,
            ..GenerateOptions::default()
        };
        assert_eq!(generate(&options), generate(&options));
        let other = GenerateOptions {
            seed: 2,
            ..options.clone()
        };
        assert_ne!(generate(&options), generate(&other));
    }

    #[test]
    fn a_generated_document_has_markers_footnotes_sub_series_and_conflicts() {
        let document = generate(&GenerateOptions::default());
        assert_eq!(document.indicators().count(), 600);
        let cells: Vec<&Cell> = document
            .indicators()
            .flat_map(|(_, _, indicator)| &indicator.cells)
            .collect();
        let missing = cells.iter().filter(|cell| cell.marker().is_some()).count();
        let share = missing as f64 / cells.len() as f64;
        assert!((0.07..0.13).contains(&share), "{share}");
        assert!(cells.iter().any(|cell| !cell.footnotes.is_empty()));
        assert!(cells.iter().any(|cell| cell.chosen));
        assert!(
            document
                .indicators()
                .any(|(_, _, indicator)| !indicator.series.is_empty())
        );
        let columns = document.columns();
        let conflicts = document
            .indicators()
            .filter(|(_, _, indicator)| {
                indicator.rows().any(|row| {
                    columns
                        .iter()
                        .any(|column| indicator.candidates(row, *column).len() > 1)
                })
            })
            .count();
        assert!(conflicts > 0);
        assert_eq!(document.sources.len(), 4);
    }
}
