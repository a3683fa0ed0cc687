/// The legend of a `LineChart`: the title in bold, then one entry per series,
/// `⠤⠤ name 7.36` (the marker in the series' style, the value its latest raw
/// y), wrapping whole entries onto up to `legendRows` rows (the extra rows
/// only while the plot keeps `plotRowsBeforeWrapping` rows).
///
/// Entries are never cut. When they do not all fit on one row, the legend
/// first leaves out the values, then closes the gaps between entries to one
/// cell, then tries the same on more rows; failing that it leaves out the
/// entries that still do not fit, last ones first. Only an entry alone on its
/// row may run past the edge. Background series' entries are dim.
extension LineChart {
    /// Which series each legend row shows, and how.
    struct Legend: Hashable {
        var lines: [[Int]]
        var showsValues: Bool
        /// Blank cells between entries (and after the title).
        var gap: Int
    }

    /// The text of series `index`'s entry after its marker: ` name 7.36`, or ` name`.
    func legendText(_ index: Int, showsValue: Bool) -> String {
        let s = series[index]
        let value = showsValue ? " " + (s.latestValue.map { NumberFormat.compact($0) } ?? "-") : ""
        return s.name.isEmpty ? (showsValue ? value : "") : " " + s.name + value
    }

    /// The legend on the fewest rows (at most `rows`) of `width` cells that
    /// shows every series, as fully as they allow; else the one that shows the most.
    func legendLayout(width: Int, rows: Int) -> Legend {
        var fallback = Legend(lines: [[]], showsValues: false, gap: 1)
        for rowCount in 1...max(1, rows) {
            for (showsValues, gap) in [(true, 2), (false, 2), (false, 1)] {
                let (legend, complete) = wrapLegend(width: width, rows: rowCount, showsValues: showsValues, gap: gap)
                if complete { return legend }
                fallback = legend
            }
        }
        return fallback
    }

    /// Entries in order, each moving whole to the next row when it does not
    /// fit; whether every series found a place.
    private func wrapLegend(width: Int, rows: Int, showsValues: Bool, gap: Int) -> (Legend, complete: Bool) {
        var lines: [[Int]] = [[]]
        var used = title.count
        var complete = true
        for index in series.indices {
            let entry = 2 + legendText(index, showsValue: showsValues).count
            let rowEmpty = lines[lines.count - 1].isEmpty && (lines.count > 1 || title.isEmpty)
            let needed = rowEmpty ? entry : used + gap + entry
            if needed <= width || rowEmpty {
                lines[lines.count - 1].append(index)
                used = needed
                if needed > width { complete = false }
            } else if lines.count < rows {
                lines.append([index])
                used = entry
                if entry > width { complete = false }
            } else {
                complete = false
            }
        }
        return (Legend(lines: lines, showsValues: showsValues, gap: gap), complete)
    }

    func drawLegend(_ legend: Legend, firstRow: Int, area: Rect, into buffer: inout Buffer, clip: Rect, theme: Theme) {
        let marker = theme.unicode ? "⠤⠤" : "--"
        for (row, line) in legend.lines.enumerated() {
            var x = area.x
            if row == 0, !title.isEmpty {
                x += buffer.write(title, x: x, y: firstRow, style: .bold, clip: clip, maxWidth: area.width)
            }
            for index in line {
                if x >= area.maxX { break }
                if x > area.x { x += legend.gap }
                let style = style(ofSeries: index, theme: theme)
                x += buffer.write(marker, x: x, y: firstRow + row, style: style, clip: clip)
                let text = legendText(index, showsValue: legend.showsValues)
                x += buffer.write(text, x: x, y: firstRow + row, style: series[index].background ? .dim : .plain, clip: clip)
            }
        }
    }
}
