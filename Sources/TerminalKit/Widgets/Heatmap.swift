/// A cell position in a grid: row and column, both counted from 0.
public struct GridPosition: Hashable, Sendable {
    public var row: Int
    public var column: Int

    public init(row: Int, column: Int) {
        self.row = row
        self.column = column
    }

    public static let zero = GridPosition(row: 0, column: 0)
}

/// A matrix of values drawn one cell per value in palette colours, with labels,
/// a cursor and scrolling.
///
/// Layout: right-aligned row labels and a space on the left, the grid, then
/// under the grid's last visible row one row of column labels (one character
/// per column) and a `PaletteLegend` row. The legend is shown only while the
/// grid keeps at least `min(rows, 4)` rows (and at least 1), the column labels
/// only when the area has 2 rows or more; row labels are dropped when they
/// would take more than half the width.
///
/// The cursor cell shows `◆` (ASCII `X`) in bold on the value's colour, in
/// white or black for contrast; without colour it is the shade glyph in bold
/// reverse video. Its row and column labels are drawn in reverse video.
/// The grid scrolls so the cursor stays visible (see `scrollOffset`).
public struct Heatmap: Widget, Hashable {
    public var rows: Int
    public var columns: Int
    /// Row-major values; missing entries are drawn as NaN.
    public var values: [Float]
    public var palette: Palette
    /// Labels for rows (e.g. unit numbers); missing or empty means none.
    public var rowLabels: [String]
    /// One character per column (e.g. the input character of each time step).
    public var columnLabels: [Character]
    public var cursor: GridPosition?
    /// The first visible row and column as of the last frame; rendering moves
    /// it just enough to show the cursor (see `effectiveScroll(in:)`).
    public var scroll: GridPosition
    public var showsLegend: Bool

    public init(
        rows: Int, columns: Int, values: [Float], palette: Palette = .diverging,
        rowLabels: [String] = [], columnLabels: [Character] = [],
        cursor: GridPosition? = nil, scroll: GridPosition = .zero, showsLegend: Bool = true
    ) {
        self.rows = max(0, rows)
        self.columns = max(0, columns)
        self.values = values
        self.palette = palette
        self.rowLabels = rowLabels
        self.columnLabels = columnLabels
        self.cursor = cursor
        self.scroll = scroll
        self.showsLegend = showsLegend
    }

    /// The value at (row, column), NaN when outside the matrix or missing.
    public func value(row: Int, column: Int) -> Float {
        guard row >= 0, row < rows, column >= 0, column < columns else { return .nan }
        let i = row * columns + column
        return i < values.count ? values[i] : .nan
    }

    // MARK: - Scrolling

    /// The first visible index that keeps `cursor` inside a viewport of
    /// `viewport` items out of `count`, moving `offset` as little as possible.
    ///
    /// The result is in `0...max(0, count - viewport)`; when `cursor` is in
    /// `0..<count` and `viewport > 0`, `result <= cursor < result + viewport`.
    public static func scrollOffset(cursor: Int, offset: Int, viewport: Int, count: Int) -> Int {
        let maxOffset = max(0, count - max(viewport, 0))
        var result = min(max(offset, 0), maxOffset)
        guard viewport > 0, cursor >= 0, cursor < count else { return result }
        if cursor < result { result = cursor }
        if cursor >= result + viewport { result = cursor - viewport + 1 }
        return min(max(result, 0), maxOffset)
    }

    /// Where the grid and its labels go inside `area`.
    struct Frame {
        var labelWidth: Int
        var grid: Rect
        var columnLabelRow: Int?
        var legendRow: Int?
    }

    func frame(in area: Rect) -> Frame {
        let labelWidth = rowLabels.prefix(rows).map(\.count).max() ?? 0
        let labelColumns = labelWidth > 0 && labelWidth + 1 <= area.width / 2 ? labelWidth + 1 : 0
        var extraRows = 0
        let wantsColumnLabels = !columnLabels.isEmpty
        if wantsColumnLabels && area.height >= 2 { extraRows += 1 }
        let wantsLegend = showsLegend && area.height - extraRows - 1 >= max(1, min(rows, 4))
        if wantsLegend { extraRows += 1 }
        let gridRows = min(rows, area.height - extraRows)
        let grid = Rect(
            x: area.x + labelColumns, y: area.y,
            width: min(columns, area.width - labelColumns), height: gridRows
        )
        var next = grid.maxY
        var columnLabelRow: Int? = nil
        if wantsColumnLabels && area.height >= 2 { columnLabelRow = next; next += 1 }
        return Frame(
            labelWidth: labelColumns > 0 ? labelWidth : 0, grid: grid,
            columnLabelRow: columnLabelRow, legendRow: wantsLegend ? next : nil
        )
    }

