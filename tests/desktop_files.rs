//! The Linux desktop files (`packaging/linux/`) and the icons: what a desktop needs to show
//! Peilstok in its menu and open a `.peilstok` from the file manager. CI also runs
//! `desktop-file-validate` and `xmllint` on them.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;
use std::path::Path;

fn read(relative: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(relative))
        .unwrap_or_else(|error| panic!("{relative}: {error}"))
}

/// The `[Desktop Entry]` group's keys and values.
fn desktop_entry(text: &str) -> BTreeMap<String, String> {
    let mut in_entry = false;
    let mut keys = BTreeMap::new();
    for line in text.lines() {
        if line.starts_with('[') {
            in_entry = line == "[Desktop Entry]";
            continue;
        }
        if let (true, Some((key, value))) = (in_entry, line.split_once('=')) {
            keys.insert(key.to_string(), value.to_string());
        }
    }
    keys
}

#[test]
fn the_menu_entry_opens_peilstok_documents_with_the_program() {
    let entry = desktop_entry(&read("packaging/linux/peilstok.desktop"));
    assert_eq!(entry["Type"], "Application");
    assert_eq!(entry["Name"], "Peilstok");
    // The file the file manager hands over is opened (`%f`), one at a time.
    assert_eq!(entry["Exec"], "peilstok %f");
    assert_eq!(entry["Icon"], "peilstok");
    assert_eq!(entry["Terminal"], "false");
    // The window's app id, so the desktop puts the window under this entry.
    assert_eq!(entry["StartupWMClass"], "peilstok");
    assert!(
        entry["MimeType"]
            .split(';')
            .any(|t| t == "application/x-peilstok")
    );
    assert!(entry.contains_key("Comment") && entry.contains_key("Comment[en]"));
}

#[test]
fn the_file_type_is_the_documents_extension_and_application_id() {
    let mime = read("packaging/linux/peilstok-mime.xml");
    assert!(mime.contains(r#"<mime-type type="application/x-peilstok">"#));
    assert!(mime.contains(&format!(
        r#"<glob pattern="*.{}"/>"#,
        peilstok::store::EXTENSION
    )));
    // The document's SQLite application_id, at byte 68 of the file, big-endian.
    assert!(mime.contains(&format!(
        r#"<match type="big32" offset="68" value="0x{:08X}"/>"#,
        peilstok::store::APPLICATION_ID
    )));
    assert!(mime.contains(r#"<icon name="peilstok"/>"#));
}

#[test]
fn the_icons_are_there_in_every_size_the_script_installs() {
    let script = read("scripts/install-desktop.sh");
    let sizes_line = script
        .lines()
        .find(|line| line.starts_with("for size in"))
        .unwrap();
    for size in sizes_line
        .trim_start_matches("for size in")
        .trim_end_matches("; do")
        .split_whitespace()
    {
        let png = std::fs::read(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join(format!("packaging/icons/peilstok-{size}.png")),
        )
        .unwrap();
        // A PNG whose header says the size it is named by.
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
        let width = u32::from_be_bytes([png[16], png[17], png[18], png[19]]);
        assert_eq!(width.to_string(), size);
    }
    assert!(read("packaging/icons/peilstok.svg").contains("<svg"));
}
