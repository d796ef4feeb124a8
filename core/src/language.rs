//! The language of the interface and of printed output: at the bottom of the core, so that
//! number notation (`numbers`) and the texts (`i18n`) both build on it without needing each other.

/// The language of the user interface and of printed output.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum Language {
    /// Nederlands.
    #[default]
    Dutch,
    /// English.
    English,
}

impl Language {
    /// Both languages, in menu order.
    pub const ALL: [Language; 2] = [Language::Dutch, Language::English];

    /// The language's own name, for the menu.
    pub fn native_name(self) -> &'static str {
        match self {
            Language::Dutch => "Nederlands",
            Language::English => "English",
        }
    }
}
