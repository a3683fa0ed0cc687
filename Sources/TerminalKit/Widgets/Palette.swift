/// Colour scales for matrix values: diverging for [-1, 1], sequential for [0, 1].
///
/// Colours come from the xterm 256-colour cube. The diverging scale runs
/// dark blue (−1) → light blue → light grey (0) → light red → dark red (+1)
/// in 6 steps per side; the sequential scale runs dark purple (0) → teal →
/// green → yellow (1) in 8 steps. Both are monotone: a larger value never maps
/// to an earlier step. Out-of-range values (and ±∞) are clamped; NaN maps to
/// `nanColor`, a mid grey that is on neither scale.
///
/// Without colour, values map to shade glyphs of increasing ink: ` ░▒▓█`
/// (5 levels) with unicode, ` .:-=+*#%@` (10 levels) in ASCII, indexed by the
/// value's position in the domain (`(v + 1) / 2` for diverging). NaN is `?`.
public struct Palette: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        case diverging
        case sequential
    }

    public let kind: Kind

    public init(_ kind: Kind) {
        self.kind = kind
    }

    /// Blue–grey–red for values in [-1, 1].
    public static let diverging = Palette(.diverging)
    /// Purple–yellow for values in [0, 1], e.g. probabilities.
    public static let sequential = Palette(.sequential)

    /// The colour of NaN cells.
    public static let nanColor = Color.grey(8)
    /// The shade glyph of NaN cells.
    public static let nanShade: Character = "?"

    /// A colour on neither end of the scale, that marks a cursor among its
    /// colours: yellow on the diverging scale, white on the sequential one.
    public var cursorColor: Color { kind == .diverging ? .cube(5, 5, 0) : .indexed(15) }

    /// The text colour that reads on `value`'s colour: white on the dark
    /// ones (strong diverging values, low sequential ones, NaN), else black.
    public func textColor(on value: Double) -> Color {
        let dark: Bool
        switch (kind, position(of: value)) {
        case (_, nil): dark = true
        case (.diverging, let p?): dark = abs(2 * p - 1) > 0.5
        case (.sequential, let p?): dark = p < 0.5
        }
        return dark ? .indexed(15) : .black
    }

    /// The values the palette spans.
    public var domain: ClosedRange<Double> { kind == .diverging ? -1...1 : 0...1 }

    /// Steps from the neutral colour (diverging: towards blue, then red).
    static let negativeSteps: [Color] = [
        .cube(4, 4, 5), .cube(3, 3, 5), .cube(2, 2, 5), .cube(1, 1, 5), .cube(0, 0, 5), .cube(0, 0, 3),
    ]
    static let positiveSteps: [Color] = [
        .cube(5, 4, 4), .cube(5, 3, 3), .cube(5, 2, 2), .cube(5, 1, 1), .cube(5, 0, 0), .cube(3, 0, 0),
    ]
    static let neutral = Color.grey(21)
    static let sequentialSteps: [Color] = [
        .cube(1, 0, 2), .cube(1, 1, 3), .cube(0, 2, 3), .cube(0, 3, 3),
        .cube(0, 4, 2), .cube(2, 4, 1), .cube(4, 5, 0), .cube(5, 5, 0),
    ]
    static let unicodeShades: [Character] = [" ", "░", "▒", "▓", "█"]
    static let asciiShades: [Character] = [" ", ".", ":", "-", "=", "+", "*", "#", "%", "@"]

    /// The palette's colours from the low end of the domain to the high end.
    public var steps: [Color] {
        switch kind {
        case .diverging: return Palette.negativeSteps.reversed() + [Palette.neutral] + Palette.positiveSteps
        case .sequential: return Palette.sequentialSteps
        }
    }

    /// Where `value` lies in the domain, from 0 (lower end) to 1 (upper end),
    /// clamped; nil for NaN.
    public func position(of value: Double) -> Double? {
        guard !value.isNaN else { return nil }
        let p = kind == .diverging ? (value + 1) / 2 : value
        return min(max(p, 0), 1)
    }

    /// The colour for `value`.
    ///
    /// Diverging: step `round(|v| · 6)` on the side of v's sign, 0 being the
    /// neutral grey. Sequential: step `⌊v · 8⌋` (1 falls in the last step).
    public func color(for value: Double) -> Color {
        guard let p = position(of: value) else { return Palette.nanColor }
        switch kind {
        case .diverging:
            let v = 2 * p - 1
            let step = Int((abs(v) * 6).rounded())
            if step == 0 { return Palette.neutral }
            return (v < 0 ? Palette.negativeSteps : Palette.positiveSteps)[step - 1]
        case .sequential:
            return Palette.sequentialSteps[min(Int(p * 8), 7)]
        }
    }

    /// The shade glyph for `value` when colour is unavailable.
    public func shade(for value: Double, unicode: Bool) -> Character {
        guard let p = position(of: value) else { return Palette.nanShade }
        let shades = unicode ? Palette.unicodeShades : Palette.asciiShades
        return shades[min(Int(p * Double(shades.count)), shades.count - 1)]
    }

    /// The cell showing `value`: a space on the value's colour, or without
    /// colour its shade glyph.
    public func cell(for value: Double, theme: Theme) -> Cell {
        theme.color
            ? Cell(" ", style: Style(background: color(for: value)))
            : Cell(shade(for: value, unicode: theme.unicode))
    }
}
