import Testing
import TerminalKit

@Suite struct StatusLineTests {
    let line = StatusLine(
        left: [StatusSegment("TRAINING", priority: 5), StatusSegment("epoch 12/50", priority: 3)],
        right: [StatusSegment("loss 1.234", style: .bold, priority: 4), StatusSegment("? help", priority: 1)]
    )

    /// `left` and `right` with spaces between them to fill `width`.
    func spread(_ left: String, _ right: String, width: Int) -> String {
        left + String(repeating: " ", count: width - left.count - right.count) + right
    }

    @Test func everythingFits() {
        let buffer = rendered(line, width: 50, height: 1)
        #expect(buffer.line(0) == spread("TRAINING │ epoch 12/50", "loss 1.234 │ ? help", width: 50))
        #expect(buffer[0, 0].style == .reverse)
        #expect(buffer[30, 0].style == .reverse)
        #expect(buffer[31, 0].style == .bold)
        #expect(buffer[40, 0].style == .bold && buffer[41, 0].style == .reverse)
    }

    @Test func dropsLowestPriorityFirst() {
        // Needs 44 cells; without "? help" 35; without "epoch 12/50" as well, 21.
        #expect(rendered(line, width: 44, height: 1).line(0) == "TRAINING │ epoch 12/50 │ loss 1.234 │ ? help")
        #expect(rendered(line, width: 43, height: 1).line(0) == spread("TRAINING │ epoch 12/50", "loss 1.234", width: 43))
        #expect(rendered(line, width: 35, height: 1).line(0) == "TRAINING │ epoch 12/50 │ loss 1.234")
        #expect(rendered(line, width: 34, height: 1).line(0) == spread("TRAINING", "loss 1.234", width: 34))
        #expect(rendered(line, width: 21, height: 1).line(0) == "TRAINING │ loss 1.234")
        #expect(rendered(line, width: 20, height: 1).line(0) == "TRAINING            ")
    }

    @Test func truncatesTheLastSegment() {
        #expect(rendered(line, width: 5, height: 1).line(0) == "TRAI…")
        #expect(rendered(line, width: 5, height: 1, theme: Theme(unicode: false)).line(0) == "TRAI~")
        #expect(rendered(line, width: 1, height: 1).line(0) == "…")
    }

    @Test func tiesDropTheSegmentFurtherRight() {
        let ties = StatusLine(left: [StatusSegment("aaa"), StatusSegment("bbb")], right: [StatusSegment("ccc")])
        #expect(ties.fitted(width: 9, unicode: true).left.map(\.text) == ["aaa", "bbb"])
        #expect(ties.fitted(width: 9, unicode: true).right.isEmpty)
        #expect(rendered(ties, width: 9, height: 1).line(0) == "aaa │ bbb")
        #expect(rendered(ties, width: 15, height: 1).line(0) == "aaa │ bbb │ ccc", "groups that meet read as one list")
        #expect(rendered(ties, width: 16, height: 1).line(0) == "aaa │ bbb    ccc")
        #expect(rendered(ties, width: 8, height: 1).line(0) == "aaa     ")
    }

    @Test func asciiSeparator() {
        #expect(rendered(line, width: 50, height: 1, theme: Theme(unicode: false)).line(0)
            == spread("TRAINING | epoch 12/50", "loss 1.234 | ? help", width: 50))
    }

    @Test func staysInsideItsArea() {
        #expect(cellsDrawnOutside(line).isEmpty)
        #expect(cellsDrawnOutside(StatusLine(left: [], right: [StatusSegment(String(repeating: "r", count: 300))])).isEmpty)
        #expect(cellsDrawn(line) == 80)
    }
}
