//! Reading the readable layout: goal headings, kind-over-year headings, values as a person
//! typed or Peilstok wrote them, footnotes under the table; and comparing it with the long sheet.

use super::*;

/// Why a sheet in the readable layout could not be read.
pub(super) enum Unreadable {
    /// The sheet came close to a table but is not one; said in the final error.
    Reason(String),
    /// A row of a table cannot be read: the whole import stops here.
    Row { row: u32, message: String },
}

/// The heading of a table: which columns hold codes, names, units and which values.
#[derive(Debug)]
pub(super) struct Heading {
    /// The last row the heading takes.
    last_row: u32,
    code: u32,
    name: Option<u32>,
    unit: Option<u32>,
    values: Vec<(u32, Column)>,
}

/// The words for a kind of value, in either language and the usual Dutch synonyms.
pub(super) fn value_kind_word(word: &str) -> Option<ValueKind> {
    let word = word.trim_end_matches(':');
    kind_of(word).or_else(|| {
        Language::ALL.iter().find_map(|language| {
            ValueKind::ALL
                .into_iter()
                .find(|kind| fold(language.value_kind(*kind)) == word)
        })
    })
}

/// `Werkelijk`, `Werkelijk 2021` or `2021 Werkelijk`: a kind with or without its year.
pub(super) fn kind_heading(text: &str) -> Option<(ValueKind, Option<i32>)> {
    let folded = fold(text);
    match folded.split_whitespace().collect::<Vec<_>>()[..] {
        [word] => Some((value_kind_word(word)?, None)),
        [first, second] => match (value_kind_word(first), value_kind_word(second)) {
            (Some(kind), None) => Some((kind, Some(year_of_text(second)?))),
            (None, Some(kind)) => Some((kind, Some(year_of_text(first)?))),
            _ => None,
        },
        _ => None,
    }
}

pub(super) fn year_of_text(text: &str) -> Option<i32> {
    let year: i32 = text.trim().parse().ok()?;
    (1800..=2200).contains(&year).then_some(year)
}

pub(super) fn year_of(data: &Data) -> Option<i32> {
    match data {
        Data::String(text) => year_of_text(text),
        Data::Int(int) => i32::try_from(*int)
            .ok()
            .filter(|year| (1800..=2200).contains(year)),
        Data::Float(float) if float.fract() == 0.0 => year_of_text(&shortest(*float)),
        _ => None,
    }
}

/// Column letters as the spreadsheet shows them: 0 → A, 27 → AB.
pub(super) fn column_letter(column: u32) -> String {
    let mut letters = Vec::new();
    let mut rest = column + 1;
    while rest > 0 {
        let digit = (rest - 1) % 26;
        letters.push(char::from(b'A' + digit as u8));
        rest = (rest - 1) / 26;
    }
    letters.iter().rev().collect()
}

