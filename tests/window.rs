//! The window, driven as a person would: by what it says (AccessKit labels), with clicks, hovers
//! and keys. No GPU needed.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::{Path, PathBuf};

use egui::accesskit::Role;
use egui_kittest::kittest::{NodeT, Queryable};
use egui_kittest::{Harness, Node};
use peilstok::app::{Message, Settings, StartWith};
use peilstok::chart::ChartKind;
use peilstok::export::report::Paper;
use peilstok::i18n::Language;
use peilstok::sample::sample_document;
use peilstok::ui::{FileChooser, PeilstokApp};

/// Answers every file dialog with a fixed path, as a person picking that file would.
struct FixedChooser {
    path: PathBuf,
}

impl FileChooser for FixedChooser {
    fn open_document(&self, _language: Language) -> Option<PathBuf> {
        Some(self.path.clone())
    }

    fn save_document(&self, _language: Language, _suggested_name: &str) -> Option<PathBuf> {
        Some(self.path.clone())
    }

    fn import_file(&self, _language: Language) -> Option<PathBuf> {
        Some(self.path.clone())
    }

    fn save_chart(&self, _language: Language, _suggested: &Path) -> Option<PathBuf> {
        Some(self.path.clone())
    }

    fn save_report(&self, _language: Language, _suggested: &Path) -> Option<PathBuf> {
        Some(self.path.clone())
    }

    fn save_exchange(&self, _language: Language, _suggested: &Path) -> Option<PathBuf> {
        Some(self.path.clone())
    }
}

fn window(dialog_answer: &Path) -> Harness<'static, PeilstokApp> {
    window_of_size(dialog_answer, egui::vec2(1600.0, 1500.0))
}

fn window_of_size(dialog_answer: &Path, size: egui::Vec2) -> Harness<'static, PeilstokApp> {
    window_with(dialog_answer, size, Settings::default())
}

/// The window on the sample, of `size`, started with `settings` (as stored by an earlier run).
fn window_with(
    dialog_answer: &Path,
    size: egui::Vec2,
    settings: Settings,
) -> Harness<'static, PeilstokApp> {
    let chooser = FixedChooser {
        path: dialog_answer.to_path_buf(),
    };
    let mut harness = Harness::builder()
        .with_size(size)
        // Short frames: kittest spends a frame per event, and two clicks must still fall within
        // the double-click time.
        .with_step_dt(0.02)
        // Tooltips at once: the test does not wait like a person resting the mouse.
        .with_context_setup(|ctx| {
            ctx.global_style_mut(|style| style.interaction.tooltip_delay = 0.0)
        })
        .build_eframe(move |cc| {
            PeilstokApp::new(&cc.egui_ctx, settings, StartWith::Sample, Box::new(chooser)).unwrap()
        });
    harness.run();
    harness
}

/// The label node in the table cell at the row of `row_code` and the column headed `column`,
/// found the way a reader finds it: by row and column.
fn table_cell<'h>(
    harness: &'h Harness<'static, PeilstokApp>,
    row_code: &str,
    column: &str,
    text: &'h str,
) -> Node<'h> {
    let row = harness.get_by_label(row_code).rect();
    let header = harness.get_by_label(column).rect();
    harness
        .get_all_by_label(text)
        .find(|node| {
            let rect = node.rect();
            let centre = rect.center();
            (row.min.y..=row.max.y).contains(&centre.y)
                && rect.max.x <= header.max.x + 1.0
                && rect.min.x >= header.min.x - 60.0
        })
        .unwrap_or_else(|| panic!("no `{text}` in row {row_code}, column {column}"))
}

#[test]
fn the_sample_opens_with_its_tables() {
    let directory = tempfile::tempdir().unwrap();
    let harness = window(&directory.path().join("unused.peilstok"));
    assert!(
        harness
            .state()
            .state()
            .window_title()
            .starts_with("Voorbeeld: Diemen")
    );
    for heading in [
        "Werkelijk 2020",
        "Werkelijk 2021",
        "Begroot 2022",
        "Begroot 2023",
    ] {
        harness.get_by_label(heading);
    }
    // Goal 3's table and an ordinary value in Dutch notation.
    harness.get_by_label(
        "Alle doelgroepen binnen het sociaal domein participeren binnen eigen mogelijkheden",
    );
    table_cell(&harness, "3.1.3", "Werkelijk 2020", "68,6");
    table_cell(&harness, "3.1.7", "Begroot 2023", "3.200");
    // The completeness summary counts what is missing per column.
    harness.get_by_label_contains("Werkelijk 2021: ");
}

#[test]
fn a_missing_value_shows_its_marker_and_its_footnote_on_hover() {
    let directory = tempfile::tempdir().unwrap();
    let mut harness = window(&directory.path().join("unused.peilstok"));
    table_cell(&harness, "3.1.3", "Werkelijk 2021", "NB").hover();
    harness.run();
    let tooltip = harness.get_by_role(Role::Tooltip);
    tooltip.get_by_label_contains("niet bekend");
    tooltip.get_by_label("Voetnoot 3: Geen data bekend op waarstaatjegemeente.nl");
    tooltip.get_by_label("Zoals gedrukt: NB3");
}

#[test]
fn a_doubtful_cell_is_flagged_with_its_raw_text() {
    let directory = tempfile::tempdir().unwrap();
    let mut harness = window(&directory.path().join("unused.peilstok"));
    // Anywhere in the cell, not only on its right-aligned text.
    let row = harness.get_by_label("5.2.5").rect();
    let column = harness.get_by_label("Begroot 2023").rect();
    harness.hover_at(egui::pos2(column.min.x + 8.0, row.center().y));
    harness.run();
    harness
        .get_by_role(Role::Tooltip)
        .get_by_label_contains("Te controleren: 70& is vermoedelijk een tikfout");
}

#[test]
fn selecting_an_indicator_shows_its_trend_plot() {
    let directory = tempfile::tempdir().unwrap();
    let mut harness = window(&directory.path().join("unused.peilstok"));
    let legend_entries = |harness: &Harness<'static, PeilstokApp>| {
        harness
            .query_all_by_label("Werkelijk")
            .filter(|node| node.accesskit_node().role() == Role::CheckBox)
            .count()
    };
    assert_eq!(legend_entries(&harness), 0, "no plot before a selection");
    harness.get_by_label_contains(
        "Kies een indicator in de lijst of de tabel om het verloop te zien.",
    );
    harness
        .get_by_label(
            "3.1.3 % netto participatiegraad van mensen tussen 15-67 jaar die een baan hebben",
        )
        .click();
    harness.run();
    assert_eq!(
        legend_entries(&harness),
        1,
        "the plot's legend names the realised series"
    );
    let chart = harness.state_mut().selected_chart().cloned().unwrap();
    assert_eq!(chart.gaps[0].label, "NB");
    harness.get_by_label("Bron: Begroting 2023 gemeente Diemen");
    harness.get_by_label("Voetnoot 3: Geen data bekend op waarstaatjegemeente.nl");
}

#[test]
fn switching_to_english_changes_the_labels() {
    let directory = tempfile::tempdir().unwrap();
    let mut harness = window(&directory.path().join("unused.peilstok"));
    harness.get_by_label("Taal").click();
    harness.run();
    harness.get_by_label("English").click();
    harness.run();
    harness.get_by_label("Realised 2021");
    harness.get_by_label("File");
    assert!(harness.query_by_label("Werkelijk 2021").is_none());
    assert_eq!(harness.state().state().settings.language, Language::English);
}

