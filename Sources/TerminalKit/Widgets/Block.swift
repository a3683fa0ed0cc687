/// A rectangular border with an optional title, framing another widget.
///
/// A title too long for the border loses whole ` · `-separated parts from its
/// end (`prompt · sample T=1.0 · N=50` → `prompt · sample T=1.0`); only a
/// first part too long on its own is cut, with `…`.
///
/// Borders use light box drawing (`┌─┐│└┘`); a focused block uses heavy lines
/// (`┏━┓┃┗┛`), bold, and `focusColor` when colour is available, so focus shows
/// without colour too. With `theme.unicode == false` the border is `+-|`, and a
/// focused block draws its horizontal lines with `=`. Areas narrower or shorter
/// than 2 cells draw nothing and have an empty `inner`.
public struct Block: Widget, Hashable {
    /// Drawn in the top border after `┌─`, truncated to fit; empty for none.
    public var title: String
    public var focused: Bool
    /// The border's style when not focused.
    public var borderStyle: Style
    /// The border's foreground when focused and colour is available.
    public var focusColor: Color

    public init(title: String = "", focused: Bool = false, borderStyle: Style = .plain, focusColor: Color = .cyan) {
        self.title = title
        self.focused = focused
        self.borderStyle = borderStyle
        self.focusColor = focusColor
    }

    /// The area left inside the border.
    public func inner(_ area: Rect) -> Rect {
        area.width < 2 || area.height < 2 ? Rect(x: area.x, y: area.y, width: 0, height: 0) : area.inset(by: 1)
    }

    /// The style the border is drawn in under `theme`.
    public func resolvedBorderStyle(_ theme: Theme) -> Style {
        guard focused else { return borderStyle }
        var style = borderStyle
        style.bold = true
        style.dim = false
        if theme.color { style.foreground = focusColor }
        return style
    }

    public func render(into buffer: inout Buffer, area: Rect, theme: Theme) {
        let clip = area.intersection(buffer.area)
        guard area.width >= 2, area.height >= 2, !clip.isEmpty else { return }
        let glyphs = BorderGlyphs(unicode: theme.unicode, heavy: focused)
        let style = resolvedBorderStyle(theme)
        let right = area.maxX - 1, bottom = area.maxY - 1

        for x in (area.x + 1)..<right {
            buffer.put(x, area.y, glyphs.horizontal, style, clip: clip)
            buffer.put(x, bottom, glyphs.horizontal, style, clip: clip)
        }
        for y in (area.y + 1)..<bottom {
            buffer.put(area.x, y, glyphs.vertical, style, clip: clip)
            buffer.put(right, y, glyphs.vertical, style, clip: clip)
        }
        buffer.put(area.x, area.y, glyphs.topLeft, style, clip: clip)
        buffer.put(right, area.y, glyphs.topRight, style, clip: clip)
        buffer.put(area.x, bottom, glyphs.bottomLeft, style, clip: clip)
        buffer.put(right, bottom, glyphs.bottomRight, style, clip: clip)

        // " title " after the corner and one line cell, leaving one line cell before the corner.
        let room = area.width - 4
        guard !title.isEmpty, room >= 3 else { return }
        var titleStyle = style
        titleStyle.bold = true
        let text = " " + Block.fitted(title, to: room - 2, unicode: theme.unicode) + " "
        buffer.write(text, x: area.x + 2, y: area.y, style: titleStyle, clip: clip)
    }
}

extension Block {
    static let titleSeparator = " · "

    /// `title` in at most `width` cells: its leading ` · `-separated parts that fit, else its first part cut.
    static func fitted(_ title: String, to width: Int, unicode: Bool) -> String {
        guard title.count > width else { return title }
        let parts = title.components(separatedBy: titleSeparator)
        var kept = parts[0]
        guard kept.count <= width else { return TextFit.truncate(kept, to: width, unicode: unicode) }
        for part in parts.dropFirst() {
            let longer = kept + titleSeparator + part
            guard longer.count <= width else { break }
            kept = longer
        }
        return kept
    }
}

/// The characters of one border style.
struct BorderGlyphs {
    let horizontal: Character, vertical: Character
    let topLeft: Character, topRight: Character, bottomLeft: Character, bottomRight: Character

    init(unicode: Bool, heavy: Bool) {
        switch (unicode, heavy) {
        case (true, false):
            (horizontal, vertical) = ("─", "│")
            (topLeft, topRight, bottomLeft, bottomRight) = ("┌", "┐", "└", "┘")
        case (true, true):
            (horizontal, vertical) = ("━", "┃")
            (topLeft, topRight, bottomLeft, bottomRight) = ("┏", "┓", "┗", "┛")
        case (false, false):
            (horizontal, vertical) = ("-", "|")
            (topLeft, topRight, bottomLeft, bottomRight) = ("+", "+", "+", "+")
        case (false, true):
            (horizontal, vertical) = ("=", "|")
            (topLeft, topRight, bottomLeft, bottomRight) = ("+", "+", "+", "+")
        }
    }
}