/// The heading that starts at `row`, if one does: kinds in a row, each with its year beside it
/// or in the row under it. A kind written once over several years (a merged cell) holds for
/// the years to its right.
pub(super) fn heading_at(grid: &Grid, row: u32) -> Option<Result<Heading, String>> {
    let ((_, first_column), (_, last_column)) = grid.span()?;
    // Only filled cells are looked at: a row is as long as what it holds, not as the sheet.
    let kinds: BTreeMap<u32, (ValueKind, Option<i32>)> = grid
        .columns_in_row(row)
        .filter(|column| *column > first_column)
        .filter_map(|column| Some((column, kind_heading(&grid.text(row, column))?)))
        .collect();
    if kinds.is_empty() {
        return None;
    }
    let years_below: BTreeMap<u32, i32> = grid
        .columns_in_row(row + 1)
        .filter(|column| *column > first_column)
        .filter_map(|column| Some((column, year_of(grid.value(row + 1, column))?)))
        .collect();
    let two_rows = !years_below.is_empty() && kinds.values().any(|(_, year)| year.is_none());
    let mut values = Vec::new();
    let mut problems = Vec::new();
    let mut current = None;
    let mut filled: Vec<u32> = kinds.keys().chain(years_below.keys()).copied().collect();
    filled.sort_unstable();
    filled.dedup();
    let mut previous = first_column;
    for column in filled {
        // A column between with neither a kind nor a year ends the kind written over several.
        if column > previous + 1 {
            current = None;
        }
        previous = column;
        let below = if two_rows {
            years_below.get(&column).copied()
        } else {
            None
        };
        match kinds.get(&column) {
            Some(&(kind, year)) => {
                current = Some(kind);
                match year.or(below) {
                    Some(year) => values.push((column, Column::new(kind, year))),
                    None if kind == ValueKind::Target => {
                        values.push((column, Column { kind, year: None }));
                    }
                    None => problems.push(format!(
                        "`{}` in column {} has no year beside it or under it",
                        grid.text(row, column),
                        column_letter(column)
                    )),
                }
            }
            None => match (current, below) {
                (Some(kind), Some(year)) => values.push((column, Column::new(kind, year))),
                _ => current = None,
            },
        }
    }
    if !problems.is_empty() {
        return Some(Err(format!("row {}: {}", row + 1, problems.join("; "))));
    }
    let mut seen = Vec::new();
    for (column, value_column) in &values {
        if seen.contains(value_column) {
            return Some(Err(format!(
                "row {}: column {} repeats `{}`",
                row + 1,
                column_letter(*column),
                Language::Dutch.column_heading(*value_column)
            )));
        }
        seen.push(*value_column);
    }
    let first_value = values.first().map_or(last_column, |(column, _)| *column);
    let last_row = if two_rows { row + 1 } else { row };
    let text_columns: Vec<u32> = (first_column..first_value).collect();
    // Columns named in the heading rows; the others in order: code, name, unit.
    let named = |words: &[&str]| {
        text_columns.iter().copied().find(|column| {
            (row..=last_row).any(|heading_row| {
                let label = fold(&grid.text(heading_row, *column));
                words.contains(&label.trim_end_matches(['.', ':']))
            })
        })
    };
    let named = [
        named(&["nr", "no", "code", "nummer"]),
        named(&["indicator", "indicatoren", "naam", "name", "omschrijving"]),
        named(&["eenheid", "unit", "eenh"]),
    ];
    let mut free = text_columns
        .iter()
        .copied()
        .filter(|column| !named.contains(&Some(*column)));
    let [code, name, unit] = named;
    let code = code.or_else(|| free.next());
    let name = name.or_else(|| free.next());
    let unit = unit.or_else(|| free.next());
    let code = code?;
    Some(Ok(Heading {
        last_row,
        code,
        name,
        unit,
        values,
    }))
}

/// A value cell as read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct ReadValue {
    value: CellValue,
    raw: String,
    footnotes: Vec<u32>,
    review: Option<String>,
}

impl ReadValue {
    fn text(raw: String, review: String) -> ReadValue {
        ReadValue {
            value: CellValue::Text,
            raw,
            footnotes: Vec::new(),
            review: Some(review),
        }
    }
}

pub(super) fn blank_labels() -> impl Iterator<Item = &'static str> {
    Language::ALL
        .into_iter()
        .map(|language| language.texts().blank_cell)
}

/// Reads one value cell. `defined` are the footnote numbers whose texts the sheet gives.
pub(super) fn read_value(grid: &Grid, row: u32, column: u32, defined: &[u32]) -> Option<ReadValue> {
    let style = grid.style(row, column);
    let shape = NumberShape::of_cell(style);
    let mut read = match grid.value(row, column) {
        Data::Empty => return None,
        Data::String(text) => read_text(text, defined)?,
        Data::Float(float) => read_number(*float, &shape),
        Data::Int(int) => read_number(*int as f64, &shape),
        Data::Bool(value) => ReadValue::text(
            value.to_string(),
            format!("Waar/onwaar ({value}) in plaats van een getal: vul de waarde in"),
        ),
        Data::Error(error) => ReadValue::text(
            error.to_string(),
            format!("Foutwaarde van het rekenblad ({error}): vul de waarde in"),
        ),
        other => ReadValue::text(
            other.to_string(),
            format!("Een datum of tijd ({other}) in plaats van een getal: bevestig de waarde"),
        ),
    };
    for number in shape.footnotes {
        if !read.footnotes.contains(&number) {
            read.footnotes.push(number);
        }
    }
    let fill = style
        .and_then(|style| style.fill.as_ref())
        .filter(|fill| fill.is_visible())
        .and_then(|fill| fill.get_color())
        .map(|found| Rgb(found.red, found.green, found.blue));
    if fill == Some(style::MARKER_OTHER) && read.value == CellValue::Text {
        // Another publisher's sign (`p.m.`, `n/a`), written on the marker colour: it was a
        // marker, and is read back as one rather than as text to check.
        read.value = CellValue::Missing(Marker::Other(read.raw.clone()));
        read.review = None;
    }
    if fill == Some(style::REVIEW) && read.review.is_none() {
        read.review =
            Some("In het rekenblad geel gemarkeerd als te controleren: bevestig de waarde".into());
    }
    Some(read)
}