#[test]
fn save_as_then_reopen_gives_the_same_document() {
    let directory = tempfile::tempdir().unwrap();
    let path = directory.path().join("diemen.peilstok");
    let mut harness = window(&path);
    harness.key_press_modifiers(
        egui::Modifiers::COMMAND.plus(egui::Modifiers::SHIFT),
        egui::Key::S,
    );
    finish_work(&mut harness);
    assert_eq!(harness.state().state().path(), Some(path.as_path()));
    assert!(
        harness
            .state()
            .state()
            .window_title()
            .starts_with("diemen.peilstok")
    );
    // Start over on an empty document, then open the saved file through the File menu.
    harness.get_by_label("Bestand").click();
    harness.run();
    harness.get_by_label("Nieuw").click();
    harness.run();
    assert!(harness.state().state().document().programmes.is_empty());
    harness.get_by_label("Bestand").click();
    harness.run();
    harness.get_by_label_contains("Openen…").click();
    finish_work(&mut harness);
    assert_eq!(
        harness.state().state().document(),
        &sample_document().unwrap()
    );
    table_cell(&harness, "3.1.3", "Werkelijk 2021", "NB");
}

#[test]
fn a_file_that_is_not_a_document_is_refused_in_words() {
    let directory = tempfile::tempdir().unwrap();
    let path = directory.path().join("notes.peilstok");
    std::fs::write(&path, "dit is geen Peilstok-document\n").unwrap();
    let mut harness = window(&path);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::O);
    harness.run();
    let Some(Message::Error(text)) = &harness.state().state().message else {
        panic!("expected an error");
    };
    harness.get_by_label(text);
    assert!(text.contains("is geen Peilstok-document"), "{text}");
    // The sample is still open.
    table_cell(&harness, "3.1.3", "Werkelijk 2021", "NB");
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "dit is geen Peilstok-document\n"
    );
}

#[test]
fn the_filter_narrows_tree_and_table_and_sub_rows_inherit_the_group_marker() {
    let directory = tempfile::tempdir().unwrap();
    let mut harness = window(&directory.path().join("unused.peilstok"));
    harness.get_by_role(Role::TextInput).click();
    harness.run();
    harness.get_by_role(Role::TextInput).type_text("genots");
    harness.run();
    assert!(harness.query_by_label("3.1.3").is_none());
    harness.get_by_label("5.3.1");
    harness.get_by_label("· Roken");
    // One printed `n.n.b.` on the group row; each sub-row shows it too (inherited).
    let column = harness.get_by_label("Werkelijk 2021").rect();
    let in_column = harness
        .get_all_by_label("n.n.b.")
        .filter(|node| {
            node.rect().min.x >= column.min.x - 60.0 && node.rect().max.x <= column.max.x + 1.0
        })
        .count();
    assert_eq!(in_column, 4);
}

/// The text fields labelled `label`.
fn text_inputs<'h>(harness: &'h Harness<'static, PeilstokApp>, label: &'h str) -> Vec<Node<'h>> {
    harness
        .query_all_by_label(label)
        .filter(|node| {
            node.accesskit_node().role() == Role::TextInput
                || node.accesskit_node().role() == Role::MultilineTextInput
        })
        .collect()
}

#[test]
fn importing_a_budget_text_shows_flagged_cells_first_and_imports_the_decisions() {
    let mut harness = window(&common::seed_path("002_"));
    harness.get_by_label("Bestand").click();
    harness.run();
    harness.get_by_label("Nieuw").click();
    harness.run();
    harness.get_by_label("Bestand").click();
    harness.run();
    harness.get_by_label("Importeren…").click();
    finish_work(&mut harness);

    harness.get_by_label_contains("Import controleren: 002_");
    // Flagged cells come first, each with its reason; the first is 2.1.1's `431`.
    harness.get_by_label_contains("431 kan ook 43 met voetnoot 1 zijn");
    let flagged_before = harness
        .state()
        .state()
        .pending_import
        .as_ref()
        .unwrap()
        .flagged()
        .len();
    assert_eq!(flagged_before, 9);
    // Correct 431 to 43 …
    text_inputs(&harness, "Juiste waarde:")[0].click();
    harness.run();
    text_inputs(&harness, "Juiste waarde:")[0].type_text("43");
    harness.run();
    harness
        .get_all_by_label("Corrigeren")
        .next()
        .unwrap()
        .click();
    harness.run();
    // … and keep the next one (3.3.9's composite cell) as read.
    harness
        .get_all_by_label("Overnemen zoals gelezen")
        .next()
        .unwrap()
        .click();
    harness.run();
    assert_eq!(
        harness
            .state()
            .state()
            .pending_import
            .as_ref()
            .unwrap()
            .flagged()
            .len(),
        flagged_before - 2
    );

    harness
        .get_by_label_contains("Importeren (45 indicatoren)")
        .click();
    harness.run();
    let state = harness.state().state();
    assert!(state.pending_import.is_none());
    let document = state.document();
    assert_eq!(document.indicators().count(), 45);
    assert_eq!(
        document.sources[0].citation(),
        "Begroting 2023 gemeente Diemen"
    );
    let (_, _, indicator) = document
        .indicators()
        .find(|(_, _, i)| i.code == "2.1.1")
        .unwrap();
    let corrected = indicator
        .cell(
            "",
            peilstok::model::Column::new(peilstok::model::ValueKind::Realised, 2020),
        )
        .unwrap();
    assert_eq!(corrected.number().map(|n| n.to_string()), Some("43".into()));
    assert_eq!(corrected.raw, "431", "the printed text stays on record");
    assert_eq!(corrected.review, None);
    // The table shows the imported figures.
    table_cell(&harness, "2.1.1", "Werkelijk 2020", "43");
}

#[test]
fn pasting_text_imports_it_after_review_and_cancel_changes_nothing() {
    let directory = tempfile::tempdir().unwrap();
    let mut harness = window(&directory.path().join("unused.peilstok"));
    let before = harness.state().state().document().clone();
    harness.key_press_modifiers(
        egui::Modifiers::COMMAND.plus(egui::Modifiers::SHIFT),
        egui::Key::V,
    );
    harness.run();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/ragged.txt");
    let text = std::fs::read_to_string(fixture).unwrap();
    let paste_label = "Plak hier de tekst van de begroting of jaarstukken (Ctrl+V)";
    text_inputs(&harness, paste_label)[0].click();
    harness.run();
    text_inputs(&harness, paste_label)[0].type_text(&text);
    harness.run();
    harness.get_by_label("Inlezen").click();
    finish_work(&mut harness);
    harness.get_by_label_contains("Import controleren: geplakte tekst");
    harness
        .get_all_by_label_contains("Rij met 3 cellen voor 4 kolommen")
        .next()
        .unwrap();
    harness.get_by_label("Annuleren").click();
    harness.run();
    assert!(harness.state().state().pending_import.is_none());
    assert_eq!(harness.state().state().document(), &before);
}

