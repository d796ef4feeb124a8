//! A shield around code Peilstok does not own that reads hostile bytes.
//!
//! calamine's cell-reference parser multiplies without checking (a reference such as
//! `AAAAAAAAAAA1` overflows), and a fuzzed workbook can reach other such corners. Peilstok's own
//! readers return errors; a panic inside a shielded call becomes an error too, so one bad file
//! never ends the program. The panic hook asks [`shielded`] whether the panic is one of these,
//! and then stays quiet: the caller reports it in words.

use std::cell::Cell;
use std::panic::{AssertUnwindSafe, catch_unwind};

thread_local! {
    static DEPTH: Cell<usize> = const { Cell::new(0) };
}

/// Runs `read`, turning a panic inside it into `None`.
///
/// Only for reading into fresh values: whatever `read` had half built is dropped, and nothing
/// shared is left half changed.
pub fn shield<T>(read: impl FnOnce() -> T) -> Option<T> {
    DEPTH.with(|depth| depth.set(depth.get() + 1));
    let result = catch_unwind(AssertUnwindSafe(read)).ok();
    DEPTH.with(|depth| depth.set(depth.get().saturating_sub(1)));
    result
}

/// Whether this thread is inside [`shield`]: a panic now is a bad file, not a crash.
pub fn shielded() -> bool {
    DEPTH.with(|depth| depth.get() > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_inside_becomes_none_and_the_depth_unwinds() {
        let caught = shield(|| {
            assert!(shielded());
            let values: Vec<u32> = Vec::new();
            values[3]
        });
        assert_eq!(caught, None);
        assert!(!shielded());
        assert_eq!(shield(|| 7), Some(7));
    }
}
