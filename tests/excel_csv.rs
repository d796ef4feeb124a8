//! The long CSV after a round through a spreadsheet with Dutch settings: Excel saves it with `;`
//! as the separator, in Windows-1252 (or UTF-8 with a byte-order mark for "CSV UTF-8"), with
//! decimal commas, `WAAR`/`ONWAAR`, and numbers without their trailing zeros. Reading it gives
//! the sample back.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use peilstok::formats::long_csv;
use peilstok::model::{CellValue, Document};
use peilstok::sample::{SAMPLE_CSV, sample_document};
use rust_decimal::Decimal;

/// The bundled sample as Excel (Dutch settings, "CSV (gescheiden door lijstscheidingsteken)")
/// saves it after opening it. Made once from `assets/diemen-begroting-2023-sociaal.csv` by a
/// script outside the repository (a separate program, so that the reader and the maker do not
/// share a misreading), doing what [`as_excel_utf8_saves_it`] does but encoding in Windows-1252,
/// which has no `ĳ`: Excel writes `?` for it.
const EXCEL_NL: &[u8] = include_bytes!("fixtures/excel-nl.csv");

/// The document as the long CSV writes it: the text keeps every value's scale, which
/// `Decimal`'s equality ignores (689 == 689.0).
fn written(document: &Document) -> String {
    let mut bytes = Vec::new();
    long_csv::write(document, &mut bytes).unwrap();
    String::from_utf8(bytes).unwrap()
}

/// Every cell of `document` with its indicator, for a message that names the cell that differs.
fn cells(document: &Document) -> Vec<(String, peilstok::model::Cell)> {
    document
        .indicators()
        .flat_map(|(_, _, indicator)| {
            indicator
                .cells
                .iter()
                .map(|cell| (indicator.code.clone(), cell.clone()))
        })
        .collect()
}

#[test]
fn the_fixture_is_what_excel_writes() {
    assert!(EXCEL_NL.starts_with(b"indicator;series;name;unit;mandatory;year;kind;value;"));
    assert!(EXCEL_NL.windows(2).any(|pair| pair == b"\r\n"));
    let text = encoding_rs::WINDOWS_1252.decode(EXCEL_NL).0;
    assert!(text.contains(";WAAR;2020;realised;68,6;;68,6%;"), "3.1.3");
    assert!(text.contains(";ONWAAR;"));
    // `ë` is 0xEB and `’` is 0x92, a byte that Latin-1 would read as a control character.
    assert!(EXCEL_NL.contains(&0xEB) && EXCEL_NL.contains(&0x92));
    assert!(text.contains("cliënten") && text.contains("vrijwilligersprogramma’s"));
}

#[test]
fn excel_with_dutch_settings_gives_the_sample_back() {
    let sample = sample_document().unwrap();
    let read = long_csv::read(EXCEL_NL).unwrap();

    // Every cell: value and scale, marker, raw text, footnotes, review, source and choice.
    let (read_cells, sample_cells) = (cells(&read), cells(&sample));
    assert_eq!(read_cells.len(), 199);
    assert_eq!(read_cells.len(), sample_cells.len());
    for (read, sample) in read_cells.iter().zip(&sample_cells) {
        assert_eq!(read, sample);
        if let (CellValue::Number(read), CellValue::Number(sample)) =
            (&read.1.value, &sample.1.value)
        {
            assert_eq!(read.to_string(), sample.to_string(), "scale of {}", sample);
        }
    }

    // The rest of the document too, but for the one character Windows-1252 lacks: Excel wrote
    // `?` for the `ĳ` in the labels as printed.
    let (_, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&SAMPLE_CSV.replace('ĳ', "?"));
    assert!(
        !unmappable,
        "ĳ is the sample's only character outside Windows-1252"
    );
    let expected = long_csv::read(SAMPLE_CSV.replace('ĳ', "?").as_bytes()).unwrap();
    assert_eq!(read, expected);
    assert_eq!(written(&read), written(&expected));
}

/// What Excel does to a long CSV: `;`, CRLF, numbers with a decimal comma and without trailing
/// zeros, `WAAR`/`ONWAAR`; saved as "CSV UTF-8" (with a byte-order mark).
fn as_excel_utf8_saves_it(csv_text: &str) -> Vec<u8> {
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let header = reader.headers().unwrap().clone();
    let column = |name: &str| header.iter().position(|field| field == name).unwrap();
    let (kind, value) = (column("kind"), column("value"));
    let booleans = [column("mandatory"), column("chosen")];
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b';')
        .terminator(csv::Terminator::CRLF)
        .from_writer(b"\xEF\xBB\xBF".to_vec());
    writer.write_record(&header).unwrap();
    for record in reader.records() {
        let record = record.unwrap();
        let fields: Vec<String> = record
            .iter()
            .enumerate()
            .map(|(index, field)| {
                let is_cell =
                    matches!(&record[kind], "realised" | "budget" | "forecast" | "target");
                if index == value && is_cell && !field.is_empty() {
                    let number: Decimal = field.parse().unwrap();
                    number.normalize().to_string().replace('.', ",")
                } else if booleans.contains(&index) {
                    match field {
                        "true" => "WAAR".into(),
                        "false" => "ONWAAR".into(),
                        other => other.into(),
                    }
                } else {
                    field.to_string()
                }
            })
            .collect();
        writer.write_record(&fields).unwrap();
    }
    writer.into_inner().unwrap()
}

