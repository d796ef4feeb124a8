//! Peilstok's executable: everything lives in the library; see `peilstok --help`.

fn main() -> std::process::ExitCode {
    peilstok::cli::main()
}
