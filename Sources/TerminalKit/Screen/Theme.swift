/// What the terminal can show, decided once at start-up and passed to every widget.
///
/// `color == false` under `NO_COLOR` or `--no-color`: widgets then draw with
/// attributes and glyphs only (heatmaps use the shades ░▒▓█). `unicode == false`
/// under `--ascii`: widgets draw with ASCII only (no braille, box drawing or shades).
public struct Theme: Hashable, Sendable {
    public var color: Bool
    public var unicode: Bool

    public init(color: Bool = true, unicode: Bool = true) {
        self.color = color
        self.unicode = unicode
    }

    public static let full = Theme()
}
