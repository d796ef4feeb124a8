//! The meaning-based colours of [`crate::style`] as egui colours.

use egui::Color32;

use crate::style::Rgb;

/// The egui colour of a style colour.
pub fn of(colour: Rgb) -> Color32 {
    Color32::from_rgb(colour.0, colour.1, colour.2)
}

/// `text` set on a `background` of meaning (a marker's, review's, conflict's tint), in the
/// markers' dark ink: the theme's text colour may be light, and light on a tint is not read.
pub fn on(background: Rgb, text: egui::RichText) -> egui::RichText {
    text.color(of(crate::style::MARKER_TEXT))
        .background_color(of(background))
}
