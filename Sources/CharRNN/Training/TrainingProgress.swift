/// Where a run stands: everything beyond the weights needed to continue it exactly.
public struct TrainingProgress: Hashable, Sendable, Codable {
    /// Completed epochs.
    public var epoch = 0
    /// Minibatches completed in the current epoch (0 at an epoch boundary).
    public var batchInEpoch = 0
    /// Minibatches processed, including those whose update was skipped as non-finite.
    public var step = 0
    /// The generator at the start of the current epoch: it draws that epoch's order.
    public var generatorState: [UInt64]
    /// Sums over the current epoch's completed minibatches.
    public var epochLossSum: Double = 0
    public var epochTokens = 0
    /// Wall time spent training, over all sessions.
    public var elapsedSeconds: Double = 0
    /// Steps whose gradient norm exceeded θ, over the whole run.
    public var clippedSteps = 0
    /// Consecutive non-finite steps.
    public var nonFiniteStreak = 0
    /// One record per completed epoch.
    public var history: [EpochMetrics] = []

    enum CodingKeys: String, CodingKey {
        case epoch, step, history
        case batchInEpoch = "batch_in_epoch", generatorState = "generator_state", epochLossSum = "epoch_loss_sum"
        case epochTokens = "epoch_tokens", elapsedSeconds = "elapsed_s", clippedSteps = "clipped_steps"
        case nonFiniteStreak = "nonfinite_streak"
    }

    public init(seed: UInt64) {
        generatorState = SeededGenerator(seed: seed, stream: .shuffling).stateWords
    }
}