#[test]
fn a_text_without_tables_says_so_in_dutch_keeps_the_text_and_changes_nothing() {
    let mut harness = window(&common::seed_path("003_"));
    let before = harness.state().state().document().clone();
    harness.get_by_label("Bestand").click();
    harness.run();
    harness.get_by_label("Importeren…").click();
    finish_work(&mut harness);
    harness.get_by_label("Geen indicatortabel gevonden");
    assert!(
        harness
            .query_by_label_contains("no indicator table")
            .is_none(),
        "no English in the Dutch window"
    );
    // The text stays on screen beside the reason.
    harness
        .get_all_by_label_contains("overschrijding")
        .next()
        .unwrap();
    let pending = harness.state().state().pending_import.as_ref().unwrap();
    assert!(pending.text.contains("overschrijding"));
    harness.get_by_label("Annuleren").click();
    harness.run();
    assert_eq!(harness.state().state().document(), &before);
}

#[test]
fn the_guided_import_reads_a_table_the_automatic_reading_cannot() {
    // Delft, Jaarstukken 2024 (tests/corpus): a pipe table whose header says `Streven: PB 2024`
    // and `Stand: JR 2024`, which the automatic reading does not take for kinds of value.
    let text =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/delft-2024-duurzame-stad.txt");
    let mut harness = window(&text);
    let before = harness.state().state().document().clone();
    harness.get_by_label("Bestand").click();
    harness.run();
    harness.get_by_label("Importeren…").click();
    finish_work(&mut harness);
    harness.get_by_label("Geen indicatortabel gevonden");
    harness.get_by_label("Tabel zelf aanwijzen…").click();
    harness.run();
    // Lines 6 to 8 of the text, one header line.
    for (label, value) in [
        ("Eerste regel", "6"),
        ("Laatste regel", "8"),
        ("Kopregels", "1"),
    ] {
        text_inputs(&harness, label)[0].focus();
        harness.run();
        harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
        harness.run();
        text_inputs(&harness, label)[0].type_text(value);
        harness.run();
    }
    harness.get_by_label("Voorstel maken").click();
    harness.run();
    // The person says what the two columns are; each takes the year its title prints.
    for (title, kind) in [
        ("Streven: PB 2024", "Streefwaarde"),
        ("Stand: JR 2024", "Werkelijk"),
    ] {
        harness
            .get_all_by_role(Role::ComboBox)
            .find(|node| node.accesskit_node().label().as_deref() == Some(title))
            .unwrap()
            .click_accesskit();
        harness.run();
        harness.get_by_label(kind).click();
        harness.run();
    }
    let years: Vec<String> = text_inputs(&harness, "jaar")
        .iter()
        .map(|field| field.value().unwrap_or_default())
        .collect();
    assert_eq!(years, ["2024", "2024"]);
    harness.get_by_label("Inlezen zoals aangewezen").click();
    harness.run();
    // The normal review follows, and the import adds the two indicators.
    harness
        .get_by_label_contains("Importeren (2 indicatoren)")
        .click();
    harness.run();
    let document = harness.state().state().document();
    assert_ne!(document, &before);
    let (_, _, emissions) = document
        .indicators()
        .find(|(_, _, i)| i.name.starts_with("CO2-uitstoot"))
        .unwrap();
    use peilstok::model::{Column, ValueKind};
    let number = |kind| {
        emissions
            .cell("", Column::new(kind, 2024))
            .and_then(|c| c.number())
            .map(|n| n.to_string())
    };
    assert_eq!(number(ValueKind::Target), Some("-48".into()));
    assert_eq!(number(ValueKind::Realised), Some("-53".into()));
    assert_eq!(emissions.unit, "%");
}

#[test]
fn a_failed_paste_keeps_the_text_and_gives_a_dutch_reason() {
    let directory = tempfile::tempdir().unwrap();
    let mut harness = window(&directory.path().join("unused.peilstok"));
    let before = harness.state().state().document().clone();
    harness.key_press_modifiers(
        egui::Modifiers::COMMAND.plus(egui::Modifiers::SHIFT),
        egui::Key::V,
    );
    harness.run();
    let paste_label = "Plak hier de tekst van de begroting of jaarstukken (Ctrl+V)";
    text_inputs(&harness, paste_label)[0].click();
    harness.run();
    let text = "Dit is een brief aan de raad over de jeugdzorg.\nEr staat geen tabel in.";
    text_inputs(&harness, paste_label)[0].type_text(text);
    harness.run();
    harness.get_by_label("Inlezen").click();
    finish_work(&mut harness);
    harness.get_by_label("Geen indicatortabel gevonden");
    harness
        .get_all_by_label_contains("brief aan de raad")
        .next()
        .unwrap();
    let pending = harness.state().state().pending_import.as_ref().unwrap();
    assert_eq!(pending.text.trim_end(), text);
    assert_eq!(harness.state().state().document(), &before);
}

#[test]
fn the_selected_chart_exports_as_a_vector_pdf() {
    let directory = tempfile::tempdir().unwrap();
    let pdf = directory.path().join("313.pdf");
    let mut harness = window(&pdf);
    harness.get_by_label("Bestand").click();
    harness.run();
    assert!(
        harness
            .get_by_label("Grafiek exporteren…")
            .accesskit_node()
            .is_disabled(),
        "nothing to export before a selection"
    );
    harness.key_press(egui::Key::Escape);
    harness.run();
    harness
        .get_by_label(
            "3.1.3 % netto participatiegraad van mensen tussen 15-67 jaar die een baan hebben",
        )
        .click();
    harness.run();
    harness.get_by_label("Bestand").click();
    harness.run();
    harness.get_by_label("Grafiek exporteren…").click();
    finish_work(&mut harness);
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    harness.get_by_label_contains("Grafiek opgeslagen als");
}

#[test]
fn a_report_of_one_goal_is_exported_from_the_report_dialog() {
    let directory = tempfile::tempdir().unwrap();
    let pdf = directory.path().join("doel-3.pdf");
    let mut harness = window(&pdf);
    harness.get_by_label("Bestand").click();
    harness.run();
    harness.get_by_label("Rapport exporteren…").click();
    harness.run();
    harness.get_by_label("Niets").click();
    harness.run();
    assert!(
        harness
            .get_by_label("Opslaan als pdf…")
            .accesskit_node()
            .is_disabled(),
        "nothing chosen, nothing to save"
    );
    harness
        .get_by_label(
            "Doel 3. Alle doelgroepen binnen het sociaal domein participeren binnen eigen mogelijkheden",
        )
        .click();
    harness.get_by_label("A4 liggend").click();
    harness.get_by_label("Staven").click();
    harness.run();
    harness.get_by_label("Opslaan als pdf…").click();
    finish_work(&mut harness);
    let bytes = std::fs::read(&pdf).unwrap();
    let text = String::from_utf8_lossy(&bytes);
    assert!(
        text.contains("/MediaBox [0 0 841.8898 595.2756]"),
        "landscape"
    );
    assert!(
        text.contains("/Count 13"),
        "title, goal 3's table and its 19 charts"
    );
    harness.get_by_label_contains("Rapport opgeslagen als");
    let settings = &harness.state().state().settings;
    assert_eq!(
        settings.report_paper,
        Paper::A4Landscape,
        "offered again next time"
    );
    assert_eq!(settings.report_kind, ChartKind::Bars);
}