pub(super) fn read_number(float: f64, shape: &NumberShape) -> ReadValue {
    match decimal_of(float, shape) {
        Some(number) => ReadValue {
            value: CellValue::Number(number),
            raw: format!(
                "{}{}",
                format_decimal(number, Language::Dutch),
                if shape.percent { "%" } else { "" }
            ),
            footnotes: Vec::new(),
            review: None,
        },
        None => ReadValue::text(
            shortest(float),
            format!("Het getal {float} past niet in een exacte decimaal: vul de waarde in"),
        ),
    }
}

/// Text typed in a value cell: a marker (`NB`, `NB3`, `NB 3)`), `(leeg)`, a number in Dutch
/// notation (`68,6`, `10,81%`), `? …` for text awaiting review, or other text, which is kept and
/// flagged, never guessed.
pub(super) fn read_text(text: &str, defined: &[u32]) -> Option<ReadValue> {
    let folded = fold_whitespace(text);
    if folded.is_empty() {
        return None;
    }
    if let Some(rest) = folded.strip_prefix("? ").filter(|rest| !rest.is_empty()) {
        let (raw, footnotes) = review_text(rest);
        return Some(ReadValue {
            value: CellValue::Text,
            raw: raw.to_string(),
            footnotes,
            review: Some(format!(
                "In het rekenblad gemarkeerd als te controleren (“{folded}”): bevestig de waarde"
            )),
        });
    }
    let (body, footnotes) = split_footnote_refs(&folded);
    if blank_labels().any(|label| label == body) {
        return Some(ReadValue {
            // A blank cell has no text as printed: the long CSV tells blank from text by it.
            value: CellValue::Missing(Marker::Blank),
            raw: String::new(),
            footnotes,
            review: None,
        });
    }
    let cell = read_cell(body, defined);
    let mut all_footnotes = footnotes;
    for number in cell.footnotes {
        if !all_footnotes.contains(&number) {
            all_footnotes.push(number);
        }
    }
    Some(ReadValue {
        value: cell.value,
        raw: folded.clone(),
        footnotes: all_footnotes,
        review: cell.review,
    })
}

/// The raw text of a cell to check, after its `? `: footnote numbers after it are split off,
/// unless they are all there is (`? 3)`).
pub(super) fn review_text(rest: &str) -> (&str, Vec<u32>) {
    match split_footnote_refs(rest) {
        ("", _) => (rest, Vec::new()),
        split => split,
    }
}

/// `Bron: Begroting 2023 gemeente Diemen` → the source it cites.
pub(super) fn source_of_citation(citation: &str) -> Source {
    let (title, municipality) = citation
        .split_once(" gemeente ")
        .map_or((citation.trim(), ""), |(title, municipality)| {
            (title.trim(), municipality.trim())
        });
    let folded = fold(title);
    let kind = if folded.starts_with("begroting") {
        DocumentKind::Budget
    } else if ["jaarstukken", "jaarrekening", "jaarverslag"]
        .iter()
        .any(|word| folded.starts_with(word))
    {
        DocumentKind::Accounts
    } else if folded.contains("monitor") {
        DocumentKind::Monitor
    } else {
        DocumentKind::Other
    };
    let year = title.split_whitespace().rev().find_map(year_of_text);
    Source {
        // The key the importer gives a source: municipality and title.
        key: if municipality.is_empty() {
            title.to_string()
        } else {
            format!("{municipality} {title}")
        },
        title: title.to_string(),
        municipality: municipality.to_string(),
        kind,
        year,
        file_name: String::new(),
        footnotes: BTreeMap::new(),
    }
}

