//! The words Peilstok shows, in Dutch (the default) and English.
//!
//! One struct of texts per language, so a missing translation is a compile error.

use crate::model::{Column, ColumnCompleteness, Deviation, DocumentKind, Marker, ValueKind};
use crate::numbers::format_decimal;

pub use crate::language::Language;

impl Language {
    /// The texts in this language.
    pub fn texts(self) -> &'static Texts {
        match self {
            Language::Dutch => &DUTCH,
            Language::English => &ENGLISH,
        }
    }

    /// Column heading, e.g. "Werkelijk 2021" / "Realised 2021"; "Streefwaarde" without a year.
    pub fn column_heading(self, column: Column) -> String {
        let kind = self.value_kind(column.kind);
        match column.year {
            Some(year) => format!("{kind} {year}"),
            None => kind.to_string(),
        }
    }

    /// A cell by its row and column: "3.1.3 Werkelijk 2021", "5.3.1 Roken Werkelijk 2021".
    pub fn cell_name(self, code: &str, series: &str, column: Column) -> String {
        let heading = self.column_heading(column);
        if series.is_empty() {
            format!("{code} {heading}")
        } else {
            format!("{code} {series} {heading}")
        }
    }

    /// The word for a kind of value, e.g. "Werkelijk".
    pub fn value_kind(self, kind: ValueKind) -> &'static str {
        let texts = self.texts();
        match kind {
            ValueKind::Realised => texts.realised,
            ValueKind::Budget => texts.budget,
            ValueKind::Forecast => texts.forecast,
            ValueKind::Target => texts.target,
        }
    }

    /// The word for a kind of document.
    pub fn document_kind(self, kind: DocumentKind) -> &'static str {
        let texts = self.texts();
        match kind {
            DocumentKind::Budget => texts.document_budget,
            DocumentKind::Accounts => texts.document_accounts,
            DocumentKind::Monitor => texts.document_monitor,
            DocumentKind::Other => texts.document_other,
        }
    }

    /// What a marker means, e.g. "niet bekend — er zijn geen gegevens gepubliceerd".
    pub fn marker_meaning(self, marker: &Marker) -> String {
        let texts = self.texts();
        match marker {
            Marker::NotKnown => texts.marker_not_known.to_string(),
            Marker::NotYetKnown => texts.marker_not_yet_known.to_string(),
            Marker::NotApplicable => texts.marker_not_applicable.to_string(),
            Marker::Nil => texts.marker_nil.to_string(),
            Marker::Blank => texts.marker_blank.to_string(),
            Marker::Other(sign) => format!("{} “{sign}”", texts.marker_other),
        }
    }

    /// The legend of the signs the table shows: every standard marker, then `?` for text that
    /// waits for a person, each with its colour of meaning and what it means. The window's
    /// legend and Help ▸ Markeringen both show these.
    pub fn sign_legend(self) -> Vec<LegendEntry> {
        let mut entries: Vec<LegendEntry> = crate::model::Marker::STANDARD
            .iter()
            .map(|marker| LegendEntry {
                sign: self.marker_label(marker),
                background: crate::style::marker_background(marker),
                meaning: self.marker_meaning(marker),
            })
            .collect();
        entries.push(LegendEntry {
            sign: "?".into(),
            background: crate::style::REVIEW,
            meaning: self.texts().legend_review.to_string(),
        });
        entries
    }

    /// "Werkelijk 2021: 39 van 53 ontbreken".
    pub fn completeness_summary(self, summary: &ColumnCompleteness) -> String {
        let texts = self.texts();
        format!(
            "{}: {} {} {} {}",
            self.column_heading(summary.column),
            summary.without_value(),
            texts.of_word,
            summary.rows,
            texts.completeness_line
        )
    }

    /// "NB ×25 · n.n.b. ×10 · te controleren ×3": what is missing, by marker.
    pub fn completeness_breakdown(self, summary: &ColumnCompleteness) -> String {
        let mut parts: Vec<String> = summary
            .missing
            .iter()
            .map(|(marker, count)| format!("{} ×{count}", self.marker_label(marker)))
            .collect();
        if summary.unread > 0 {
            parts.push(format!(
                "{} ×{}",
                self.texts().completeness_unread,
                summary.unread
            ));
        }
        parts.join(" · ")
    }

    /// "+2,2 (+3,2%)": realised against budgeted, signed, in this language's notation.
    pub fn deviation(self, deviation: &Deviation) -> String {
        let difference = match deviation.percent {
            Some(percent) => format!(
                "{} ({}%)",
                self.signed(deviation.absolute),
                self.signed(percent)
            ),
            None => self.signed(deviation.absolute),
        };
        match self.met(deviation) {
            Some(verdict) => format!("{difference} · {verdict}"),
            None => difference,
        }
    }

    /// "gehaald" or "niet gehaald", when the indicator says which way is better.
    pub fn met(self, deviation: &Deviation) -> Option<&'static str> {
        let texts = self.texts();
        deviation.met.map(|met| {
            if met {
                texts.budget_met
            } else {
                texts.budget_missed
            }
        })
    }

    /// A number with its sign in this language's notation: `+3,2`, `-1,5`, `0`.
    pub fn signed(self, value: rust_decimal::Decimal) -> String {
        let text = format_decimal(value, self);
        if value.is_sign_positive() && !value.is_zero() {
            format!("+{text}")
        } else {
            text
        }
    }

    /// How a marker is shown in a table cell: its code, or a visible word for a blank cell.
    /// "1 indicator", "3 indicatoren".
    pub fn indicator_count(self, count: usize) -> String {
        let texts = self.texts();
        let word = if count == 1 {
            texts.indicator_word
        } else {
            texts.indicators_word
        };
        format!("{count} {word}")
    }

    pub fn marker_label(self, marker: &Marker) -> String {
        match marker {
            Marker::Blank => self.texts().blank_cell.to_string(),
            other => other.code().to_string(),
        }
    }
}

