import CharRNN
import CharRNNTestSupport
import Foundation
import Testing

/// The interpretation commands against independent references: the engine's
/// own trace, a direct Pearson computation, finite differences of a Double
/// reference network, and a model whose units are set by hand.
@Suite struct InterpretationTests {
    static func session(cell: CellKind = .gru) throws -> Session {
        var config = SmallRun.config(epochs: 1)
        config.threads = 1
        config.cell = cell
        return try Session.open(config: config, corpus: .file(Fixtures.timeMachineURL.path), checkpoint: nil).session
    }

    // MARK: activations

    @Test func activationsAreTheEnginesTraceOfTheWholeText() throws {
        let session = try Self.session(cell: .lstm)
        defer { session.close() }
        let text = "the time traveller smiled round at us then still smiling faintly"
        guard case .traced(let trace, _) = try session.run(.trace(text)) else { throw SessionCommandFailed(description: "no trace") }
        for (state, unit) in [(nil, 3), (StateID(layer: 0, kind: .cell), 7), (StateID(layer: 0, kind: .forgetGate), 0)] as [(StateID?, Int)] {
            guard case .activations(let a) = try session.run(.activations(unit: unit, state: state, text: .text(text))) else {
                throw SessionCommandFailed(description: "no activations")
            }
            let group = try #require(trace.groups.first { $0.id == (state ?? StateID(layer: 0, kind: .hidden)) })
            #expect(a.values == (0..<trace.steps).map { group.value(step: $0, unit: unit) })
            #expect(a.text.tokens.joined() == text)
        }
    }

    @Test func theDefaultTextIsTheStartOfTheValidationPart() throws {
        let session = try Self.session()
        defer { session.close() }
        guard case .activations(let a) = try session.run(.activations(unit: 0, state: nil, text: .standard)) else {
            throw SessionCommandFailed(description: "no activations")
        }
        let state = session.state()
        let corpus = try SmallRun.corpus()
        let start = state.config.numTrain
        #expect(a.text.ids == corpus.ids[start..<(start + 2_000)].map(Int.init))
        let sampler = Sampler(params: state.training.params, model: state.model, vocabulary: state.vocabulary)
        let h = try #require(sampler.trace(a.text.ids).groups.last)
        #expect(a.values == (0..<2_000).map { h.value(step: $0, unit: 0) })
    }

    @Test func badUnitsStatesAndTextsFailInOneLine() throws {
        let session = try Self.session(cell: .rnn)
        defer { session.close() }
        for command: SessionCommand in [
            .activations(unit: 16, state: nil, text: .text("abc")),
            .activations(unit: 0, state: StateID(layer: 0, kind: .cell), text: .text("abc")),
            .activations(unit: 0, state: nil, text: .text("")),
            .activations(unit: 0, state: nil, text: .file(URL(fileURLWithPath: "/nonexistent/file.txt"))),
            .units(feature: .newline, text: .standard),
            .units(feature: .space, text: .text("abc")),
            .saliency(prefix: "time", next: "ab"),
            .match(from: 0, to: 1, threshold: 0.5, state: nil, limit: 20),
        ] {
            guard case .failed(let why) = session.perform(command) else { Issue.record("\(command.name) did not fail"); continue }
            #expect(!why.isEmpty && !why.contains("\n"))
        }
    }

    // MARK: units

    @Test func unitCorrelationsArePearsonsR() throws {
        let session = try Self.session()
        defer { session.close() }
        guard case .units(let ranking) = try session.run(.units(feature: .space, text: .standard)) else {
            throw SessionCommandFailed(description: "no ranking")
        }
        let state = session.state()
        let sampler = Sampler(params: state.training.params, model: state.model, vocabulary: state.vocabulary)
        let trace = sampler.trace(ranking.text.ids)
        let space = state.vocabulary.index(of: " ")
        let y = ranking.text.ids.map { $0 == space ? 1.0 : 0.0 }
        #expect(ranking.featureValues == y)
        #expect(ranking.correlations.count == trace.groups.count * state.model.hidden)
        for c in ranking.correlations {
            let group = try #require(trace.groups.first { $0.id == c.state })
            let x = (0..<trace.steps).map { Double(group.value(step: $0, unit: c.unit)) }
            // The textbook one-pass form, independent of the engine's two-pass one.
            let n = Double(x.count)
            let (sx, sy) = (x.reduce(0, +), y.reduce(0, +))
            let sxy = zip(x, y).reduce(0) { $0 + $1.0 * $1.1 }
            let (sxx, syy) = (x.reduce(0) { $0 + $1 * $1 }, y.reduce(0) { $0 + $1 * $1 })
            let r = (n * sxy - sx * sy) / ((n * sxx - sx * sx) * (n * syy - sy * sy)).squareRoot()
            #expect(abs(try #require(c.r) - r) <= 1e-9, "\(c.state) \(c.unit)")
        }
        let magnitudes = ranking.correlations.map { abs($0.r!) }
        #expect(magnitudes == magnitudes.sorted(by: >))
    }