/// Text after one of `prefixes` and a space (`Doel 3. …` → `3. …`), any case.
pub(super) fn after_word(text: &str, prefixes: impl Iterator<Item = &'static str>) -> Option<&str> {
    let lower = text.to_lowercase();
    prefixes.into_iter().find_map(|prefix| {
        let prefix = prefix.to_lowercase();
        lower
            .strip_prefix(&prefix)
            .filter(|rest| rest.starts_with(' ') || rest.starts_with(':'))
            .and_then(|_| text.get(prefix.len()..))
            .map(|rest| rest.trim_start_matches(':').trim())
    })
}

/// A goal heading: `Doel 3. Title 2)`, `Goal 3`, or `3. Title`.
pub(super) fn goal_heading(text: &str) -> Option<(String, String, Vec<u32>)> {
    let prefixed = after_word(
        text,
        Language::ALL
            .into_iter()
            .map(|language| language.texts().goal),
    );
    let rest = prefixed.unwrap_or(text);
    let (code, title) = match rest.split_once(char::is_whitespace) {
        Some((code, title)) => (code, title.trim()),
        None => (rest, ""),
    };
    // Without the word `Doel`, only `3. Title` is a heading; `3.1.3` alone is an indicator code.
    if prefixed.is_none() && (!code.ends_with('.') || title.is_empty()) {
        return None;
    }
    let code = code.trim_end_matches('.');
    if code.is_empty() || !code.chars().all(|c| c.is_alphanumeric() || c == '.') {
        return None;
    }
    let (title, footnotes) = split_footnote_refs(title);
    Some((code.to_string(), title.to_string(), footnotes))
}

/// An indicator code as printed: no spaces, digits, letters and dots, with at least one digit.
pub(super) fn is_code(text: &str) -> bool {
    text.chars().count() <= 20
        && text.chars().any(|c| c.is_ascii_digit())
        && text
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-'))
}

/// `3) Geen data bekend …` → (3, text).
pub(super) fn footnote_line(text: &str) -> Option<(u32, String)> {
    let (number, rest) = text.split_once(')')?;
    let number: u32 = number.trim().parse().ok()?;
    Some((number, rest.trim().to_string()))
}

/// Collects a document from the readable layout.
#[derive(Default)]
pub(super) struct LayoutReader {
    sources: Vec<Source>,
    footnotes: BTreeMap<u32, String>,
    programmes: Vec<Programme>,
    /// Where the row being read belongs: programme, goal, indicator.
    programme: Option<usize>,
    indicator: Option<(usize, usize, usize)>,
    indicators: usize,
    /// The codes read in each programme, and the sub-rows of each indicator: looked up per row,
    /// so kept in sets (a sheet of 100,000 rows stays linear).
    codes: std::collections::HashSet<(usize, String)>,
    series: std::collections::HashSet<((usize, usize, usize), String)>,
}

impl LayoutReader {
    fn programme_mut(&mut self) -> usize {
        match self.programme {
            Some(index) => index,
            None => {
                self.programmes.push(Programme {
                    name: String::new(),
                    goals: Vec::new(),
                });
                let index = self.programmes.len() - 1;
                self.programme = Some(index);
                index
            }
        }
    }

    fn goal_mut(&mut self, code: &str) -> (usize, usize) {
        let programme = self.programme_mut();
        let goal = self.programmes[programme].goal_index(code, "");
        (programme, goal)
    }

    fn finish(mut self, sheet: &str) -> Document {
        if self.sources.is_empty() {
            // No `Bron:` row: the sheet is the source; the importer adds the file's name.
            self.sources.push(Source {
                key: sheet.to_string(),
                title: sheet.to_string(),
                municipality: String::new(),
                kind: DocumentKind::Other,
                year: None,
                file_name: String::new(),
                footnotes: BTreeMap::new(),
            });
        }
        let key = self.sources[0].key.clone();
        self.sources[0].footnotes.extend(self.footnotes);
        for programme in &mut self.programmes {
            for goal in &mut programme.goals {
                goal.source = key.clone();
                for indicator in &mut goal.indicators {
                    indicator.source = key.clone();
                    for cell in &mut indicator.cells {
                        cell.source = key.clone();
                    }
                }
            }
        }
        Document {
            sources: self.sources,
            programmes: self.programmes,
        }
    }
}

