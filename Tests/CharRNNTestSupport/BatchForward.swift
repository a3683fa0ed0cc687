import CharRNN

/// d2l's `RNNLMScratch` forward pass on a small batch, returning everything:
/// for inspection and for the book's shape checks, not for training.
public struct BatchForward: Sendable {
    /// The hidden state after each step: outputs[t][b] has H values. (T, B, H)
    public var outputs: [[[Float]]]
    /// The final state, equal to `outputs[T − 1]` (or the initial state when T = 0). (B, H)
    public var state: [[Float]]
    /// The logits at every step: logits[b][t] has V values. (B, T, V)
    public var logits: [[[Float]]]

    /// Runs `inputs` (B rows of T ids, all rows the same length) from `state`
    /// (default h₀ = 0) through the model.
    public init(params: ParameterArena, model: ModelConfig, vocabulary: Vocabulary, inputs: [[Int]], state initial: [[Float]]? = nil) {
        let steps = inputs.first?.count ?? 0
        precondition(inputs.allSatisfy { $0.count == steps }, "all rows need the same number of steps")
        let sampler = Sampler(params: params, model: model, vocabulary: vocabulary)
        var outputs = [[[Float]]](repeating: [], count: steps)
        var logits: [[[Float]]] = []
        var state: [[Float]] = []
        for (b, row) in inputs.enumerated() {
            sampler.reset()
            if let initial { sampler.setHidden(initial[b]) }
            var rowLogits: [[Float]] = []
            for id in row {
                sampler.feed(id)
                outputs[rowLogits.count].append(sampler.hidden)
                rowLogits.append(sampler.logits())
            }
            logits.append(rowLogits)
            state.append(steps > 0 ? sampler.hidden : (initial?[b] ?? [Float](repeating: 0, count: model.hidden)))
        }
        self.outputs = outputs
        self.state = state
        self.logits = logits
    }
}
