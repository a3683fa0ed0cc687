import ArgumentParser
import CharRNN

extension InitScheme: ExpressibleByArgument {}
extension TextMode: ExpressibleByArgument {}
extension CellKind: ExpressibleByArgument {}
extension OptimizerKind: ExpressibleByArgument {}
extension Partition: ExpressibleByArgument {}

/// The options that define a training run, shared by `train`, `tui` and `repl`.
///
/// Every option is optional so a command knows what was given: a fresh run
/// fills the rest with `TrainingConfig`'s defaults (d2l's), a resumed run keeps
/// the checkpoint's values for what was not given.
struct TrainingOptions: ParsableArguments {
    @Option(help: "UTF-8 text to train on (default: the Time Machine).")
    var corpus: String?
    @Option(help: "How text becomes tokens: letters (d2l, default) or raw.")
    var text: TextMode?
    @Option(help: "Recurrent cell: rnn (d2l's scratch RNN, default), gru, lstm, or torch-gru (PyTorch's nn.GRU: reset after the recurrent product).")
    var cell: CellKind?
    @Option(help: "Stacked recurrent layers (default: 1).")
    var layers: Int?
    @Option(help: "Hidden units H of every layer (default: 32).")
    var hidden: Int?
    @Option(help: "Windows per minibatch (default: 1024).")
    var batchSize: Int?
    @Option(help: "Time steps per window, the BPTT length (default: 32).")
    var numSteps: Int?
    @Option(name: .customLong("lr"), help: "Learning rate (default: the optimiser's: sgd 1, momentum 0.1, adam 0.005).")
    var learningRate: Float?
    @Option(help: "Update rule: sgd (d2l, default), momentum or adam.")
    var optimizer: OptimizerKind?
    @Option(help: "μ of the momentum optimiser (default: 0.9).")
    var momentum: Float?
    @Option(help: "Minibatches: random windows (d2l's TimeMachine, default) or sequential streams with the state carried.")
    var partition: Partition?
    @Option(help: "Global gradient-norm clipping threshold θ, 0 turns it off (default: 1).")
    var clip: Float?
    @Option(help: "Epochs in total; a resumed run continues up to this many (default: 100).")
    var epochs: Int?
    @Option(help: "Training windows (default: 10000).")
    var numTrain: Int?
    @Option(help: "Validation windows (default: 5000).")
    var numVal: Int?
    @Option(help: "Seed of initialisation and shuffling (default: 0).")
    var seed: UInt64?
    @Option(name: .customLong("init"), help: "Initialisation: he (default), normal (the book's N(0, 0.01²)), jax (current JAX's nnx.Rngs(seed) he_normal) or jax-legacy (JAX before 0.5, threefry not partitionable).")
    var initScheme: InitScheme?
    @Option(help: "Worker threads; results are identical for any count (default: the number of cores).")
    var threads: Int?
    @Option(help: "The vocabulary of a weights-only checkpoint that records none: a JSON array of the tokens in index order (default: the corpus's).")
    var vocab: String?

    /// The run's configuration: the given options over `base` (d2l's defaults unless a checkpoint's).
    func config(over base: TrainingConfig = TrainingConfig()) -> TrainingConfig {
        var c = base
        if let hidden { c.hidden = hidden }
        if let cell { c.cell = cell }
        if let layers { c.layers = layers }
        if let batchSize { c.batchSize = batchSize }
        if let numSteps { c.numSteps = numSteps }
        if let learningRate { c.learningRate = learningRate }
        if let optimizer { c.optimizer = optimizer }
        if let momentum { c.momentum = momentum }
        if let partition { c.partition = partition }
        if let clip { c.clip = clip }
        if let epochs { c.epochs = epochs }
        if let numTrain { c.numTrain = numTrain }
        if let numVal { c.numVal = numVal }
        if let seed { c.seed = seed }
        if let initScheme { c.initScheme = initScheme }
        if let text { c.textMode = text }
        if let threads { c.threads = threads }
        return c
    }

    /// A fresh run's configuration.
    var config: TrainingConfig { config() }

    /// The given options that define the model and the data order; a resumed run
    /// must not contradict its checkpoint on these: (name, given value, saved value).
    func runDefining(against saved: TrainingConfig) -> [(name: String, given: String, saved: String)] {
        var out: [(String, String, String)] = []
        func check<T: Equatable>(_ name: String, _ given: T?, _ value: T) {
            if let given, given != value { out.append((name, "\(given)", "\(value)")) }
        }
        check("hidden", hidden, saved.hidden)
        check("cell", cell, saved.cell)
        check("layers", layers, saved.layers)
        check("batch-size", batchSize, saved.batchSize)
        check("num-steps", numSteps, saved.numSteps)
        check("num-train", numTrain, saved.numTrain)
        check("num-val", numVal, saved.numVal)
        check("seed", seed, saved.seed)
        check("init", initScheme, saved.initScheme)
        check("text", text, saved.textMode)
        check("optimizer", optimizer, saved.optimizer)
        check("momentum", momentum, saved.momentum)
        check("partition", partition, saved.partition)
        return out
    }

    func validate() throws {
        do { try config.validate() } catch { throw ValidationError(error.description) }
    }
}