/// One sign of the legend (see [`Language::sign_legend`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LegendEntry {
    /// The sign as the table shows it: `NB`, `n.n.b.`, `?` …
    pub sign: String,
    /// Its colour of meaning.
    pub background: crate::style::Rgb,
    /// What it means, in full: `niet bekend: er zijn geen gegevens gepubliceerd`.
    pub meaning: String,
}

impl LegendEntry {
    /// The meaning in a few words (`niet bekend`), for a legend with the whole on hover.
    pub fn gist(&self) -> &str {
        self.meaning
            .split_once(':')
            .map_or(self.meaning.as_str(), |(gist, _)| gist.trim())
    }
}

/// Every text of the user interface, in one language.
#[allow(missing_docs)]
pub struct Texts {
    pub app_name: &'static str,
    pub untitled: &'static str,
    pub sample_title: &'static str,
    pub menu_file: &'static str,
    pub menu_new: &'static str,
    pub menu_open: &'static str,
    pub menu_open_sample: &'static str,
    pub menu_recent: &'static str,
    pub menu_recent_none: &'static str,
    pub menu_save_as: &'static str,
    pub menu_quit: &'static str,
    pub menu_language: &'static str,
    pub filter_hint: &'static str,
    pub indicators_heading: &'static str,
    pub completeness_heading: &'static str,
    pub completeness_line: &'static str,
    pub of_word: &'static str,
    pub inherited: &'static str,
    pub select_hint: &'static str,
    pub completeness_unread: &'static str,
    pub no_goals: &'static str,
    pub no_indicators: &'static str,
    pub column_code: &'static str,
    pub column_name: &'static str,
    pub column_unit: &'static str,
    pub mandatory: &'static str,
    pub mandatory_hint: &'static str,
    pub goal: &'static str,
    pub realised: &'static str,
    pub budget: &'static str,
    pub forecast: &'static str,
    pub target: &'static str,
    pub document_budget: &'static str,
    pub document_accounts: &'static str,
    pub document_monitor: &'static str,
    pub document_other: &'static str,
    pub marker_not_known: &'static str,
    pub marker_not_yet_known: &'static str,
    pub marker_not_applicable: &'static str,
    pub marker_nil: &'static str,
    pub marker_blank: &'static str,
    pub marker_other: &'static str,
    pub blank_cell: &'static str,
    pub review_badge: &'static str,
    pub review_heading: &'static str,
    pub raw_text: &'static str,
    pub footnote: &'static str,
    pub source: &'static str,
    pub legend_heading: &'static str,
    pub legend_review: &'static str,
    pub plot_heading: &'static str,
    pub plot_none_selected: &'static str,
    /// "Vergelijking: 3.1.4, 3.1.5", the title of a chart of several indicators.
    pub compare_title: &'static str,
    /// How to select several indicators.
    pub compare_hint: &'static str,
    pub plot_all_missing: &'static str,
    pub plot_year: &'static str,
    pub error_heading: &'static str,
    pub dismiss: &'static str,
    pub open_failed: &'static str,
    pub save_failed: &'static str,
    pub saved_to: &'static str,
    pub file_filter_name: &'static str,
    pub report_title: &'static str,
    pub report_programme: &'static str,
    pub report_exported: &'static str,
    pub report_page: &'static str,
    pub printed_queued: &'static str,
    pub printed_shell: &'static str,
    pub printed_viewer: &'static str,
    pub printed_refused: &'static str,
    pub menu_export_chart: &'static str,
    pub menu_print_chart: &'static str,
    /// "grafiek", in the name of a printed chart.
    pub chart_word: &'static str,
    pub export_as_svg: &'static str,
    pub export_as_png: &'static str,
    pub export_as_pdf: &'static str,
    pub export_done: &'static str,
    pub report_done: &'static str,
    pub export_failed: &'static str,
    pub export_no_selection: &'static str,
    pub export_formats: &'static str,
    pub chart_filter_name: &'static str,
    pub import_failed: &'static str,
    pub import_done: &'static str,
    pub indicators_word: &'static str,
    pub indicator_word: &'static str,
    pub menu_import: &'static str,
    pub menu_edit: &'static str,
    pub menu_paste_import: &'static str,
    pub busy_reading: &'static str,
    /// Status while a document is opened.
    pub busy_opening: &'static str,
    /// Status while Save As writes the document.
    pub busy_saving: &'static str,
    pub better_label: &'static str,
    pub better_higher: &'static str,
    pub better_lower: &'static str,
    pub better_unknown: &'static str,
    pub budget_met: &'static str,
    pub budget_missed: &'static str,
    pub add_indicator: &'static str,
    pub add_series: &'static str,
    pub add_column: &'static str,
    pub remove_column: &'static str,
    pub remove_indicator: &'static str,
    pub remove_series: &'static str,
    pub column_kind: &'static str,
    pub column_year: &'static str,
    pub add: &'static str,
    pub export_document_formats: &'static str,
    pub document_export_done: &'static str,
    pub menu_export_document: &'static str,
    pub document_filter_name: &'static str,
    pub renamed_heading: &'static str,
    pub renamed_explained: &'static str,
    pub renamed_existing: &'static str,
    pub renamed_incoming: &'static str,
    pub renamed_same: &'static str,
    pub renamed_apart: &'static str,
    pub indicator_dialog_title: &'static str,
    pub edit_indicator: &'static str,
    pub apply: &'static str,
    pub deviation_heading: &'static str,
    pub menu_new_budget_year: &'static str,
    pub no_budget_year: &'static str,
    pub new_budget_year_done: &'static str,
    pub edit_hint: &'static str,
    pub edit_cell_label: &'static str,
    pub edit_cell: &'static str,
    pub accept_cell: &'static str,
    pub choose_source: &'static str,
    pub conflict_open: &'static str,
    pub other_source: &'static str,
    pub cell_edit_hint: &'static str,
    pub unsaved: &'static str,
    pub edit_refused: &'static str,
    pub nothing_to_undo: &'static str,
    /// Said when another program changed the open document and it was read again.
    pub reread_after_outside_change: &'static str,
    pub nothing_to_redo: &'static str,
    pub import_word: &'static str,
    pub menu_undo: &'static str,
    pub menu_redo: &'static str,
    pub report_dialog_export: &'static str,
    pub report_dialog_print: &'static str,
    pub report_paper: &'static str,
    pub paper_portrait: &'static str,
    pub paper_landscape: &'static str,
    pub report_charts: &'static str,
    pub report_contents: &'static str,
    pub choose_all: &'static str,
    pub choose_none: &'static str,
    pub report_save: &'static str,
    pub report_print: &'static str,
    pub cancel: &'static str,
    pub report_nothing_chosen: &'static str,
    pub menu_export_report: &'static str,
    pub menu_print: &'static str,
    pub report_filter_name: &'static str,
    pub report_selection: &'static str,
    pub chart_line: &'static str,
    pub chart_bars: &'static str,
    pub chart_multiples: &'static str,
    pub busy_exporting: &'static str,
    pub busy_printing: &'static str,
    pub print_failed: &'static str,
    pub review_title: &'static str,
    pub review_summary_tables: &'static str,
    pub review_summary_cells: &'static str,
    pub review_flagged_heading: &'static str,
    pub review_none_flagged: &'static str,
    pub review_accept: &'static str,
    pub review_apply: &'static str,
    pub review_input_hint: &'static str,
    pub review_input_label: &'static str,
    pub review_all_tables: &'static str,
    pub review_source_text: &'static str,
    pub review_confirm: &'static str,
    pub review_cancel: &'static str,
    pub review_undecided: &'static str,
    pub review_lines: &'static str,
    /// The sidebar's heading for a programme the text did not name.
    pub unnamed_programme: &'static str,
    /// The guided import: the button that opens it.
    pub guided_button: &'static str,
    /// Its heading.
    pub guided_heading: &'static str,
    /// What to do.
    pub guided_explained: &'static str,
    /// How to choose lines with the mouse.
    pub guided_click_hint: &'static str,
    /// The first line of the table.
    pub guided_first_line: &'static str,
    /// The last line of the table.
    pub guided_last_line: &'static str,
    /// How many lines the header is.
    pub guided_header_lines: &'static str,
    /// How the lines are split into cells.
    pub guided_split: &'static str,
    /// The ways to split, in the order of `Split::ALL`.
    pub guided_splits: [&'static str; 5],
    /// Make a proposal from the lines chosen.
    pub guided_propose: &'static str,
    /// Column roles: name, code, unit, skip.
    pub guided_roles: [&'static str; 4],
    /// The year of a value column.
    pub guided_year: &'static str,
    /// Whether a row of the grid is imported.
    pub guided_row: &'static str,
    /// Read the table as pointed out.
    pub guided_read: &'static str,
    /// When the choices give no indicator.
    pub guided_nothing_read: &'static str,
    /// The review's heading when the text holds no table Peilstok can read.
    pub review_nothing_found_heading: &'static str,
    /// What to do then.
    pub review_nothing_found_explained: &'static str,
    /// `regel 12` before the reason a table heading there was passed over.
    pub review_line_word: &'static str,
    /// A table heading that was passed over.
    pub review_header_unread: &'static str,
    pub paste_title: &'static str,
    pub paste_hint: &'static str,
    pub paste_read: &'static str,
    pub pasted_source: &'static str,
    pub import_filter_name: &'static str,
    /// `Kolommen 3–6 van 11` over a table whose value columns scroll sideways.
    pub columns_word: &'static str,
    pub columns_left: &'static str,
    pub columns_right: &'static str,
    pub columns_scroll_label: &'static str,
    pub menu_view: &'static str,
    pub menu_help: &'static str,
    /// Recent files that are gone were taken off the list.
    pub recent_pruned: &'static str,
    pub menu_about: &'static str,
    pub menu_markers: &'static str,
    /// "Versie", "Documentformaat" in the About window.
    pub about_version: &'static str,
    pub about_document_format: &'static str,
    pub about_text: &'static str,
    /// The heading of the marker explanation, and its last line about review.
    pub markers_intro: &'static str,
    /// The letters that open the menus with Alt, in menu-bar order (Bestand, Bewerken, Beeld,
    /// Taal, Help).
    pub menu_access_keys: &'static str,
    pub menu_show_sidebar: &'static str,
    /// What the status line says when there is nothing to report.
    pub status_ready: &'static str,
    /// "Wijzigingen opslaan?": a command would throw away unsaved changes.
    pub unsaved_title: &'static str,
    pub unsaved_question: &'static str,
    pub unsaved_save: &'static str,
    pub unsaved_dont_save: &'static str,
    /// A previous run left an untitled document's changes behind.
    pub recovery_title: &'static str,
    pub recovery_question: &'static str,
    pub recovery_restore: &'static str,
    pub recovery_discard: &'static str,
    pub recovery_restored: &'static str,
    pub recovery_write_failed: &'static str,
}

/// Nederlands.
pub static DUTCH: Texts = Texts {
    app_name: "Peilstok",
    untitled: "Naamloos",
    sample_title: "Voorbeeld: Diemen, Begroting 2023, programma Sociaal",
    menu_file: "Bestand",
    menu_new: "Nieuw",
    menu_open: "Openen…",
    menu_open_sample: "Voorbeeld openen",
    menu_recent: "Recente bestanden",
    menu_recent_none: "(nog geen)",
    menu_save_as: "Opslaan als…",
    menu_quit: "Afsluiten",
    menu_language: "Taal",
    filter_hint: "Zoek indicator…",
    indicators_heading: "Indicatoren",
    completeness_heading: "Volledigheid",
    completeness_line: "ontbreken",
    of_word: "van",
    inherited: "Eén teken voor de hele indicator: geldt ook voor deze deelrij",
    select_hint: "Klik om het verloop te zien",
    completeness_unread: "te controleren",
    no_goals: "Dit document bevat nog geen indicatoren.",
    no_indicators: "Geen indicatoren bij dit doel.",
    column_code: "Nr.",
    column_name: "Indicator",
    column_unit: "Eenheid",
    mandatory: "verplicht",
    mandatory_hint: "Verplichte beleidsindicator (BBV); cijfers van waarstaatjegemeente.nl",
    goal: "Doel",
    realised: "Werkelijk",
    budget: "Begroot",
    forecast: "Prognose",
    target: "Streefwaarde",
    document_budget: "begroting",
    document_accounts: "jaarstukken",
    document_monitor: "monitor",
    document_other: "overig",
    marker_not_known: "niet bekend: er zijn geen gegevens gepubliceerd",
    marker_not_yet_known: "nog niet bekend: het cijfer komt later",
    marker_not_applicable: "niet van toepassing: de indicator bestond toen nog niet",
    marker_nil: "geen waarde: niets gepland of gemeten",
    marker_blank: "niet ingevuld",
    marker_other: "ander teken voor een ontbrekende waarde:",
    blank_cell: "(leeg)",
    review_badge: "controleren",
    review_heading: "Te controleren",
    raw_text: "Zoals gedrukt",
    footnote: "Voetnoot",
    source: "Bron",
    legend_heading: "Legenda",
    legend_review: "tekst niet zeker gelezen: een mens moet beslissen",
    plot_heading: "Verloop",
    plot_none_selected: "Kies een indicator in de lijst of de tabel om het verloop te zien.",
    compare_title: "Vergelijking",
    compare_hint: "Ctrl+klik voegt een indicator toe aan de grafiek, Shift+klik een reeks",
    plot_all_missing: "Geen enkele waarde bekend; alle cellen ontbreken:",
    plot_year: "Jaar",
    error_heading: "Er ging iets mis",
    dismiss: "Sluiten",
    open_failed: "Openen mislukt",
    save_failed: "Opslaan mislukt",
    saved_to: "Opgeslagen als",
    file_filter_name: "Peilstok-document",
    report_title: "Indicatoren",
    report_programme: "Programma",
    report_exported: "geëxporteerd op",
    report_page: "Pagina",
    printed_queued: "Naar de standaardprinter gestuurd:",
    printed_shell: "Aan Windows gegeven om af te drukken met het programma dat pdf's opent:",
    printed_viewer: "Geen afdrukprogramma gevonden; de pdf staat open in de pdf-lezer om daar af te drukken:",
    printed_refused: "De printer nam de opdracht niet aan",
    menu_export_chart: "Grafiek exporteren…",
    menu_print_chart: "Grafiek afdrukken",
    chart_word: "grafiek",
    export_as_svg: "Grafiek opslaan als SVG…",
    export_as_png: "Grafiek opslaan als PNG…",
    export_as_pdf: "Grafiek opslaan als PDF…",
    export_done: "Grafiek opgeslagen als",
    report_done: "Rapport opgeslagen als",
    export_failed: "Exporteren mislukt",
    export_no_selection: "kies eerst een indicator",
    export_formats: "kies een naam die eindigt op .svg, .png of .pdf",
    chart_filter_name: "Grafiek (SVG, PNG, PDF)",
    import_failed: "Inlezen mislukt",
    import_done: "Ingelezen:",
    indicators_word: "indicatoren",
    indicator_word: "indicator",
    menu_import: "Importeren…",
    menu_edit: "Bewerken",
    menu_paste_import: "Plakken als import…",
    busy_reading: "Bezig met inlezen:",
    busy_opening: "Bezig met openen:",
    busy_saving: "Bezig met opslaan:",
    better_label: "Beter is",
    better_higher: "hoger",
    better_lower: "lager",
    better_unknown: "niet gezegd",
    budget_met: "gehaald",
    budget_missed: "niet gehaald",
    add_indicator: "Indicator toevoegen aan doel",
    add_series: "Deelreeks toevoegen",
    add_column: "Kolom toevoegen",
    remove_column: "Kolom verwijderen (alle bronnen)",
    remove_indicator: "Indicator verwijderen:",
    remove_series: "Deelreeks verwijderen:",
    column_kind: "Soort",
    column_year: "Jaar (leeg bij een streefwaarde zonder jaar)",
    add: "Toevoegen",
    export_document_formats: "alleen .csv, .json en .xlsx kunnen worden geschreven",
    document_export_done: "Geëxporteerd naar",
    menu_export_document: "Exporteren als CSV, JSON of Excel…",
    document_filter_name: "Uitwisseling (CSV, JSON, Excel)",
    renamed_heading: "Zelfde nummer, andere naam",
    renamed_explained: "Deze indicatoren staan al in het document onder hun nummer, maar met een andere naam. Is het dezelfde indicator?",
    renamed_existing: "In het document",
    renamed_incoming: "In de import",
    renamed_same: "Dezelfde indicator (samenvoegen, nieuwe naam)",
    renamed_apart: "Een andere indicator (apart houden)",
    indicator_dialog_title: "Indicator",
    edit_indicator: "Naam, eenheid en voetnoten bewerken…",
    apply: "Toepassen",
    deviation_heading: "Afwijking t.o.v. begroot",
    menu_new_budget_year: "Nieuw begrotingsjaar",
    no_budget_year: "Het document heeft geen begrote jaren om op voort te bouwen",
    new_budget_year_done: "Nieuwe lege kolommen toegevoegd voor",
    edit_hint: "getal of NB, n.n.b., N.v.t., -",
    edit_cell_label: "Waarde voor",
    edit_cell: "Waarde bewerken",
    accept_cell: "Als juist aanvaarden",
    choose_source: "Welke bron telt:",
    conflict_open: "De bronnen geven verschillende waarden: kies er een (rechtsklik)",
    other_source: "Ook in",
    cell_edit_hint: "Dubbelklik of Enter om te bewerken; rechtsklik voor meer.",
    unsaved: "niet opgeslagen",
    edit_refused: "Waarde niet gewijzigd",
    nothing_to_undo: "Er is niets om ongedaan te maken",
    reread_after_outside_change: "Een ander programma heeft het document gewijzigd; het is \
                                  opnieuw ingelezen (ongedaan maken begint hier opnieuw):",
    nothing_to_redo: "Er is niets om opnieuw te doen",
    import_word: "import",
    menu_undo: "Ongedaan maken",
    menu_redo: "Opnieuw",
    report_dialog_export: "Rapport exporteren",
    report_dialog_print: "Afdrukken",
    report_paper: "Papier:",
    paper_portrait: "A4 staand",
    paper_landscape: "A4 liggend",
    report_charts: "Grafieken:",
    report_contents: "Inhoud:",
    choose_all: "Alles",
    choose_none: "Niets",
    report_save: "Opslaan als pdf…",
    report_print: "Afdrukken",
    cancel: "Annuleren",
    report_nothing_chosen: "Kies ten minste één indicator.",
    menu_export_report: "Rapport exporteren…",
    menu_print: "Afdrukken…",
    report_filter_name: "Rapport (PDF)",
    report_selection: "Selectie",
    chart_line: "Lijn",
    chart_bars: "Staven",
    chart_multiples: "Kleine grafieken per doel",
    busy_exporting: "Bezig met exporteren:",
    busy_printing: "Bezig met afdrukken:",
    print_failed: "Afdrukken mislukt",
    review_title: "Import controleren",
    review_summary_tables: "tabellen",
    review_summary_cells: "cellen",
    review_flagged_heading: "Te controleren cellen",
    review_none_flagged: "Geen cellen te controleren.",
    review_accept: "Overnemen zoals gelezen",
    review_apply: "Corrigeren",
    review_input_hint: "bijv. 43 of NB",
    review_input_label: "Juiste waarde:",
    review_all_tables: "Gevonden tabellen",
    review_source_text: "Brontekst",
    review_confirm: "Importeren",
    review_cancel: "Annuleren",
    review_undecided: "nog te beslissen; die blijven gemarkeerd in het document",
    review_lines: "regels",
    unnamed_programme: "Programma zonder naam",
    guided_button: "Tabel zelf aanwijzen…",
    guided_heading: "Tabel zelf aanwijzen",
    guided_explained: "Geef de regels van de tabel (zie de regelnummers in de brontekst) en \
        hoeveel regels de kop zijn, en kies ‘Voorstel maken’. Zet daarna bij elke kolom wat ze \
        bevat, vink rijen uit die geen indicator zijn, en lees in. Daarna volgt de gewone controle.",
    guided_click_hint: "Klik in de brontekst op de eerste regel van de tabel, en met Shift op de laatste.",
    guided_first_line: "Eerste regel",
    guided_last_line: "Laatste regel",
    guided_header_lines: "Kopregels",
    guided_split: "Cellen",
    guided_splits: [
        "één cel per regel",
        "tabs",
        "tussen |",
        "twee of meer spaties",
        "waarden achteraan de regel",
    ],
    guided_propose: "Voorstel maken",
    guided_roles: ["Naam", "Code", "Eenheid", "Overslaan"],
    guided_year: "jaar",
    guided_row: "importeren",
    guided_read: "Inlezen zoals aangewezen",
    guided_nothing_read: "Met deze keuzes is geen indicator te lezen: wijs een kolom Naam en ten \
        minste één kolom met waarden aan",
    review_nothing_found_heading: "Geen indicatortabel gevonden",
    review_nothing_found_explained: "Peilstok vond in deze tekst geen tabel met jaarkolommen \
        (zoals ‘Werkelijk 2021’ of ‘Begroting 2023’) met rijen van waarden eronder. De tekst \
        blijft hiernaast staan. Kopieer de tabel opnieuw met de kop erbij, of annuleer en kies \
        een ander bestand.",
    review_line_word: "regel",
    review_header_unread: "een tabelkop met jaren, maar de kolommen of rijen eronder zijn niet zeker te lezen",
    paste_title: "Plakken als import",
    paste_hint: "Plak hier de tekst van de begroting of jaarstukken (Ctrl+V)",
    paste_read: "Inlezen",
    pasted_source: "geplakte tekst",
    import_filter_name: "Tekst of lange CSV",
    columns_word: "Kolommen",
    columns_left: "Eén kolom naar links (of Shift + muiswiel)",
    columns_right: "Eén kolom naar rechts (of Shift + muiswiel)",
    columns_scroll_label: "Kolommen schuiven",
    menu_view: "Beeld",
    menu_help: "Help",
    recent_pruned: "Niet meer gevonden en uit de lijst van recente bestanden gehaald",
    menu_about: "Over Peilstok",
    menu_markers: "Markeringen",
    about_version: "Versie",
    about_document_format: "Documentformaat (versie van het .peilstok-bestand)",
    about_text: "De indicatoren van begroting en jaarstukken: tabellen, trends en ontbrekende \
        gegevens, in één bestand dat een collega kan openen.",
    markers_intro: "Een ontbrekende waarde is nooit een nul. Peilstok laat zien waarom ze \
        ontbreekt, in tekst en met een kleur (de tekst zegt het, de kleur helpt):",
    menu_access_keys: "BWLTH",
    menu_show_sidebar: "Indicatorlijst tonen",
    status_ready: "Klaar",
    unsaved_title: "Wijzigingen opslaan?",
    unsaved_question: "Dit document heeft wijzigingen die nog in geen bestand staan. Wilt u ze \
        opslaan voordat u verdergaat?",
    unsaved_save: "Opslaan…",
    unsaved_dont_save: "Niet opslaan",
    recovery_title: "Niet-opgeslagen werk gevonden",
    recovery_question: "Peilstok is de vorige keer afgesloten terwijl een naamloos document \
        wijzigingen had die in geen bestand stonden. Wilt u dat werk terugzetten?",
    recovery_restore: "Terugzetten",
    recovery_discard: "Weggooien",
    recovery_restored: "Het niet-opgeslagen werk is teruggezet. Sla het op met Opslaan als… \
        (Ctrl+Shift+S).",
    recovery_write_failed: "De herstelkopie van het naamloze document kon niet worden \
        geschreven; sla het document op",
};

/// English.
pub static ENGLISH: Texts = Texts {
    app_name: "Peilstok",
    untitled: "Untitled",
    sample_title: "Sample: Diemen, Budget 2023, programme Sociaal",
    menu_file: "File",
    menu_new: "New",
    menu_open: "Open…",
    menu_open_sample: "Open sample",
    menu_recent: "Recent files",
    menu_recent_none: "(none yet)",
    menu_save_as: "Save As…",
    menu_quit: "Quit",
    menu_language: "Language",
    filter_hint: "Find indicator…",
    indicators_heading: "Indicators",
    completeness_heading: "Completeness",
    completeness_line: "missing",
    of_word: "of",
    inherited: "One sign for the whole indicator: applies to this sub-row too",
    select_hint: "Click to see the trend",
    completeness_unread: "to check",
    no_goals: "This document has no indicators yet.",
    no_indicators: "No indicators for this goal.",
    column_code: "No.",
    column_name: "Indicator",
    column_unit: "Unit",
    mandatory: "mandatory",
    mandatory_hint: "Mandatory policy indicator (BBV); figures from waarstaatjegemeente.nl",
    goal: "Goal",
    realised: "Realised",
    budget: "Budget",
    forecast: "Forecast",
    target: "Target",
    document_budget: "budget",
    document_accounts: "annual accounts",
    document_monitor: "monitor",
    document_other: "other",
    marker_not_known: "not known: no data has been published",
    marker_not_yet_known: "not yet known: the figure comes later",
    marker_not_applicable: "not applicable: the indicator did not exist yet",
    marker_nil: "no value: nothing planned or measured",
    marker_blank: "not filled in",
    marker_other: "another sign for a missing value:",
    blank_cell: "(blank)",
    review_badge: "check",
    review_heading: "To check",
    raw_text: "As printed",
    footnote: "Footnote",
    source: "Source",
    legend_heading: "Legend",
    legend_review: "text not read with certainty: a person must decide",
    plot_heading: "Trend",
    plot_none_selected: "Choose an indicator in the list or the table to see its trend.",
    compare_title: "Comparison",
    compare_hint: "Ctrl+click adds an indicator to the chart, Shift+click a range",
    plot_all_missing: "No value known; every cell is missing:",
    plot_year: "Year",
    error_heading: "Something went wrong",
    dismiss: "Close",
    open_failed: "Could not open",
    save_failed: "Could not save",
    saved_to: "Saved as",
    file_filter_name: "Peilstok document",
    report_title: "Indicators",
    report_programme: "Programme",
    report_exported: "exported on",
    report_page: "Page",
    printed_queued: "Sent to the default printer:",
    printed_shell: "Handed to Windows to print with the program that opens PDFs:",
    printed_viewer: "No print system found; the PDF is open in the PDF viewer, to print from there:",
    printed_refused: "The printer did not take the job",
    menu_export_chart: "Export chart…",
    menu_print_chart: "Print chart",
    chart_word: "chart",
    export_as_svg: "Save chart as SVG…",
    export_as_png: "Save chart as PNG…",
    export_as_pdf: "Save chart as PDF…",
    export_done: "Chart saved as",
    report_done: "Report saved as",
    export_failed: "Could not export",
    export_no_selection: "choose an indicator first",
    export_formats: "choose a name ending in .svg, .png or .pdf",
    chart_filter_name: "Chart (SVG, PNG, PDF)",
    import_failed: "Could not import",
    import_done: "Imported:",
    indicators_word: "indicators",
    indicator_word: "indicator",
    menu_import: "Import…",
    menu_edit: "Edit",
    menu_paste_import: "Paste as import…",
    busy_reading: "Reading:",
    busy_opening: "Opening:",
    busy_saving: "Saving:",
    better_label: "Better is",
    better_higher: "higher",
    better_lower: "lower",
    better_unknown: "not said",
    budget_met: "met",
    budget_missed: "missed",
    add_indicator: "Add an indicator to goal",
    add_series: "Add a sub-series",
    add_column: "Add a column",
    remove_column: "Remove the column (every source)",
    remove_indicator: "Remove indicator",
    remove_series: "Remove sub-series",
    column_kind: "Kind",
    column_year: "Year (empty for a target without a year)",
    add: "Add",
    export_document_formats: "only .csv, .json and .xlsx can be written",
    document_export_done: "Exported to",
    menu_export_document: "Export as CSV, JSON or Excel…",
    document_filter_name: "Exchange (CSV, JSON, Excel)",
    renamed_heading: "Same number, another name",
    renamed_explained: "These indicators are in the document under their number already, but with another name. Is it the same indicator?",
    renamed_existing: "In the document",
    renamed_incoming: "In the import",
    renamed_same: "The same indicator (merge, new name)",
    renamed_apart: "Another indicator (keep apart)",
    indicator_dialog_title: "Indicator",
    edit_indicator: "Edit name, unit and footnotes…",
    apply: "Apply",
    deviation_heading: "Deviation from budget",
    menu_new_budget_year: "New budget year",
    no_budget_year: "The document has no budgeted years to build on",
    new_budget_year_done: "Empty new columns added for",
    edit_hint: "number or NB, n.n.b., N.v.t., -",
    edit_cell_label: "Value for",
    edit_cell: "Edit value",
    accept_cell: "Accept as read",
    choose_source: "Which source counts:",
    conflict_open: "The sources give different values: choose one (right-click)",
    other_source: "Also in",
    cell_edit_hint: "Double-click or Enter to edit; right-click for more.",
    unsaved: "not saved",
    edit_refused: "Value not changed",
    nothing_to_undo: "There is nothing to undo",
    reread_after_outside_change: "Another program changed the document; it was read again \
                                  (undo starts afresh here):",
    nothing_to_redo: "There is nothing to redo",
    import_word: "import",
    menu_undo: "Undo",
    menu_redo: "Redo",
    report_dialog_export: "Export report",
    report_dialog_print: "Print",
    report_paper: "Paper:",
    paper_portrait: "A4 portrait",
    paper_landscape: "A4 landscape",
    report_charts: "Charts:",
    report_contents: "Contents:",
    choose_all: "All",
    choose_none: "None",
    report_save: "Save as PDF…",
    report_print: "Print",
    cancel: "Cancel",
    report_nothing_chosen: "Choose at least one indicator.",
    menu_export_report: "Export report…",
    menu_print: "Print…",
    report_filter_name: "Report (PDF)",
    report_selection: "Selection",
    chart_line: "Line",
    chart_bars: "Bars",
    chart_multiples: "Small charts per goal",
    busy_exporting: "Exporting:",
    busy_printing: "Printing:",
    print_failed: "Could not print",
    review_title: "Review import",
    review_summary_tables: "tables",
    review_summary_cells: "cells",
    review_flagged_heading: "Cells to check",
    review_none_flagged: "No cells to check.",
    review_accept: "Keep as read",
    review_apply: "Correct",
    review_input_hint: "e.g. 43 or NB",
    review_input_label: "Right value:",
    review_all_tables: "Tables found",
    review_source_text: "Source text",
    review_confirm: "Import",
    review_cancel: "Cancel",
    review_undecided: "still undecided; they stay flagged in the document",
    review_lines: "lines",
    unnamed_programme: "Unnamed programme",
    guided_button: "Point out the table…",
    guided_heading: "Point out the table",
    guided_explained: "Give the lines of the table (see the line numbers in the source text) \
        and how many lines its header is, and choose ‘Make a proposal’. Then set what each \
        column holds, untick rows that are no indicator, and read it in. The usual review follows.",
    guided_click_hint: "Click the table's first line in the source text, and its last with Shift.",
    guided_first_line: "First line",
    guided_last_line: "Last line",
    guided_header_lines: "Header lines",
    guided_split: "Cells",
    guided_splits: [
        "one cell per line",
        "tabs",
        "between |",
        "two or more spaces",
        "values at the end of the line",
    ],
    guided_propose: "Make a proposal",
    guided_roles: ["Name", "Code", "Unit", "Skip"],
    guided_year: "year",
    guided_row: "import",
    guided_read: "Read as pointed out",
    guided_nothing_read: "These choices give no indicator: point out a Name column and at least \
        one column of values",
    review_nothing_found_heading: "No indicator table found",
    review_nothing_found_explained: "Peilstok found no table with year columns (such as \
        ‘Werkelijk 2021’ or ‘Begroting 2023’) with rows of values under it in this text. The \
        text stays beside this. Copy the table again with its heading, or cancel and choose \
        another file.",
    review_line_word: "line",
    review_header_unread: "a table heading with years, but its columns or rows cannot be read for sure",
    paste_title: "Paste as import",
    paste_hint: "Paste the text of the budget or annual report here (Ctrl+V)",
    paste_read: "Read",
    pasted_source: "pasted text",
    import_filter_name: "Text or long CSV",
    columns_word: "Columns",
    columns_left: "One column to the left (or Shift + mouse wheel)",
    columns_right: "One column to the right (or Shift + mouse wheel)",
    columns_scroll_label: "Scroll columns",
    menu_view: "View",
    menu_help: "Help",
    recent_pruned: "No longer found and taken off the recent files",
    menu_about: "About Peilstok",
    menu_markers: "Markers",
    about_version: "Version",
    about_document_format: "Document format (version of the .peilstok file)",
    about_text: "The indicators of budgets and annual accounts: tables, trends and missing \
        data, in one file a colleague can open.",
    markers_intro: "A missing value is never a zero. Peilstok shows why it is missing, in words \
        and with a colour (the words say it, the colour helps):",
    menu_access_keys: "FEVLH",
    menu_show_sidebar: "Show indicator list",
    status_ready: "Ready",
    unsaved_title: "Save changes?",
    unsaved_question: "This document has changes that are in no file yet. Do you want to save \
        them before you go on?",
    unsaved_save: "Save…",
    unsaved_dont_save: "Don't save",
    recovery_title: "Unsaved work found",
    recovery_question: "Peilstok was closed last time while an untitled document had changes \
        that were in no file. Do you want to restore that work?",
    recovery_restore: "Restore",
    recovery_discard: "Discard",
    recovery_restored: "The unsaved work is restored. Save it with Save as… (Ctrl+Shift+S).",
    recovery_write_failed: "The recovery copy of the untitled document could not be written; \
        save the document",
};

/// English words that must not stand in a Dutch text (for checks that the Dutch window speaks
/// Dutch only): the words of `text` that are on the list.
pub fn english_words_in(text: &str) -> Vec<String> {
    const ENGLISH: [&str; 24] = [
        "the",
        "cannot",
        "could",
        "failed",
        "needs",
        "error",
        "found",
        "only",
        "must",
        "invalid",
        "unknown",
        "unreadable",
        "sheet",
        "row",
        "line",
        "not",
        "file",
        "already",
        "has",
        "none",
        "with",
        "while",
        "which",
        "written",
    ];
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|word| ENGLISH.contains(&word.to_lowercase().as_str()))
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_indicator_is_one() {
        assert_eq!(Language::Dutch.indicator_count(1), "1 indicator");
        assert_eq!(Language::Dutch.indicator_count(3), "3 indicatoren");
        assert_eq!(Language::English.indicator_count(0), "0 indicators");
    }
}
