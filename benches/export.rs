//! How long the page exports take: one chart to PDF and PNG, and the A4 report with 60 charts
//! (lines on portrait, bars on landscape, small multiples).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use peilstok::chart::svg::{ChartSize, Drawing, chart_svg};
use peilstok::chart::{ChartKind, TrendChart};
use peilstok::export::report::{Paper, ReportOptions, report_pdf};
use peilstok::export::{svg_to_pdf, svg_to_png};
use peilstok::i18n::Language;
use peilstok::sample::sample_document;

/// The sample plus the first 15 of goal 3's indicators again as goal 7: 60 indicators, so the
/// report holds 60 charts.
fn sixty_chart_document() -> peilstok::model::Document {
    let mut document = sample_document().unwrap();
    let programme = &mut document.programmes[0];
    let mut copy = programme
        .goals
        .iter()
        .find(|goal| goal.code == "3")
        .unwrap()
        .clone();
    copy.code = "7".into();
    for indicator in &mut copy.indicators {
        indicator.code = indicator.code.replacen('3', "7", 1);
    }
    copy.indicators.truncate(15);
    programme.goals.push(copy);
    document
}

fn export(c: &mut Criterion) {
    let document = sample_document().unwrap();
    let (_, _, indicator) = document
        .indicators()
        .find(|(_, _, i)| i.code == "3.1.3")
        .unwrap();
    let svg = chart_svg(
        &TrendChart::of(&document, indicator, Language::Dutch),
        &Drawing::new(ChartSize::A4_WIDTH, ChartKind::Line, Language::Dutch),
    );
    c.bench_function("one chart to PDF", |b| {
        b.iter(|| svg_to_pdf(black_box(&svg)).unwrap())
    });
    c.bench_function("one chart to PNG at 300 dpi", |b| {
        b.iter(|| svg_to_png(black_box(&svg), 300.0).unwrap())
    });
    let sixty = sixty_chart_document();
    assert_eq!(sixty.indicators().count(), 60);
    let options = ReportOptions {
        date: "23-11-2026".into(),
        ..ReportOptions::new(Language::Dutch)
    };
    // The size is a figure of docs/performance.md too.
    let pdf = report_pdf(&sixty, &options, &mut |_| {}).unwrap();
    eprintln!("the A4 report with 60 charts: {} KB", pdf.len() / 1024);
    let mut group = c.benchmark_group("report");
    group.sample_size(10);
    group.bench_function("A4 report with 60 charts", |b| {
        b.iter(|| report_pdf(black_box(&sixty), &options, &mut |_| {}).unwrap())
    });
    let bars = ReportOptions {
        kind: ChartKind::Bars,
        paper: Paper::A4Landscape,
        ..options.clone()
    };
    group.bench_function("A4 landscape report with 60 bar charts", |b| {
        b.iter(|| report_pdf(black_box(&sixty), &bars, &mut |_| {}).unwrap())
    });
    let multiples = ReportOptions {
        kind: ChartKind::Multiples,
        ..options.clone()
    };
    group.bench_function("A4 report with 60 charts as small multiples", |b| {
        b.iter(|| report_pdf(black_box(&sixty), &multiples, &mut |_| {}).unwrap())
    });
    group.finish();
}

criterion_group!(benches, export);
criterion_main!(benches);
