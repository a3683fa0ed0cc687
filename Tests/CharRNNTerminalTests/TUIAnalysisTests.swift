import CharRNN
@testable import CharRNNTerminal
import CharRNNTestSupport
import Foundation
import TerminalKit
import Testing

/// The analysis views: opened by keys and by the `:` line, drawn over the
/// panes from the session's answers, at every size.
@Suite struct TUIAnalysisTests {
    static let stamp = WeightsStamp(epoch: 7, step: 70, paramsVersion: 0, modelVersion: 0)
    static let text = TokenizedText(ids: [2, 3, 0, 4], tokens: ["a", "b", " ", "c"], label: "typed text")

    /// One made-up result per view, so the expected cells are known.
    static func views() -> [AnalysisState] {
        let h = StateID(layer: 0, kind: .hidden)
        var views: [AnalysisState] = []
        func add(_ request: AnalysisRequest, _ result: AnalysisResult?) {
            var view = AnalysisState(request: request)
            view.result = result
            views.append(view)
        }
        add(.activations(unit: 5, state: h, text: .standard),
            .activations(ActivationTrace(state: h, unit: 5, text: text, values: [1, -1, 0, 0.5], stamp: stamp)))
        add(.units(.space, text: .standard), .units(UnitRanking(
            feature: .space, text: text, featureValues: [0, 0, 1, 0],
            correlations: [UnitCorrelation(state: h, unit: 5, r: 0.8), UnitCorrelation(state: h, unit: 12, r: -0.5), UnitCorrelation(state: h, unit: 3, r: nil)],
            stamp: stamp)))
        add(.match(from: 0, to: 1, threshold: 0.5, state: h), .matches(PatternSearch(
            state: h, threshold: 0.5, from: 0, to: 1, selection: "ab", units: [1, 4],
            matches: [PatternMatch(start: 1234, length: 2, unitsOn: 2, overlap: 1, before: "the ", text: "ab", after: "out")],
            found: 1, searched: 30_000, stamp: stamp)))
        add(.saliency(prefix: "ab c", next: nil), .saliency(Saliency(
            prefix: text, next: "e", nextID: 6, logProbability: log(0.25), scores: [0.5, -0.25, 0, 0.125], stamp: stamp)))
        let distribution = ValueDistribution(lower: -1, upper: 1, counts: [1, 4, 2], nonFinite: 0, mean: 0, std: 0.5, norm: 2)
        add(.histograms, .histograms(TensorHistograms(
            tensors: [TensorHistogram(name: "W_xh", shape: [28, 32], weights: distribution, gradient: nil, history: [])],
            gradientStep: nil, epoch: 7, step: 70)))
        add(.samples, nil)
        return views
    }

    /// A state on the trained model with `view` open.
    static func state(_ view: AnalysisState, width: Int = 80, height: Int = 24, theme: Theme = .full) throws -> AppState {
        var state = try TUIFixtures.state(width: width, height: height, theme: theme)
        state.analysis = view
        _ = AppUpdate.update(&state, .resize(width: width, height: height))
        return state
    }

