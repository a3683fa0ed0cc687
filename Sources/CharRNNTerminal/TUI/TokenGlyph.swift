import CharRNN
import TerminalKit

/// How tokens and text are shown when every character must take exactly one
/// terminal cell (the screen buffer holds one character per cell).
///
/// - Newline, tab and other control characters become `↵`, `⇥` and the
///   Control Pictures (`Buffer.visibleGlyph`); a space in a list is `␠`.
/// - A combining mark on its own (a token of `--text raw` is one Unicode
///   scalar) is drawn on a dotted circle, `◌́`, which still takes one cell.
/// - A character that takes two cells (CJK, most emoji) or none (format
///   characters such as U+200B, separators, private use) cannot be drawn in
///   one: grids and running text show the stand-in `▯`, lists and the
///   cursor and detail lines its code point, `U+6642`.
///
/// Widths are decided here from Unicode properties, not from the terminal's
/// `wcwidth`, so the layout is the same everywhere; the backend still turns
/// any character its terminal disagrees about into `?`.
enum TokenGlyph {
    /// What a single scalar needs on screen.
    enum Kind: Equatable {
        /// One cell as it is.
        case narrow
        /// A C0 or C1 control or DEL: drawn as its visible glyph.
        case control
        /// A combining mark, drawn on `◌`.
        case combining
        /// Two cells (East Asian wide or full-width, emoji presentation).
        case wide
        /// No visible width of its own (format, separators, private use, unassigned).
        case invisible
    }

    /// The one-cell stand-in for wide and invisible characters.
    static let standIn: Character = "▯"
    /// The base a lone combining mark is drawn on.
    static let dottedCircle: Unicode.Scalar = "\u{25CC}"

    static func kind(of scalar: Unicode.Scalar) -> Kind {
        let v = scalar.value
        if v < 0x20 || (0x7F..<0xA0).contains(v) { return .control }
        if v < 0x7F { return .narrow }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .spacingMark: return .combining
        case .format, .lineSeparator, .paragraphSeparator, .privateUse, .surrogate, .unassigned: return .invisible
        default: break
        }
        if scalar.properties.isEmojiPresentation || wideRanges.contains(where: { $0.contains(v) }) { return .wide }
        return .narrow
    }

    /// East Asian Wide and Full-width blocks (emoji are found by their presentation property).
    static let wideRanges: [ClosedRange<UInt32>] = [
        0x1100...0x115F, 0x2329...0x232A, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
        0xA000...0xA4CF, 0xA960...0xA97F, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F,
        0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x16FE0...0x18AFF, 0x1B000...0x1B2FF, 0x1F200...0x1F2FF,
        0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x2FFFD, 0x30000...0x3FFFD,
    ]

    /// `U+6642`: the scalar's code point, at least four hex digits.
    static func codePoint(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    /// One cell for a character of running text or a grid: itself, its
    /// visible glyph, `◌` under a lone mark, or `▯`. Newlines are left to the
    /// caller (a text pane breaks the line there).
    static func cell(_ character: Character) -> Character {
        let scalars = character.unicodeScalars
        guard let first = scalars.first else { return standIn }
        switch kind(of: first) {
        case .narrow:
            // A base with marks fits one cell; a sequence with a wide or invisible part does not.
            let rest = scalars.dropFirst()
            return rest.allSatisfy({ kind(of: $0) == .combining }) ? character : standIn
        case .control:
            return scalars.count == 1 ? Buffer.visibleGlyph(character) : standIn
        case .combining:
            var text = String(dottedCircle)
            text.unicodeScalars.append(contentsOf: scalars.prefix(CellGlyph.maxCombining))
            return Character(text)
        case .wide, .invisible:
            return standIn
        }
    }

    /// A token in one grid cell (heatmap column labels, the one-hot vector).
    static func cell(token: String) -> Character {
        token.count == 1 ? cell(token.first!) : (token == Vocabulary.unknownToken ? "?" : standIn)
    }

    /// A token in a list (inspector, top-k, detail lines): `␠` for a space
    /// (`_` in ASCII), `<unk>`, visible glyphs, `◌́`, or `U+6642` for a
    /// character that cannot take one cell.
    static func label(_ token: String, unicode: Bool = true) -> String {
        if token == " " { return unicode ? "␠" : "_" }
        if token == Vocabulary.unknownToken { return token }
        var out = ""
        for character in token {
            let shown = cell(character)
            if shown == standIn, let scalar = character.unicodeScalars.first, character != standIn {
                out += codePoint(scalar)
            } else {
                out.append(shown)
            }
        }
        return out
    }

    /// A token in a sentence: `'e'`, `'↵'`, or a bare `U+6642`.
    static func quoted(_ token: String, unicode: Bool = true) -> String {
        let shown = label(token, unicode: unicode)
        return shown.hasPrefix("U+") || token == Vocabulary.unknownToken ? shown : "'\(shown)'"
    }

    /// Running text with each character as `cell` shows it; newlines kept
    /// for the text pane to break at.
    static func text(_ text: String) -> String {
        String(text.map { $0 == "\n" || $0 == "\r\n" ? $0 : cell($0) })
    }
}
