import CharRNN
import CharRNNTestSupport
import Foundation
import Testing

/// One step of the real `Trainer` — forward, BPTT, global-norm clipping and
/// the SGD update — against the same step computed in Double from the
/// reference models: θ₁ = θ₀ − lr · min(1, clip / ‖g‖) · g.
///
/// The reference gradient g is the RNN reference's own BPTT, or for gated and
/// stacked cells central differences of the reference network (ε = 1e-5,
/// accurate to ~1e-10). The engine's update must agree to 2e-4 relative plus
/// 2e-6·lr absolute (its Float gradient's tolerance, see CellGradientTests)
/// plus 1e-7 for rounding θ₁ to Float.
@Suite struct TrainerStepTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var cell: CellKind, layers: Int, clipped: Bool
        var testDescription: String { "\(layers)×\(cell), clipping \(clipped ? "on" : "off")" }
    }

    static let cases = [true, false].flatMap { clipped in
        [Case(cell: .rnn, layers: 1, clipped: clipped), Case(cell: .gru, layers: 1, clipped: clipped), Case(cell: .lstm, layers: 2, clipped: clipped)]
    }

    /// One minibatch holding the whole training split, so the step's windows
    /// do not depend on the shuffle.
    static func config(_ c: Case, clip: Float) -> TrainingConfig {
        var config = TrainingConfig()
        config.cell = c.cell
        config.layers = c.layers
        config.hidden = 5
        config.numSteps = 6
        config.numTrain = 12
        config.batchSize = 12
        config.numVal = 0
        config.epochs = 1
        config.learningRate = 0.7
        config.clip = clip
        config.threads = 2
        return config
    }

    /// The mean loss and its gradient (flattened in layout order) in Double.
    static func reference(_ model: ModelConfig, _ params: ParameterArena, x: [[Int]], y: [[Int]]) -> (loss: Double, gradient: [Double]) {
        if model.cell == .rnn && model.layers == 1 {
            return ReferenceRNN(config: model, params: params).lossAndGradient(x: x, y: y)
        }
        let net = ReferenceNetwork(model: model, params: params)
        let flat = net.flat
        let gradient = numericalGradient({ p in
            var r = net
            r.setFlat(p)
            return r.loss(x: x, y: y)
        }, at: flat, indices: Array(flat.indices), epsilon: 1e-5)
        return (net.loss(x: x, y: y), gradient)
    }

    @Test(arguments: cases)
    func oneStepEqualsTheReferenceStep(_ c: Case) throws {
        let corpus = try SmallRun.corpus()
        // The clip is set from the reference norm: a quarter of it, or off.
        let probe = try Trainer(config: Self.config(c, clip: 0), corpus: corpus)
        let before = probe.params
        let windows = 0..<12, ids = probe.dataset.ids, steps = probe.config.numSteps
        let x = windows.map { s in (0..<steps).map { Int(ids[s + $0]) } }
        let y = windows.map { s in (0..<steps).map { Int(ids[s + $0 + 1]) } }
        let ref = Self.reference(probe.model, before, x: x, y: y)
        let norm = ref.gradient.reduce(0) { $0 + $1 * $1 }.squareRoot()
        let clip = c.clipped ? Float(norm / 4) : 0

        let trainer = try Trainer(config: Self.config(c, clip: clip), corpus: corpus)
        #expect(trainer.params == before)
        var reports: [StepReport] = []
        trainer.addListener { if case .step(let r) = $0 { reports.append(r) } }
        #expect(trainer.run() == .completed)
        let report = try #require(reports.count == 1 ? reports.first : nil, "\(reports.count) steps")

        #expect(abs(report.loss - ref.loss) <= 1e-5 * ref.loss)
        #expect(abs(report.gradientNorm - norm) <= 1e-4 * norm)
        #expect(report.clipped == c.clipped && !report.skipped)
        let lr = Double(trainer.learningRate)
        let scale = clip > 0 && norm > Double(clip) ? Double(clip) / norm : 1
        let expectedUpdate = ref.gradient.map { -lr * scale * $0 }
        let update = zip(trainer.params.storage, before.storage).map { Double($0) - Double($1) }
        let worst = Tolerance.worst(update, expectedUpdate, rtol: 2e-4, atol: 2e-6 * lr + 1e-7)
        #expect(worst <= 1, "worst \(worst)")
        // The step moved every tensor: a skipped tensor would leave zeros here.
        for (i, spec) in probe.model.layout.specs.enumerated() {
            #expect(update[probe.model.layout.range(i)].contains { $0 != 0 }, "\(spec.name)")
        }
    }
}
