extension Heatmap {
    /// The cell drawn for `value` when it is under the cursor (unstacked).
    public func cursorCell(for value: Float, theme: Theme) -> Cell {
        let v = Double(value)
        guard theme.color else {
            return Cell(palette.shade(for: v, unicode: theme.unicode), style: Style(bold: true, reverse: true))
        }
        return Cell(
            theme.unicode ? "◆" : "X",
            style: Style(foreground: palette.textColor(on: v), background: palette.color(for: v), bold: true)
        )
    }

    /// The cell of `line` in `column`: `▀` in the upper row's colour on the
    /// lower row's (the terminal's default under a missing lower row), the
    /// cursor's half in `palette.cursorColor` when `marksCursor`.
    public func stackedCell(_ line: HeatmapLine, column: Int, marksCursor: Bool) -> Cell {
        var upper = palette.color(for: Double(value(row: line.upper, column: column)))
        var lower = line.lower.map { palette.color(for: Double(value(row: $0, column: column))) } ?? .default
        if marksCursor, let row = cursor?.row {
            if row == line.upper { upper = palette.cursorColor }
            if row == line.lower { lower = palette.cursorColor }
        }
        return Cell("▀", style: Style(foreground: upper, background: lower))
    }

    public func render(into buffer: inout Buffer, area: Rect, theme: Theme) {
        let clip = area.intersection(buffer.area)
        guard !clip.isEmpty else { return }
        let parts = parts(in: area, theme: theme)
        let offset = effectiveScroll(in: area, theme: theme)
        let grid = parts.grid
        let topLine = parts.lines.line(ofRow: offset.row)
        let middle = (parts.stepWidth - 1) / 2

        for r in 0..<grid.height {
            let y = grid.y + r
            guard y >= clip.y, y < clip.maxY, let line = parts.lines.rows(ofLine: topLine + r) else { continue }
            let cursorRow = cursor.flatMap { line.contains($0.row) ? $0.row : nil }
            drawRowLabel(line, cursorRow: cursorRow, parts: parts, x: area.x, y: y, into: &buffer, clip: clip)
            for c in 0..<parts.visibleColumns {
                let column = offset.column + c
                for k in 0..<parts.stepWidth {
                    let onCursor = cursorRow != nil && cursor?.column == column && k == middle
                    let cell: Cell
                    if parts.lines.stacked {
                        cell = stackedCell(line, column: column, marksCursor: onCursor)
                    } else {
                        let value = self.value(row: line.upper, column: column)
                        cell = onCursor ? cursorCell(for: value, theme: theme) : palette.cell(for: Double(value), theme: theme)
                    }
                    buffer.put(grid.x + c * parts.stepWidth + k, y, cell.character, cell.style, clip: clip)
                }
            }
        }
        if let labelRow = parts.columnLabelRow {
            for c in 0..<parts.visibleColumns {
                let column = offset.column + c
                guard column < columnLabels.count else { break }
                let isCursor = cursor?.column == column
                for k in 0..<parts.stepWidth {
                    let character = k == middle ? Buffer.visibleGlyph(columnLabels[column]) : " "
                    buffer.put(grid.x + c * parts.stepWidth + k, labelRow, character, isCursor ? .reverse : .dim, clip: clip)
                }
            }
        }
        if let legendRow = parts.legendRow {
            let legendArea = Rect(x: grid.x, y: legendRow, width: area.maxX - grid.x, height: 1)
            PaletteLegend(palette: palette).render(into: &buffer, area: legendArea.intersection(area), theme: theme)
        }
    }

    /// The line's label: the cursor row's in reverse video on the cursor's
    /// line (stacked, then its half in the cursor colour), else the upper row's.
    private func drawRowLabel(
        _ line: HeatmapLine, cursorRow: Int?, parts: Parts, x: Int, y: Int, into buffer: inout Buffer, clip: Rect
    ) {
        let width = parts.rowLabelWidth
        guard width > 0 else { return }
        let row = cursorRow ?? line.upper
        let text = row < rowLabels.count ? rowLabels[row] : ""
        buffer.write(TextFit.padLeft(text, to: width), x: x, y: y, style: cursorRow == nil ? .plain : .reverse, clip: clip, maxWidth: width)
        if parts.lines.stacked, let cursorRow {
            buffer.put(x + width, y, cursorRow == line.upper ? "▀" : "▄", Style(foreground: palette.cursorColor), clip: clip)
        }
    }
}