    /// Where the parts go inside `area`: the grid, the width of the row labels
    /// (0 when dropped; a space follows them), and the rows of the column
    /// labels and of the legend, when shown — for views that style them further.
    public func parts(in area: Rect) -> (grid: Rect, rowLabelWidth: Int, columnLabelRow: Int?, legendRow: Int?) {
        let f = frame(in: area)
        return (f.grid, f.labelWidth, f.columnLabelRow, f.legendRow)
    }

    /// How many rows and columns of the matrix fit in `area`.
    public func viewport(in area: Rect) -> (rows: Int, columns: Int) {
        let grid = frame(in: area).grid
        return (grid.height, grid.width)
    }

    /// The scroll position used when drawing into `area`: `scroll` moved just
    /// enough to keep the cursor visible. Store it for the next frame.
    public func effectiveScroll(in area: Rect) -> GridPosition {
        let (visibleRows, visibleColumns) = viewport(in: area)
        return GridPosition(
            row: Heatmap.scrollOffset(
                cursor: cursor?.row ?? -1, offset: scroll.row, viewport: visibleRows, count: rows),
            column: Heatmap.scrollOffset(
                cursor: cursor?.column ?? -1, offset: scroll.column, viewport: visibleColumns, count: columns)
        )
    }

    // MARK: - Rendering

    /// The cell drawn for `value` when it is under the cursor.
    public func cursorCell(for value: Float, theme: Theme) -> Cell {
        let v = Double(value)
        guard theme.color else {
            return Cell(palette.shade(for: v, unicode: theme.unicode), style: Style(bold: true, reverse: true))
        }
        // Strong diverging values and low sequential values sit on dark colours.
        let dark: Bool
        switch (palette.kind, palette.position(of: v)) {
        case (_, nil): dark = true
        case (.diverging, let p?): dark = abs(2 * p - 1) > 0.5
        case (.sequential, let p?): dark = p < 0.5
        }
        return Cell(
            theme.unicode ? "◆" : "X",
            style: Style(foreground: dark ? .indexed(15) : .black, background: palette.color(for: v), bold: true)
        )
    }

    public func render(into buffer: inout Buffer, area: Rect, theme: Theme) {
        let clip = area.intersection(buffer.area)
        guard !clip.isEmpty else { return }
        let f = frame(in: area)
        let offset = effectiveScroll(in: area)
        let grid = f.grid

        for r in 0..<grid.height {
            let row = offset.row + r
            let y = grid.y + r
            guard y >= clip.y, y < clip.maxY else { continue }
            if f.labelWidth > 0, row < rowLabels.count {
                let label = TextFit.padLeft(rowLabels[row], to: f.labelWidth)
                let style: Style = cursor?.row == row ? .reverse : .plain
                buffer.write(label, x: area.x, y: y, style: style, clip: clip, maxWidth: f.labelWidth)
            }
            for c in 0..<grid.width {
                let column = offset.column + c
                let value = self.value(row: row, column: column)
                let cell = cursor == GridPosition(row: row, column: column)
                    ? cursorCell(for: value, theme: theme)
                    : palette.cell(for: Double(value), theme: theme)
                buffer.put(grid.x + c, y, cell.character, cell.style, clip: clip)
            }
        }
        if let labelRow = f.columnLabelRow {
            for c in 0..<grid.width {
                let column = offset.column + c
                guard column < columnLabels.count else { break }
                let style: Style = cursor?.column == column ? .reverse : .dim
                buffer.put(grid.x + c, labelRow, Buffer.visibleGlyph(columnLabels[column]), style, clip: clip)
            }
        }
        if let legendRow = f.legendRow {
            let legendArea = Rect(x: grid.x, y: legendRow, width: area.maxX - grid.x, height: 1)
            PaletteLegend(palette: palette).render(into: &buffer, area: legendArea.intersection(area), theme: theme)
        }
    }
}

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