    @Test func featureValuesByHand() throws {
        let tokens = "He said \"hi (a b)\".\nOk ex".unicodeScalars.map { String($0) }
        #expect(TextFeature.space.values(of: Array(tokens.prefix(4))) == [0, 0, 1, 0])
        #expect(TextFeature.vowel.values(of: Array(tokens.prefix(6))) == [0, 1, 0, 0, 1, 1])
        #expect(TextFeature.wordPosition.values(of: Array(tokens.prefix(8))) == [1, 2, 0, 1, 2, 3, 4, 0])
        // H e ␠ s a i d ␠ " h i ␠ ( a ␠ b ) " . ↵ O k ␠ e x
        #expect(TextFeature.inQuotes.values(of: tokens) == [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0])
        #expect(TextFeature.inParens.values(of: tokens) == [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0])
        #expect(TextFeature.newline.values(of: tokens).firstIndex(of: 1) == 19)
        #expect(TextFeature.linePosition.values(of: tokens).suffix(7) == [18, 19, 0, 1, 2, 3, 4])
        #expect(try TextFeature(parsing: "/[ae]x?/").values(of: tokens).suffix(6) == [0, 0, 0, 0, 1, 1])
        #expect(TextFeature.regex("b\\)").values(of: ["a", " ", "b", ")", Vocabulary.unknownToken, "b"]) == [0, 0, 1, 1, 0, 0])
        #expect(throws: TextFeatureError.unknown("spaces")) { try TextFeature(parsing: "spaces") }
        #expect(throws: TextFeatureError.emptyPattern) { try TextFeature(parsing: "//") }
    }

    // MARK: saliency

