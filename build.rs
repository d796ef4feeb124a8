//! Windows: the program's icon and version information, compiled into the executable from
//! `packaging/windows/peilstok.rc` with the mingw resource compiler (`windres`, or `$WINDRES`).

use std::path::PathBuf;
use std::process::Command;

fn main() {
    println!("cargo:rerun-if-changed=packaging/windows/peilstok.rc");
    println!("cargo:rerun-if-changed=packaging/icons/peilstok.ico");
    println!("cargo:rerun-if-env-changed=WINDRES");
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() != Ok("windows") {
        return;
    }
    let Ok(out_dir) = std::env::var("OUT_DIR") else {
        return;
    };
    let windres = std::env::var("WINDRES").unwrap_or_else(|_| "x86_64-w64-mingw32-windres".into());
    let version = std::env::var("CARGO_PKG_VERSION").unwrap_or_default();
    let numbers: Vec<&str> = version
        .split(|c: char| !c.is_ascii_digit())
        .filter(|part| !part.is_empty())
        .chain(["0", "0", "0", "0"])
        .take(4)
        .collect();
    let object = PathBuf::from(out_dir).join("peilstok-resources.o");
    let status = Command::new(&windres)
        .args(["--input", "packaging/windows/peilstok.rc", "--output"])
        .arg(&object)
        .args(["--output-format=coff", "--include-dir=packaging"])
        .arg(format!("-DVERSION_NUMBERS={}", numbers.join(",")))
        .arg(format!("-DVERSION_TEXT=\\\"{version}\\\""))
        .status();
    match status {
        Ok(status) if status.success() => {
            println!("cargo:rustc-link-arg-bins={}", object.display());
        }
        _ => println!(
            "cargo:warning=no icon or version information: `{windres}` could not compile packaging/windows/peilstok.rc"
        ),
    }
}
