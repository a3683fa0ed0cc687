import Foundation

/// Every hyperparameter of a training run, with d2l's defaults.
public struct TrainingConfig: Hashable, Sendable, Codable {
    /// H: hidden units.
    public var hidden = 32
    /// Windows per minibatch; the last batch of an epoch may be smaller.
    public var batchSize = 1024
    /// T: time steps per window (BPTT length).
    public var numSteps = 32
    /// SGD learning rate.
    public var learningRate: Float = 1
    /// θ of global-norm gradient clipping; 0 turns clipping off.
    public var clip: Float = 1
    /// Epochs in total (a resumed run continues up to this many).
    public var epochs = 100
    /// Training windows (the first ones of the corpus).
    public var numTrain = 10_000
    /// Validation windows (the ones after the training windows).
    public var numVal = 5_000
    /// Seeds initialisation and the shuffling of every epoch.
    public var seed: UInt64 = 0
    /// Weight initialisation.
    public var initScheme: InitScheme = .he
    /// Preprocessing of the corpus.
    public var textMode: TextMode = .letters
    /// Consecutive non-finite steps after which training halts.
    public var maxNonFiniteSteps = 5
    /// Worker threads; results do not depend on it, so it is not saved.
    public var threads = ProcessInfo.processInfo.activeProcessorCount

    public init() {}

    enum CodingKeys: String, CodingKey {
        case hidden, clip, epochs, seed
        case batchSize = "batch_size", numSteps = "num_steps", learningRate = "lr", numTrain = "num_train", numVal = "num_val"
        case initScheme = "init", textMode = "text_mode", maxNonFiniteSteps = "max_nonfinite_steps"
    }

    /// Checks every value; the error names the CLI option.
    public func validate() throws(ConfigurationError) {
        guard hidden > 0 else { throw .nonPositive("hidden", hidden) }
        guard batchSize > 0 else { throw .nonPositive("batch-size", batchSize) }
        guard numSteps > 0 else { throw .nonPositive("num-steps", numSteps) }
        guard numTrain > 0 else { throw .nonPositive("num-train", numTrain) }
        guard numVal >= 0 else { throw .negative("num-val", numVal) }
        guard epochs >= 0 else { throw .negative("epochs", epochs) }
        guard threads > 0 else { throw .nonPositive("threads", threads) }
        guard maxNonFiniteSteps > 0 else { throw .nonPositive("max-nonfinite", maxNonFiniteSteps) }
        guard learningRate.isFinite, learningRate >= 0 else {
            throw .invalidValue("lr", "must be a finite number ≥ 0, got \(learningRate)")
        }
        guard clip.isFinite, clip >= 0 else { throw .invalidValue("clip", "must be a finite number ≥ 0, got \(clip)") }
        guard hidden <= 8192 else { throw .invalidValue("hidden", "at most 8192, got \(hidden)") }
    }
}
