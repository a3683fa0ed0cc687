import CharRNN

/// A training configuration small enough for unit tests (well under a second).
public enum SmallRun {
    public static func config(hidden: Int = 16, epochs: Int = 2, seed: UInt64 = 0, threads: Int = 2) -> TrainingConfig {
        var c = TrainingConfig()
        c.hidden = hidden
        c.batchSize = 64
        c.numSteps = 8
        c.numTrain = 300
        c.numVal = 100
        c.epochs = epochs
        c.seed = seed
        c.threads = threads
        return c
    }

    /// The Time Machine, tokenised as d2l does.
    public static func corpus() throws -> Corpus {
        Corpus(text: try Fixtures.timeMachineText(), mode: .letters)
    }
}