    /// ∂ log p(next | prefix) / ∂ x_t[id_t] from the engine's backward pass
    /// against central differences (ε = 1e-3) of a Double reference with that
    /// one-hot entry scaled: within 1e-2 relative (plus 1e-5 absolute).
    @Test(arguments: [(CellKind.rnn, 1), (.gru, 1), (.lstm, 1), (.torchGRU, 1), (.lstm, 2), (.gru, 2)])
    func saliencyMatchesFiniteDifferences(_ cell: CellKind, _ layers: Int) {
        let model = ModelConfig(vocabularySize: 7, hidden: 5, cell: cell, layers: layers)
        let params = Fixtures.randomParameters(model, seed: 41, scale: 0.8)
        let ids = Fixtures.randomIDs(9, v: 7, seed: 42).map(Int.init)
        let weights = PackedNetwork(model: model)
        weights.load(params)
        let ref = ReferenceNetwork(model: model, params: params)
        for next in [nil, 3] as [Int?] {
            let engine = Saliency.compute(weights: weights, ids: ids, next: next)
            let logP = { (scales: [Double]) -> Double in
                let inputs = ids.enumerated().map { t, id in (0..<7).map { $0 == id ? scales[t] : 0.0 } }
                let z = ref.logits(ref.trace(inputs: inputs).last!.values.last!)
                let m = z.max()!
                return z[engine.next] - m - log(z.reduce(0) { $0 + exp($1 - m) })
            }
            let ones = [Double](repeating: 1, count: ids.count)
            let numeric = numericalGradient(logP, at: ones, indices: Array(ids.indices), epsilon: 1e-3)
            #expect(abs(engine.logProbability - logP(ones)) <= 1e-5)
            #expect(Tolerance.worst(engine.scores, numeric, rtol: 1e-2, atol: 1e-5) <= 1, "\(engine.scores) vs \(numeric)")
            let relative = Tolerance.largest(zip(engine.scores, numeric).map { abs($0 - $1) / max(abs($1), 1e-5) })
            print("[saliency] \(layers)×\(cell) next \(next.map(String.init) ?? "argmax"): largest relative error vs differences \(String(format: "%.2e", relative))")
            if let next { #expect(engine.next == next) }
        }
    }

    @Test func saliencyThroughTheSessionDefaultsToTheMostLikelyToken() throws {
        let session = try Self.session()
        defer { session.close() }
        guard case .saliency(let s) = try session.run(.saliency(prefix: "the time travelle", next: nil)) else {
            throw SessionCommandFailed(description: "no saliency")
        }
        let state = session.state()
        let sampler = Sampler(params: state.training.params, model: state.model, vocabulary: state.vocabulary)
        sampler.feed(s.prefix.ids)
        #expect(s.nextID == Sampler.argmax(sampler.logits()))
        #expect(s.scores.count == 17 && s.scores.allSatisfy(\.isFinite))
        guard case .saliency(let given) = try session.run(.saliency(prefix: "the time travelle", next: "q")) else {
            throw SessionCommandFailed(description: "no saliency")
        }
        #expect(given.next == "q" && given.logProbability < s.logProbability)
    }

    // MARK: match

    /// An RNN with W_hh = 0 and b = 0 whose units read only the current letter:
    /// unit 0 is on (tanh 3) on `a`, unit 1 on `a` or `b`, unit 2 on `c`, each
    /// off (tanh −3) otherwise. So the spans are the runs of those letters.
    static func handSetSession(corpus text: String) throws -> Session {
        let corpus = Corpus(text: text, mode: .letters)
        var config = TrainingConfig()
        config.hidden = 3
        config.numSteps = 4
        config.numTrain = 10
        config.numVal = 2
        config.batchSize = 2
        config.threads = 1
        let model = config.model(vocabularySize: corpus.vocabulary.count)
        var params = ParameterArena(layout: model.layout)
        let wxh = model.layout.range(of: "W_xh")
        let on: [Character: [Int]] = ["a": [0, 1], "b": [1], "c": [2]]
        for (id, token) in corpus.vocabulary.tokens.enumerated() {
            let units = token.count == 1 ? on[token.first!] ?? [] : []
            for u in 0..<3 { params.storage[wxh.lowerBound + id * 3 + u] = units.contains(u) ? 3 : -3 }
        }
        let trainer = try Trainer(config: config, corpus: corpus, params: params, progress: TrainingProgress(seed: 0))
        return Session(trainer: trainer, corpus: nil)
    }

    @Test func matchFindsTheSpansOfAHandSetModel() throws {
        //            0         1         2
        //            0123456789012345678901234567890
        let text = "ab aab ccc aaa b abab aaaab ba"
        let session = try Self.handSetSession(corpus: text)
        defer { session.close() }
        try session.run(.startSteps(prefix: "caab"))
        // "aa" (steps 1…2) turns on units 0 and 1: the runs of two or more a's.
        guard case .matches(let aa) = try session.run(.match(from: 1, to: 2, threshold: 0.5, state: nil, limit: 20)) else {
            throw SessionCommandFailed(description: "no matches")
        }
        #expect(aa.units == [0, 1] && aa.selection == "aa")
        #expect(aa.matches.map(\.start) == [3, 11, 22])
        #expect(aa.matches.map(\.length) == [2, 3, 4])
        #expect(aa.matches.allSatisfy { $0.overlap == 1 && $0.unitsOn == 2 })
        // "ab" (steps 2…3) turns on unit 1 alone: runs of a and b; all-a runs also turn on unit 0 (overlap 1/2, last).
        guard case .matches(let ab) = try session.run(.match(from: 2, to: 3, threshold: 0.5, state: nil, limit: 20)) else {
            throw SessionCommandFailed(description: "no matches")
        }
        #expect(ab.units == [1])
        #expect(ab.matches.map(\.start) == [0, 28, 3, 17, 22, 11])
        #expect(ab.matches.map(\.text) == ["ab", "ba", "aab", "abab", "aaaab", "aaa"])
        #expect(ab.matches.map(\.overlap) == [1, 1, 1, 1, 1, 0.5])
        #expect(ab.matches[2].before == "ab " && ab.matches[2].after == " ccc aaa b abab aaaa")
        #expect(ab.found == 6 && ab.searched == text.count)
        guard case .matches(let top) = try session.run(.match(from: 2, to: 3, threshold: 0.5, state: nil, limit: 2)) else {
            throw SessionCommandFailed(description: "no matches")
        }
        #expect(top.matches.map(\.start) == [0, 28] && top.found == 6)
        // Nothing is above 0.999 (tanh 3 ≈ 0.995).
        guard case .failed = session.perform(.match(from: 1, to: 2, threshold: 0.999, state: nil, limit: 20)) else {
            Issue.record("a selection with no unit on did not fail")
            return
        }
    }

    /// A search of the whole corpus stops when cancelled, and the session goes on.
    @Test func matchIsCancellable() throws {
        let session = try Self.session(cell: .rnn)
        defer { session.close() }
        try session.run(.startSteps(prefix: "the time traveller"))
        let ticket = session.send(.match(from: 0, to: 17, threshold: -1, state: nil, limit: 20))
        session.cancel(ticket)
        var reply: SessionReply?
        while reply == nil {
            for event in session.events.take() { if case .replied(ticket, let r) = event { reply = r } }
            if reply == nil { _ = session.events.wait(alsoOn: []) }
        }
        guard case .cancelled = reply else { Issue.record("not cancelled: \(String(describing: reply))"); return }
        #expect(session.state().running.isEmpty)
        guard case .activations = try session.run(.activations(unit: 0, state: nil, text: .text("still here"))) else {
            throw SessionCommandFailed(description: "no activations")
        }
    }

    // MARK: histograms and pages

    @Test func histogramsCountEveryWeightAndTheLastGradient() throws {
        let session = try Self.session()
        defer { session.close() }
        try session.train(toEpoch: 1)
        guard case .histograms(let h) = try session.run(.histograms(bins: 8)) else { throw SessionCommandFailed(description: "no histograms") }
        let params = session.state().training.params
        #expect(h.tensors.map(\.name) == params.layout.specs.map(\.name))
        for t in h.tensors {
            let values = params.storage[params.layout.range(of: t.name)]
            #expect(t.weights.counts.reduce(0, +) == values.count)
            #expect(abs(t.weights.norm - values.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot()) <= 1e-9 * max(1, t.weights.norm))
            #expect(t.weights.lower == Double(values.min()!) && t.weights.upper == Double(values.max()!))
            #expect(t.gradient?.counts.reduce(0, +) == values.count)
            #expect(t.history.map(\.epoch) == [1])
        }
        #expect(h.gradientStep == session.state().training.step)
    }

    @Test func activationPagesAreWrittenButNoOtherFileIsOverwritten() throws {
        let session = try Self.session()
        defer { session.close() }
        guard case .activations(let a) = try session.run(.activations(unit: 2, state: nil, text: .text("a <b> & \"c\""))) else {
            throw SessionCommandFailed(description: "no activations")
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("charrnn-page-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let page = dir.appendingPathComponent("unit.html")
        try session.run(.writeActivationPage(a, to: page))
        try session.run(.writeActivationPage(a, to: page))  // its own page: overwritten
        let html = try String(contentsOf: page, encoding: .utf8)
        // Letters-mode text: `<`, `>`, `&` and quotes are <unk>, which is escaped.
        #expect(html.contains(">&lt;unk&gt;</span>") && !html.contains("<unk>") && !html.contains("http"))
        #expect(html.components(separatedBy: "<span ").count - 1 == a.values.count)
        #expect(html.contains("title=\"t=0 &quot;a&quot; \(String(format: "%.6f", a.values[0]))\""))
        let other = dir.appendingPathComponent("notes.html")
        try Data("mine".utf8).write(to: other)
        guard case .failed = session.perform(.writeActivationPage(a, to: other)) else { Issue.record("overwrote a file not ours"); return }
        #expect(try String(contentsOf: other, encoding: .utf8) == "mine")
    }
}