/// Adds a trailing zero to a number as a budget would print it: `68,6%` → `68,60%`, `57` →
/// `57,0`.
fn printed_with_one_more_decimal(raw: &str, number: Decimal) -> String {
    let printed = peilstok::numbers::format_decimal(number, peilstok::i18n::Language::Dutch);
    let more = if printed.contains(',') {
        format!("{printed}0")
    } else {
        format!("{printed},0")
    };
    raw.replacen(&printed, &more, 1)
}

#[test]
fn trailing_zeros_that_excel_drops_come_back_from_the_printed_text() {
    // The sample as a budget that prints every number with one decimal more (`68,60%`, `57,0`):
    // Excel keeps the number, not its text, and writes 68,6 and 57.
    let mut document = sample_document().unwrap();
    let mut changed = 0;
    for programme in &mut document.programmes {
        for goal in &mut programme.goals {
            for indicator in &mut goal.indicators {
                for cell in &mut indicator.cells {
                    let CellValue::Number(number) = cell.value else {
                        continue;
                    };
                    let raw = printed_with_one_more_decimal(&cell.raw, number);
                    if raw == cell.raw {
                        continue;
                    }
                    let mut scaled = number;
                    scaled.rescale(number.scale() + 1);
                    cell.value = CellValue::Number(scaled);
                    cell.raw = raw;
                    changed += 1;
                }
            }
        }
    }
    assert!(changed > 130, "{changed} of the sample's 139 numbers");
    let csv_text = written(&document);
    assert!(csv_text.contains(",68.60,,\"68,60%\","));
    let excel = as_excel_utf8_saves_it(&csv_text);
    let excel_text = String::from_utf8_lossy(&excel);
    assert!(
        excel_text.contains(";68,6;;68,60%;"),
        "Excel dropped the zero"
    );
    assert!(excel_text.contains(";57;;57,0;"));

    let read = long_csv::read(excel.as_slice()).unwrap();
    assert_eq!(read, document);
    assert_eq!(
        written(&read),
        csv_text,
        "every value has its printed scale"
    );
}

#[test]
fn a_dropped_zero_is_restored_only_when_the_printed_number_is_the_same() {
    let sample = written(&sample_document().unwrap());
    // 3.1.3's 2020 value: Excel's 68,6 beside a printed 68,60% is 68.60; beside a printed 68,70%
    // (a person changed the value) it stays 68.6.
    for (raw, expected) in [("68,60%", "68.60"), ("68,70%", "68.6"), ("68,6%", "68.6")] {
        let csv_text = sample.replacen(",68.6,,\"68,6%\",", &format!(",68.6,,\"{raw}\","), 1);
        let read = long_csv::read(as_excel_utf8_saves_it(&csv_text).as_slice()).unwrap();
        let (_, _, indicator) = read
            .indicators()
            .find(|(_, _, indicator)| indicator.code == "3.1.3")
            .unwrap();
        assert_eq!(
            indicator.cells[0].number().unwrap().to_string(),
            expected,
            "{raw}"
        );
    }
    // A file written by Peilstok (`,`-separated) is read exactly as written.
    let csv_text = sample.replacen(",68.6,,\"68,6%\",", ",68.6,,\"68,60%\",", 1);
    let read = long_csv::read(csv_text.as_bytes()).unwrap();
    assert_eq!(written(&read), csv_text);
}

#[test]
fn a_decimal_comma_is_read_only_in_a_semicolon_separated_file() {
    let excel = as_excel_utf8_saves_it(&written(&sample_document().unwrap()));
    let excel_text = String::from_utf8(excel).unwrap();
    // `1.234` may carry a thousands point: refused, not guessed.
    let ambiguous = excel_text.replacen(";68,6;;68,6%;", ";1.234;;68,6%;", 1);
    let error = long_csv::read(ambiguous.as_bytes())
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("value `1.234` is ambiguous in a `;`-separated file"),
        "{error}"
    );
    let plain = excel_text.replacen(";68,6;;68,6%;", ";68.6;;68,6%;", 1);
    assert!(
        long_csv::read(plain.as_bytes()).is_ok(),
        "Peilstok's own `.`"
    );
    let both = excel_text.replacen(";68,6;;68,6%;", ";1.068,6;;68,6%;", 1);
    let error = long_csv::read(both.as_bytes()).unwrap_err().to_string();
    assert!(error.contains("no thousands separator"), "{error}");
}
