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
/// Holds the hidden state h (H) of the characters consumed so far; `reset()`
/// returns it to h₀ = 0.
public final class Sampler {
    public let model: ModelConfig
    public let vocabulary: Vocabulary
    public var settings: SamplingSettings
    /// The hidden state after the consumed characters. (H)
    public var hidden: [Float] { Array(state.buffer.prefix(model.hidden)) }
    /// How many characters have been consumed since the last reset.
    public private(set) var consumed = 0
    private var generator: SeededGenerator
    private let weights: PackedRNN
    private let state: FloatBuffer  // (Hp)
    private let logitBuffer: FloatBuffer  // (Vp)

    public init(params: ParameterArena, model: ModelConfig, vocabulary: Vocabulary, settings: SamplingSettings = .greedy, seed: UInt64 = 0) {
        precondition(model.vocabularySize == vocabulary.count)
        self.model = model
        self.vocabulary = vocabulary
        self.settings = settings
        self.generator = SeededGenerator(seed: seed, stream: .sampling)
        weights = PackedRNN(config: model)
        weights.load(params)
        state = FloatBuffer(count: weights.hp)
        logitBuffer = FloatBuffer(count: weights.vp)
    }

    /// Loads new weights (e.g. after more training); the state is kept.
    public func load(_ params: ParameterArena) { weights.load(params) }

    /// Restarts the draws of the sampling generator from `seed`.
    public func reseed(_ seed: UInt64) { generator = SeededGenerator(seed: seed, stream: .sampling) }

    /// The recurrent state and count, to put back with `restoreState`.
    public func savedState() -> (state: [Float], consumed: Int) { (Array(state.buffer), consumed) }

    public func restoreState(_ saved: (state: [Float], consumed: Int)) {
        state.pointer.update(from: saved.state, count: min(saved.state.count, state.count))
        consumed = saved.consumed
    }

    /// h ← h₀ = 0.
    public func reset() {
        state.zero()
        consumed = 0
    }

    /// Consumes one character: h ← tanh(W_xh[id] + b_h + h·W_hh).
    public func feed(_ id: Int) {
        precondition(id >= 0 && id < model.vocabularySize)
        let hp = weights.hp
        var i32 = Int32(id)
        let next = FloatBuffer(count: hp)
        Embedding.forward(ids: &i32, rows: 1, width: hp, table: weights.wxh.pointer, ldt: hp, bias: weights.bh.pointer, out: next.pointer, ldo: hp)
        Matmul.gemmPacked(m: 1, n: hp, k: hp, a: state.pointer, lda: hp, panels: weights.whh.pointer, c: next.pointer, ldc: hp, accumulate: true)
        Tanh.forward(next.pointer, count: hp)
        state.pointer.update(from: next.pointer, count: hp)
        consumed += 1
    }

    /// Consumes each id in turn (the warm-up on a prefix).
    public func feed<S: Sequence>(_ ids: S) where S.Element == Int {
        for id in ids { feed(id) }
    }

    /// The logits for the next character given the current state. (V)
    public func logits() -> [Float] {
        let (hp, vp) = (weights.hp, weights.vp)
        Matmul.gemmPacked(m: 1, n: vp, k: hp, a: state.pointer, lda: hp, panels: weights.whq.pointer, c: logitBuffer.pointer, ldc: vp, accumulate: false)
        return (0..<model.vocabularySize).map { logitBuffer.pointer[$0] + weights.bq.pointer[$0] }
    }

    /// Chooses the next character from the current state and consumes it.
    ///
    /// Requires at least one consumed character (d2l's prefix is never empty).
    public func step() -> StepResult {
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

    // MARK: - d2l's predict and sampling in one call

    /// d2l's `predict(prefix, num_preds)`: warm up on `prefix`, then `count`
    /// greedy characters; returns the prefix (as the vocabulary spells it) and them.
    public func predict(prefix: [Int], count: Int) -> String {
        complete(prefix: prefix, count: count, settings: .greedy)
    }

    /// As `predict`, with the given sampling settings.
    public func complete(prefix: [Int], count: Int, settings: SamplingSettings) -> String {
        precondition(!prefix.isEmpty, "the prefix must not be empty")
        let saved = self.settings
        defer { self.settings = saved }
        self.settings = settings
        reset()
        feed(prefix)
        return vocabulary.decode(prefix + generate(count))
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
