//! Colours and line styles by meaning, for the screen and the printed page alike.
//!
//! Series colours differ in lightness as well as hue, so they stay apart in greyscale; series also
//! differ by dash pattern and point shape. Marker colours are light backgrounds behind the marker's
//! own text, so a missing value is told by its words, not only by its colour.

use crate::model::{Marker, ValueKind};

/// An sRGB colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// `#rrggbb`, for SVG.
    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }
}

/// Realised values: dark blue, solid line with filled points.
pub const REALISED: Rgb = Rgb(0x1f, 0x3a, 0x93);
/// Budgeted values: orange, dashed line.
pub const BUDGET: Rgb = Rgb(0xe0, 0x7b, 0x00);
/// Forecast values: purple, dash-dot line.
pub const FORECAST: Rgb = Rgb(0x7b, 0x2d, 0x8e);
/// Targets: green, dotted line.
pub const TARGET: Rgb = Rgb(0x2e, 0x7d, 0x32);

/// Text on a marker background, and the marker labels in a plot.
pub const MARKER_TEXT: Rgb = Rgb(0x5a, 0x1a, 0x1a);
/// Background of a `NB` cell (not known): light red.
pub const MARKER_NB: Rgb = Rgb(0xf8, 0xd7, 0xda);
/// Background of a `n.n.b.` cell (not yet known): light amber.
pub const MARKER_NNB: Rgb = Rgb(0xfd, 0xe9, 0xc3);
/// Background of a `N.v.t.` cell (not applicable): light grey.
pub const MARKER_NVT: Rgb = Rgb(0xe4, 0xe4, 0xe4);
/// Background of a `-` cell (nil): light blue-grey.
pub const MARKER_NIL: Rgb = Rgb(0xdc, 0xe4, 0xee);
/// Background of a blank cell: light violet.
pub const MARKER_BLANK: Rgb = Rgb(0xea, 0xdc, 0xf2);
/// Background of another sign: light pink.
pub const MARKER_OTHER: Rgb = Rgb(0xf6, 0xd5, 0xec);
/// Background of a cell that awaits review: yellow.
pub const REVIEW: Rgb = Rgb(0xff, 0xf0, 0x80);
/// Background of a cell whose sources disagree and wait for a person's choice: orange.
pub const CONFLICT: Rgb = Rgb(0xff, 0xc8, 0x8a);
/// A budget met (realised on the better side of budgeted): dark green.
pub const MET: Rgb = Rgb(0x1b, 0x6e, 0x20);
/// A budget missed: dark red.
pub const MISSED: Rgb = Rgb(0xb0, 0x00, 0x20);
/// Text of an error message.
pub const ERROR_TEXT: Rgb = Rgb(0xb0, 0x00, 0x20);

/// The colour of a kind of value.
pub fn value_kind_colour(kind: ValueKind) -> Rgb {
    match kind {
        ValueKind::Realised => REALISED,
        ValueKind::Budget => BUDGET,
        ValueKind::Forecast => FORECAST,
        ValueKind::Target => TARGET,
    }
}

/// The background colour of a missing cell.
pub fn marker_background(marker: &Marker) -> Rgb {
    match marker {
        Marker::NotKnown => MARKER_NB,
        Marker::NotYetKnown => MARKER_NNB,
        Marker::NotApplicable => MARKER_NVT,
        Marker::Nil => MARKER_NIL,
        Marker::Blank => MARKER_BLANK,
        Marker::Other(_) => MARKER_OTHER,
    }
}

/// How a series line is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dash {
    /// Unbroken.
    Solid,
    /// Long dashes.
    Dashed,
    /// Dots.
    Dotted,
    /// Dash, dot.
    DashDot,
}

/// The shape of a series' points.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PointShape {
    /// Filled circle.
    Circle,
    /// Square.
    Square,
    /// Diamond.
    Diamond,
    /// Triangle pointing up.
    Triangle,
}

/// The line style of a kind of value: realised solid, budget dashed, forecast dash-dot, target dotted.
pub fn value_kind_dash(kind: ValueKind) -> Dash {
    match kind {
        ValueKind::Realised => Dash::Solid,
        ValueKind::Budget => Dash::Dashed,
        ValueKind::Forecast => Dash::DashDot,
        ValueKind::Target => Dash::Dotted,
    }
}

/// The point shape of a kind of value.
pub fn value_kind_point(kind: ValueKind) -> PointShape {
    match kind {
        ValueKind::Realised => PointShape::Circle,
        ValueKind::Budget => PointShape::Square,
        ValueKind::Forecast => PointShape::Diamond,
        ValueKind::Target => PointShape::Triangle,
    }
}

/// How a bar is filled, so kinds of value stay apart without colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BarFill {
    /// Filled with the series colour.
    Solid,
    /// A light tint of the series colour, outlined in it.
    Tint,
    /// White, with a dashed outline in the series colour.
    Outline,
}

/// The bar fill of a kind of value: realised solid, budget tinted, forecast and target outlined.
pub fn value_kind_bar_fill(kind: ValueKind) -> BarFill {
    match kind {
        ValueKind::Realised => BarFill::Solid,
        ValueKind::Budget => BarFill::Tint,
        ValueKind::Forecast | ValueKind::Target => BarFill::Outline,
    }
}

impl Rgb {
    /// The colour mixed with white: `colour_permille` of it stays (1000 keeps it as it is).
    pub fn tint(self, colour_permille: u32) -> Rgb {
        let mix = |channel: u8| {
            let kept = u32::from(channel) * colour_permille.min(1000);
            let white = 255 * (1000 - colour_permille.min(1000));
            u8::try_from((kept + white) / 1000).unwrap_or(u8::MAX)
        };
        Rgb(mix(self.0), mix(self.1), mix(self.2))
    }
}

/// Colours that tell lines apart: the sub-series of one indicator (5.3.1 Roken / alcohol /
/// drugs), or the indicators compared in one chart. Distinct in lightness too.
pub const SUB_SERIES: [Rgb; 6] = [
    Rgb(0x1f, 0x3a, 0x93),
    Rgb(0xe0, 0x7b, 0x00),
    Rgb(0x2e, 0x7d, 0x32),
    Rgb(0x7b, 0x2d, 0x8e),
    Rgb(0x00, 0x83, 0x8f),
    Rgb(0x8d, 0x6e, 0x63),
];

/// Relative luminance (0–1000), to check colours stay apart in greyscale.
pub fn luminance_permille(colour: Rgb) -> u32 {
    // Rec. 709 weights on the 8-bit channels; integer arithmetic keeps the core float-free.
    (2126 * u32::from(colour.0) + 7152 * u32::from(colour.1) + 722 * u32::from(colour.2)) / 2550
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn realised_and_budget_differ_in_greyscale() {
        let realised = luminance_permille(REALISED);
        let budget = luminance_permille(BUDGET);
        assert!(budget.abs_diff(realised) > 250, "{realised} vs {budget}");
        assert_ne!(
            value_kind_dash(ValueKind::Realised),
            value_kind_dash(ValueKind::Budget)
        );
        assert_ne!(
            value_kind_bar_fill(ValueKind::Realised),
            value_kind_bar_fill(ValueKind::Budget)
        );
    }

    #[test]
    fn a_tint_moves_towards_white() {
        assert_eq!(REALISED.tint(1000), REALISED);
        assert_eq!(REALISED.tint(0), Rgb(255, 255, 255));
        assert!(luminance_permille(BUDGET.tint(350)) > luminance_permille(BUDGET) + 200);
    }
}