/// Reads a sheet in the readable layout: `Ok(None)` when it holds no table at all.
pub(super) fn read_readable(grid: &Grid) -> Result<Option<Document>, Unreadable> {
    let Some(((first_row, _), (last_row, _))) = grid.span() else {
        return Ok(None);
    };
    let texts: Vec<&'static crate::i18n::Texts> =
        Language::ALL.into_iter().map(Language::texts).collect();
    let source_words = || texts.iter().map(|texts| texts.source);
    let legend_words = || texts.iter().map(|texts| texts.legend_heading);
    let programme_words = || texts.iter().map(|texts| texts.report_programme);
    let mandatory_words: Vec<String> = texts
        .iter()
        .map(|texts| format!("({})", texts.mandatory))
        .collect();

    let mut heading: Option<Heading> = None;
    let mut heading_problem = None;
    // Footnote numbers whose texts the sheet gives: a number glued to a marker counts as a
    // footnote only when there is one (`NB3`).
    let mut defined = Vec::new();
    let mut reader = LayoutReader::default();
    let mut in_legend = false;
    let mut row = first_row;
    let first_column = grid.span().map_or(0, |((_, column), _)| column);
    while row <= last_row {
        // An empty row says nothing: go on at the next filled one, so a stray cell a million
        // rows down costs one step, not a million.
        if grid.columns_in_row(row).next().is_none() {
            match grid.next_filled_row(row) {
                Some(next) => row = next,
                None => break,
            }
            continue;
        }
        // A row with an indicator code is a row of values, even when a value is a kind word.
        let leading = grid.text(
            row,
            heading.as_ref().map_or(first_column, |found| found.code),
        );
        if let Some(found) = heading_at(grid, row).filter(|_| !is_code(&leading)) {
            match found {
                Ok(found) => {
                    if heading.is_none() {
                        defined = footnotes_in(grid, &found, row, last_row);
                    }
                    row = found.last_row + 1;
                    heading = Some(found);
                    in_legend = false;
                    continue;
                }
                Err(problem) => {
                    heading_problem.get_or_insert(problem);
                }
            }
        }
        let first_text = grid.text(row, first_column);
        if let Some(citation) = after_word(&first_text, source_words()) {
            let source = source_of_citation(citation);
            if !reader.sources.iter().any(|known| known.key == source.key) {
                reader.sources.push(source);
            }
            // The legend is over; footnotes may follow the source.
            in_legend = false;
            row += 1;
            continue;
        }
        let Some(table) = heading.as_ref() else {
            row += 1;
            continue;
        };
        let code = grid.text(row, table.code);
        let name = table
            .name
            .map(|column| grid.text(row, column))
            .unwrap_or_default();
        let unit = table
            .unit
            .map(|column| grid.text(row, column))
            .unwrap_or_default();
        let has_values = table
            .values
            .iter()
            .any(|(column, _)| !matches!(grid.value(row, *column), Data::Empty));
        if legend_words().any(|word| fold(&code) == fold(word)) && !has_values {
            in_legend = true;
        } else if in_legend {
            // The legend explains the markers; its rows are no indicators.
        } else if !code.is_empty() {
            if let Some(programme) = after_word(&code, programme_words()).filter(|_| !has_values) {
                reader.programme = match reader
                    .programmes
                    .iter()
                    .position(|known| known.name == programme)
                {
                    Some(index) => Some(index),
                    None => {
                        reader.programmes.push(Programme {
                            name: programme.to_string(),
                            goals: Vec::new(),
                        });
                        Some(reader.programmes.len() - 1)
                    }
                };
                reader.indicator = None;
            } else if let Some((goal_code, title, footnotes)) =
                goal_heading(&code).filter(|_| !has_values && name.is_empty())
            {
                let (p, g) = reader.goal_mut(&goal_code);
                let goal = &mut reader.programmes[p].goals[g];
                goal.title = title;
                goal.footnotes = footnotes;
                reader.indicator = None;
            } else if let Some(goal_code) = Some(code.trim_end_matches('.')).filter(|goal_code| {
                !has_values
                    && unit.is_empty()
                    && !name.is_empty()
                    && !goal_code.contains('.')
                    && is_code(goal_code)
            }) {
                // `3` in the code column, the goal's title beside it and no values: a goal
                // heading typed in two cells.
                let (title, footnotes) = split_footnote_refs(&name);
                let (p, g) = reader.goal_mut(goal_code);
                let goal = &mut reader.programmes[p].goals[g];
                goal.title = title.to_string();
                goal.footnotes = footnotes;
                reader.indicator = None;
            } else if is_code(&code) {
                let (p, g) = reader.goal_mut(goal_code_of(&code));
                if !reader.codes.insert((p, code.clone())) {
                    return Err(Unreadable::Row {
                        row: row + 1,
                        message: format!("indicator {code} is in the table twice"),
                    });
                }
                let (label, footnotes) = split_footnote_refs(&name);
                let mut label = label.to_string();
                let mut mandatory = false;
                for word in &mandatory_words {
                    if label.to_lowercase().ends_with(word.as_str()) {
                        label.truncate(label.len() - word.len());
                        label = label.trim_end().to_string();
                        mandatory = true;
                    }
                }
                let mut indicator = Indicator {
                    code: code.clone(),
                    name: label,
                    unit,
                    mandatory,
                    kind: IndicatorKind::Performance,
                    series: Vec::new(),
                    label_raw: String::new(),
                    footnotes,
                    review: None,
                    source: String::new(),
                    better: None,
                    cells: Vec::new(),
                };
                add_cells(grid, table, row, "", &defined, &mut indicator);
                let indicators = &mut reader.programmes[p].goals[g].indicators;
                indicators.push(indicator);
                reader.indicator = Some((p, g, indicators.len() - 1));
                reader.indicators += 1;
            }
        } else if !name.is_empty() {
            if let Some((number, text)) = footnote_line(&name).filter(|_| !has_values) {
                reader.footnotes.entry(number).or_insert(text);
            } else if let Some((p, g, i)) = reader.indicator {
                // A sub-row: its name in the name column, its code column empty.
                let series = name.trim_start_matches(['·', '•']).trim().to_string();
                let indicator = &mut reader.programmes[p].goals[g].indicators[i];
                if reader.series.insert(((p, g, i), series.clone())) {
                    indicator.series.push(series.clone());
                }
                add_cells(grid, table, row, &series, &defined, indicator);
            }
        }
        row += 1;
    }
    if reader.indicators == 0 {
        return match (heading, heading_problem) {
            (Some(found), _) => Err(Unreadable::Reason(format!(
                "a heading with kinds and years in row {}, but no indicator rows (a code such as \
                 3.1.3 in column {}) under it",
                found.last_row + 1,
                column_letter(found.code)
            ))),
            (None, Some(problem)) => Err(Unreadable::Reason(problem)),
            (None, None) => Ok(None),
        };
    }
    Ok(Some(reader.finish(&grid.name)))
}

