import Foundation
import Testing
import TerminalKit

/// Y axes fitted to data, checked against hand-worked cases (the default run's
/// loss 1.7749…3.2692 and perplexity 5.8995…26.291) and over random data.
@Suite struct AxisFitTests {
    let loss = (1.7748593062557514, 3.2692400631745344)
    let perplexity = (5.899451062068325, 26.291351983099037)

    func expectFit(_ fit: AxisFit?, _ range: ClosedRange<Double>, _ ticks: [Double], sourceLocation: SourceLocation = #_sourceLocation) {
        guard let fit else { Issue.record("no fit", sourceLocation: sourceLocation); return }
        let close = { (a: Double, b: Double) in abs(a - b) <= 1e-9 * max(1, abs(a)) }
        #expect(close(fit.range.lowerBound, range.lowerBound) && close(fit.range.upperBound, range.upperBound),
                "range \(fit.range)", sourceLocation: sourceLocation)
        #expect(fit.ticks.count == ticks.count && zip(fit.ticks, ticks).allSatisfy(close), "ticks \(fit.ticks)", sourceLocation: sourceLocation)
    }

    @Test func twoLabelsAreTheDataEndsToTwoDigits() {
        expectFit(AxisFit.linear(loss.0, loss.1, maxCount: 2, minimum: 0), loss.0...3.3, [1.8, 3.3])
        expectFit(AxisFit.linear(perplexity.0, perplexity.1, maxCount: 2, minimum: 1), perplexity.0...perplexity.1, [5.9, 26])
        expectFit(AxisFit.logarithmic(perplexity.0, perplexity.1, maxCount: 2, minimum: 1), perplexity.0...perplexity.1, [5.9, 26])
        // 2 digits would move 1.7749 to 1.8, more than a tenth of a span of 0.2: 3 digits.
        expectFit(AxisFit.linear(1.7749, 1.9751, maxCount: 2), 1.77...1.98, [1.77, 1.98])
    }

    @Test func moreLabelsPickNiceTicksJustOutsideTheData() {
        expectFit(AxisFit.linear(loss.0, loss.1, maxCount: 3, minimum: 0), 1.5...3.5, [1.5, 2.5, 3.5])
        for count in [5, 6, 8] {
            expectFit(AxisFit.linear(loss.0, loss.1, maxCount: count, minimum: 0), 1.5...3.5, [1.5, 2, 2.5, 3, 3.5])
        }
        expectFit(AxisFit.linear(loss.0, loss.1, maxCount: 10, minimum: 0), 1.6...3.4, [1.6, 1.8, 2, 2.2, 2.4, 2.6, 2.8, 3, 3.2, 3.4])
        expectFit(AxisFit.linear(perplexity.0, perplexity.1, maxCount: 6, minimum: 1), 5...30, [5, 10, 15, 20, 25, 30])
        expectFit(AxisFit.logarithmic(perplexity.0, perplexity.1, maxCount: 4, minimum: 1), 5...30, [5, 10, 20, 30])
        expectFit(AxisFit.linear(100, 110, maxCount: 3), 100...110, [100, 105, 110])
    }

    @Test func withoutANiceFitTheAxisIsTheDataWithTheNiceValuesInside() {
        // 0…40 or 5…35 would leave a third of the axis empty.
        expectFit(AxisFit.linear(perplexity.0, perplexity.1, maxCount: 3, minimum: 1), perplexity.0...perplexity.1, [10, 20])
        expectFit(AxisFit.linear(perplexity.0, perplexity.1, maxCount: 5, minimum: 1), perplexity.0...perplexity.1, [10, 15, 20, 25])
        expectFit(AxisFit.logarithmic(perplexity.0, perplexity.1, maxCount: 3, minimum: 1), perplexity.0...perplexity.1, [10, 20])
        expectFit(AxisFit.logarithmic(loss.0, loss.1, maxCount: 3, minimum: 0), loss.0...loss.1, [2, 2.5, 3])
        expectFit(AxisFit.logarithmic(loss.0, loss.1, maxCount: 8, minimum: 0), loss.0...loss.1, [1.8, 2, 2.2, 2.4, 2.6, 2.8, 3, 3.2])
        // Over many decades, every other power of ten.
        expectFit(AxisFit.logarithmic(0.5, 2e5, maxCount: 3), 0.5...2e5, [1, 100, 10_000])
    }

    @Test func theAxisStopsAtTheQuantitysMinimum() {
        // 0…2 would fit the ticks, but a perplexity is at least 1.
        expectFit(AxisFit.linear(1.02, 1.9, maxCount: 3, minimum: 1), 1...2, [1, 1.5, 2])
        expectFit(AxisFit.linear(0.25, 2.9, maxCount: 4, minimum: 0), 0...3, [0, 1, 2, 3])
        let fit = try! #require(AxisFit.linear(1.1, 30, maxCount: 3, minimum: 1))
        #expect(fit.range.lowerBound >= 1)
    }

    @Test func aSingleValueAndBadInput() {
        expectFit(AxisFit.linear(5, 5, maxCount: 3), 4.5...5.5, [4.5, 5, 5.5])
        #expect(AxisFit.linear(0, 0, maxCount: 2)?.range == -1...1)
        #expect(AxisFit.linear(0, 0, maxCount: 2, minimum: 0)?.range == 0...1)
        #expect(AxisFit.linear(.nan, 1, maxCount: 3) == nil)
        #expect(AxisFit.linear(2, 1, maxCount: 3) == nil)
        #expect(AxisFit.logarithmic(0, 1, maxCount: 3) == nil)
        #expect(AxisFit.linear(-.greatestFiniteMagnitude, .greatestFiniteMagnitude, maxCount: 5) != nil)
        #expect(AxisFit.logarithmic(.leastNonzeroMagnitude, .leastNonzeroMagnitude, maxCount: 5) != nil)
    }

    @Test func randomDataFillsItsAxis() {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func unit() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53)
        }
        for trial in 0..<2000 {
            let logarithmic = trial % 2 == 1
            let scale = pow(10, unit() * 8 - 4)
            let lo = (logarithmic ? 0.01 + unit() : unit() * 4 - 1) * scale
            let hi = lo + unit() * unit() * 5 * scale
            let maxCount = 2 + Int(unit() * 8)
            let minimum = lo > 0 ? 0 : -Double.infinity
            let fit = logarithmic
                ? try! #require(AxisFit.logarithmic(lo, hi, maxCount: maxCount, minimum: minimum))
                : try! #require(AxisFit.linear(lo, hi, maxCount: maxCount, minimum: minimum))
            let context = "\(logarithmic ? "log" : "linear") \(lo)…\(hi) max \(maxCount): \(fit)"
            #expect(fit.range.lowerBound <= lo && fit.range.upperBound >= hi, "\(context)")
            #expect(fit.ticks.count >= 2 && fit.ticks.count <= maxCount, "\(context)")
            #expect(zip(fit.ticks, fit.ticks.dropFirst()).allSatisfy { $0 < $1 }, "\(context)")
            #expect(fit.ticks.allSatisfy { fit.range.contains($0) }, "\(context)")
            #expect(fit.range.lowerBound >= minimum, "\(context)")
            guard hi > lo else { continue }
            let t: (Double) -> Double = logarithmic ? { log10($0) } : { $0 }
            let axis = t(fit.range.upperBound) - t(fit.range.lowerBound)
            #expect(t(lo) - t(fit.range.lowerBound) <= axis / 6 + 1e-9 * axis, "the lowest value in the bottom sixth: \(context)")
            #expect(t(fit.range.upperBound) - t(hi) <= axis / 6 + 1e-9 * axis, "the highest value in the top sixth: \(context)")
        }
    }
}
