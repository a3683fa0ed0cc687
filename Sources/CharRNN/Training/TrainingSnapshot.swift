/// What a training run looks like from outside, at one moment.
///
/// The background session publishes one after every minibatch; a UI copies it
/// under a lock and draws from the copy, so it never waits on the engine.
public struct TrainingSnapshot: Sendable {
    public enum RunState: Hashable, Sendable {
        /// Not training (before the first `train`, or after `stop`).
        case idle
        case running
        case paused
        /// The requested epochs are done.
        case done
        /// Stopped by too many non-finite steps; the message says why.
        case halted(String)
    }

    public var state: RunState = .idle
    /// Completed epochs, and the epoch the current run trains up to.
    public var epoch = 0
    public var targetEpoch = 0
    /// Minibatches done in the current epoch, and per epoch.
    public var batchInEpoch = 0
    public var batchesPerEpoch = 1
    public var step = 0
    /// The last minibatch.
    public var lastStep: StepReport?
    /// One record per completed epoch.
    public var history: [EpochMetrics] = []
    /// Mean loss of every minibatch, x in epochs (epoch + fraction done).
    public var stepLosses: [(x: Double, loss: Double)] = []
    /// Training tokens per second over the last few seconds.
    public var tokensPerSecond: Double = 0
    public var elapsedSeconds: Double = 0
    /// Estimated seconds until `targetEpoch`, when running.
    public var etaSeconds: Double?
    public var learningRate: Float = 0
    public var clip: Float = 0
    /// Steps whose gradient was clipped, over the whole run.
    public var clippedSteps = 0
    /// Steps skipped for non-finite values, over this session, and the last message.
    public var nonFiniteSteps = 0
    public var message: String?
    /// The weights, refreshed at most every `BackgroundTrainer.parameterInterval` and at epoch ends.
    public var params: ParameterArena
    /// Increases whenever `params` changes.
    public var paramsVersion = 0
    /// Whether the weights changed since they were last saved or loaded.
    public var unsaved = false

    public init(params: ParameterArena) {
        self.params = params
    }

    /// The fraction of `targetEpoch` done, in [0, 1].
    public var progressFraction: Double {
        guard targetEpoch > 0 else { return 1 }
        return min(1, (Double(epoch) + Double(batchInEpoch) / Double(max(1, batchesPerEpoch))) / Double(targetEpoch))
    }
}