#[test]
fn ctrl_p_opens_the_print_dialog_and_cancel_closes_it() {
    let directory = tempfile::tempdir().unwrap();
    let mut harness = window(&directory.path().join("unused.pdf"));
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::P);
    harness.run();
    harness.get_by_label("A4 staand");
    harness.get_by_label("Kleine grafieken per doel");
    let print_button = harness
        .query_all_by_label("Afdrukken")
        .find(|node| node.accesskit_node().role() == Role::Button)
        .expect("a button to print");
    assert!(!print_button.accesskit_node().is_disabled());
    harness.get_by_label("Annuleren").click();
    harness.run();
    assert!(harness.query_by_label("A4 staand").is_none());
}

#[test]
fn the_trend_shows_as_bars_and_the_chart_exports_as_bars() {
    let directory = tempfile::tempdir().unwrap();
    let svg_path = directory.path().join("313.svg");
    let mut harness = window(&svg_path);
    harness
        .get_by_label(
            "3.1.3 % netto participatiegraad van mensen tussen 15-67 jaar die een baan hebben",
        )
        .click();
    harness.run();
    // Frames later the panel is where it was: it does not creep.
    let before = harness.get_by_label("Staven").rect();
    harness.run_steps(5);
    assert_eq!(harness.get_by_label("Staven").rect(), before);
    harness.get_by_label("Staven").click();
    harness.run();
    assert_eq!(harness.state().state().settings.chart_kind, ChartKind::Bars);
    // Bars: a legend of bar swatches above the plot, not the plot's own (dots, over the bars).
    assert_eq!(
        harness
            .query_all_by_label("Werkelijk")
            .filter(|node| node.accesskit_node().role() == Role::CheckBox)
            .count(),
        0
    );
    harness.get_by_label("Werkelijk");
    harness.get_by_label("Bestand").click();
    harness.run();
    harness.get_by_label("Grafiek exporteren…").click();
    finish_work(&mut harness);
    let svg = std::fs::read_to_string(&svg_path).unwrap();
    assert!(!svg.contains("<polyline"), "bars, as on screen");
    assert!(svg.contains(">68,6</text>") && svg.contains(">NB</text>"));
}

#[test]
fn a_cell_is_edited_in_dutch_notation_undone_redone_saved_and_reopened() {
    let directory = tempfile::tempdir().unwrap();
    let path = directory.path().join("diemen.peilstok");
    let mut harness = window(&path);
    // Enter edits the cell last clicked; what is typed replaces what was there.
    table_cell(&harness, "3.1.3", "Werkelijk 2021", "NB").click();
    harness.run();
    harness.key_press(egui::Key::Enter);
    harness.run();
    let editor = harness.get_by_label("Waarde voor 3.1.3 Werkelijk 2021");
    assert_eq!(editor.value().as_deref(), Some("NB"));
    editor.type_text("69,1");
    harness.run();
    harness.key_press(egui::Key::Enter);
    harness.run();
    table_cell(&harness, "3.1.3", "Werkelijk 2021", "69,1");
    assert!(
        harness
            .state()
            .state()
            .window_title()
            .contains("(niet opgeslagen)"),
        "an untitled document with a change says so"
    );

    // Invalid input is refused with the reason; the cell keeps its value.
    // A double click: two clicks within the double-click time.
    table_cell(&harness, "3.1.3", "Werkelijk 2021", "69,1").click();
    harness.step();
    table_cell(&harness, "3.1.3", "Werkelijk 2021", "69,1").click();
    harness.run();
    harness
        .get_by_label("Waarde voor 3.1.3 Werkelijk 2021")
        .type_text("zeventig");
    harness.run();
    harness.key_press(egui::Key::Enter);
    harness.run();
    harness.get_by_label_contains("Waarde niet gewijzigd: `zeventig` is geen getal");
    table_cell(&harness, "3.1.3", "Werkelijk 2021", "69,1");

    // Undo and redo.
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.run();
    table_cell(&harness, "3.1.3", "Werkelijk 2021", "NB");
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Y);
    harness.run();
    table_cell(&harness, "3.1.3", "Werkelijk 2021", "69,1");

    // Save; undo still works across it, and the file follows.
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    finish_work(&mut harness);
    assert_eq!(
        harness.state().state().window_title(),
        "diemen.peilstok — Peilstok"
    );
    harness.get_by_label("Bewerken").click();
    harness.run();
    harness
        .get_by_label_contains("Ongedaan maken: 3.1.3 Werkelijk 2021")
        .click();
    harness.run();
    table_cell(&harness, "3.1.3", "Werkelijk 2021", "NB");
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Y);
    harness.run();

    // Reopen the file: the typed value is there, from its own source, the document's NB beside it.
    harness.get_by_label("Bestand").click();
    harness.run();
    harness.get_by_label("Voorbeeld openen").click();
    harness.run();
    table_cell(&harness, "3.1.3", "Werkelijk 2021", "NB");
    harness.get_by_label("Bestand").click();
    harness.run();
    harness.get_by_label_contains("Openen…").click();
    finish_work(&mut harness);
    assert_eq!(harness.state().state().path(), Some(path.as_path()));
    let cell = table_cell(&harness, "3.1.3", "Werkelijk 2021", "69,1");
    cell.hover();
    // A tooltip fades in over a few frames.
    harness.run_steps(8);
    if harness.query_by_role(Role::Tooltip).is_none() {
        // The menu that just closed still held the pointer: rest on the cell once more.
        table_cell(&harness, "3.1.3", "Werkelijk 2021", "69,1").hover();
        harness.run_steps(8);
    }
    let tooltip = harness.get_by_role(Role::Tooltip);
    tooltip.get_by_label_contains("Bron: Handmatig ingevoerd");
    tooltip.get_by_label_contains("Ook in Begroting 2023 gemeente Diemen: NB");
}

/// A file dropped on the window, as the desktop hands it over.
#[derive(Debug)]
struct DroppedPath(PathBuf);

impl egui::DroppedFile for DroppedPath {
    fn path(&self) -> &Path {
        &self.0
    }

    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|error| error.to_string())
    }
}

/// Exports the sample from the window to `file`, starts a new document and brings `file` in
/// by dropping it on the window, as a colleague would; the document must be the sample again.
fn export_new_and_drop(file: &Path) {
    let mut harness = window(file);
    harness.get_by_label("Bestand").click();
    harness.run();
    harness
        .get_by_label("Exporteren als CSV, JSON of Excel…")
        .click();
    finish_work(&mut harness);
    harness.get_by_label_contains("Geëxporteerd naar");
    assert!(file.exists());
    harness.get_by_label("Bestand").click();
    harness.run();
    harness.get_by_label("Nieuw").click();
    harness.run();
    assert!(harness.state().state().document().programmes.is_empty());
    harness
        .input_mut()
        .dropped_files
        .push(std::sync::Arc::new(DroppedPath(file.to_path_buf())));
    harness.step();
    finish_work(&mut harness);
    assert_eq!(
        harness.state().state().document(),
        &sample_document().unwrap(),
        "{:?}",
        harness.state().state().message
    );
}

#[test]
fn the_document_goes_out_as_json_and_comes_back_by_drag_and_drop() {
    let directory = tempfile::tempdir().unwrap();
    export_new_and_drop(&directory.path().join("diemen.json"));
}

