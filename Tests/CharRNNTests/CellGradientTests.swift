import CharRNN
import CharRNNTestSupport
import Testing

/// GRU, LSTM and stacked models: the engine's loss against a Double reference,
/// and its hand-written gradient of every tensor against central finite
/// differences of that reference.
///
/// Precision and bounds: the reference is Double, so its differences with
/// ε = 1e-5 are accurate to ~1e-10. The engine computes in Float with ~2.5e-7
/// activation error, so gradients must agree to 2e-4 relative plus 2e-6 absolute.
@Suite struct CellGradientTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var cell: CellKind, layers: Int, v: Int, h: Int, steps: Int, batch: Int
        var testDescription: String { "\(layers)×\(cell) V=\(v) H=\(h) T=\(steps) B=\(batch)" }
    }

    static let cases: [Case] = [
        Case(cell: .gru, layers: 1, v: 5, h: 3, steps: 4, batch: 3),
        Case(cell: .lstm, layers: 1, v: 5, h: 3, steps: 4, batch: 3),
        Case(cell: .rnn, layers: 2, v: 5, h: 3, steps: 4, batch: 3),
        Case(cell: .gru, layers: 2, v: 6, h: 4, steps: 3, batch: 2),
        Case(cell: .lstm, layers: 2, v: 6, h: 4, steps: 3, batch: 2),
        Case(cell: .lstm, layers: 3, v: 4, h: 17, steps: 2, batch: 5),
        Case(cell: .gru, layers: 1, v: 28, h: 33, steps: 3, batch: 9),
    ]

    static func data(_ c: Case, seed: UInt64) -> (ids: [Int32], starts: [Int], x: [[Int]], y: [[Int]]) {
        let ids = Fixtures.randomIDs(5 * c.batch + c.steps + 1, v: c.v, seed: seed)
        let starts = (0..<c.batch).map { 5 * $0 }
        return (ids, starts, starts.map { s in (0..<c.steps).map { Int(ids[s + $0]) } }, starts.map { s in (0..<c.steps).map { Int(ids[s + $0 + 1]) } })
    }

    @Test(arguments: cases)
    func engineGradientMatchesFiniteDifferences(_ c: Case) {
        let model = ModelConfig(vocabularySize: c.v, hidden: c.h, cell: c.cell, layers: c.layers)
        let params = Fixtures.randomParameters(model, seed: 31, scale: 0.6)
        let d = Self.data(c, seed: 32)
        let runner = BatchRunner(config: model, steps: c.steps, maxBatch: c.batch, threads: 2)
        runner.load(params)
        var g = ParameterArena(layout: model.layout)
        let sum = d.ids.withUnsafeBufferPointer { runner.run(starts: d.starts[...], ids: $0.baseAddress!, gradient: &g) }
        let ref = ReferenceNetwork(model: model, params: params)
        let refLoss = ref.loss(x: d.x, y: d.y)
        #expect(abs(sum / Double(c.batch * c.steps) - refLoss) <= 2e-6 * refLoss)
        let flat = ref.flat
        let numeric = numericalGradient({ p in
            var r = ref
            r.setFlat(p)
            return r.loss(x: d.x, y: d.y)
        }, at: flat, indices: Array(flat.indices), epsilon: 1e-5)
        for (i, spec) in model.layout.specs.enumerated() {
            let r = model.layout.range(i)
            let worst = Tolerance.worst(g.storage[r].map(Double.init), Array(numeric[r]), rtol: 2e-4, atol: 2e-6)
            #expect(worst <= 1, "\(spec.name): worst \(worst)")
        }
    }

    @Test(arguments: cases)
    func samplerStatesMatchTheReference(_ c: Case) {
        let model = ModelConfig(vocabularySize: c.v, hidden: c.h, cell: c.cell, layers: c.layers)
        let params = Fixtures.randomParameters(model, seed: 33, scale: 0.6)
        let vocab = Vocabulary(corpusTokens: (1..<c.v).map { String(UnicodeScalar(UInt8(96 + $0))) })
        let ids = Self.data(c, seed: 34).x[0]
        let sampler = Sampler(params: params, model: model, vocabulary: vocab)
        let trace = sampler.trace(ids)
        let want = ReferenceNetwork(model: model, params: params).states(ids)
        let top = trace.groups.last!
        #expect(top.kind == .hidden && top.layer == c.layers - 1)
        for t in ids.indices {
            for u in 0..<c.h { #expect(abs(Double(top.value(step: t, unit: u)) - want[t][u]) < 2e-6) }
        }
        let expectedGroups = (c.cell == .rnn ? 1 : c.cell == .gru ? 3 : 5) * c.layers
        #expect(trace.groups.count == expectedGroups)
    }

    @Test func gradientsAreIdenticalForAnyThreadCount() {
        let model = ModelConfig(vocabularySize: 28, hidden: 20, cell: .lstm, layers: 2)
        let params = Fixtures.randomParameters(model, seed: 35, scale: 0.4)
        let ids = Fixtures.randomIDs(400, v: 28, seed: 36)
        let starts = Array(0..<150)
        var results: [[Float]] = []
        for threads in [1, 2, 5] {
            let runner = BatchRunner(config: model, steps: 7, maxBatch: 150, threads: threads)
            runner.load(params)
            var g = ParameterArena(layout: model.layout)
            _ = ids.withUnsafeBufferPointer { runner.run(starts: starts[...], ids: $0.baseAddress!, gradient: &g) }
            results.append(g.storage)
        }
        #expect(results[0] == results[1] && results[1] == results[2])
    }
}
