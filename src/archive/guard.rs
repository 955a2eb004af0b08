//! Running one document so that a panic in any stage becomes an error
//! line for that file instead of ending the run.
//!
//! The panic hook is process-wide, so it is installed once and asks a
//! thread-local flag whether the panicking thread is inside [`guarded`]:
//! there it only records the message (for `errors.jsonl`); anywhere else
//! it defers to the previous hook, so tests and other code still print.

use std::cell::{Cell, RefCell};
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

thread_local! {
    static GUARDED: Cell<bool> = const { Cell::new(false) };
    static MESSAGE: RefCell<Option<String>> = const { RefCell::new(None) };
}

fn install_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if GUARDED.with(|g| g.get()) {
                let msg = payload_text(info.payload());
                let msg = match info.location() {
                    Some(l) => format!("{msg} (at {}:{})", l.file(), l.line()),
                    None => msg,
                };
                MESSAGE.with(|m| *m.borrow_mut() = Some(msg));
            } else {
                previous(info);
            }
        }));
    });
}

fn payload_text(p: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = p.downcast_ref::<&str>() {
        s.to_string()
    } else if let Some(s) = p.downcast_ref::<String>() {
        s.clone()
    } else {
        "non-text panic payload".to_string()
    }
}

/// Runs `f`; a panic inside it comes back as `Err(message)`.
pub fn guarded<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    install_hook();
    let was = GUARDED.with(|g| g.replace(true));
    let r = panic::catch_unwind(AssertUnwindSafe(f));
    GUARDED.with(|g| g.set(was));
    r.map_err(|payload| {
        MESSAGE
            .with(|m| m.borrow_mut().take())
            .unwrap_or_else(|| payload_text(payload.as_ref()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn panics_become_messages() {
        assert_eq!(guarded(|| 3), Ok(3));
        let e = guarded(|| -> u32 { panic!("bad glyph {}", 7) }).unwrap_err();
        assert!(
            e.starts_with("bad glyph 7 (at src/archive/guard.rs:"),
            "{e}"
        );
        let v: Vec<u8> = vec![];
        let e = guarded(|| v[3]).unwrap_err();
        assert!(e.contains("index out of bounds"), "{e}");
    }
}
