import CharRNNTestSupport
import Testing

/// The comparison helpers every numeric test goes through fail on NaN,
/// infinities, length mismatches and empty input, wherever they appear.
@Suite struct ToleranceTests {
    static let poison: [Double] = [.nan, .infinity, -.infinity]

    @Test func aNonFiniteEntryAnywhereFails() {
        for bad in Self.poison {
            for position in 0..<3 {
                var a: [Double] = [0.5, 0.25, 1]
                a[position] = bad
                let b: [Double] = [0.5, 0.25, 1]
                #expect(Tolerance.worst(a, b, rtol: 1e-3, atol: 1e-3) > 1, "\(bad) at \(position) in the result")
                #expect(Tolerance.worst(b, a, rtol: 1e-3, atol: 1e-3) > 1, "\(bad) at \(position) in the reference")
                #expect(Tolerance.largest(a.map { abs($0 - 0.5) }) == .infinity)
            }
        }
        let f: [Float] = [1, .nan], g: [Float] = [1, 1]
        #expect(Tolerance.worst(f, g, atol: 1) > 1)
        // Equal infinities are not "close": the value is not a number the test can vouch for.
        #expect(Tolerance.worst([Double.infinity], [Double.infinity], atol: 1) > 1)
    }

    @Test func mismatchedOrEmptyInputFails() {
        #expect(Tolerance.worst([1.0, 2], [1.0], atol: 1) > 1)
        #expect(Tolerance.worst([Double](), [Double](), atol: 1) > 1)
        #expect(Tolerance.largest([Double]()) == .infinity)
    }

    @Test func finiteInputGivesTheWorstRatio() {
        #expect(abs(Tolerance.worst([1.0, 2.0, 3.0], [1.0, 2.1, 3.0], atol: 0.2) - 0.5) < 1e-12)
        #expect(abs(Tolerance.worst([1.0, 2.0], [1.5, 2.0], rtol: 0.5, atol: 0.25) - 0.5 / 1.0) < 1e-15)
        #expect(Tolerance.worst([1.0], [1.0], atol: 0) == 0)
        #expect(Tolerance.largest([0.5, 3, 2]) == 3)
    }
}
