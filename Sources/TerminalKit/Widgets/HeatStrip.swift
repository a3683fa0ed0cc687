/// One row of values as a heat strip, e.g. one unit's weights.
///
/// Draws like a one-row `Heatmap` without labels or legend, in the first row
/// of the area; the cursor column, if any, is kept visible.
public struct HeatStrip: Widget, Hashable {
    public var values: [Float]
    public var palette: Palette
    public var cursor: Int?
    public var scroll: Int

    public init(values: [Float], palette: Palette = .diverging, cursor: Int? = nil, scroll: Int = 0) {
        self.values = values
        self.palette = palette
        self.cursor = cursor
        self.scroll = scroll
    }

    /// The heatmap this strip draws as.
    public var heatmap: Heatmap {
        Heatmap(
            rows: 1, columns: values.count, values: values, palette: palette,
            cursor: cursor.map { GridPosition(row: 0, column: $0) },
            scroll: GridPosition(row: 0, column: scroll), showsLegend: false
        )
    }

    public func render(into buffer: inout Buffer, area: Rect, theme: Theme) {
        heatmap.render(into: &buffer, area: Rect(x: area.x, y: area.y, width: area.width, height: min(area.height, 1)), theme: theme)
    }
}
