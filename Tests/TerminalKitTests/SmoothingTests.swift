import Testing
import TerminalKit

@Suite struct SmoothingTests {
    @Test func emaOfKnownSequence() {
        #expect(Smoothing.ema([1, 2, 3], weight: 0.5) == [1, 1.5, 2.25])
        let heavy = Smoothing.ema([10, 0, 0], weight: 0.9)
        #expect(abs(heavy[1] - 9) < 1e-12 && abs(heavy[2] - 8.1) < 1e-12)
    }

    @Test func weightZeroIsIdentityAndOneHoldsTheFirstValue() {
        #expect(Smoothing.ema([4, 1, 7], weight: 0) == [4, 1, 7])
        #expect(Smoothing.ema([4, 1, 7], weight: 1) == [4, 4, 4])
        #expect(Smoothing.ema([4, 1, 7], weight: 3) == [4, 4, 4])
        #expect(Smoothing.ema([4, 1, 7], weight: .nan) == [4, 1, 7])
    }

    @Test func nonFiniteValuesPassThroughWithoutAffectingTheAverage() {
        let out = Smoothing.ema([.nan, 2, .infinity, 4], weight: 0.5)
        #expect(out[0].isNaN)
        #expect(out[1] == 2)
        #expect(out[2] == .infinity)
        #expect(out[3] == 3)
        #expect(Smoothing.ema([], weight: 0.5).isEmpty)
    }
}
