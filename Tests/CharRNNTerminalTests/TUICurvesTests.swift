@testable import CharRNNTerminal
import CharRNNTestSupport
import CharRNN
import TerminalKit
import Testing

/// The curves pane at the sizes people use, with the default run's real
/// history: curves that fill their charts, both ends of x labelled, and status
/// and key lines that drop whole words, never cut one.
@Suite struct TUICurvesTests {
    static let sizes = [(80, 24), (100, 30), (120, 40), (160, 48), (200, 60)]

    static func colorIndex(_ color: Color) -> Int? {
        if case .indexed(let index) = color { return Int(index) }
        return nil
    }

    /// The charts of the curves pane as drawn in `buffer`.
    static func chartsOnScreen(_ state: AppState, _ buffer: Buffer) -> [(CurvesView.Chart, ChartOnScreen?)] {
        let inner = state.layout.inner(.curves)
        let area = Rect(x: inner.x, y: inner.y + 1, width: inner.width, height: inner.height - 1)
        let cells = buffer.screenCells
        return CurvesView.charts(state.curves.charts, in: area).map { chart, rect in
            (chart, ChartOnScreen(cells, columns: rect.x, rect.maxX, rows: rect.y, rect.maxY))
        }
    }

    @Test func theDefaultRunFillsItsChartsAtEveryCommonSize() throws {
        let base = try TUIFixtures.doneState()
        let train = try #require(Self.colorIndex(CurvesView.trainColor))
        for (width, height) in Self.sizes {
            for swapped in [false, true] {
                var state = base
                _ = AppUpdate.update(&state, .resize(width: width, height: height))
                if swapped { state.press(.character("L")) }
                let buffer = AppView.render(state)
                let charts = Self.chartsOnScreen(state, buffer)
                #expect(charts.count == (width >= 120 ? 2 : 1), "both charts from 120 columns on")
                for (chart, found) in charts {
                    let log = CurvesView.logScale(chart, state.curves)
                    let context = "\(chart) \(log ? "log" : "linear") at \(width)×\(height)"
                    guard let found else { Issue.record("no axes for \(context):\n\(buffer.text)"); continue }
                    let extremes = try #require(found.extremes(foreground: train), "\(context)")
                    #expect(extremes.highest <= 0.25, "the highest train point in the top quarter: \(context)\n\(buffer.text)")
                    #expect(extremes.lowest >= 0.75, "the lowest train point in the bottom quarter: \(context)\n\(buffer.text)")
                    #expect(found.xLabels.statusWords.first == "0" && found.xLabels.statusWords.last == "100", "\(context): \(found.xLabels)")
                    #expect(found.yLabels.count >= 2, "\(context): \(found.yLabels)")
                    let title = (chart == .loss ? "loss" : "ppl") + (log ? " · log y" : "")
                    #expect(found.legend.first.map { $0.hasPrefix(title + " ⠤⠤ train") || $0.hasPrefix(title + "  ⠤⠤ train") } == true,
                            "the legend names the chart and its scale: \(context): \(found.legend)")
                }
                expectWholeWords(buffer.line(0), of: StatusBarView.statusLine(state), "status line at \(width)×\(height)")
                expectWholeWords(buffer.line(height - 1), of: BottomLineView.hints(state), "key line at \(width)×\(height)")
                #expect(!buffer.text.contains("…"), "nothing cut at \(width)×\(height):\n\(buffer.text)")
            }
        }
    }

    /// `line` shows only whole words of `status`, and keeps the ones that matter most.
    func expectWholeWords(_ line: String, of status: StatusLine, _ context: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let words = Set((status.left + status.right).flatMap(\.text.statusWords))
        let shown = line.statusWords
        #expect(shown.allSatisfy(words.contains), "\(context): \(line)", sourceLocation: sourceLocation)
        #expect(line.contains(" · "), "\(context): \(line)", sourceLocation: sourceLocation)
    }

    @Test func theStatusLineKeepsWhatMattersMostAt80Columns() throws {
        var state = try TUIFixtures.doneState(width: 80, height: 24)
        #expect(AppView.render(state).line(0) == " epoch 100/100 · val ppl 7.37 · 552k tok/s · done               saved · F1 help ")
        state.snapshot.state = .paused
        state.snapshot.unsaved = true
        state.snapshot.tokensPerSecond = 7_840_000
        state.snapshot.elapsedSeconds = 61
        #expect(AppView.render(state).line(0) == " epoch 100/100 · val ppl 7.37 · 7.84M tok/s · paused          unsaved · F1 help ")
        var full = Buffer(width: 73, height: 1)
        StatusBarView.statusLine(state).render(into: &full, area: full.area, theme: .full)
        #expect(full.line(0) == " epoch 100/100 · val ppl 7.37 · 7.84M tok/s · paused · unsaved · F1 help ",
                "a full line keeps the separator between its halves")
        state.snapshot.state = .running
        state.snapshot.etaSeconds = 30
        #expect(AppView.render(state).line(0) == " epoch 100/100 · val ppl 7.37 · 7.84M tok/s · running         unsaved · F1 help ",
                "F1 help stays while training")
        state.snapshot.state = .paused
        _ = AppUpdate.update(&state, .resize(width: 200, height: 60))
        #expect(AppView.render(state).line(0).hasPrefix(" epoch 100/100 · val ppl 7.37 · step 1000 · 7.84M tok/s · 01:01 / ETA --:-- · lr 1 · paused"))
    }

    @Test func theKeyLineShowsFiveKeysThenF1More() throws {
        var state = try TUIFixtures.doneState(width: 80, height: 24)
        #expect(AppView.render(state).line(23).trimmingCharacters(in: .whitespaces) == "L log/linear · space pause · Tab pane · s save · q quit · F1 more")
        state.press(.tab, .tab)
        #expect(state.isTyping)
        #expect(AppView.render(state).line(23).trimmingCharacters(in: .whitespaces) == "Enter step · Ctrl-G generate · Ctrl-R reset · Esc leave · F10 quit · F1 more")
        var narrow = BottomLineView.hints(state)
        narrow.style = .plain
        var buffer = Buffer(width: 40, height: 1)
        narrow.render(into: &buffer, area: buffer.area, theme: .full)
        #expect(buffer.line(0).trimmingCharacters(in: .whitespaces) == "Enter step · Ctrl-G generate · F1 more", "keys go whole from the right; F1 more stays")
    }

    @Test func theStepCurveIsDimBehindTheEpochsAndDoesNotStretchTheAxis() throws {
        var state = try TUIFixtures.doneState(width: 160, height: 48)
        // Per-step losses a little noisier than the epochs', starting well above the first epoch's mean.
        state.snapshot.stepLosses = (1...1000).map { i in
            let epoch = Double(i) / 10
            return (x: epoch, loss: state.snapshot.history[min(99, (i - 1) / 10)].trainLoss + (i < 5 ? 0.4 : 0.05 * Double(i % 3 - 1)))
        }
        let buffer = AppView.render(state)
        let step = try #require(Self.colorIndex(CurvesView.stepColor))
        for (chart, found) in Self.chartsOnScreen(state, buffer) {
            let found = try #require(found)
            #expect(found.legend.first?.hasSuffix("⠤⠤ step (dim)") == true || found.legend.contains { $0.contains("⠤⠤ step (dim)") }, "\(chart): \(found.legend)")
            let steps = try #require(found.extremes(foreground: step))
            #expect(steps.highest == 0, "the first steps run off the top of the \(chart) chart")
            let plot = found.plot
            let dimCells = (plot.y..<(plot.y + plot.height)).flatMap { y in (plot.x..<(plot.x + plot.width)).map { buffer[$0, y] } }
                .filter { $0.style.foreground == CurvesView.stepColor }
            #expect(!dimCells.isEmpty && dimCells.allSatisfy(\.style.dim))
        }
        let plain = AppView.render({ var s = state; s.theme = Theme(color: false, unicode: true); return s }())
        #expect(plain.text.contains("step (dim)"))
    }

    @Test func theXAxisEndsOnTheRunsLastEpochOnceTheCurvesNearIt() {
        #expect(CurvesView.xEnd(lastX: 0.1, targetEpoch: 100) == 1)
        #expect(CurvesView.xEnd(lastX: 3, targetEpoch: 100) == 5)
        #expect(CurvesView.xEnd(lastX: 37, targetEpoch: 100) == 50)
        #expect(CurvesView.xEnd(lastX: 51, targetEpoch: 100) == 100)
        #expect(CurvesView.xEnd(lastX: 100, targetEpoch: 100) == 100)
        #expect(CurvesView.xEnd(lastX: 21, targetEpoch: 30) == 30)
        #expect(CurvesView.xEnd(lastX: 12, targetEpoch: 12) == 12)
        #expect(CurvesView.xEnd(lastX: 100, targetEpoch: 1000) == 100, "a resumed run's axis grows with it")
        #expect(CurvesView.xEnd(lastX: 40, targetEpoch: 1) == 50, "a longer compared run sets the axis")
    }

    @Test func lTogglesEachChartsScale() throws {
        var state = try TUIFixtures.doneState(width: 120, height: 40)
        #expect(!state.curves.logLoss && state.curves.logPerplexity, "perplexity starts on a log axis")
        let legends = { (state: AppState) in Self.chartsOnScreen(state, AppView.render(state)).compactMap { $0.1?.legend.first } }
        #expect(legends(state).map { Array($0.statusWords.prefix(3)) } == [["loss", "⠤⠤", "train"], ["ppl", "log", "y"]])
        state.press(.character("L"))
        #expect(legends(state).map { Array($0.statusWords.prefix(3)) } == [["loss", "log", "y"], ["ppl", "⠤⠤", "train"]])
    }

    @Test func manyStepsAreAveragedDownToTheDotsThatShowThem() {
        let points = (0..<1000).map { ChartPoint(x: Double($0), y: Double($0 % 2)) }
        let fewer = CurvesView.downsampled(points, to: 100)
        #expect(fewer.count == 100)
        #expect(fewer.allSatisfy { abs($0.y - 0.5) < 1e-9 })
        #expect(CurvesView.downsampled(Array(points.prefix(50)), to: 100).count == 50)
    }
}
