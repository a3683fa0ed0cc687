/// A run of text in one style.
public struct TextSpan: Hashable, Sendable {
    public var text: String
    public var style: Style

    public init(_ text: String, style: Style = .plain) {
        self.text = text
        self.style = style
    }
}

/// Styled text wrapped to the pane's width under an optional title row, e.g. a
/// typed prefix followed by generated characters.
///
/// Lines break at newlines (`"\n"` or `"\r\n"`) and, when a line is full, after
/// its last space; a word longer than the width is cut at the width. The space
/// at which a line wraps is not carried to the next line. Other control
/// characters are drawn as `Buffer.visibleGlyph`s; with `showsNewlines` a
/// newline is also drawn as `↵` before the break.
///
/// The cursor, when set, is the character offset (in the concatenated span
/// texts) of the cell drawn in `cursorStyle`; an offset at the end, or on a
/// newline, gets a blank cursor cell of its own.
public struct TextPane: Widget, Hashable {
    /// Which wrapped lines are visible.
    public enum Scroll: Hashable, Sendable {
        /// The first lines.
        case top
        /// The last lines (follows text as it grows).
        case end
        /// Wrapped line `n` at the top, clamped so the pane stays full when the text is long enough.
        case line(Int)
    }

    /// The first row, in `titleStyle`; empty for no title row.
    public var title: String
    public var spans: [TextSpan]
    public var cursor: Int?
    public var scroll: Scroll
    public var showsNewlines: Bool
    public var titleStyle: Style
    public var cursorStyle: Style

    public init(
        title: String = "", spans: [TextSpan], cursor: Int? = nil, scroll: Scroll = .end,
        showsNewlines: Bool = false, titleStyle: Style = .bold, cursorStyle: Style = .reverse
    ) {
        self.title = title
        self.spans = spans
        self.cursor = cursor
        self.scroll = scroll
        self.showsNewlines = showsNewlines
        self.titleStyle = titleStyle
        self.cursorStyle = cursorStyle
    }

    // MARK: - Wrapping

    private enum Token {
        case cell(Cell, breakable: Bool)
        case newline(Style)
    }

    private func tokens() -> [Token] {
        var tokens: [Token] = []
        var offset = 0
        for span in spans {
            for ch in span.text {
                let atCursor = offset == cursor
                if ch == "\n" || ch == "\r\n" {
                    if showsNewlines {
                        tokens.append(.cell(Cell("↵", style: atCursor ? cursorStyle : span.style), breakable: false))
                    } else if atCursor {
                        tokens.append(.cell(Cell(" ", style: cursorStyle), breakable: false))
                    }
                    tokens.append(.newline(span.style))
                } else {
                    let style = atCursor ? cursorStyle : span.style
                    tokens.append(.cell(Cell(Buffer.visibleGlyph(ch), style: style), breakable: ch == " " && !atCursor))
                }
                offset += 1
            }
        }
        if cursor == offset { tokens.append(.cell(Cell(" ", style: cursorStyle), breakable: false)) }
        return tokens
    }

    /// The text as wrapped to `width` cells; at least one (possibly empty) line
    /// when `width > 0`, none otherwise.
    public func wrappedLines(width: Int) -> [[Cell]] {
        guard width > 0 else { return [] }
        var lines: [[Cell]] = []
        var line: [Cell] = []
        var lastSpace: Int? = nil
        for token in tokens() {
            switch token {
            case .newline:
                lines.append(line)
                line = []
                lastSpace = nil
            case .cell(let cell, let breakable):
                if line.count == width {
                    // A space in the first cell would leave a blank line, so cut hard instead.
                    let cut = lastSpace.flatMap { $0 > 0 ? $0 : nil }
                    lines.append(cut.map { Array(line[...$0]) } ?? line)
                    line = cut.map { Array(line[($0 + 1)...]) } ?? []
                    lastSpace = nil
                    if breakable && line.isEmpty { continue }
                }
                if breakable { lastSpace = line.count }
                line.append(cell)
            }
        }
        lines.append(line)
        return lines
    }

    /// The number of wrapped lines at `width`.
    public func lineCount(width: Int) -> Int { wrappedLines(width: width).count }

    /// The index of the first wrapped line shown when `visible` lines fit.
    public func firstVisibleLine(total: Int, visible: Int) -> Int {
        let maxTop = max(0, total - visible)
        switch scroll {
        case .top: return 0
        case .end: return maxTop
        case .line(let n): return min(max(n, 0), maxTop)
        }
    }

    // MARK: - Rendering

    public func render(into buffer: inout Buffer, area: Rect, theme: Theme) {
        let clip = area.intersection(buffer.area)
        guard !clip.isEmpty else { return }
        var textArea = area
        if !title.isEmpty {
            buffer.write(TextFit.truncate(title, to: area.width, unicode: theme.unicode), x: area.x, y: area.y, style: titleStyle, clip: clip)
            textArea = Rect(x: area.x, y: area.y + 1, width: area.width, height: area.height - 1)
        }
        guard !textArea.isEmpty else { return }
        let lines = wrappedLines(width: textArea.width)
        let first = firstVisibleLine(total: lines.count, visible: textArea.height)
        for (row, line) in lines[first..<min(lines.count, first + textArea.height)].enumerated() {
            for (column, cell) in line.enumerated() {
                buffer.put(textArea.x + column, textArea.y + row, cell.character, cell.style, clip: clip)
            }
        }
    }
}