#[test]
fn the_document_goes_out_as_excel_and_comes_back_by_drag_and_drop() {
    let directory = tempfile::tempdir().unwrap();
    export_new_and_drop(&directory.path().join("diemen.xlsx"));
}

#[test]
fn the_document_goes_out_as_csv_and_comes_back_by_drag_and_drop() {
    let directory = tempfile::tempdir().unwrap();
    export_new_and_drop(&directory.path().join("diemen.csv"));
}

#[test]
fn an_indicator_is_added_from_the_name_menu_and_undone() {
    let directory = tempfile::tempdir().unwrap();
    let mut harness = window(&directory.path().join("unused.peilstok"));
    harness
        .get_by_label("% netto participatiegraad van mensen tussen 15-67 jaar die een baan hebben")
        .click_secondary();
    harness.run();
    harness
        .get_by_label("Indicator toevoegen aan doel 3…")
        .click();
    harness.run();
    for (field, text) in [
        ("Nr.", "3.1.10"),
        ("Indicator", "Aantal statushouders aan het werk"),
        ("Eenheid", "aantal"),
    ] {
        let input = text_inputs(&harness, field).pop().unwrap();
        input.focus();
        harness.run();
        text_inputs(&harness, field).pop().unwrap().type_text(text);
        harness.run();
    }
    harness.get_by_label("Toevoegen").click();
    harness.run();
    harness.get_by_label("Aantal statushouders aan het werk");
    // An empty row says so in every column: blank, never zero.
    table_cell(&harness, "3.1.10", "Begroot 2023", "(leeg)");
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.run();
    assert!(
        harness
            .query_by_label("Aantal statushouders aan het werk")
            .is_none()
    );
}

#[test]
fn a_column_is_filled_in_with_the_keyboard() {
    let directory = tempfile::tempdir().unwrap();
    let mut harness = window(&directory.path().join("unused.peilstok"));
    table_cell(&harness, "3.1.3", "Werkelijk 2021", "NB").click();
    harness.run();
    // Enter edits; Enter again puts the value and goes on to the row below.
    for (cell, before, typed) in [
        ("3.1.3 Werkelijk 2021", "NB", "69,1"),
        ("3.1.4 Werkelijk 2021", "411", "412"),
    ] {
        harness.key_press(egui::Key::Enter);
        harness.run();
        let label = format!("Waarde voor {cell}");
        let editor = harness.get_by_label(&label);
        assert_eq!(editor.value().as_deref(), Some(before));
        editor.type_text(typed);
        harness.run();
        harness.key_press(egui::Key::Enter);
        harness.run();
    }
    table_cell(&harness, "3.1.3", "Werkelijk 2021", "69,1");
    table_cell(&harness, "3.1.4", "Werkelijk 2021", "412");
    // The arrow keys move the current cell.
    harness.key_press(egui::Key::ArrowUp);
    harness.key_press(egui::Key::ArrowUp);
    harness.key_press(egui::Key::ArrowRight);
    harness.run();
    harness.key_press(egui::Key::Enter);
    harness.run();
    let editor = harness.get_by_label("Waarde voor 3.1.3 Begroot 2022");
    assert_eq!(editor.value().as_deref(), Some("68"));
    harness.key_press(egui::Key::Escape);
    harness.run();
    assert!(
        harness
            .query_by_label("Waarde voor 3.1.3 Begroot 2022")
            .is_none()
    );
    table_cell(&harness, "3.1.3", "Begroot 2022", "68");
}

/// Types `text` into 3.1.3 Werkelijk 2021 as a person would: click, Enter, type, Enter.
fn edit_3_1_3(harness: &mut Harness<'static, PeilstokApp>, shown: &str, text: &str) {
    table_cell(harness, "3.1.3", "Werkelijk 2021", shown).click();
    harness.run();
    harness.key_press(egui::Key::Enter);
    harness.run();
    harness
        .get_by_label("Waarde voor 3.1.3 Werkelijk 2021")
        .type_text(text);
    harness.run();
    harness.key_press(egui::Key::Enter);
    harness.run();
}

fn click_menu(harness: &mut Harness<'static, PeilstokApp>, menu: &str, item: &str) {
    harness.get_by_label(menu).click();
    harness.run();
    // A menu item's label carries its shortcut too (`Openen… Ctrl+O`).
    harness.get_by_label_contains(item).click();
    // Frames, not settling: an item may start long work, whose spinner keeps repainting.
    harness.run_steps(3);
}

#[test]
fn new_and_closing_the_window_ask_before_unsaved_changes_are_lost() {
    let directory = tempfile::tempdir().unwrap();
    let path = directory.path().join("bewaard.peilstok");
    let mut harness = window(&path);
    edit_3_1_3(&mut harness, "NB", "69,1");
    assert!(harness.state().state().unsaved());

    // Nieuw asks; Annuleren keeps the work.
    click_menu(&mut harness, "Bestand", "Nieuw");
    harness.get_by_label("Wijzigingen opslaan?");
    harness.get_by_label("Annuleren").click();
    harness.run();
    assert!(harness.query_by_label("Wijzigingen opslaan?").is_none());
    table_cell(&harness, "3.1.3", "Werkelijk 2021", "69,1");

    // Closing the window asks too, and Annuleren keeps it open.
    harness
        .input_mut()
        .viewports
        .entry(egui::ViewportId::ROOT)
        .or_default()
        .events
        .push(egui::ViewportEvent::Close);
    harness.run();
    harness.get_by_label("Wijzigingen opslaan?");
    harness.get_by_label("Annuleren").click();
    harness.run();
    assert!(!harness.state().state().quit_requested);
    table_cell(&harness, "3.1.3", "Werkelijk 2021", "69,1");

    // Openen asks before the file replaces the document.
    click_menu(&mut harness, "Bestand", "Openen…");
    harness.get_by_label("Wijzigingen opslaan?");
    harness.key_press(egui::Key::Escape);
    harness.run();
    assert!(harness.query_by_label("Wijzigingen opslaan?").is_none());
    table_cell(&harness, "3.1.3", "Werkelijk 2021", "69,1");

    // Ctrl+Q asks; Opslaan… saves where the person chooses, and then the window closes.
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Q);
    harness.run();
    harness.get_by_label("Opslaan…").click();
    finish_work(&mut harness);
    assert!(harness.state().state().quit_requested);
    let saved = peilstok::store::Store::open(&path).unwrap().load().unwrap();
    let value = saved
        .indicators()
        .find(|(_, _, indicator)| indicator.code == "3.1.3")
        .and_then(|(_, _, indicator)| {
            indicator.cell(
                "",
                peilstok::model::Column::new(peilstok::model::ValueKind::Realised, 2021),
            )
        })
        .map(|cell| cell.value.clone());
    assert_eq!(
        value,
        Some(peilstok::model::CellValue::Number("69.1".parse().unwrap()))
    );
}

#[test]
fn niet_opslaan_goes_on_and_the_changes_are_gone() {
    let directory = tempfile::tempdir().unwrap();
    let mut harness = window(&directory.path().join("unused.peilstok"));
    edit_3_1_3(&mut harness, "NB", "69,1");
    click_menu(&mut harness, "Bestand", "Nieuw");
    harness.get_by_label("Niet opslaan").click();
    harness.run();
    assert!(harness.state().state().document().programmes.is_empty());
    assert!(!harness.state().state().unsaved());
}

