import Foundation

/// What one step of generation saw and chose.
public struct StepResult: Hashable, Sendable {
    /// The model's next-character distribution at temperature 1: softmax(z). (V)
    public var probabilities: [Float]
    /// The distribution actually drawn from (temperature, top-k, top-p applied). (V)
    public var samplingProbabilities: [Double]
    /// The chosen token id.
    public var chosen: Int
    /// `probabilities[chosen]`.
    public var chosenProbability: Float
    /// Entropy of `probabilities`, in nats.
    public var entropy: Double
    /// The hidden state that produced the distribution. (H)
    public var hidden: [Float]
}

/// Runs a trained model one character at a time: prefix warm-up, greedy
/// prediction, sampling, and the step-by-step view the TUI and REPL show.
///
/// Holds the recurrent state of every layer (h, and c for the LSTM) after the
/// characters consumed so far; `reset()` returns it to zero. One step runs the
/// same layer code as training, on a chunk of one row and one time step.
public final class Sampler {
    public let model: ModelConfig
    public let vocabulary: Vocabulary
    public var settings: SamplingSettings
    /// The top layer's hidden state after the consumed characters. (H)
    public var hidden: [Float] { Array(UnsafeBufferPointer(start: workspace.layers[model.layers - 1].states.pointer, count: model.hidden)) }
    /// How many characters have been consumed since the last reset.
    public private(set) var consumed = 0
    private var generator: SeededGenerator
    /// The packed weights it reads (other samplers may read them too).
    public let weights: PackedNetwork
    /// One row, one step: slot 0 of each layer holds the current state.
    private let workspace: NetworkWorkspace
    private let logitBuffer: FloatBuffer  // (Vp)

    /// A sampler with weights of its own, loaded from `params`.
    public convenience init(params: ParameterArena, model: ModelConfig, vocabulary: Vocabulary, settings: SamplingSettings = .greedy, seed: UInt64 = 0) {
        let weights = PackedNetwork(model: model)
        weights.load(params)
        self.init(weights: weights, vocabulary: vocabulary, settings: settings, seed: seed)
    }

    /// A sampler reading `weights`, which other samplers may share: each keeps
    /// a state of its own, and loading new weights changes them all.
    public init(weights: PackedNetwork, vocabulary: Vocabulary, settings: SamplingSettings = .greedy, seed: UInt64 = 0) {
        // Invariant, not input: the model is built from this vocabulary (or checked against it on load).
        precondition(weights.model.vocabularySize == vocabulary.count)
        self.model = weights.model
        self.vocabulary = vocabulary
        self.settings = settings
        self.generator = SeededGenerator(seed: seed, stream: .sampling)
        self.weights = weights
        workspace = NetworkWorkspace(model: model, rowCapacity: 1, steps: 1)
        logitBuffer = FloatBuffer(count: weights.vp)
    }

    /// Loads new weights (e.g. after more training) into the packed weights it reads; the state is kept.
    public func load(_ params: ParameterArena) { weights.load(params) }

    /// Restarts the draws of the sampling generator from `seed`.
    public func reseed(_ seed: UInt64) { generator = SeededGenerator(seed: seed, stream: .sampling) }

    /// Sets the top layer's hidden state (H values) — e.g. a state passed to d2l's forward.
    public func setHidden(_ h: [Float]) {
        let top = workspace.layers[model.layers - 1].states.pointer
        top.update(repeating: 0, count: weights.hp)
        top.update(from: h, count: min(h.count, model.hidden))
    }

    /// The state ← zero.
    public func reset() {
        workspace.zeroInitialState(rows: 1)
        consumed = 0
    }

    /// Consumes one character: every layer takes one step.
    public func feed(_ id: Int) {
        // Invariant, not input: ids come from `Vocabulary.encode`, which maps unknown characters to `<unk>`.
        precondition(id >= 0 && id < model.vocabularySize)
        workspace.x.pointer[0] = Int32(id)
        NetworkForwardBackward.forward(weights: weights, workspace: workspace, rows: 1)
        let hp = weights.hp
        for l in workspace.layers {
            l.states.pointer.update(from: l.states.pointer + hp, count: hp)
            if let c = l.cells { c.pointer.update(from: c.pointer + hp, count: hp) }
        }
        consumed += 1
    }

