/// Turns a cell's `Character` into the wide characters ncurses is given for it.
///
/// Invariant: every cell yields exactly one column. That is one spacing
/// character (display width 1) followed by at most `maxCombining` combining
/// characters (width 0). Control characters become their visible stand-ins
/// (`Buffer.visibleGlyph`); anything that would take another number of
/// columns (wide CJK, most emoji, or any non-ASCII character when the locale
/// is not UTF-8) becomes `replacement`, so one bad cell cannot shift a row.
public enum CellGlyph {
    /// What is drawn for a character that cannot take exactly one column.
    public static let replacement: Int32 = 0x3F  // "?"

    /// ncurses keeps up to CCHARW_MAX (5) characters per cell: one spacing, four combining.
    public static let maxCombining = 4

    /// Appends the scalars for `character` to `output`, as `wchar_t` values.
    ///
    /// `width` gives a scalar's display width as `wcwidth` does (-1 for
    /// non-printable).
    public static func append(_ character: Character, to output: inout [Int32], width: (UInt32) -> Int32) {
        let scalars = character.unicodeScalars
        if scalars.count == 1, let only = scalars.first, only.value >= 0x20 && only.value < 0x7F {
            output.append(Int32(only.value))
            return
        }
        let glyph = Buffer.visibleGlyph(character)
        var iterator = glyph.unicodeScalars.makeIterator()
        guard let first = iterator.next(), width(first.value) == 1 else {
            output.append(replacement)
            return
        }
        output.append(Int32(first.value))
        var combining = 0
        while let next = iterator.next(), combining < maxCombining {
            if next.value != 0 && width(next.value) == 0 {
                output.append(Int32(next.value))
                combining += 1
            }
        }
    }
}
