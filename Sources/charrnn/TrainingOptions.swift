import ArgumentParser
import CharRNN

extension InitScheme: ExpressibleByArgument {}
extension TextMode: ExpressibleByArgument {}
extension CellKind: ExpressibleByArgument {}
extension OptimizerKind: ExpressibleByArgument {}
extension Partition: ExpressibleByArgument {}

/// The options that define a training run, shared by `train`, `tui` and `repl`.
struct TrainingOptions: ParsableArguments {
    @Option(help: "UTF-8 text to train on (default: the Time Machine).")
    var corpus: String?
    @Option(help: "How text becomes tokens: letters (d2l) or raw.")
    var text: TextMode = .letters
    @Option(help: "Recurrent cell: rnn (d2l's scratch RNN), gru or lstm.")
    var cell: CellKind = .rnn
    @Option(help: "Stacked recurrent layers.")
    var layers = 1
    @Option(help: "Hidden units H of every layer.")
    var hidden = 32
    @Option(help: "Windows per minibatch.")
    var batchSize = 1024
    @Option(help: "Time steps per window (BPTT length).")
    var numSteps = 32
    @Option(name: .customLong("lr"), help: "Learning rate.")
    var learningRate: Float = 1
    @Option(help: "Update rule: sgd (d2l), momentum or adam.")
    var optimizer: OptimizerKind = .sgd
    @Option(help: "μ of the momentum optimiser.")
    var momentum: Float = 0.9
    @Option(help: "Minibatches: random windows (d2l's TimeMachine) or sequential streams with the state carried.")
    var partition: Partition = .random
    @Option(help: "Global gradient-norm clipping threshold θ (0 turns it off).")
    var clip: Float = 1
    @Option(help: "Epochs in total (a resumed run continues up to this many).")
    var epochs = 100
    @Option(help: "Training windows.")
    var numTrain = 10_000
    @Option(help: "Validation windows.")
    var numVal = 5_000
    @Option(help: "Seed of initialisation and shuffling.")
    var seed: UInt64 = 0
    @Option(name: .customLong("init"), help: "Initialisation: he (default), normal (the book's N(0, 0.01²)) or jax (bit-compatible with JAX).")
    var initScheme: InitScheme = .he
    @Option(help: "Worker threads (results do not depend on it).")
    var threads: Int = TrainingConfig().threads

    var config: TrainingConfig {
        var c = TrainingConfig()
        c.hidden = hidden
        c.cell = cell
        c.layers = layers
        c.optimizer = optimizer
        c.momentum = momentum
        c.partition = partition
        c.batchSize = batchSize
        c.numSteps = numSteps
        c.learningRate = learningRate
        c.clip = clip
        c.epochs = epochs
        c.numTrain = numTrain
        c.numVal = numVal
        c.seed = seed
        c.initScheme = initScheme
        c.textMode = text
        c.threads = threads
        return c
    }

    func validate() throws {
        do { try config.validate() } catch { throw ValidationError(error.description) }
    }
}
