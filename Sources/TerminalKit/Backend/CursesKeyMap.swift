import CNCursesW

/// Decodes what ncurses' `wget_wch` returns into `Key`s.
///
/// `wget_wch` gives either a character (status OK) or a key code (status
/// KEY_CODE_YES). Codes for modified keys that terminfo describes only by
/// extended names (xterm's `kLFT5` for Ctrl-Left and so on) are decoded by
/// name with the modifier dropped, matching `KeyDecoder` in the REPL.
enum CursesKeyMap {
    /// The key for a character read with status OK, or nil for characters
    /// that have no `Key` (NUL, Ctrl-\ and friends, C1 controls).
    static func key(forCharacter code: UInt32) -> Key? {
        switch code {
        case 0x0D, 0x0A: return .enter
        case 0x09: return .tab
        case 0x08, 0x7F: return .backspace
        case 0x1B: return .escape
        case 0x01...0x1A: return .control(Character(Unicode.Scalar(UInt8(0x60 + code))))
        case 0x00..<0x20, 0x80..<0xA0: return nil
        default:
            guard let scalar = Unicode.Scalar(code) else { return nil }
            return .character(Character(scalar))
        }
    }

    /// The key for a code read with status KEY_CODE_YES, or nil when unknown.
    /// KEY_RESIZE is not handled here: the terminal must learn the size first.
    static func key(forKeyCode code: Int32) -> Key? {
        switch code {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_HOME, KEY_A1: return .home
        case KEY_END, KEY_C1: return .end
        case KEY_PPAGE, KEY_A3: return .pageUp
        case KEY_NPAGE, KEY_C3: return .pageDown
        case KEY_IC: return .insert
        case KEY_DC: return .delete
        case KEY_BACKSPACE: return .backspace
        case KEY_ENTER: return .enter
        case KEY_BTAB: return .backTab
        default:
            let f1 = cnc_key_f(1)
            if code >= f1 && code < f1 + 12 { return .function(Int(code - f1) + 1) }
            // xterm reports Shift-F1…F12 as F13…F24.
            if code >= f1 + 12 && code < f1 + 24 { return .function(Int(code - f1) - 11) }
            return nil
        }
    }

    /// The key for an ncurses extended key name such as "kRIT5" (Ctrl-Right),
    /// modifier dropped; nil for names that are not a modified navigation key.
    static func key(forExtendedName name: String) -> Key? {
        let base = name.prefix { !$0.isNumber }
        guard base.count < name.count else { return nil }
        switch base {
        case "kUP": return .up
        case "kDN": return .down
        case "kLFT": return .left
        case "kRIT": return .right
        case "kHOM": return .home
        case "kEND": return .end
        case "kPRV": return .pageUp
        case "kNXT": return .pageDown
        case "kDC": return .delete
        case "kIC": return .insert
        default: return nil
        }
    }
}
