/// A piece of a `StatusLine`: text, its style, and how much it matters.
public struct StatusSegment: Hashable, Sendable {
    public var text: String
    /// nil draws the segment in the line's style.
    public var style: Style?
    /// Segments with lower priority are dropped first when space runs out.
    public var priority: Int

    public init(_ text: String, style: Style? = nil, priority: Int = 0) {
        self.text = text
        self.style = style
        self.priority = priority
    }
}

/// One row of segments: a left group from the left edge and a right group
/// ending at the right edge, over a background in `style`.
///
/// Segments within a group are separated by `separator`; the groups by at
/// least as many spaces, and by the separator itself when the line is full,
/// so that it reads as one list. When everything does not fit, segments are dropped,
/// lowest priority first (among equals, the one further right), until it fits
/// or one segment remains; that one is then truncated with `…` (`~` in ASCII).
/// Only the first row of the area is used.
public struct StatusLine: Widget, Hashable {
    public var left: [StatusSegment]
    public var right: [StatusSegment]
    public var separator: String
    public var style: Style

    public init(left: [StatusSegment], right: [StatusSegment] = [], separator: String = " │ ", style: Style = .reverse) {
        self.left = left
        self.right = right
        self.separator = separator
        self.style = style
    }

    /// The separator as drawn: in ASCII, non-ASCII characters become `|`.
    func separator(unicode: Bool) -> String {
        unicode ? separator : String(separator.map { $0.isASCII ? $0 : "|" })
    }

    /// The segments shown at `width` after dropping, with any truncation applied.
    public func fitted(width: Int, unicode: Bool) -> (left: [StatusSegment], right: [StatusSegment]) {
        let separator = separator(unicode: unicode)
        // Tagged by group (0 left, 1 right) so the original order survives dropping.
        var kept = left.map { (group: 0, segment: $0) } + right.map { (group: 1, segment: $0) }
        func needed() -> Int {
            var total = 0
            for group in 0...1 {
                let texts = kept.filter { $0.group == group }.map(\.segment.text)
                guard !texts.isEmpty else { continue }
                total += texts.reduce(0) { $0 + $1.count } + (texts.count - 1) * separator.count
            }
            if kept.contains(where: { $0.group == 0 }) && kept.contains(where: { $0.group == 1 }) { total += separator.count }
            return total
        }
        while kept.count > 1, needed() > width {
            var drop = kept.count - 1
            for i in kept.indices.reversed() where kept[i].segment.priority < kept[drop].segment.priority { drop = i }
            kept.remove(at: drop)
        }
        if kept.count == 1, kept[0].segment.text.count > width {
            kept[0].segment.text = TextFit.truncate(kept[0].segment.text, to: width, unicode: unicode)
        }
        return (kept.filter { $0.group == 0 }.map(\.segment), kept.filter { $0.group == 1 }.map(\.segment))
    }

    public func render(into buffer: inout Buffer, area: Rect, theme: Theme) {
        let clip = area.intersection(buffer.area)
        guard !clip.isEmpty, area.width > 0 else { return }
        let row = Rect(x: area.x, y: area.y, width: area.width, height: 1)
        buffer.fill(row, with: Cell(" ", style: style), clip: clip)
        let separator = separator(unicode: theme.unicode)
        let (leftShown, rightShown) = fitted(width: area.width, unicode: theme.unicode)

        func draw(_ segments: [StatusSegment], from start: Int) {
            var x = start
            for (i, segment) in segments.enumerated() {
                if i > 0 { x += buffer.write(separator, x: x, y: area.y, style: style, clip: clip) }
                x += buffer.write(segment.text, x: x, y: area.y, style: segment.style ?? style, clip: clip)
            }
        }
        let width = { (segments: [StatusSegment]) in
            segments.reduce(0) { $0 + $1.text.count } + max(0, segments.count - 1) * separator.count
        }
        draw(leftShown, from: area.x)
        draw(rightShown, from: area.maxX - width(rightShown))
        if !leftShown.isEmpty, !rightShown.isEmpty, area.width - width(leftShown) - width(rightShown) == separator.count {
            buffer.write(separator, x: area.x + width(leftShown), y: area.y, style: style, clip: clip)
        }
    }
}
