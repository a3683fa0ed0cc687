import Testing
import TerminalKit

@Suite struct HeatmapTests {
    /// 2 × 3: [-1, 0, 1; 0.5, nan, -0.5].
    let small = Heatmap(rows: 2, columns: 3, values: [-1, 0, 1, 0.5, .nan, -0.5], showsLegend: false)

    @Test func cellsAreColouredBackgrounds() {
        let buffer = rendered(small, width: 3, height: 2)
        #expect(buffer.lines == ["   ", "   "])
        #expect(buffer[0, 0].style.background == Palette.diverging.color(for: -1))
        #expect(buffer[1, 0].style.background == Palette.diverging.color(for: 0))
        #expect(buffer[2, 0].style.background == Palette.diverging.color(for: 1))
        #expect(buffer[0, 1].style.background == Palette.diverging.color(for: 0.5))
        #expect(buffer[1, 1].style.background == Palette.nanColor)
    }

    @Test func shadesWithoutColour() {
        #expect(rendered(small, width: 3, height: 2, theme: Theme(color: false)).lines == [" ▒█", "▓?░"])
        #expect(rendered(small, width: 3, height: 2, theme: Theme(color: false, unicode: false)).lines == [" +@", "#?:"])
    }

    @Test func cursorCellIsMarked() {
        var map = small
        map.cursor = GridPosition(row: 0, column: 2)
        let buffer = rendered(map, width: 3, height: 2)
        #expect(buffer[2, 0] == Cell("◆", style: Style(foreground: .indexed(15), background: .indexed(124), bold: true)))
        map.cursor = GridPosition(row: 0, column: 1)
        #expect(rendered(map, width: 3, height: 2)[1, 0].style.foreground == .black)
        let plain = rendered(map, width: 3, height: 2, theme: Theme(color: false))
        #expect(plain[1, 0] == Cell("▒", style: Style(bold: true, reverse: true)))
        #expect(rendered(map, width: 3, height: 2, theme: Theme(unicode: false))[1, 0].character == "X")
    }

    @Test func labelsAndLegend() {
        let map = Heatmap(
            rows: 2, columns: 5, values: [Float](repeating: 0, count: 10),
            rowLabels: ["1", "10"], columnLabels: Array("ab\ncd"), cursor: GridPosition(row: 1, column: 3)
        )
        let buffer = rendered(map, width: 30, height: 6, theme: Theme(color: false))
        #expect(buffer.lines[0].hasPrefix(" 1 ▒▒▒▒▒ "))
        #expect(buffer.lines[1].hasPrefix("10 ▒▒▒"))
        #expect(trimmedLine(buffer, 2) == "   ab↵cd")
        #expect(trimmedLine(buffer, 3) == "   -1    ░░▒ 0 ▒▓▓███ +1")
        #expect(buffer[0, 1].style.reverse && !buffer[0, 0].style.reverse)
        #expect(buffer[6, 2].style.reverse && !buffer[5, 2].style.reverse)
        // Too short for the legend: the labels stay under the grid.
        let short = rendered(map, width: 30, height: 3, theme: Theme(color: false))
        #expect(trimmedLine(short, 2) == "   ab↵cd")
    }

    @Test func scrollOffsetKeepsCursorVisible() {
        #expect(Heatmap.scrollOffset(cursor: 12, offset: 0, viewport: 10, count: 40) == 3)
        #expect(Heatmap.scrollOffset(cursor: 5, offset: 3, viewport: 10, count: 40) == 3)
        #expect(Heatmap.scrollOffset(cursor: 2, offset: 3, viewport: 10, count: 40) == 2)
        #expect(Heatmap.scrollOffset(cursor: 0, offset: 35, viewport: 10, count: 12) == 0)
        #expect(Heatmap.scrollOffset(cursor: -1, offset: 35, viewport: 10, count: 40) == 30)
        for count in [1, 5, 64] {
            for viewport in [1, 3, 10, 100] {
                for offset in [-5, 0, 7, 200] {
                    for cursor in 0..<count {
                        let s = Heatmap.scrollOffset(cursor: cursor, offset: offset, viewport: viewport, count: count)
                        #expect(s >= 0 && s <= max(0, count - viewport))
                        #expect(s <= cursor && cursor < s + viewport)
                    }
                }
            }
        }
    }