#[test]
fn an_untitled_documents_changes_come_back_after_a_crash() {
    let directory = tempfile::tempdir().unwrap();
    let recovery = directory.path().join("recovery");
    let mut harness = window(&directory.path().join("unused.peilstok"));
    harness.state_mut().keep_recovery_in(recovery.clone());
    edit_3_1_3(&mut harness, "NB", "69,1");
    let own_file = recovery.join(format!("recovery-{}.peilstok", std::process::id()));
    assert!(own_file.exists(), "the change is kept against a crash");
    // The run is killed: nothing is cleaned up. Its file is left as a dead process's.
    drop(harness);
    std::fs::rename(&own_file, recovery.join("recovery-4000000000.peilstok")).unwrap();

    let mut harness = window(&directory.path().join("unused.peilstok"));
    harness.state_mut().keep_recovery_in(recovery.clone());
    harness.run();
    harness.get_by_label("Niet-opgeslagen werk gevonden");
    harness.get_by_label("Terugzetten").click();
    harness.run();
    table_cell(&harness, "3.1.3", "Werkelijk 2021", "69,1");
    assert!(
        harness.state().state().unsaved(),
        "restored work is in no file yet"
    );
    assert!(!recovery.join("recovery-4000000000.peilstok").exists());

    // Saved, the recovery copy goes.
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    finish_work(&mut harness);
    assert!(!harness.state().state().unsaved());
    assert!(!own_file.exists());
}

#[test]
fn at_1024_by_640_every_value_column_is_reached_by_scrolling_sideways() {
    let directory = tempfile::tempdir().unwrap();
    let mut harness = window_of_size(
        &directory.path().join("unused.peilstok"),
        egui::vec2(1024.0, 640.0),
    );
    harness.get_by_label_contains("Kolommen 1–");
    assert!(
        harness.query_by_label("Begroot 2023").is_none(),
        "not all fit"
    );
    // The right arrow key walks the current cell out of view: the columns follow.
    table_cell(&harness, "2.3.1", "Werkelijk 2020", "97").click();
    harness.run();
    for _ in 0..3 {
        harness.key_press(egui::Key::ArrowRight);
        harness.run();
    }
    table_cell(&harness, "2.3.1", "Begroot 2023", "190");
    // The plot follows the cursor down.
    harness.key_press(egui::Key::ArrowDown);
    harness.run();
    assert_eq!(
        harness
            .state()
            .state()
            .selected
            .as_ref()
            .map(|id| id.code.as_str()),
        Some("3.1")
    );
    harness.key_press(egui::Key::ArrowUp);
    harness.run();
    // And back by the scroller.
    while harness.query_by_label("Werkelijk 2020").is_none() {
        harness.get_by_label_contains("naar links").click();
        harness.run();
    }
    harness.get_by_label("Werkelijk 2020");
    // Ten rows or more stand in the table at 1280 by 720.
    let mut harness = window_of_size(
        &directory.path().join("unused.peilstok"),
        egui::vec2(1280.0, 720.0),
    );
    harness.run();
    let legend = harness.get_by_label("Legenda:").rect();
    let header = harness.get_by_label("Werkelijk 2020").rect();
    assert!(
        legend.min.y - header.max.y >= 10.0 * 22.0,
        "{header:?} {legend:?}"
    );
}

#[test]
fn a_click_on_a_name_in_the_table_selects_it_and_hovering_shows_the_whole_name() {
    let directory = tempfile::tempdir().unwrap();
    let mut harness = window_of_size(
        &directory.path().join("unused.peilstok"),
        egui::vec2(1024.0, 640.0),
    );
    let row = harness.get_by_label("2.3.1").rect();
    let name = harness
        .get_all_by_label("Aantal bemiddelingen Diemen voor elkaar")
        .find(|node| (row.min.y..=row.max.y).contains(&node.rect().center().y))
        .unwrap();
    let whole = "2.3.1 Aantal bemiddelingen Diemen voor elkaar";
    let before = harness.query_all_by_label(whole).count(); // the indicator list's
    name.hover();
    harness.run();
    assert_eq!(
        harness.query_all_by_label(whole).count(),
        before + 1,
        "the tooltip"
    );
    harness
        .get_all_by_label("Aantal bemiddelingen Diemen voor elkaar")
        .find(|node| (row.min.y..=row.max.y).contains(&node.rect().center().y))
        .unwrap()
        .click();
    harness.run();
    assert_eq!(
        harness
            .state()
            .state()
            .selected
            .as_ref()
            .map(|id| id.code.as_str()),
        Some("2.3.1")
    );
}

/// Every text of the window (labels and values in the AccessKit tree) with an English word in it.
fn english_in_window(harness: &Harness<'static, PeilstokApp>) -> Vec<String> {
    harness
        .root()
        .children_recursive()
        .flat_map(|node| {
            let node = node.accesskit_node();
            [node.label(), node.value()]
        })
        .flatten()
        .filter(|text| !peilstok::i18n::english_words_in(text).is_empty())
        .collect()
}

/// Runs frames until the long work (on its own thread) is done.
fn finish_work(harness: &mut Harness<'static, PeilstokApp>) {
    // The click or key that starts the work is only queued, and the work starts a frame or two
    // later on its own thread. Step until it has started and ended, or until a few frames show
    // that none started (some work is done at once); only then let the window settle. (Settling
    // while the work still ran let a slow machine finish it in the middle of `run`, whose
    // frames then ran out.)
    // Generous: the test threads share two cores with each other and with any build.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    let mut started = false;
    let mut frames_without_work = 0;
    while std::time::Instant::now() < deadline {
        harness.step();
        if harness.state().state().busy().is_some() {
            started = true;
            std::thread::sleep(std::time::Duration::from_millis(10));
        } else if started || frames_without_work == 3 {
            break;
        } else {
            frames_without_work += 1;
        }
    }
    assert_eq!(harness.state().state().busy(), None, "the work did not end");
    harness.run();
}

#[test]
fn the_dutch_window_has_no_english_after_failed_imports_a_failed_print_and_refused_edits() {
    let directory = tempfile::tempdir().unwrap();
    assert_eq!(
        english_in_window(&window(&directory.path().join("x.peilstok"))),
        Vec::<String>::new()
    );

    // A CSV that is no long CSV, and a file of a kind Peilstok does not read.
    for (name, content, says) in [
        ("kapot.csv", "a;b\n1;2\n", "is geen lange CSV van Peilstok"),
        ("verslag.docx", "PK", "alleen begrotingsteksten"),
    ] {
        let path = directory.path().join(name);
        std::fs::write(&path, content).unwrap();
        let mut harness = window(&path);
        click_menu(&mut harness, "Bestand", "Importeren…");
        finish_work(&mut harness);
        harness.get_by_label_contains(says);
        assert_eq!(english_in_window(&harness), Vec::<String>::new());
    }

    // A printer that refuses (`lp` without a default printer), for the chart on screen.
    let mut harness = window(&directory.path().join("x.peilstok"));
    harness
        .state_mut()
        .print_by(std::sync::Arc::new(|_: &Path| {
            Err(peilstok::print::PrintError::Failed {
                program: "lp",
                reason: "lp: Error - no default destination available.".into(),
            })
        }));
    sidebar_item(&harness, "3.1.3").click();
    harness.run();
    click_menu(&mut harness, "Bestand", "Grafiek afdrukken");
    finish_work(&mut harness);
    harness.get_by_label_contains("lp kon de PDF niet afdrukken");
    assert_eq!(english_in_window(&harness), Vec::<String>::new());

    // A refused value and a refused name.
    let mut harness = window(&directory.path().join("x.peilstok"));
    edit_3_1_3(&mut harness, "NB", "zeventig");
    harness.get_by_label_contains("`zeventig` is geen getal");
    assert_eq!(english_in_window(&harness), Vec::<String>::new());
    let indicator = harness
        .state()
        .state()
        .document()
        .indicators()
        .find(|(_, _, indicator)| indicator.code == "3.1.3")
        .map(|(programme, _, _)| peilstok::model::IndicatorId {
            programme: programme.name.clone(),
            code: "3.1.3".into(),
        })
        .unwrap();
    harness
        .state_mut()
        .handle(peilstok::app::Command::EditIndicator {
            indicator,
            name: "  ".into(),
            unit: "%".into(),
            better: None,
        });
    harness.run();
    harness.get_by_label_contains("een indicator heeft een naam nodig");
    assert_eq!(english_in_window(&harness), Vec::<String>::new());
}

