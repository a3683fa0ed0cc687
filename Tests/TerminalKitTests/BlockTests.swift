import Testing
import TerminalKit

@Suite struct BlockTests {
    @Test func unicodeBorderWithTitle() {
        let buffer = rendered(Block(title: "Loss"), width: 12, height: 3)
        #expect(buffer.lines == ["┌─ Loss ───┐", "│          │", "└──────────┘"])
    }

    @Test func asciiBorder() {
        let buffer = rendered(Block(title: "Loss"), width: 10, height: 3, theme: Theme(color: true, unicode: false))
        #expect(buffer.lines == ["+- Loss -+", "|        |", "+--------+"])
    }

    @Test func focusedIsHeavyBoldAndColoured() {
        let buffer = rendered(Block(title: "x", focused: true), width: 7, height: 3)
        #expect(buffer.lines[0] == "┏━ x ━┓")
        #expect(buffer[3, 0].style.bold)
        #expect(buffer[0, 1].character == "┃")
        #expect(buffer[0, 0].style.bold)
        #expect(buffer[0, 0].style.foreground == .cyan)
        let plain = rendered(Block(title: "x", focused: true), width: 6, height: 3, theme: Theme(color: false))
        #expect(plain[0, 0].style.bold)
        #expect(plain[0, 0].style.foreground == .default)
        let ascii = rendered(Block(focused: true), width: 4, height: 2, theme: Theme(unicode: false))
        #expect(ascii.lines == ["+==+", "+==+"])
    }

    @Test func longTitleIsTruncated() {
        let buffer = rendered(Block(title: "Generated text"), width: 12, height: 2)
        #expect(buffer.line(0) == "┌─ Gener… ─┐")
        #expect(rendered(Block(title: "Generated text"), width: 6, height: 2).line(0) == "┌────┐")
    }

    @Test func longTitleLosesWholePartsFromItsEnd() {
        let block = Block(title: "prompt · sample T=1.0 · top-k all · N=50")
        #expect(rendered(block, width: 46, height: 2).line(0) == "┌─ prompt · sample T=1.0 · top-k all · N=50 ─┐")
        #expect(rendered(block, width: 45, height: 2).line(0) == "┌─ prompt · sample T=1.0 · top-k all ───────┐")
        #expect(rendered(block, width: 27, height: 2).line(0) == "┌─ prompt · sample T=1.0 ─┐")
        #expect(rendered(block, width: 26, height: 2).line(0) == "┌─ prompt ───────────────┐")
        #expect(rendered(block, width: 9, height: 2).line(0) == "┌─ pr… ─┐")
    }

    @Test func innerRect() {
        let block = Block()
        #expect(block.inner(Rect(x: 1, y: 2, width: 10, height: 5)) == Rect(x: 2, y: 3, width: 8, height: 3))
        #expect(block.inner(Rect(x: 1, y: 2, width: 1, height: 5)).isEmpty)
    }

    @Test func staysInsideItsArea() {
        #expect(cellsDrawnOutside(Block(title: "Title", focused: true)).isEmpty)
        #expect(cellsDrawnOutside(Block(title: "")).isEmpty)
        #expect(cellsDrawn(Block(title: "T")) == 2 * 80 + 2 * 22)
    }
}