    @Test func renderingScrollsToTheCursor() {
        let rows = 64, columns = 40
        let values = (0..<(rows * columns)).map { Float($0 % 3) - 1 }
        let labels = (0..<rows).map { String($0) }
        let map = Heatmap(
            rows: rows, columns: columns, values: values, rowLabels: labels,
            columnLabels: Array(String(repeating: "abcdefghij", count: 4)),
            cursor: GridPosition(row: 50, column: 33)
        )
        let area = Rect(x: 0, y: 0, width: 20, height: 12)
        #expect(map.viewport(in: area, theme: .full) == (rows: 10, columns: 17))
        let offset = map.effectiveScroll(in: area, theme: .full)
        #expect(offset == GridPosition(row: 41, column: 17))
        let buffer = rendered(map, width: 20, height: 12)
        #expect(buffer.line(0).hasPrefix("41 "))
        #expect(buffer.line(9).hasPrefix("50 "))
        #expect(buffer[3 + 33 - 17, 9].character == "◆")
        #expect(buffer.line(10) == "   hijabcdefghijabcd")
    }

    @Test func heatStripIsOneRow() {
        let strip = HeatStrip(values: [-1, 0, 1], cursor: 1)
        let buffer = rendered(strip, width: 5, height: 3)
        #expect(buffer[0, 0].style.background == Palette.diverging.color(for: -1))
        #expect(buffer[1, 0].character == "◆")
        #expect(buffer[2, 0].style.background == Palette.diverging.color(for: 1))
        #expect(buffer[0, 1] == .blank && buffer[3, 0] == .blank)
        let long = HeatStrip(values: (0..<100).map { Float($0) / 100 }, palette: .sequential, cursor: 99)
        #expect(rendered(long, width: 10, height: 1)[9, 0].character == "◆")
    }