/// The sidebar's button for `code` (its label starts with the code).
fn sidebar_item<'h>(harness: &'h Harness<'static, PeilstokApp>, code: &str) -> Node<'h> {
    let prefix = format!("{code} ");
    harness
        .get_all_by_role(Role::Button)
        .find(|node| {
            node.accesskit_node()
                .label()
                .is_some_and(|label| label.starts_with(&prefix))
        })
        .unwrap_or_else(|| panic!("no {code} in the list"))
}

#[test]
fn indicators_selected_together_are_compared_in_one_chart_and_exported() {
    let directory = tempfile::tempdir().unwrap();
    let svg_path = directory.path().join("vergelijking.svg");
    let mut harness = window(&svg_path);
    sidebar_item(&harness, "3.1.4").click();
    harness.run();
    sidebar_item(&harness, "3.1.5").click_modifiers(egui::Modifiers::COMMAND);
    harness.run();
    // The same unit (per 10.000 inwoners): one chart, a line per indicator and kind.
    let charts = harness.state_mut().shown_charts().to_vec();
    assert_eq!(charts.len(), 1);
    let labels: Vec<&str> = charts[0].series.iter().map(|s| s.label.as_str()).collect();
    assert!(labels.contains(&"3.1.4 Werkelijk") && labels.contains(&"3.1.5 Werkelijk"));
    let colour_of = |code: &str| {
        charts[0]
            .series
            .iter()
            .find(|s| s.label.starts_with(code))
            .map(|s| s.colour)
    };
    assert_ne!(
        colour_of("3.1.4"),
        colour_of("3.1.5"),
        "each indicator its colour"
    );
    harness.get_by_label("Vergelijking: 3.1.4, 3.1.5");

    // Exported, the comparison is what is written.
    click_menu(&mut harness, "Bestand", "Grafiek exporteren…");
    finish_work(&mut harness);
    let svg = std::fs::read_to_string(&svg_path).unwrap();
    assert!(svg.contains("Vergelijking: 3.1.4, 3.1.5") && svg.contains("3.1.5 Werkelijk"));

    // Another unit (per 1.000 inwoners): small multiples, a chart each, side by side.
    sidebar_item(&harness, "3.1.1").click_modifiers(egui::Modifiers::COMMAND);
    harness.run();
    assert_eq!(harness.state_mut().shown_charts().len(), 3);
    // Shift+click: the range of the list from the selected one.
    sidebar_item(&harness, "3.1.3").click_modifiers(egui::Modifiers::SHIFT);
    harness.run();
    let codes: Vec<String> = harness
        .state()
        .state()
        .compared
        .iter()
        .map(|id| id.code.clone())
        .collect();
    assert_eq!(codes, ["3.1.1", "3.1.2", "3.1.3"]);
    // A plain click: that one alone again.
    sidebar_item(&harness, "3.1.4").click();
    harness.run();
    assert_eq!(harness.state_mut().shown_charts().len(), 1);
    assert!(harness.state().state().charted().len() == 1);
}

#[test]
fn the_keyboard_alone_opens_bestand_rapport_exporteren() {
    let directory = tempfile::tempdir().unwrap();
    let mut harness = window(&directory.path().join("unused.peilstok"));
    harness.key_press(egui::Key::F10);
    harness.run();
    harness.get_by_label("Nieuw");
    // Down through the menu to the item, then Enter.
    for _ in 0..20 {
        if harness
            .query_by_label_contains("Rapport exporteren")
            .is_some_and(|node| node.is_focused())
        {
            break;
        }
        harness.key_press(egui::Key::ArrowDown);
        harness.run();
    }
    assert!(
        harness
            .get_by_label_contains("Rapport exporteren")
            .is_focused()
    );
    harness.key_press(egui::Key::Enter);
    harness.run();
    harness.get_by_label("A4 staand");
    // Escape closes the dialog; Alt+W opens Bewerken.
    harness.get_by_label("Annuleren").click();
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::ALT, egui::Key::W);
    harness.run();
    harness.get_by_label_contains("Kolom toevoegen");
}

#[test]
fn typing_on_a_cell_edits_it_and_a_refused_value_keeps_the_cursor() {
    let directory = tempfile::tempdir().unwrap();
    let mut harness = window(&directory.path().join("unused.peilstok"));
    table_cell(&harness, "3.1.3", "Werkelijk 2021", "NB").click();
    harness.run();
    // Typing straight away, without Enter first.
    harness.event(egui::Event::Text("7".into()));
    harness.run();
    harness.event(egui::Event::Text("1".into()));
    harness.run();
    let editor = harness.get_by_label("Waarde voor 3.1.3 Werkelijk 2021");
    assert_eq!(editor.value().as_deref(), Some("71"));
    harness.key_press(egui::Key::Enter);
    harness.run();
    table_cell(&harness, "3.1.3", "Werkelijk 2021", "71");
    // Enter went on to the row below; a refused value there keeps the cursor on it.
    harness.key_press(egui::Key::Enter);
    harness.run();
    harness
        .get_by_label("Waarde voor 3.1.4 Werkelijk 2021")
        .type_text("zeventig");
    harness.run();
    harness.key_press(egui::Key::Enter);
    harness.run();
    harness.get_by_label_contains("`zeventig` is geen getal");
    harness.key_press(egui::Key::Enter);
    harness.run();
    harness.get_by_label("Waarde voor 3.1.4 Werkelijk 2021");
}

/// The window at 1280 by 720 with 2.1.1 selected, as a picture compared pixel by pixel with
/// `tests/snapshots/window-1280x720-2.1.1.png` (rendered on the CPU: Mesa's llvmpipe or
/// lavapipe). Update it with `UPDATE_SNAPSHOTS=1` after a deliberate change, and look at it.
#[test]
fn snapshot_of_the_window_at_1280_by_720_with_2_1_1() {
    let directory = tempfile::tempdir().unwrap();
    let chooser = FixedChooser {
        path: directory.path().join("unused.peilstok"),
    };
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 720.0))
        // The window's own theme (the harness would take dark).
        .with_theme(egui::Theme::Light)
        .wgpu()
        .build_eframe(move |cc| {
            PeilstokApp::new(
                &cc.egui_ctx,
                Settings::default(),
                StartWith::Sample,
                Box::new(chooser),
            )
            .unwrap()
        });
    harness.run();
    sidebar_item(&harness, "2.1.1").click();
    harness.run();
    harness.snapshot("window-1280x720-2.1.1");
}

