/// Text with one value per token, each token drawn on its value's colour and
/// wrapped to the width: an activation over a passage, or a saliency score
/// per prompt character.
///
/// `tokens[i]` is drawn on `palette.color(for: values[i])` (values missing
/// past the end are NaN), in black or white for contrast. Without colour,
/// a token whose value lies in the palette's top fifth is in reverse video,
/// one in its bottom fifth underlined, so the strong ends still show. A
/// newline token is drawn as `↵` and breaks the line. Wrapping is `TextPane`'s.
///
/// `cursor` (a token index) is drawn bold in the cursor colour and kept in
/// view: `scroll` is the first wrapped line as of the last frame and moves
/// just enough (see `effectiveScroll`).
public struct ValueText: Widget, Hashable {
    public var tokens: [String]
    public var values: [Float]
    public var palette: Palette
    public var cursor: Int?
    public var scroll: Int

    public init(tokens: [String], values: [Float], palette: Palette = .diverging, cursor: Int? = nil, scroll: Int = 0) {
        self.tokens = tokens
        self.values = values
        self.palette = palette
        self.cursor = cursor
        self.scroll = scroll
    }

    /// The style of token `i` under `theme`.
    public func style(ofToken i: Int, theme: Theme) -> Style {
        let value = Double(i < values.count ? values[i] : .nan)
        if i == cursor {
            return theme.color ? Style(foreground: .black, background: palette.cursorColor, bold: true) : Style(bold: true, reverse: true, underline: true)
        }
        guard theme.color else {
            guard let p = palette.position(of: value) else { return .dim }
            return p >= 0.8 ? .reverse : p <= 0.2 ? Style(underline: true) : .plain
        }
        return Style(foreground: palette.textColor(on: value), background: palette.color(for: value))
    }

    /// The pane the text draws as, scrolled to `top`.
    func pane(theme: Theme, top: Int) -> TextPane {
        let spans = tokens.indices.map { i in
            TextSpan(tokens[i] == "\n" ? "↵\n" : tokens[i], style: style(ofToken: i, theme: theme))
        }
        return TextPane(spans: spans, scroll: .line(top))
    }

    /// The wrapped line holding token `index` at `width`.
    public func line(ofToken index: Int, width: Int) -> Int {
        guard width > 0, index > 0 else { return 0 }
        // Wrapping only the text before the token gives its line.
        let before = ValueText(tokens: Array(tokens.prefix(index)) + ["x"], values: [], palette: palette)
        return max(0, before.pane(theme: Theme(color: false), top: 0).lineCount(width: width) - 1)
    }

    /// The first wrapped line shown in `area`: `scroll`, moved just enough to show the cursor.
    public func effectiveScroll(in area: Rect) -> Int {
        let total = pane(theme: Theme(color: false), top: 0).lineCount(width: area.width)
        let cursorLine = cursor.map { line(ofToken: min(max($0, 0), tokens.count), width: area.width) } ?? -1
        return Heatmap.scrollOffset(cursor: cursorLine, offset: scroll, viewport: area.height, count: total)
    }

    public func render(into buffer: inout Buffer, area: Rect, theme: Theme) {
        guard !area.intersection(buffer.area).isEmpty else { return }
        pane(theme: theme, top: effectiveScroll(in: area)).render(into: &buffer, area: area, theme: theme)
    }
}
