/// Every run option, once: the table command-line parsing, checkpoint coding,
/// validation, the resume check, `--help` and `show config` are derived from.
///
/// Adding an option is a stored property in `TrainingConfig` (its type, the
/// default it declares and a one-line comment) and one row here. The order of
/// the rows is the order of help and `show config`; a default computed from
/// other fields may read the rows above it.
public enum RunOptions {
    public static let all: [RunOption] = [
        .field("text", \.textMode, key: "text_mode", definesRun: true,
               help: "How text becomes tokens: letters (d2l's preprocessing) or raw (every Unicode scalar)."),
        .field("cell", \.cell, key: "cell", keyOptional: true, definesRun: true,
               help: "Recurrent cell: rnn (d2l's scratch RNN), gru, lstm, or torch-gru (PyTorch's nn.GRU: reset after the recurrent product)."),
        .field("layers", \.layers, key: "layers", keyOptional: true, definesRun: true,
               check: .positive(atMost: TrainingConfig.maxLayers), help: "Stacked recurrent layers."),
        .field("hidden", \.hidden, key: "hidden", definesRun: true,
               check: .positive(atMost: TrainingConfig.maxHidden), help: "Hidden units H of every layer."),
        .field("batch-size", \.batchSize, key: "batch_size", definesRun: true,
               check: .positive(atMost: TrainingConfig.maxSize), help: "Windows per minibatch (streams, for the sequential partition)."),
        .field("num-steps", \.numSteps, key: "num_steps", definesRun: true,
               check: .positive(atMost: TrainingConfig.maxSize), help: "Time steps per window, the BPTT length."),
        .field("optimizer", \.optimizer, key: "optimizer", keyOptional: true, definesRun: true,
               help: "Update rule: sgd (d2l), momentum or adam."),
        .field("lr", \.learningRate, key: "lr", definesRun: false, defaultValue: { $0.optimizer.defaultLearningRate },
               check: .finiteNonNegative, help: "Learning rate; unless given, the optimiser's own: sgd 1 (d2l), momentum 0.1, adam 0.005."),
        .field("momentum", \.momentum, key: "momentum", keyOptional: true, definesRun: true,
               check: .unitInterval, help: "μ of the momentum optimiser."),
        .field("beta1", \.beta1, key: "beta1", keyOptional: true, onCommandLine: false, definesRun: true,
               check: .unitInterval, help: "β₁ of Adam, the decay of the first moment."),
        .field("beta2", \.beta2, key: "beta2", keyOptional: true, onCommandLine: false, definesRun: true,
               check: .unitInterval, help: "β₂ of Adam, the decay of the second moment."),
        .field("eps", \.epsilon, key: "eps", keyOptional: true, onCommandLine: false, definesRun: true,
               check: .finitePositive, help: "ε of Adam, added to the root of the second moment."),
        .field("clip", \.clip, key: "clip", definesRun: false,
               check: .finiteNonNegative, help: "Global gradient-norm clipping threshold θ; 0 turns clipping off."),
        .field("partition", \.partition, key: "partition", keyOptional: true, definesRun: true,
               help: "Minibatches: random windows (d2l's TimeMachine) or sequential streams with the state carried."),
        .field("epochs", \.epochs, key: "epochs", definesRun: false,
               check: .nonNegative(atMost: TrainingConfig.maxSize), help: "Epochs in total; a resumed run continues up to this many."),
        .field("num-train", \.numTrain, key: "num_train", definesRun: true,
               check: .positive(atMost: TrainingConfig.maxSize), help: "Training windows (the first of the corpus)."),
        .field("num-val", \.numVal, key: "num_val", definesRun: true,
               check: .nonNegative(atMost: TrainingConfig.maxSize), help: "Validation windows (the ones after the training windows)."),
        .field("seed", \.seed, key: "seed", definesRun: true,
               help: "Seed of initialisation and of the data order."),
        .field("init", \.initScheme, key: "init", definesRun: true,
               help: "Initialisation: he, normal (the book's N(0, 0.01²)), jax (current JAX's nnx.Rngs(seed) he_normal) or jax-legacy (JAX before 0.5: threefry not partitionable)."),
        .field("max-nonfinite", \.maxNonFiniteSteps, key: "max_nonfinite_steps", keyOptional: true, onCommandLine: false,
               definesRun: false, check: .positive(atMost: TrainingConfig.maxSize),
               help: "Consecutive steps with a non-finite loss or gradient after which training halts."),
        .field("sample-every", \.sampleEvery, key: nil, definesRun: false,
               help: "Take a sample of generated text every N epochs and at the last (auto: about ten over the run; 0: none): --sample-prefix, then 100 characters at temperature 1 from seed 0."),
        .field("sample-prefix", \.samplePrefix, key: nil, definesRun: false, check: .nonEmpty,
               help: "The text training samples start from."),
        .field("threads", \.threads, key: nil, definesRun: false,
               check: .positive(atMost: TrainingConfig.maxThreads), help: "Worker threads, by default one per core; results are identical for any count."),
    ]

    /// The row named `name`, if any.
    public static func named(_ name: String) -> RunOption? { all.first { $0.name == name } }

    /// The rows that have a `--name` flag.
    public static var commandLine: [RunOption] { all.filter(\.onCommandLine) }
}