    @Test func everyViewDrawsInsideTheScreenAtEverySize() throws {
        var base = try TUIFixtures.state()
        for view in Self.views() {
            for (width, height) in [(0, 0), (1, 1), (20, 5), (80, 24), (120, 40), (200, 60)] {
                for theme in [Theme.full, Theme(color: false), Theme(color: false, unicode: false)] {
                    base.analysis = view
                    base.theme = theme
                    _ = AppUpdate.update(&base, .resize(width: width, height: height))
                    let buffer = AppView.render(base)
                    #expect(buffer.width == width && buffer.height == height)
                    if width >= 80, height >= 24, theme.unicode {
                        #expect(buffer.line(1).contains(AnalysisView.title(view)), "\(view.kind) at \(width)×\(height)")
                        #expect(buffer.line(height - 1).count == width, "the bottom line stays")
                    }
                    if !theme.unicode { #expect(buffer.cells.allSatisfy { $0.character.isASCII }) }
                }
            }
        }
    }

    @Test func activationsColourEachTokenByItsValue() throws {
        let state = try Self.state(Self.views()[0])
        let buffer = AppView.render(state)
        #expect(buffer.line(1).hasPrefix("┏━ activations · unit 5 of h "))
        #expect(buffer.line(2) == "┃typed text · epoch 7 · step 1 'a': +1.0000" + String(repeating: " ", count: 36) + "┃")
        #expect(buffer.text(y: 4, from: 1, to: 5) == "ab c")
        #expect(buffer[1, 4].style == Style(foreground: .black, background: Palette.diverging.cursorColor, bold: true), "the cursor")
        #expect(buffer[2, 4].style == Style(foreground: .indexed(15), background: Palette.diverging.color(for: -1)))
        #expect(buffer[4, 4].style.background == Palette.diverging.color(for: 0.5))
        var moved = state
        moved.press(.right, .right, .right)
        #expect(moved.analysis?.cursor == 3)
        #expect(AppView.render(moved).line(2).contains("· step 4 'c': +0.5000"))
        moved.press(.right)
        #expect(moved.analysis?.cursor == 3, "the cursor stays on the text")
        moved.press(.escape)
        #expect(moved.analysis == nil)
        #expect(AppView.render(moved).line(1).contains("curves"), "the panes are back")
    }

    @Test func theListsShowTheirRows() throws {
        let views = Self.views()
        var units = try Self.state(views[1])
        var buffer = AppView.render(units)
        #expect(buffer.text(y: 4, from: 1, to: 45) == "   1  h        5  +0.8000  ████████████████ ")
        #expect(buffer[1, 4].style.reverse && !buffer[1, 5].style.reverse, "the first unit is selected")
        #expect(buffer.text(y: 5, from: 1, to: 39) == "   2  h       12  -0.5000  ██████████ ", "|r| 0.5: half the bar")
        #expect(buffer[28, 5].style.foreground == Palette.diverging.color(for: -0.8), "blue for r < 0")
        #expect(buffer.text(y: 6, from: 1, to: 50).hasPrefix("   3  h        3        -  constant over the text"))
        units.press(.down)
        #expect(units.analysis?.cursor == 1 && AppView.render(units)[1, 5].style.reverse)

        buffer = AppView.render(try Self.state(views[2]))
        #expect(buffer.line(2).contains("units 1 4 of h above 0.5 at every step of 'ab' · 1 spans in 30,000 tokens"))
        #expect(buffer.text(y: 4, from: 1, to: 37) == "  1  1.00  2   at 1,234   the about ")
        #expect(buffer[31, 4].style.underline && buffer[32, 4].style.bold && buffer[30, 4].style.dim && buffer[33, 4].style.dim)

        buffer = AppView.render(try Self.state(views[3]))
        #expect(buffer.line(2).contains("p 0.2500 · epoch 7 · step 1 'a': +0.500000"))
        #expect(buffer[2, 4].style.background == Palette.diverging.color(for: -0.5), "scores scaled by the largest")

        buffer = AppView.render(try Self.state(views[4]))
        #expect(buffer.text(y: 4, from: 1, to: 12) == "W_xh 28×32 " && buffer[1, 4].style.bold)
        #expect(buffer.text(y: 5, from: 1, to: 80).hasPrefix("  weights   [-1.0000, 1.0000] ▂█▄ norm 2.0000"))
    }

    @Test func samplesWrapAndFollowTheSession() throws {
        var state = try Self.state(Self.views()[5])
        #expect(AppView.render(state).line(2).contains("no samples yet"))
        var session = state.session
        session.training.history = [
            EpochMetrics(epoch: 1, step: 10, trainLoss: 3, valLoss: 3, tokensPerSecond: 1, elapsedSeconds: 1, sample: String(repeating: "x", count: 100)),
        ]
        _ = AppUpdate.update(&state, .session(session))
        let buffer = AppView.render(state)
        #expect(buffer.line(2).contains("1 sample, newest last"))
        #expect(buffer.text(y: 4, from: 1, to: 9) == "epoch 1 ")
        #expect(buffer.text(y: 5, from: 1, to: 79) == String(repeating: "x", count: 78))
        #expect(buffer.text(y: 6, from: 1, to: 24) == String(repeating: "x", count: 22) + " ")
    }

    /// The real session computes each view; the activations view shows the
    /// engine's values for the heatmap cursor's unit.
    @Test func keysOpenEachViewOnTheSessionsAnswer() throws {
        let app = TUIFixtures.app(try TUIFixtures.trainedSession(), width: 120, height: 40)
        app.press(.tab, .character("j"), .character("j"), .enter)
        app.settleView()
        let view = try #require(app.state.analysis)
        guard case .activations(let trace)? = view.result else {
            Issue.record("no activations: \(String(describing: view.error))")
            return
        }
        #expect(trace.unit == 2 && trace.state.name == "h" && trace.text.count == AnalysisText.defaultLength)
        let buffer = AppView.render(app.state)
        let body = AnalysisView.body(app.state.layout)
        for i in 1..<20 {
            #expect(buffer[body.x + i, body.y].style.background == Palette.diverging.color(for: Double(trace.values[i])), "token \(i)")
        }
        app.press(.escape, .character("u"))
        guard case .units(let ranking)? = app.state.analysis?.result else { Issue.record("no units"); return }
        #expect(ranking.feature == .space && ranking.correlations.count == 32)
        app.press(.down, .enter)
        guard case .activations(let chosen)? = app.state.analysis?.result else { Issue.record("no activations from units"); return }
        #expect(chosen.unit == ranking.correlations[1].unit)
        app.press(.escape, .character("x"))
        guard case .saliency(let s)? = app.state.analysis?.result else { Issue.record("no saliency"); return }
        #expect(s.prefix.count == "the time traveller".count)
        app.press(.escape, .home, .character("v"), .character("l"), .character("l"), .character("m"))
        guard case .matches(let search)? = app.state.analysis?.result else { Issue.record("no matches: \(String(describing: app.state.analysis?.error))"); return }
        #expect(search.from == 0 && search.to == 2)
        app.press(.escape, .character("H"))
        guard case .histograms(let h)? = app.state.analysis?.result else { Issue.record("no histograms"); return }
        #expect(!h.tensors.isEmpty)
        app.press(.escape, .character("t"))
        #expect(app.state.analysis?.kind == .samples)
    }

    @Test func theCommandLineOpensViewsAndReportsBadArguments() throws {
        let app = TUIFixtures.app(try TUIFixtures.trainedSession(), width: 120, height: 40)
        app.press(.character(":"))
        app.type("units vowel")
        app.press(.enter)
        guard case .units(let ranking)? = app.state.analysis?.result else { Issue.record("no units"); return }
        #expect(ranking.feature == .vowel)
        app.press(.escape, .character(":"))
        app.type("activations 3 \"the cat\"")
        app.press(.enter)
        guard case .activations(let trace)? = app.state.analysis?.result else { Issue.record("no activations"); return }
        #expect(trace.unit == 3 && trace.text.tokens.joined() == "the cat")
        app.press(.escape, .character(":"))
        app.type("units nonsense")
        app.press(.enter)
        #expect(app.state.analysis == nil)
        #expect(app.state.message?.isError == true && app.state.message?.text.contains("unknown feature") == true)
    }

    @Test func aStaleViewAsksAgainOnlyAfterAnEpochOrATenthOfASecond() throws {
        var view = Self.views()[0]
        var training = try TUIFixtures.state().snapshot
        training.state = .running
        training.paramsVersion = 1
        training.epoch = 3
        training.elapsedSeconds = 10
        view.askedAt = (3, 9.95)
        #expect(!view.isStale(training), "within 100 ms of the last request")
        training.elapsedSeconds = 10.06
        #expect(view.isStale(training))
        training.elapsedSeconds = 9.96
        training.epoch = 4
        #expect(view.isStale(training), "a new epoch")
        view.waiting = true
        #expect(!view.isStale(training), "never while an answer is on its way")
        view.waiting = false
        training.paramsVersion = 0
        #expect(!view.isStale(training), "current")
        training.paramsVersion = 2
        training.state = .paused
        #expect(view.isStale(training), "at once when not training")
    }
    /// A view open while a run trains ends on the run's last weights, and
    /// the bottom line says how to close it.
    @Test func anOpenViewFollowsTraining() throws {
        let session = try TUIFixtures.tinySession(epochs: 2)
        let app = TUIFixtures.app(session)
        app.press(.character("a"))
        guard case .activations(let before)? = app.state.analysis?.result else { Issue.record("no activations"); return }
        session.send(.train(toEpoch: 2))
        session.send(.waitForRun)
        app.settleView()
        #expect(app.state.snapshot.state == .done)
        guard case .activations(let after)? = app.state.analysis?.result else { Issue.record("no activations after the run"); return }
        #expect(after.stamp.paramsVersion == app.state.snapshot.paramsVersion && after.stamp.epoch == 2)
        #expect(after.values != before.values && after.text == before.text)
        #expect(AppView.render(app.state).line(39).hasPrefix("Esc close · space pause"))
    }
}

extension TUIApp {
    /// Settles, then goes on taking the session's events while the open
    /// view waits for an answer (one is always on its way then).
    func settleView() {
        settle()
        while state.analysis?.waiting == true {
            session.events.wait(alsoOn: [localMessages.descriptor])
            settle()
        }
    }
}
