import Testing
@testable import TerminalKit

@Suite struct BackendColorTests {
    /// Records the pairs a cache asks the terminal to set up.
    private final class PairRecorder {
        var initialized: [(Int32, Int32, Int32)] = []
        var accept = true

        func callAsFunction(_ pair: Int32, _ fg: Int32, _ bg: Int32) -> Bool {
            guard accept else { return false }
            initialized.append((pair, fg, bg))
            return true
        }
    }

    private func colors(_ fg: Int32, _ bg: Int32) -> ColorPairCache.Colors {
        .init(foreground: fg, background: bg)
    }

    @Test func defaultColorsUsePairZeroWithoutAllocating() {
        var cache = ColorPairCache(capacity: 10)
        let recorder = PairRecorder()
        #expect(cache.pair(for: colors(-1, -1), initialize: recorder.callAsFunction) == 0)
        #expect(recorder.initialized.isEmpty)
    }

    @Test func pairsAreAllocatedOnFirstUseAndCached() {
        var cache = ColorPairCache(capacity: 10)
        let recorder = PairRecorder()
        #expect(cache.pair(for: colors(1, -1), initialize: recorder.callAsFunction) == 1)
        #expect(cache.pair(for: colors(2, 4), initialize: recorder.callAsFunction) == 2)
        #expect(cache.pair(for: colors(1, -1), initialize: recorder.callAsFunction) == 1)
        #expect(recorder.initialized.map { [$0.0, $0.1, $0.2] } == [[1, 1, -1], [2, 2, 4]])
        #expect(cache.allocatedCount == 2)
    }

    @Test func exhaustedCacheFallsBackToSameForegroundThenBackgroundThenDefault() {
        var cache = ColorPairCache(capacity: 2)
        let recorder = PairRecorder()
        _ = cache.pair(for: colors(1, 0), initialize: recorder.callAsFunction)  // pair 1
        _ = cache.pair(for: colors(2, 4), initialize: recorder.callAsFunction)  // pair 2
        #expect(cache.pair(for: colors(2, 5), initialize: recorder.callAsFunction) == 2)
        #expect(cache.pair(for: colors(3, 0), initialize: recorder.callAsFunction) == 1)
        #expect(cache.pair(for: colors(6, 6), initialize: recorder.callAsFunction) == 0)
        #expect(recorder.initialized.count == 2)
    }

    @Test func refusedInitializationStopsFurtherAllocation() {
        var cache = ColorPairCache(capacity: 100)
        let recorder = PairRecorder()
        _ = cache.pair(for: colors(1, -1), initialize: recorder.callAsFunction)
        recorder.accept = false
        #expect(cache.pair(for: colors(1, 3), initialize: recorder.callAsFunction) == 1)
        recorder.accept = true
        #expect(cache.pair(for: colors(5, 3), initialize: recorder.callAsFunction) == 0)
        #expect(recorder.initialized.count == 1)
    }

    @Test func zeroCapacityMeansEverythingIsPairZero() {
        var cache = ColorPairCache(capacity: 0)
        let recorder = PairRecorder()
        #expect(cache.pair(for: colors(1, 2), initialize: recorder.callAsFunction) == 0)
        #expect(recorder.initialized.isEmpty)
    }

    @Test func colorSupportMapsStylesToTerminalIndices() {
        let full = ColorSupport(colors: 256, defaultColors: true)
        #expect(full.colors(for: Style(foreground: .cube(5, 0, 0))) == colors(196, -1))
        #expect(full.colors(for: Style(background: .grey(23))) == colors(-1, 255))
        #expect(full.colors(for: .plain) == colors(-1, -1))

        let noDefaults = ColorSupport(colors: 256, defaultColors: false)
        #expect(noDefaults.colors(for: Style(foreground: .red)) == colors(1, 0))
        #expect(noDefaults.colors(for: Style(background: .blue)) == colors(7, 4))
        #expect(noDefaults.colors(for: .plain) == colors(-1, -1))

        #expect(ColorSupport.none.colors(for: Style(foreground: .red, background: .blue)) == colors(-1, -1))
    }

    @Test func colorsAreReducedForSmallPalettes() {
        // Pure red of the cube is bright red on 16 colours and red on 8.
        #expect(ColorReduction.index(of: .cube(5, 0, 0), colors: 16) == 9)
        #expect(ColorReduction.index(of: .cube(5, 0, 0), colors: 8) == 1)
        #expect(ColorReduction.index(of: .indexed(9), colors: 16) == 9)
        #expect(ColorReduction.index(of: .indexed(9), colors: 8) == 1)
        #expect(ColorReduction.index(of: .grey(23), colors: 8) == 7)
        #expect(ColorReduction.index(of: .grey(0), colors: 8) == 0)
        #expect(ColorReduction.index(of: .cube(0, 0, 5), colors: 16) == 4)
        #expect(ColorReduction.index(of: .indexed(200), colors: 256) == 200)
        #expect(ColorReduction.index(of: .default, colors: 256) == nil)
        #expect(ColorReduction.index(of: .red, colors: 2) == nil)
        for index in 0...255 {
            let reduced = ColorReduction.index(of: .indexed(UInt8(index)), colors: 8)!
            #expect((0..<8).contains(reduced))
        }
    }

    @Test func paletteRGBMatchesXterm() {
        #expect(ColorReduction.rgb(16) == (0, 0, 0))
        #expect(ColorReduction.rgb(196) == (255, 0, 0))
        #expect(ColorReduction.rgb(21) == (0, 0, 255))
        #expect(ColorReduction.rgb(232) == (8, 8, 8))
        #expect(ColorReduction.rgb(255) == (238, 238, 238))
    }
}
