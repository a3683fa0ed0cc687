import Testing
import TerminalKit

@Suite struct TextPaneTests {
    func text(_ pane: TextPane, width: Int) -> [String] {
        pane.wrappedLines(width: width).map { String($0.map(\.character)) }
    }

    @Test func wrapsAtSpacesAndCutsLongWords() {
        #expect(text(TextPane(spans: [TextSpan("hello world foo")]), width: 10) == ["hello ", "world foo"])
        #expect(text(TextPane(spans: [TextSpan("abcdefghijklm")]), width: 5) == ["abcde", "fghij", "klm"])
        #expect(text(TextPane(spans: [TextSpan("ab cdefghijkl")]), width: 5) == ["ab ", "cdefg", "hijkl"])
        #expect(text(TextPane(spans: [TextSpan("abcde fg")]), width: 5) == ["abcde", "fg"])
        #expect(text(TextPane(spans: []), width: 5) == [""])
        #expect(TextPane(spans: [TextSpan("x")]).wrappedLines(width: 0).isEmpty)
    }

    @Test func newlinesAndControlCharacters() {
        #expect(text(TextPane(spans: [TextSpan("ab\ncd\r\n\te\u{1}")]), width: 10) == ["ab", "cd", "⇥e␁"])
        #expect(text(TextPane(spans: [TextSpan("ab\ncd")], showsNewlines: true), width: 10) == ["ab↵", "cd"])
        #expect(text(TextPane(spans: [TextSpan("ab\n")]), width: 10) == ["ab", ""])
    }

    @Test func spansKeepTheirStylesAndTheCursorIsMarked() {
        let generated = Style(foreground: .green)
        let pane = TextPane(title: "Sample", spans: [TextSpan("the "), TextSpan("cat", style: generated)], cursor: 7)
        let buffer = rendered(pane, width: 10, height: 3)
        #expect(buffer.line(0) == "Sample    ")
        #expect(buffer[0, 0].style == .bold)
        #expect(buffer.line(1) == "the cat   ")
        #expect(buffer[0, 1].style == .plain)
        #expect(buffer[4, 1].style == generated)
        #expect(buffer[7, 1] == Cell(" ", style: .reverse))
        var onChar = pane
        onChar.cursor = 1
        #expect(rendered(onChar, width: 10, height: 3)[1, 1] == Cell("h", style: .reverse))
    }

    @Test func cursorAtEndOfFullLineWrapsToANewLine() {
        let pane = TextPane(spans: [TextSpan("abcde")], cursor: 5)
        #expect(text(pane, width: 5) == ["abcde", " "])
    }

    @Test func scrolling() {
        let long = TextPane(spans: [TextSpan("l0\nl1\nl2\nl3\nl4\nl5")])
        #expect(rendered(long, width: 4, height: 2).lines == ["l4  ", "l5  "])
        var top = long
        top.scroll = .top
        #expect(rendered(top, width: 4, height: 2).lines == ["l0  ", "l1  "])
        var line = long
        line.scroll = .line(2)
        #expect(rendered(line, width: 4, height: 2).lines == ["l2  ", "l3  "])
        line.scroll = .line(99)
        #expect(rendered(line, width: 4, height: 2).lines == ["l4  ", "l5  "])
        #expect(long.lineCount(width: 4) == 6)
    }

    @Test func staysInsideItsArea() {
        let panes = [
            TextPane(title: "Generated", spans: [TextSpan(String(repeating: "lorem ipsum dolor ", count: 40)), TextSpan("\n\u{7}\u{7f}", style: .bold)], cursor: 400),
            TextPane(spans: [TextSpan(String(repeating: "x", count: 500))], scroll: .line(-4)),
            TextPane(title: "Empty", spans: [], cursor: 0),
        ]
        for pane in panes { #expect(cellsDrawnOutside(pane).isEmpty) }
        #expect(cellsDrawn(panes[0]) > 700)
    }
}
