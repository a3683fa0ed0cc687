import CharRNN
import CharRNNTestSupport
import Testing

/// The engine's loss and BPTT gradients against a Double reference and finite differences.
///
/// Precision and bounds: the reference runs in Double; its central differences
/// with ε = 1e-5 have truncation error ~ε²·f‴ ≈ 1e-10 and rounding error
/// ~|loss|·2.2e-16/ε ≈ 1e-10, so we require relative error ≤ 1e-6 plus 1e-9
/// absolute (ten times those). The engine runs in Float (and uses
/// approximate tanh/exp with ≤ 2.5e-7 error), so its gradient is compared with
/// the reference's at rtol 2e-4 + atol 1e-6 — about a thousand Float ulps of
/// headroom, far below any real bug (a wrong term moves entries by O(1)).
/// Finally a direct Float finite difference (ε = 1e-2) on the engine's own loss
/// checks the largest entries of every tensor to 2% plus 1e-4 (the Float
/// difference's noise, ~1e-7 / 2e-2, and its O(ε²) truncation).
@Suite struct GradientCheckTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var v: Int, h: Int, steps: Int, batch: Int
        var testDescription: String { "V=\(v) H=\(h) T=\(steps) B=\(batch)" }
    }

    static let cases = [
        Case(v: 5, h: 3, steps: 4, batch: 3),
        Case(v: 28, h: 17, steps: 5, batch: 11),
        Case(v: 2, h: 1, steps: 1, batch: 1),
        Case(v: 33, h: 33, steps: 3, batch: 5),
    ]

    /// Windows over random ids: row r starts at 7r.
    static func data(_ c: Case, seed: UInt64) -> (ids: [Int32], starts: [Int], x: [[Int]], y: [[Int]]) {
        let ids = Fixtures.randomIDs(7 * c.batch + c.steps + 1, v: c.v, seed: seed)
        let starts = (0..<c.batch).map { 7 * $0 }
        let x = starts.map { s in (0..<c.steps).map { Int(ids[s + $0]) } }
        let y = starts.map { s in (0..<c.steps).map { Int(ids[s + $0 + 1]) } }
        return (ids, starts, x, y)
    }

    static func engine(_ c: Case, _ params: ParameterArena, _ d: (ids: [Int32], starts: [Int], x: [[Int]], y: [[Int]]), threads: Int = 1,
                       strategy: BatchRunner.Strategy? = nil) -> (loss: Double, gradient: ParameterArena)
    {
        let config = ModelConfig(vocabularySize: c.v, hidden: c.h)
        let runner = BatchRunner(config: config, steps: c.steps, maxBatch: c.batch, threads: threads, strategy: strategy)
        runner.load(params)
        var g = ParameterArena(layout: config.layout)
        let sum = d.ids.withUnsafeBufferPointer { runner.run(starts: d.starts[...], ids: $0.baseAddress!, gradient: &g) }
        return (sum / Double(c.batch * c.steps), g)
    }

    @Test(arguments: cases)
    func referenceMatchesFiniteDifferences(_ c: Case) {
        let config = ModelConfig(vocabularySize: c.v, hidden: c.h)
        let ref = ReferenceRNN(config: config, params: Fixtures.randomParameters(config, seed: 1))
        let d = Self.data(c, seed: 2)
        let analytic = ref.lossAndGradient(x: d.x, y: d.y).gradient
        let flat = ref.flat
        let numeric = numericalGradient({ p in
            var r = ref
            r.setFlat(p)
            return r.loss(x: d.x, y: d.y)
        }, at: flat, indices: Array(flat.indices), epsilon: 1e-5)
        #expect(Tolerance.worst(analytic, numeric, rtol: 1e-6, atol: 1e-9) <= 1)
    }

    @Test(arguments: cases)
    func engineMatchesReference(_ c: Case) {
        let config = ModelConfig(vocabularySize: c.v, hidden: c.h)
        let params = Fixtures.randomParameters(config, seed: 3)
        let d = Self.data(c, seed: 4)
        let ref = ReferenceRNN(config: config, params: params).lossAndGradient(x: d.x, y: d.y)
        #expect(!config.layout.specs.isEmpty)
        for strategy in [nil, BatchRunner.Strategy.wholeBatch] {
            let fast = Self.engine(c, params, d, threads: 2, strategy: strategy)
            #expect(abs(fast.loss - ref.loss) <= 1e-5 * ref.loss)
            for (i, spec) in config.layout.specs.enumerated() {
                let r = config.layout.range(i)
                let worst = Tolerance.worst(fast.gradient.storage[r], ref.gradient[r], rtol: 2e-4, atol: 1e-6)
                #expect(worst <= 1, "\(String(describing: strategy)) \(spec.name)")
            }
        }
    }

    @Test(arguments: cases)
    func engineMatchesItsOwnFiniteDifferences(_ c: Case) {
        let config = ModelConfig(vocabularySize: c.v, hidden: c.h)
        let params = Fixtures.randomParameters(config, seed: 5)
        let d = Self.data(c, seed: 6)
        let analytic = Self.engine(c, params, d).gradient
        #expect(!config.layout.specs.isEmpty)
        for (i, spec) in config.layout.specs.enumerated() {
            // The three largest entries of each tensor (a NaN counts as the
            // largest): big enough to rise above Float noise where the tensor
            // has any gradient, and checked against ~0 where it has none.
            let r = config.layout.range(i)
            let size = { (index: Int) in abs(analytic.storage[index]).isNaN ? Float.infinity : abs(analytic.storage[index]) }
            let top = r.sorted { size($0) > size($1) }.prefix(3)
            #expect(!top.isEmpty, "\(spec.name)")
            for index in top {
                var plus = params, minus = params
                plus.storage[index] += 1e-2
                minus.storage[index] -= 1e-2
                let numeric = (Self.engine(c, plus, d).loss - Self.engine(c, minus, d).loss) / 2e-2
                #expect(abs(numeric - Double(analytic.storage[index])) <= 0.02 * abs(numeric) + 1e-4, "\(spec.name)[\(index - r.lowerBound)]")
            }
        }
    }

    @Test func gradientIsIdenticalForAnyThreadCount() {
        let c = Case(v: 28, h: 40, steps: 6, batch: 300)
        let config = ModelConfig(vocabularySize: c.v, hidden: c.h)
        let params = Fixtures.randomParameters(config, seed: 7)
        let d = Self.data(c, seed: 8)
        for strategy in [nil, BatchRunner.Strategy.wholeBatch] {
            let one = Self.engine(c, params, d, threads: 1, strategy: strategy)
            for threads in [2, 3, 8] {
                let many = Self.engine(c, params, d, threads: threads, strategy: strategy)
                #expect(many.loss == one.loss)
                #expect(many.gradient.storage == one.gradient.storage)
            }
        }
    }
}
