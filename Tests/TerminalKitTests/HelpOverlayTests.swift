import Testing
import TerminalKit

@Suite struct HelpOverlayTests {
    let overlay = HelpOverlay(title: "Keys", bindings: [
        (keys: "q", action: "quit"),
        (keys: "Ctrl-L", action: "redraw the screen"),
        (keys: "←/→", action: "move the cursor"),
        (keys: "space", action: "pause training"),
        (keys: "?", action: "this help"),
    ])

    func screen(width: Int, height: Int) -> Buffer {
        var buffer = Buffer(width: width, height: height, fill: Cell("x"))
        overlay.render(into: &buffer, area: buffer.area, theme: .full)
        return buffer
    }

    @Test func keyListIsCentredAndAligned() {
        let buffer = screen(width: 80, height: 24)
        // Content 6 + 2 + 17 = 25 wide plus border and padding: 29 × (5 + 2 + 2).
        let box = overlay.box(in: buffer.area)
        #expect(box == Rect(x: 25, y: 7, width: 29, height: 9))
        #expect(buffer.line(7) == String(repeating: "x", count: 25) + "┌─ Keys ────────────────────┐" + String(repeating: "x", count: 26))
        let rows = (8...12).map { String(buffer.line($0).dropFirst(25).prefix(29)) }
        #expect(rows == [
            "│ q       quit              │",
            "│ Ctrl-L  redraw the screen │",
            "│ ←/→     move the cursor   │",
            "│ space   pause training    │",
            "│ ?       this help         │",
        ])
        #expect(String(buffer.line(14).dropFirst(25).prefix(29)) == "│       press any key       │")
        #expect(buffer[27, 9].style.bold)
        #expect(buffer[35, 9].style == .plain)
        #expect(buffer[33, 14].style == .dim)
    }

    @Test func clearsTheCellsUnderIt() {
        let buffer = screen(width: 80, height: 24)
        let box = overlay.box(in: buffer.area)
        for y in box.y..<box.maxY {
            for x in box.x..<box.maxX { #expect(buffer[x, y].character != "x") }
        }
        #expect(buffer[box.x - 1, box.y].character == "x")
        #expect(buffer[box.x, box.maxY].character == "x")
    }

    @Test func truncatesWhenSmall() {
        // 6 rows: border, 3 bindings, footer, border.
        let buffer = screen(width: 20, height: 6)
        #expect(buffer.lines == [
            "┌─ Keys ───────────┐",
            "│ q       quit     │",
            "│ Ctrl-L  redraw … │",
            "│ ←/→     move th… │",
            "│  press any key   │",
            "└──────────────────┘",
        ])
        let tiny = screen(width: 12, height: 4)
        #expect(tiny.lines[1] == "│ q    qu… │")
        #expect(tiny.lines[2] == "│ press a… │")
    }

    @Test func staysInsideItsArea() {
        #expect(cellsDrawnOutside(overlay).isEmpty)
        #expect(cellsDrawnOutside(HelpOverlay(bindings: [KeyBinding](), footer: "")).isEmpty)
    }
}
