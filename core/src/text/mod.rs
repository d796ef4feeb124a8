//! The bottom of Peilstok's words: folding printed text for matching names and words, and
//! decoding a file's text. Plain strings in and out: it depends on no other module, so the model
//! (which matches names when documents merge) and every reader can use it.

/// Replaces the ligature `ĳ` by `ij`, as names and titles are stored.
pub fn resolve_ligatures(text: &str) -> String {
    text.replace('ĳ', "ij").replace('Ĳ', "IJ")
}

/// Lower-cases and resolves ligatures and OCR accents, for matching words only.
pub fn fold(text: &str) -> String {
    resolve_ligatures(text)
        .to_lowercase()
        .replace(['é', 'è'], "e")
}

/// Whether two printed names are the same name: case, ligatures, punctuation and spacing aside.
pub fn same_name(a: &str, b: &str) -> bool {
    let key_a = name_key(a);
    !key_a.is_empty() && key_a == name_key(b)
}

/// What [`same_name`] compares: the folded letters and digits of a name. Two names with the
/// same key that is not empty are the same name; a merge looks names up by it.
pub fn name_key(text: &str) -> String {
    fold(text).chars().filter(|c| c.is_alphanumeric()).collect()
}

/// A file's text as Windows tools save it: UTF-8 (with or without a byte-order mark), UTF-16
/// with one, or else Windows-1252 (which every byte sequence is). Fails, with the encoding's name,
/// only when a byte-order mark is contradicted by the bytes after it.
pub fn decode_text(bytes: &[u8]) -> Result<std::borrow::Cow<'_, str>, &'static str> {
    if let Some((encoding, bom_length)) = encoding_rs::Encoding::for_bom(bytes) {
        return encoding
            .decode_without_bom_handling_and_without_replacement(&bytes[bom_length..])
            .ok_or(encoding.name());
    }
    Ok(match std::str::from_utf8(bytes) {
        Ok(text) => std::borrow::Cow::Borrowed(text),
        Err(_) => {
            encoding_rs::WINDOWS_1252
                .decode_without_bom_handling(bytes)
                .0
        }
    })
}

/// Folds runs of whitespace to single spaces.
pub fn fold_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
