import Foundation

/// How the training windows are drawn each epoch (`--partition`).
public enum Partition: String, Sendable, Codable, CaseIterable {
    /// d2l's TimeMachine data: the training windows in a new random order each
    /// epoch, every window starting from a zero state.
    case random
    /// d2l's sequential partitioning: the training text cut into `batchSize`
    /// streams read consecutively, the hidden state carried (detached) from one
    /// minibatch to the next within an epoch.
    case sequential
}

/// Every hyperparameter of a training run, with d2l's defaults.
public struct TrainingConfig: Hashable, Sendable, Codable {
    /// H: hidden units of every layer.
    public var hidden = 32
    /// The recurrent cell.
    public var cell: CellKind = .rnn
    /// Stacked recurrent layers.
    public var layers = 1
    /// Windows per minibatch (streams, for the sequential partition); the last
    /// random batch of an epoch may be smaller.
    public var batchSize = 1024
    /// T: time steps per window (BPTT length).
    public var numSteps = 32
    /// Learning rate; nil takes the optimiser's default (`resolvedLearningRate`).
    public var learningRate: Float?
    /// θ of global-norm gradient clipping; 0 turns clipping off.
    public var clip: Float = 1
    /// The update rule.
    public var optimizer: OptimizerKind = .sgd
    /// μ of the momentum optimiser.
    public var momentum: Float = 0.9
    /// β₁, β₂, ε of Adam.
    public var beta1: Float = 0.9
    public var beta2: Float = 0.999
    public var epsilon: Float = 1e-8
    /// Epochs in total (a resumed run continues up to this many).
    public var epochs = 100
    /// Training windows (the first ones of the corpus).
    public var numTrain = 10_000
    /// Validation windows (the ones after the training windows).
    public var numVal = 5_000
    /// How minibatches are drawn.
    public var partition: Partition = .random
    /// Seeds initialisation and the data order of every epoch.
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

    /// The learning rate the run uses: the one given, else the optimiser's default.
    public var resolvedLearningRate: Float { learningRate ?? optimizer.defaultLearningRate }

    /// The model this configuration trains on a vocabulary of `vocabularySize`.
    public func model(vocabularySize: Int) -> ModelConfig {
        ModelConfig(vocabularySize: vocabularySize, hidden: hidden, cell: cell, layers: layers)
    }

    enum CodingKeys: String, CodingKey {
        case hidden, cell, layers, clip, optimizer, momentum, epochs, partition, seed
        case batchSize = "batch_size", numSteps = "num_steps", learningRate = "lr", numTrain = "num_train", numVal = "num_val"
        case beta1 = "beta1", beta2 = "beta2", epsilon = "eps"
        case initScheme = "init", textMode = "text_mode", maxNonFiniteSteps = "max_nonfinite_steps"
    }

    /// Decodes a saved configuration; settings added after it was saved take their defaults.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = TrainingConfig()
        hidden = try c.decode(Int.self, forKey: .hidden)
        cell = try c.decodeIfPresent(CellKind.self, forKey: .cell) ?? d.cell
        layers = try c.decodeIfPresent(Int.self, forKey: .layers) ?? d.layers
        batchSize = try c.decode(Int.self, forKey: .batchSize)
        numSteps = try c.decode(Int.self, forKey: .numSteps)
        learningRate = try c.decodeIfPresent(Float.self, forKey: .learningRate)
        clip = try c.decode(Float.self, forKey: .clip)
        optimizer = try c.decodeIfPresent(OptimizerKind.self, forKey: .optimizer) ?? d.optimizer
        momentum = try c.decodeIfPresent(Float.self, forKey: .momentum) ?? d.momentum
        beta1 = try c.decodeIfPresent(Float.self, forKey: .beta1) ?? d.beta1
        beta2 = try c.decodeIfPresent(Float.self, forKey: .beta2) ?? d.beta2
        epsilon = try c.decodeIfPresent(Float.self, forKey: .epsilon) ?? d.epsilon
        epochs = try c.decode(Int.self, forKey: .epochs)
        numTrain = try c.decode(Int.self, forKey: .numTrain)
        numVal = try c.decode(Int.self, forKey: .numVal)
        partition = try c.decodeIfPresent(Partition.self, forKey: .partition) ?? d.partition
        seed = try c.decode(UInt64.self, forKey: .seed)
        initScheme = try c.decode(InitScheme.self, forKey: .initScheme)
        textMode = try c.decode(TextMode.self, forKey: .textMode)
        maxNonFiniteSteps = try c.decodeIfPresent(Int.self, forKey: .maxNonFiniteSteps) ?? d.maxNonFiniteSteps
    }

    /// Checks every value; the error names the CLI option.
    public func validate() throws(ConfigurationError) {
        guard hidden > 0 else { throw .nonPositive("hidden", hidden) }
        guard layers > 0 else { throw .nonPositive("layers", layers) }
        guard batchSize > 0 else { throw .nonPositive("batch-size", batchSize) }
        guard numSteps > 0 else { throw .nonPositive("num-steps", numSteps) }
        guard numTrain > 0 else { throw .nonPositive("num-train", numTrain) }
        guard numVal >= 0 else { throw .negative("num-val", numVal) }
        guard epochs >= 0 else { throw .negative("epochs", epochs) }
        guard threads > 0 else { throw .nonPositive("threads", threads) }
        guard maxNonFiniteSteps > 0 else { throw .nonPositive("max-nonfinite", maxNonFiniteSteps) }
        if let lr = learningRate, !lr.isFinite || lr < 0 {
            throw .invalidValue("lr", "must be a finite number ≥ 0, got \(lr)")
        }
        guard clip.isFinite, clip >= 0 else { throw .invalidValue("clip", "must be a finite number ≥ 0, got \(clip)") }
        guard hidden <= 8192 else { throw .invalidValue("hidden", "at most 8192, got \(hidden)") }
        guard layers <= 64 else { throw .invalidValue("layers", "at most 64, got \(layers)") }
        guard momentum.isFinite, momentum >= 0, momentum < 1 else { throw .invalidValue("momentum", "must be in [0, 1), got \(momentum)") }
        guard beta1 >= 0, beta1 < 1, beta2 >= 0, beta2 < 1 else { throw .invalidValue("beta", "β₁ and β₂ must be in [0, 1)") }
        guard epsilon.isFinite, epsilon > 0 else { throw .invalidValue("eps", "must be > 0, got \(epsilon)") }
    }
}
