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
        #expect(map.viewport(in: area) == (rows: 10, columns: 17))
        let offset = map.effectiveScroll(in: area)
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
}
