/// A matrix of values drawn in palette colours, with labels, a cursor and
/// scrolling.
///
/// Layout: right-aligned row labels and a space on the left, the grid, then
/// under the grid's last visible line one row of column labels and a
/// `PaletteLegend` row. The legend is shown only while the grid keeps at
/// least `min(lines, 4)` lines (and at least 1), the column labels only when
/// the area has 2 rows or more; row labels are dropped when they would take
/// more than half the width.
///
/// Rows: one value per cell, or with `stacksRows` (in a theme with colour and
/// unicode) two rows per screen row as `▀` in the upper row's colour on the
/// lower row's, paired inside the bands of `bandStarts` (see `HeatmapRows`).
/// Each line is labelled with its upper row's label, if any.
///
/// Columns: one cell per column, or with `widensColumns` each column as
/// wide as the grid's width allows when shared equally (at least one cell);
/// a column's label sits in the middle cell of its span.
///
/// The cursor: unstacked, its cell shows `◆` (ASCII `X`) in bold on the
/// value's colour, in white or black for contrast, or without colour the
/// shade glyph in bold reverse video. Stacked, the cursor row's half of the
/// cursor column's middle cell is `palette.cursorColor` (its other half keeps
/// its value), and the space after the row labels shows that half (`▀` or
/// `▄`) in the same colour. Either way the cursor line shows the cursor row's
/// label in reverse video, and the cursor column's label span is reversed.
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
    /// The first visible row (the upper row of the top line) and column as of
    /// the last frame; rendering moves it just enough to show the cursor (see
    /// `effectiveScroll(in:theme:)`).
    public var scroll: GridPosition
    public var showsLegend: Bool
    /// Two rows per screen row when the theme has colour and unicode.
    public var stacksRows: Bool
    /// Rows that begin a band, whose rows stack only with each other.
    public var bandStarts: [Int]
    /// Columns share the grid's width instead of taking one cell each.
    public var widensColumns: Bool

    public init(
        rows: Int, columns: Int, values: [Float], palette: Palette = .diverging,
        rowLabels: [String] = [], columnLabels: [Character] = [],
        cursor: GridPosition? = nil, scroll: GridPosition = .zero, showsLegend: Bool = true,
        stacksRows: Bool = false, bandStarts: [Int] = [], widensColumns: Bool = false
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
        self.stacksRows = stacksRows
        self.bandStarts = bandStarts
        self.widensColumns = widensColumns
    }

    /// The value at (row, column), NaN when outside the matrix or missing.
    public func value(row: Int, column: Int) -> Float {
        guard row >= 0, row < rows, column >= 0, column < columns else { return .nan }
        let i = row * columns + column
        return i < values.count ? values[i] : .nan
    }

    /// How the rows map to screen rows under `theme`.
    public func lines(theme: Theme) -> HeatmapRows {
        HeatmapRows(rows: rows, bandStarts: bandStarts, stacked: stacksRows && theme.color && theme.unicode)
    }

    // MARK: - Layout

    /// Where the grid and its labels go inside an area.
    public struct Parts: Hashable, Sendable {
        /// The cells of the visible values: `lines visible` × `columns visible · stepWidth`.
        public var grid: Rect
        /// The width of the row labels (0 when dropped); a space follows them.
        public var rowLabelWidth: Int
        /// Cells per column.
        public var stepWidth: Int
        public var columnLabelRow: Int?
        public var legendRow: Int?
        public var lines: HeatmapRows

        /// Columns (steps) visible.
        public var visibleColumns: Int { stepWidth > 0 ? grid.width / stepWidth : 0 }

        /// The x of the middle cell of visible column `c` (0 = the first shown),
        /// where its label and the cursor go.
        public func middleX(ofVisibleColumn c: Int) -> Int { grid.x + c * stepWidth + (stepWidth - 1) / 2 }
    }

    /// Where the parts go inside `area` under `theme`.
    public func parts(in area: Rect, theme: Theme) -> Parts {
        let lines = self.lines(theme: theme)
        let labelWidth = rowLabels.prefix(rows).map(\.count).max() ?? 0
        let labelColumns = labelWidth > 0 && labelWidth + 1 <= area.width / 2 ? labelWidth + 1 : 0
        var extraRows = 0
        let wantsColumnLabels = !columnLabels.isEmpty && area.height >= 2
        if wantsColumnLabels { extraRows += 1 }
        let wantsLegend = showsLegend && area.height - extraRows - 1 >= max(1, min(lines.count, 4))
        if wantsLegend { extraRows += 1 }
        let available = max(0, area.width - labelColumns)
        let stepWidth = widensColumns && columns > 0 ? max(1, available / columns) : 1
        let grid = Rect(
            x: area.x + labelColumns, y: area.y,
            width: min(columns, available / stepWidth) * stepWidth, height: min(lines.count, area.height - extraRows))
        let columnLabelRow = wantsColumnLabels ? grid.maxY : nil
        return Parts(
            grid: grid, rowLabelWidth: labelColumns > 0 ? labelWidth : 0, stepWidth: stepWidth,
            columnLabelRow: columnLabelRow, legendRow: wantsLegend ? grid.maxY + (wantsColumnLabels ? 1 : 0) : nil,
            lines: lines)
    }

    /// How many rows (two per stacked line) and columns of the matrix fit in `area`.
    public func viewport(in area: Rect, theme: Theme) -> (rows: Int, columns: Int) {
        let parts = parts(in: area, theme: theme)
        return (parts.grid.height * (parts.lines.stacked ? 2 : 1), parts.visibleColumns)
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

    /// The scroll position used when drawing into `area`: `scroll` moved, a
    /// whole line at a time, just enough to keep the cursor visible. Store it
    /// for the next frame.
    public func effectiveScroll(in area: Rect, theme: Theme) -> GridPosition {
        let parts = parts(in: area, theme: theme)
        let lines = parts.lines
        let cursorLine = cursor.flatMap { $0.row >= 0 && $0.row < rows ? lines.line(ofRow: $0.row) : nil } ?? -1
        let top = Heatmap.scrollOffset(
            cursor: cursorLine, offset: lines.line(ofRow: scroll.row), viewport: parts.grid.height, count: lines.count)
        return GridPosition(
            row: lines.rows(ofLine: top)?.upper ?? 0,
            column: Heatmap.scrollOffset(
                cursor: cursor?.column ?? -1, offset: scroll.column, viewport: parts.visibleColumns, count: columns))
    }
}
