@testable import CharRNNTerminal
import CharRNNTestSupport
import CharRNN
import TerminalKit
import Testing

/// The curves pane's axis bounds: stable 1-2-5 values that the ticks label at both ends.
@Suite struct TUICurvesTests {
    @Test func niceCeilingAndFloorAreTheNeighbouring125Values() {
        let cases: [(Double, Double, Double)] = [
            (1, 1, 1), (1.2, 1, 2), (3, 2, 5), (7, 5, 10), (12, 10, 20), (0.03, 0.02, 0.05), (500, 500, 500),
        ]
        for (x, floor, ceiling) in cases {
            #expect(abs(CurvesView.niceFloor(x) - floor) < 1e-9 * floor, "floor \(x)")
            #expect(abs(CurvesView.niceCeiling(x) - ceiling) < 1e-9 * ceiling, "ceiling \(x)")
        }
    }

    @Test func linearBoundsCoverTheDataAndAreTicksAtBothEnds() {
        var g = SeededGenerator(seed: 7)
        for _ in 0..<500 {
            let lo = g.nextUnit() * 50, hi = lo + g.nextUnit() * 100
            let maxTicks = 2 + g.nextIndex(below: 5)
            let bounds = try! #require(CurvesView.niceBounds(lo, hi, logarithmic: false, maxTicks: maxTicks))
            #expect(bounds.lowerBound <= lo && bounds.upperBound >= hi)
            let ticks = AxisTicks.linear(bounds, maxCount: maxTicks)
            #expect(ticks.count >= 2 && ticks.count <= maxTicks, "\(bounds) \(maxTicks) \(ticks)")
            #expect(ticks.first.map { abs($0 - bounds.lowerBound) < 1e-9 } == true, "\(bounds) \(ticks)")
            #expect(ticks.last.map { abs($0 - bounds.upperBound) < 1e-9 } == true, "\(lo) \(hi) \(maxTicks) \(bounds) \(ticks)")
        }
    }

    @Test func boundsStayPutWhileNewDataStaysInside() {
        let first = CurvesView.niceBounds(1.93, 4.1, logarithmic: false, maxTicks: 3)
        let later = CurvesView.niceBounds(1.71, 4.1, logarithmic: false, maxTicks: 3)
        #expect(first == later)
        #expect(CurvesView.niceBounds(6.8, 45, logarithmic: true, maxTicks: 3) == 5...50)
        #expect(CurvesView.niceBounds(0, 3, logarithmic: true, maxTicks: 3) == nil)
        #expect(CurvesView.niceBounds(2, 2, logarithmic: false, maxTicks: 2).map { $0.contains(2) && $0.upperBound > $0.lowerBound } == true)
        let acrossZero = try! #require(CurvesView.niceBounds(-3, 4, logarithmic: false, maxTicks: 2))
        #expect(acrossZero.contains(-3) && acrossZero.contains(4), "a range across zero still ends")
    }

    @Test func manyStepsAreAveragedDownToTheDotsThatShowThem() {
        let points = (0..<1000).map { ChartPoint(x: Double($0), y: Double($0 % 2)) }
        let fewer = CurvesView.downsampled(points, to: 100)
        #expect(fewer.count == 100)
        #expect(fewer.allSatisfy { abs($0.y - 0.5) < 1e-9 })
        #expect(CurvesView.downsampled(Array(points.prefix(50)), to: 100).count == 50)
    }
}
