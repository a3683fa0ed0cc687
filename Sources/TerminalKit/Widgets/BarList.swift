/// One row of a `BarList`: a label, a bar for `fraction` of the full width,
/// and trailing text such as a percentage.
public struct BarItem: Hashable, Sendable {
    public var label: String
    /// In 0...1; values outside are clamped and NaN counts as 0.
    public var fraction: Double
    public var trailing: String

    public init(label: String, fraction: Double, trailing: String = "") {
        self.label = label
        self.fraction = fraction
        self.trailing = trailing
    }
}

/// Horizontal bars, one item per row, e.g. the top-k next-character candidates
/// with their probabilities.
///
/// Each row is `label␠bar␠trailing`: labels left-aligned in a column as wide as
/// the longest (at most a third of the width), trailing texts right-aligned in
/// a column as wide as the longest (at most a quarter), and the bar filling
/// the rest. Bars are measured in eighths of a cell and drawn with `█` plus
/// one of `▏▎▍▌▋▊▉` for the remainder; in ASCII with `#`, rounded to whole
/// cells. The highlighted row has its label in reverse video and its bar bold
/// in `highlightColor` (`barColor` otherwise, when colour is available). Rows
/// beyond the area's height are not drawn.
public struct BarList: Widget, Hashable {
    public var items: [BarItem]
    public var highlighted: Int?
    public var barColor: Color
    public var highlightColor: Color

    public init(items: [BarItem], highlighted: Int? = nil, barColor: Color = .green, highlightColor: Color = .yellow) {
        self.items = items
        self.highlighted = highlighted
        self.barColor = barColor
        self.highlightColor = highlightColor
    }

    static let eighthBlocks: [Character] = ["▏", "▎", "▍", "▌", "▋", "▊", "▉"]

    /// The bar length, in eighths of a cell, for `fraction` of `width` cells.
    public static func eighths(fraction: Double, width: Int) -> Int {
        let f = fraction.isNaN ? 0 : min(max(fraction, 0), 1)
        return Int((f * Double(max(0, width) * 8)).rounded())
    }

    /// The characters of a bar of `eighths` eighths (ASCII: whole cells of `#`,
    /// half a cell or more counting as one).
    public static func bar(eighths: Int, unicode: Bool) -> String {
        let n = max(0, eighths)
        guard unicode else { return String(repeating: "#", count: (n + 4) / 8) }
        var text = String(repeating: "█", count: n / 8)
        if n % 8 > 0 { text.append(eighthBlocks[n % 8 - 1]) }
        return text
    }

    /// Column widths (label, bar, trailing) for an area `width` cells wide.
    func columns(width: Int) -> (label: Int, bar: Int, trailing: Int) {
        let label = min(items.map(\.label.count).max() ?? 0, width / 3)
        let trailing = min(items.map(\.trailing.count).max() ?? 0, width / 4)
        let gaps = (label > 0 ? 1 : 0) + (trailing > 0 ? 1 : 0)
        return (label, max(0, width - label - trailing - gaps), trailing)
    }

    public func render(into buffer: inout Buffer, area: Rect, theme: Theme) {
        let clip = area.intersection(buffer.area)
        guard !clip.isEmpty else { return }
        let widths = columns(width: area.width)
        let barX = area.x + widths.label + (widths.label > 0 ? 1 : 0)
        let trailingX = area.maxX - widths.trailing

        for (index, item) in items.prefix(area.height).enumerated() {
            let y = area.y + index
            let isHighlighted = index == highlighted
            let label = TextFit.truncate(item.label, to: widths.label, unicode: theme.unicode)
            let padded = label + String(repeating: " ", count: max(0, widths.label - label.count))
            buffer.write(padded, x: area.x, y: y, style: isHighlighted ? Style(bold: true, reverse: true) : .plain, clip: clip)

            var barStyle = Style(bold: isHighlighted)
            if theme.color { barStyle.foreground = isHighlighted ? highlightColor : barColor }
            let eighths = BarList.eighths(fraction: item.fraction, width: widths.bar)
            buffer.write(BarList.bar(eighths: eighths, unicode: theme.unicode), x: barX, y: y, style: barStyle, clip: clip, maxWidth: widths.bar)

            let trailing = TextFit.padLeft(TextFit.truncate(item.trailing, to: widths.trailing, unicode: theme.unicode), to: widths.trailing)
            buffer.write(trailing, x: trailingX, y: y, style: isHighlighted ? .bold : .plain, clip: clip)
        }
    }
}