    /// Consumes each id in turn (the warm-up on a prefix).
    public func feed<S: Sequence>(_ ids: S) where S.Element == Int {
        for id in ids { feed(id) }
    }

    /// Appends `kind`'s H values of layer `layer` after the last step to `values`.
    func appendState(_ kind: StateKind, layer: Int, to values: inout [Float]) {
        let ws = workspace.layers[layer]
        let hp = weights.hp
        let start: UnsafeMutablePointer<Float>
        switch kind {
        case .hidden: start = ws.states.pointer
        case .cell: start = ws.cells!.pointer
        case .updateGate, .inputGate: start = ws.gates.pointer
        case .resetGate, .forgetGate: start = ws.gates.pointer + hp
        case .outputGate: start = ws.gates.pointer + 2 * hp
        }
        values.append(contentsOf: UnsafeBufferPointer(start: start, count: model.hidden))
    }

    /// The logits for the next character given the current state. (V)
    public func logits() -> [Float] {
        let (hp, vp) = (weights.hp, weights.vp)
        let top = workspace.layers[model.layers - 1].states.pointer
        Matmul.gemmPacked(m: 1, n: vp, k: hp, a: top, lda: hp, panels: weights.whq.pointer, c: logitBuffer.pointer, ldc: vp, accumulate: false)
        return (0..<model.vocabularySize).map { logitBuffer.pointer[$0] + weights.bq.pointer[$0] }
    }

    /// Chooses the next character from the current state and consumes it.
    ///
    /// Requires at least one consumed character (d2l's prefix is never empty).
    public func step() -> StepResult {
        // Invariant, not input: the session refuses a step before a non-empty prefix.
        precondition(consumed > 0, "step needs a prefix")
        let z = logits()
        let hiddenNow = hidden
        let m = z.max()!
        let e = z.map { Foundation.exp(Double($0 - m)) }
        let total = e.reduce(0, +)
        let probabilities = e.map { Float($0 / total) }
        let entropy = -e.reduce(0.0) { acc, x in let p = x / total; return p > 0 ? acc + p * Foundation.log(p) : acc }
        let chosen: Int
        let sampling: [Double]
        if settings.greedy {
            chosen = Sampler.argmax(z)
            sampling = z.indices.map { $0 == chosen ? 1 : 0 }
        } else {
            sampling = settings.samplingDistribution(logits: z)
            chosen = Sampler.draw(sampling, u: generator.nextUnit())
        }
        feed(chosen)
        return StepResult(
            probabilities: probabilities, samplingProbabilities: sampling, chosen: chosen,
            chosenProbability: probabilities[chosen], entropy: entropy, hidden: hiddenNow)
    }

    /// Generates `count` characters after the current state; returns their ids.
    public func generate(_ count: Int) -> [Int] {
        (0..<count).map { _ in step().chosen }
    }

    /// From a zero state: warm up on `prefix`, then draw `count` characters
    /// with `settings` (which stay the sampler's); their ids, or nil when
    /// `cancelled` says so between two characters. With `.greedy` this is
    /// d2l's `predict(prefix, num_preds)`.
    public func continuation(of prefix: [Int], count: Int, settings: SamplingSettings, cancelled: () -> Bool = { false }) -> [Int]? {
        // Invariant, not input: the session and `sample` refuse an empty prefix with a message first.
        precondition(!prefix.isEmpty || count == 0, "the prefix must not be empty")
        self.settings = settings
        reset()
        feed(prefix)
        var ids: [Int] = []
        ids.reserveCapacity(count)
        for _ in 0..<count {
            if cancelled() { return nil }
            ids.append(step().chosen)
        }
        return ids
    }

    // MARK: - Helpers

    /// The first index of the largest value (numpy's `argmax`).
    public static func argmax(_ z: [Float]) -> Int {
        var best = 0
        for i in z.indices where z[i] > z[best] { best = i }
        return best
    }

    /// The index whose cumulative probability first exceeds u ∈ [0, 1).
    static func draw(_ p: [Double], u: Double) -> Int {
        var cumulative = 0.0
        var last = 0
        for (i, x) in p.enumerated() where x > 0 {
            cumulative += x
            last = i
            if u < cumulative { return i }
        }
        return last
    }
}
