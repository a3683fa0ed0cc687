import Testing
@testable import TerminalKit

@Suite struct BackendBufferDiffTests {
    @Test func firstFrameIsWrittenWholeAsOneRunPerRowAndStyle() {
        var buffer = Buffer(width: 6, height: 2)
        buffer.write("ab", x: 2, y: 1, style: .bold)
        let runs = BufferDiff.changedRuns(from: nil, to: buffer, columns: 6, rows: 2)
        #expect(runs == [
            CellRun(x: 0, y: 0, count: 6, style: .plain),
            CellRun(x: 0, y: 1, count: 2, style: .plain),
            CellRun(x: 2, y: 1, count: 2, style: .bold),
            CellRun(x: 4, y: 1, count: 2, style: .plain),
        ])
    }

    @Test func identicalFramesProduceNoRuns() {
        var buffer = Buffer(width: 5, height: 3)
        buffer.write("hello", x: 0, y: 1)
        #expect(BufferDiff.changedRuns(from: buffer, to: buffer, columns: 5, rows: 3).isEmpty)
    }

    @Test func onlyChangedCellsAreWrittenSplitAtUnchangedCellsAndStyleChanges() {
        var old = Buffer(width: 10, height: 2)
        old.write("abcdefghij", x: 0, y: 0)
        var new = old
        new.set(1, 0, "X")
        new.set(2, 0, "Y")
        new.set(4, 0, "Z")
        new.set(5, 0, "W", .reverse)
        new.set(9, 1, "!")
        let runs = BufferDiff.changedRuns(from: old, to: new, columns: 10, rows: 2)
        #expect(runs == [
            CellRun(x: 1, y: 0, count: 2, style: .plain),
            CellRun(x: 4, y: 0, count: 1, style: .plain),
            CellRun(x: 5, y: 0, count: 1, style: .reverse),
            CellRun(x: 9, y: 1, count: 1, style: .plain),
        ])
    }

    @Test func styleOnlyChangeCounts() {
        var old = Buffer(width: 3, height: 1)
        old.write("abc", x: 0, y: 0)
        var new = old
        new.set(1, 0, "b", Style(foreground: .red))
        #expect(BufferDiff.changedRuns(from: old, to: new, columns: 3, rows: 1)
            == [CellRun(x: 1, y: 0, count: 1, style: Style(foreground: .red))])
    }

    @Test func sizeChangeRewritesEverything() {
        let old = Buffer(width: 4, height: 1)
        let new = Buffer(width: 3, height: 1)
        #expect(BufferDiff.changedRuns(from: old, to: new, columns: 10, rows: 10)
            == [CellRun(x: 0, y: 0, count: 3, style: .plain)])
    }

    @Test func cellsOutsideTheScreenAreClipped() {
        let buffer = Buffer(width: 8, height: 4)
        let runs = BufferDiff.changedRuns(from: nil, to: buffer, columns: 5, rows: 2)
        #expect(runs == [
            CellRun(x: 0, y: 0, count: 5, style: .plain),
            CellRun(x: 0, y: 1, count: 5, style: .plain),
        ])
        #expect(BufferDiff.changedRuns(from: nil, to: buffer, columns: 0, rows: 2).isEmpty)
        #expect(BufferDiff.changedRuns(from: nil, to: Buffer(width: 0, height: 0), columns: 5, rows: 5).isEmpty)
    }

    @Test func runsCoverExactlyTheChangedCells() {
        var old = Buffer(width: 13, height: 7)
        var new = old
        var seed: UInt64 = 42
        func next() -> Int {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Int(seed >> 33)
        }
        let styles: [Style] = [.plain, .bold, Style(foreground: .green), Style(background: .grey(3))]
        for _ in 0..<60 {
            old.set(next() % 13, next() % 7, Character(Unicode.Scalar(UInt8(97 + next() % 3))), styles[next() % 4])
            new.set(next() % 13, next() % 7, Character(Unicode.Scalar(UInt8(97 + next() % 3))), styles[next() % 4])
        }
        var covered = Set<Int>()
        for run in BufferDiff.changedRuns(from: old, to: new, columns: 13, rows: 7) {
            for x in run.x..<(run.x + run.count) {
                #expect(new[x, run.y].style == run.style)
                #expect(covered.insert(run.y * 13 + x).inserted)
            }
        }
        let expected = Set((0..<(13 * 7)).filter { old.cells[$0] != new.cells[$0] })
        #expect(!expected.isEmpty && covered == expected)
    }
}
