/// A key press, decoded from the terminal by a backend.
///
/// Both the ncurses backend (TUI) and the REPL's line editor produce these, so
/// key handling is written once against this type and tested without a terminal.
public enum Key: Hashable, Sendable {
    /// A printable character (never a control character).
    case character(Character)
    /// Ctrl plus a letter, given in lowercase: Ctrl-L is `.control("l")`.
    /// Tab, Enter, Backspace and Escape have their own cases instead.
    case control(Character)
    case enter, tab, backTab, backspace, delete, escape
    case up, down, left, right, home, end, pageUp, pageDown, insert
    /// F1…F12.
    case function(Int)
    /// The terminal changed size; the backend has already learnt the new size.
    case resize
}
