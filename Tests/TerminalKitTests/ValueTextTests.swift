import Testing
import TerminalKit

@Suite struct ValueTextTests {
    let text = ValueText(tokens: Array("ab cd\nef").map(String.init), values: [1, -1, 0, 0.5, -0.5, 0, 0.9, .nan])

    @Test func eachTokenIsOnItsValuesColour() {
        let buffer = rendered(text, width: 10, height: 3)
        #expect(buffer.lines == ["ab cd↵    ", "ef        ", "          "])
        let d = Palette.diverging
        #expect(buffer[0, 0].style == Style(foreground: .indexed(15), background: d.color(for: 1)), "white on a dark colour")
        #expect(buffer[1, 0].style == Style(foreground: .indexed(15), background: d.color(for: -1)))
        #expect(buffer[2, 0].style == Style(foreground: .black, background: d.color(for: 0)), "black on a light one")
        #expect(buffer[4, 0].style.background == d.color(for: -0.5))
        #expect(buffer[5, 0].style.background == d.color(for: 0), "the newline's ↵ takes its value")
        #expect(buffer[1, 1].style.background == Palette.nanColor)
    }

    @Test func strongValuesStandOutWithoutColour() {
        let buffer = rendered(text, width: 10, height: 3, theme: Theme(color: false))
        #expect(buffer[0, 0].style == .reverse && buffer[1, 0].style == Style(underline: true))
        #expect(buffer[3, 0].style == .plain && buffer[0, 1].style == .reverse && buffer[1, 1].style == .dim)
    }

    @Test func theCursorIsMarkedAndKeptInView() {
        var long = ValueText(tokens: Array(repeating: "word ", count: 40), values: [], cursor: 39)
        // 40 five-cell words at width 10: two a line, 20 lines; the cursor on the last.
        #expect(long.line(ofToken: 39, width: 10) == 19 && long.line(ofToken: 0, width: 10) == 0 && long.line(ofToken: 3, width: 10) == 1)
        #expect(long.effectiveScroll(in: Rect(x: 0, y: 0, width: 10, height: 4)) == 16)
        let buffer = rendered(long, width: 10, height: 4)
        #expect(buffer[5, 3].style == Style(foreground: .black, background: Palette.diverging.cursorColor, bold: true))
        long.cursor = 0
        long.scroll = 16
        #expect(long.effectiveScroll(in: Rect(x: 0, y: 0, width: 10, height: 4)) == 0)
        long.cursor = nil
        #expect(long.effectiveScroll(in: Rect(x: 0, y: 0, width: 10, height: 4)) == 16)
    }

    @Test func staysInsideItsArea() {
        #expect(cellsDrawnOutside(text).isEmpty)
        let long = ValueText(tokens: (0..<3000).map { String(Character(UnicodeScalar(97 + $0 % 26)!)) }, values: (0..<3000).map { Float($0 % 7) / 3 - 1 }, cursor: 2999)
        #expect(cellsDrawnOutside(long).isEmpty)
        #expect(cellsDrawn(long, width: 200, height: 60) == 200 * 15, "3000 cells fill 15 rows of 200")
        #expect(cellsDrawnOutside(ValueText(tokens: [], values: [], cursor: 4)).isEmpty)
    }
}