#[test]
fn selecting_in_the_list_scrolls_the_table_to_the_row() {
    let directory = tempfile::tempdir().unwrap();
    let mut harness = window_of_size(
        &directory.path().join("unused.peilstok"),
        egui::vec2(1024.0, 640.0),
    );
    let code_in_table = |harness: &Harness<'static, PeilstokApp>| {
        harness
            .query_all_by_label("5.1.2")
            .map(|node| node.rect())
            .next()
    };
    // At first far below: out of view, so not drawn at all (the table draws the rows in view).
    let legend = harness.get_by_label("Legenda:").rect();
    assert!(
        code_in_table(&harness).is_none_or(|row| row.min.y > legend.min.y),
        "far below at first"
    );
    sidebar_item(&harness, "5.1.2").click_accesskit();
    harness.run();
    harness.run();
    let header = harness.get_by_label("Werkelijk 2020").rect();
    let row = code_in_table(&harness).expect("the row in view");
    let legend = harness.get_by_label("Legenda:").rect();
    assert!(
        row.min.y >= header.max.y && row.max.y <= legend.min.y,
        "{row:?} between {header:?} and {legend:?}"
    );
}

#[test]
fn the_zoom_is_remembered_for_the_next_start() {
    let directory = tempfile::tempdir().unwrap();
    let mut harness = window(&directory.path().join("unused.peilstok"));
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Plus);
    harness.run();
    let zoom = harness.state().state().settings.zoom.expect("a zoom kept");
    assert!(zoom > 1.0);
    let settings = harness.state().state().settings.clone();
    let harness = window_with(
        &directory.path().join("unused.peilstok"),
        egui::vec2(1280.0, 720.0),
        settings,
    );
    assert_eq!(harness.ctx.zoom_factor(), zoom);
}

#[test]
fn tab_runs_from_the_list_through_the_table_to_the_plot() {
    let directory = tempfile::tempdir().unwrap();
    let mut harness = window_of_size(
        &directory.path().join("unused.peilstok"),
        egui::vec2(1280.0, 720.0),
    );
    sidebar_item(&harness, "2.1.1").click();
    harness.run();
    let filter = || {
        harness
            .get_all_by_role(Role::TextInput)
            .next()
            .expect("the filter box")
    };
    let list_right = filter().rect().max.x;
    let legend_top = harness.get_by_label("Legenda:").rect().min.y;
    let lijn = harness.get_by_label("Lijn").rect();
    let filter_rect = filter().rect();
    harness.hover_at(filter_rect.center());
    harness
        .get_all_by_role(Role::TextInput)
        .next()
        .unwrap()
        .click();
    harness.run();
    // Where focus goes, Tab after Tab: the list (left), the table (right, above the legend),
    // the plot (its buttons).
    let mut places: Vec<&str> = Vec::new();
    for _ in 0..300 {
        harness.key_press(egui::Key::Tab);
        harness.run();
        let Some(focused) = harness
            .root()
            .children_recursive()
            .find(|node| node.is_focused())
            .map(|node| node.rect())
        else {
            continue;
        };
        let place = if focused.max.x <= list_right + 1.0 {
            "list"
        } else if focused.max.y <= legend_top {
            "table"
        } else if focused.intersects(lijn) || focused.min.y >= lijn.min.y - 1.0 {
            "plot"
        } else {
            "other"
        };
        if places.last() != Some(&place) {
            places.push(place);
        }
        if place == "plot" {
            break;
        }
    }
    let order: Vec<&str> = places.into_iter().filter(|p| *p != "other").collect();
    let first_table = order.iter().position(|p| *p == "table");
    let first_plot = order.iter().position(|p| *p == "plot");
    assert!(
        matches!((first_table, first_plot), (Some(t), Some(p)) if t < p),
        "{order:?}"
    );
}

#[test]
fn every_control_has_a_name_a_screen_reader_can_say() {
    let directory = tempfile::tempdir().unwrap();
    let mut harness = window_of_size(
        &directory.path().join("unused.peilstok"),
        egui::vec2(1024.0, 640.0),
    );
    sidebar_item(&harness, "2.1.1").click();
    harness.run();
    let nameless: Vec<String> = harness
        .root()
        .children_recursive()
        .filter(|node| {
            matches!(
                node.accesskit_node().role(),
                Role::Button
                    | Role::CheckBox
                    | Role::TextInput
                    | Role::Slider
                    | Role::ComboBox
                    | Role::RadioButton
                    | Role::SpinButton
            )
        })
        .filter(|node| {
            // A sign alone (`‹`, `?`) is no name.
            node.accesskit_node()
                .label()
                .is_none_or(|label| !label.chars().any(char::is_alphanumeric))
        })
        .map(|node| format!("{:?} at {:?}", node.accesskit_node().role(), node.rect()))
        .collect();
    assert_eq!(nameless, Vec::<String>::new());
}

#[test]
fn help_says_the_version_and_explains_every_marker() {
    let directory = tempfile::tempdir().unwrap();
    let mut harness = window(&directory.path().join("unused.peilstok"));
    click_menu(&mut harness, "Help", "Over Peilstok");
    harness.get_by_label(env!("CARGO_PKG_VERSION"));
    harness.get_by_label_contains("Documentformaat");
    let format = peilstok::store::SCHEMA_VERSION.to_string();
    assert!(harness.query_all_by_label(&format).count() >= 1);
    click_menu(&mut harness, "Help", "Markeringen");
    for meaning in [
        "niet bekend: er zijn geen gegevens gepubliceerd",
        "tekst niet zeker gelezen: een mens moet beslissen",
    ] {
        harness.get_by_label_contains(meaning);
    }
    assert_eq!(english_in_window(&harness), Vec::<String>::new());
}

#[test]
fn a_message_does_not_move_the_table_and_a_stored_tall_plot_leaves_it_room() {
    let directory = tempfile::tempdir().unwrap();
    // A plot height stored from a larger screen, or a bad one: the table keeps its rows.
    let settings = Settings {
        plot_height: Some(5000.0),
        ..Settings::default()
    };
    let mut harness = window_with(
        &directory.path().join("unused.peilstok"),
        egui::vec2(1280.0, 720.0),
        settings,
    );
    let header = harness.get_by_label("Werkelijk 2020").rect();
    let legend = harness.get_by_label("Legenda:").rect();
    assert!(
        legend.min.y - header.max.y >= 10.0 * 22.0,
        "{header:?} {legend:?}"
    );
    // A refused value puts a message up: the rows stay where they were.
    let row = harness.get_by_label("3.1.3").rect();
    edit_3_1_3(&mut harness, "NB", "zeventig");
    harness.get_by_label_contains("`zeventig` is geen getal");
    assert_eq!(harness.get_by_label("Werkelijk 2020").rect(), header);
    assert_eq!(harness.get_by_label("3.1.3").rect(), row);
}