/// Footnote numbers whose texts a table gives in the rows under its heading.
pub(super) fn footnotes_in(grid: &Grid, heading: &Heading, from: u32, to: u32) -> Vec<u32> {
    let Some(name) = heading.name else {
        return Vec::new();
    };
    (from..=to)
        .filter(|row| grid.text(*row, heading.code).is_empty())
        .filter_map(|row| footnote_line(&grid.text(row, name)).map(|(number, _)| number))
        .collect()
}

/// The value cells of one row. A sub-row's marker equal to the one on the indicator's own row
/// is that marker shown again (a marker printed once for the group): it is not a cell of its own.
pub(super) fn add_cells(
    grid: &Grid,
    heading: &Heading,
    row: u32,
    series: &str,
    defined: &[u32],
    indicator: &mut Indicator,
) {
    for (column, value_column) in &heading.values {
        let Some(read) = read_value(grid, row, *column, defined) else {
            continue;
        };
        if !series.is_empty()
            && read.review.is_none()
            // The indicator's own row comes first: only its cells are looked at.
            && indicator.cells.iter().take_while(|group| group.series.is_empty()).any(|group| {
                group.column == *value_column
                    && matches!(group.value, CellValue::Missing(_))
                    && group.value == read.value
                    && group.footnotes == read.footnotes
            })
        {
            continue;
        }
        indicator.cells.push(Cell {
            series: series.to_string(),
            column: *value_column,
            value: read.value,
            raw: read.raw,
            footnotes: read.footnotes,
            review: read.review,
            source: String::new(),
            chosen: false,
        });
    }
}

