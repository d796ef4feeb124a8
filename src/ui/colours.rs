//! The meaning-based colours of [`crate::style`] as egui colours.

use egui::Color32;

use crate::style::Rgb;

/// The egui colour of a style colour.
pub fn of(colour: Rgb) -> Color32 {
    Color32::from_rgb(colour.0, colour.1, colour.2)
}
