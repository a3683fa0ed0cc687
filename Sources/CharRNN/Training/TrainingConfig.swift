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
///
/// How each is named, saved, checked and explained is its row in `RunOptions.all`.
public struct TrainingConfig: Hashable, Sendable {
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
    /// Learning rate; a fresh run without `--lr` takes the optimiser's own
    /// (`OptimizerKind.defaultLearningRate`, the default of its row in `RunOptions.all`).
    public var learningRate: Float = 1
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
    /// When to take a sample of generated text at an epoch's end; it does not change the run, so it is not saved.
    public var sampleEvery: SampleInterval = .auto
    /// The text samples start from.
    public var samplePrefix = "time traveller"
    /// Worker threads; results do not depend on it, so it is not saved.
    public var threads = ProcessInfo.processInfo.activeProcessorCount

    public init() {}

    /// The values the properties above declare: the defaults of the options
    /// whose row in `RunOptions.all` computes none.
    static let declared = TrainingConfig()

    // MARK: - Limits

    /// The most hidden units per layer (also the most a checkpoint may hold).
    public static let maxHidden = 8192
    /// The most stacked layers.
    public static let maxLayers = 64
    /// The largest window count, minibatch and BPTT length accepted: far beyond
    /// any corpus, and small enough that no index arithmetic overflows.
    public static let maxSize = 1 << 40
    /// The most worker threads accepted (each has a workspace of its own).
    public static let maxThreads = max(256, ProcessInfo.processInfo.activeProcessorCount)

    /// The model this configuration trains on a vocabulary of `vocabularySize`.
    public func model(vocabularySize: Int) -> ModelConfig {
        ModelConfig(vocabularySize: vocabularySize, hidden: hidden, cell: cell, layers: layers)
    }

    /// Checks every value against its row of `RunOptions.all`; the error names the option.
    public func validate() throws(ConfigurationError) {
        for option in RunOptions.all { try option.validate(self) }
    }
}

/// Saved as the `hyperparameters` JSON object of a checkpoint, one key per
/// saved row of `RunOptions.all`; keys added after a checkpoint was written
/// take their defaults when it is read.
extension TrainingConfig: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: RunOptionKey.self)
        self.init()
        for option in RunOptions.all { try option.decode(&self, container) }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: RunOptionKey.self)
        for option in RunOptions.all { try option.encode(self, &container) }
    }
}