// ---------------------------------------------------------------------------------------------
// Comparing the two sheets
// ---------------------------------------------------------------------------------------------

/// What a table shows in one place, for comparing two readings of it: an absent cell shows as
/// blank, numbers compare on the 15 digits a spreadsheet keeps, text on its raw text as the
/// readable sheet gives it back (whitespace folded, footnote numbers apart).
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Shown {
    Number(String),
    Marker(Marker),
    Text(String),
}

pub(super) fn shown(indicator: &Indicator, series: &str, column: Column) -> Option<Shown> {
    let (cell, _) = indicator.displayed_cell(series, column)?;
    Some(match cell.map(|cell| &cell.value) {
        None => Shown::Marker(Marker::Blank),
        Some(CellValue::Missing(marker)) => Shown::Marker(marker.clone()),
        Some(CellValue::Text) => {
            let folded = fold_whitespace(cell.map_or("", |cell| cell.raw.as_str()));
            Shown::Text(review_text(&folded).0.to_string())
        }
        Some(CellValue::Number(number)) => Shown::Number(
            number
                .to_string()
                .parse::<f64>()
                .map(|float| format!("{float:.14e}"))
                .unwrap_or_else(|_| number.to_string()),
        ),
    })
}

pub(super) fn describe(shown: Option<&Shown>, language: Language) -> String {
    match shown {
        None => "nothing".to_string(),
        Some(Shown::Marker(marker)) => language.marker_label(marker),
        Some(Shown::Text(raw)) => format!("“{raw}”"),
        Some(Shown::Number(number)) => Decimal::from_scientific(number)
            .map(|number| format_decimal(number.normalize(), language))
            .unwrap_or_else(|_| number.clone()),
    }
}

/// The first place where `readable` shows something else than `long`, in words.
pub(super) fn first_difference(long: &Document, readable: &Document) -> Option<String> {
    // By code, so comparing is n·log n in the number of indicators.
    fn by_code(document: &Document) -> BTreeMap<String, &Indicator> {
        document
            .indicators()
            .map(|(_, _, indicator)| (indicator.code.clone(), indicator))
            .collect()
    }
    let (long_codes, readable_codes) = (by_code(long), by_code(readable));
    if let Some((_, _, ours)) = readable
        .indicators()
        .find(|(_, _, ours)| !long_codes.contains_key(&ours.code))
    {
        return Some(format!(
            "indicator {} is only in the readable sheet",
            ours.code
        ));
    }
    if let Some((_, _, theirs)) = long
        .indicators()
        .find(|(_, _, theirs)| !readable_codes.contains_key(&theirs.code))
    {
        return Some(format!(
            "indicator {} is only in the long sheet",
            theirs.code
        ));
    }
    let mut columns = long.columns();
    columns.extend(readable.columns());
    columns.sort();
    columns.dedup();
    for (_, _, theirs) in long.indicators() {
        let Some(ours) = readable_codes.get(&theirs.code).copied() else {
            continue;
        };
        if theirs.series != ours.series {
            return Some(format!(
                "indicator {} has the rows {:?} in one sheet and {:?} in the other",
                theirs.code, theirs.series, ours.series
            ));
        }
        for series in theirs.rows() {
            for column in &columns {
                let (a, b) = (shown(theirs, series, *column), shown(ours, series, *column));
                // Text of nothing but spaces cannot be told from the sign `?` once written as
                // `? `: no person typed it, and it says nothing to compare.
                let blank_text = a == Some(Shown::Text(String::new()));
                if a != b && !blank_text {
                    let place = if series.is_empty() {
                        theirs.code.clone()
                    } else {
                        format!("{} ({series})", theirs.code)
                    };
                    return Some(format!(
                        "{place} {} is {} in the long sheet and {} in the readable sheet",
                        Language::Dutch.column_heading(*column),
                        describe(a.as_ref(), Language::Dutch),
                        describe(b.as_ref(), Language::Dutch)
                    ));
                }
            }
        }
    }
    None
}