    @Test func staysInsideItsArea() {
        let maps = [
            Heatmap(rows: 64, columns: 40, values: (0..<2560).map { Float($0 % 7) / 3 - 1 },
                    rowLabels: (0..<64).map { "u\($0)" }, columnLabels: Array(String(repeating: "x\t", count: 20)),
                    cursor: GridPosition(row: 63, column: 39)),
            Heatmap(rows: 5, columns: 5, values: [.nan, .infinity, -.infinity], cursor: GridPosition(row: 9, column: -2)),
            Heatmap(rows: 0, columns: 0, values: [], columnLabels: ["a"]),
            Heatmap(rows: -3, columns: 4, values: [1, 2, 3, 4], palette: .sequential, rowLabels: [String(repeating: "w", count: 90)]),
        ]
        for map in maps { #expect(cellsDrawnOutside(map).isEmpty) }
        #expect(cellsDrawnOutside(HeatStrip(values: [0.5, -0.5, .nan], cursor: 2)).isEmpty)
        #expect(cellsDrawn(maps[0]) > 40 * 20)
    }
    // MARK: - Two rows a line, wide steps

    /// 5 × 2 in bands 0..<3 and 3..<5: values row · 0.25 − 0.5 + column · 0.1.
    static let banded = Heatmap(
        rows: 5, columns: 2, values: (0..<10).map { Float($0 / 2) * 0.25 - 0.5 + Float($0 % 2) * 0.1 },
        rowLabels: ["0", "1", "2", "0", "1"], showsLegend: false, stacksRows: true, bandStarts: [3])

    @Test func rowsPairInsideTheirBands() {
        let lines = HeatmapRows(rows: 5, bandStarts: [3, 0, 9], stacked: true)
        #expect(lines.bands == [0..<3, 3..<5] && lines.count == 3)
        #expect((0..<4).map { lines.rows(ofLine: $0) } == [
            HeatmapLine(upper: 0, lower: 1), HeatmapLine(upper: 2, lower: nil), HeatmapLine(upper: 3, lower: 4), nil,
        ])
        #expect((0..<5).map { lines.line(ofRow: $0) } == [0, 0, 1, 2, 2])
        #expect(lines.line(ofRow: 99) == 2 && lines.rows(ofLine: -1) == nil)
        let flat = HeatmapRows(rows: 5, bandStarts: [3], stacked: false)
        #expect(flat.count == 5 && flat.rows(ofLine: 4) == HeatmapLine(upper: 4, lower: nil) && flat.line(ofRow: 3) == 3)
        #expect(HeatmapRows(rows: 0, bandStarts: [], stacked: true).count == 0)
        // 32 units: 16 lines.
        #expect(HeatmapRows(rows: 32, bandStarts: [0], stacked: true).count == 16)
    }

    @Test func stackedCellsAreUpperHalvesOnTheLowerRowsColour() {
        let map = Self.banded
        let buffer = rendered(map, width: 6, height: 3)
        let d = Palette.diverging
        func half(_ row: Int, _ column: Int) -> Color { d.color(for: Double(map.value(row: row, column: column))) }
        // Labels "0", "2", "0" and a space, then one cell per step (no widening).
        #expect(buffer.lines.map { String($0.prefix(4)) } == ["0 ▀▀", "2 ▀▀", "0 ▀▀"])
        for (y, line) in [(0, HeatmapLine(upper: 0, lower: 1)), (2, HeatmapLine(upper: 3, lower: 4))] {
            for c in 0..<2 {
                #expect(buffer[2 + c, y].style == Style(foreground: half(line.upper, c), background: half(line.lower!, c)))
            }
        }
        #expect(buffer[3, 1].style == Style(foreground: half(2, 1), background: .default), "a band's odd last row has no lower half")
        // Without colour or unicode, one row a line.
        #expect(rendered(map, width: 6, height: 5, theme: Theme(color: false)).lines.map { String($0.prefix(1)) } == ["0", "1", "2", "0", "1"])
        #expect(map.viewport(in: Rect(x: 0, y: 0, width: 6, height: 3), theme: .full) == (rows: 6, columns: 2))
        #expect(map.viewport(in: Rect(x: 0, y: 0, width: 6, height: 3), theme: Theme(unicode: false)) == (rows: 3, columns: 2))
    }

    @Test func stepsWidenToFillTheGridAndTheCursorMarksItsHalf() {
        var map = Self.banded
        map.widensColumns = true
        map.columnLabels = ["a", "b"]
        map.cursor = GridPosition(row: 4, column: 1)
        // 12 wide: labels take 2, so each step takes 5 cells and the grid 10.
        let buffer = rendered(map, width: 12, height: 4)
        #expect(map.parts(in: buffer.area, theme: .full).stepWidth == 5)
        #expect(buffer.line(3) == "    a    b  ")
        #expect(buffer[7, 3].style.reverse && buffer[11, 3].style.reverse && !buffer[6, 3].style.reverse, "the cursor step's label span is reversed")
        let cursorColor = Palette.diverging.cursorColor
        #expect(buffer[9, 2].style.background == cursorColor, "row 4 is the lower half of line 2, step 1's middle cell")
        #expect(buffer[9, 2].style.foreground == Palette.diverging.color(for: Double(map.value(row: 3, column: 1))))
        #expect(buffer[10, 2].style.background != cursorColor && buffer[8, 2].style.background != cursorColor)
        #expect(buffer.line(2).prefix(2) == "1▄" && buffer[1, 2].style.foreground == cursorColor, "the cursor row's label and half")
        #expect(buffer[0, 2].style.reverse)
        // The cursor's line scrolls into view a line at a time.
        let short = Rect(x: 0, y: 0, width: 12, height: 2)
        #expect(map.effectiveScroll(in: short, theme: .full) == GridPosition(row: 3, column: 0))
        #expect(map.effectiveScroll(in: short, theme: Theme(color: false)) == GridPosition(row: 4, column: 0))
    }

    @Test func stackedAndWideHeatmapsStayInsideTheirArea() {
        var map = Heatmap(
            rows: 33, columns: 7, values: (0..<231).map { Float($0 % 9) / 4 - 1 }, rowLabels: (0..<33).map(String.init),
            columnLabels: Array("abcdefg"), cursor: GridPosition(row: 32, column: 6), stacksRows: true, bandStarts: [0, 5, 32], widensColumns: true)
        #expect(cellsDrawnOutside(map).isEmpty)
        map.cursor = GridPosition(row: 99, column: -4)
        #expect(cellsDrawnOutside(map).isEmpty)
        #expect(cellsDrawn(map, width: 200, height: 60) > 180 * 17)
    }
}
