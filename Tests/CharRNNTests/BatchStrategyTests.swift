import CharRNN
import CharRNNTestSupport
import Testing

/// The batch runner's two strategies: chosen by the model's shape alone, and the
/// whole-batch one resuming bit for bit like the chunks (gradients against finite
/// differences and thread-count independence are in `CellGradientTests` and
/// `GradientCheckTests`, for both strategies).
@Suite struct BatchStrategyTests {
    @Test func theShapeAloneChoosesTheStrategy() {
        func strategy(_ cell: CellKind, layers: Int = 1, hidden: Int, v: Int = 28, steps: Int = 32) -> BatchRunner.Strategy {
            let model = ModelConfig(vocabularySize: v, hidden: hidden, cell: cell, layers: layers)
            let chosen = BatchRunner.strategy(model: model, steps: steps)
            for threads in [1, 2, 7] {
                #expect(BatchRunner(config: model, steps: steps, maxBatch: 4, threads: threads).strategy == chosen)
            }
            return chosen
        }
        // d2l's model keeps its 64-row chunks (and so its numbers).
        #expect(strategy(.rnn, hidden: 32) == .chunks(rows: 64))
        #expect(strategy(.rnn, hidden: 128) == .chunks(rows: 16))
        #expect(strategy(.gru, hidden: 32) == .chunks(rows: 24))
        #expect(strategy(.lstm, layers: 2, hidden: 32) == .chunks(rows: 8))
        // Recurrent weights and transposes past 256 KiB: the whole batch.
        #expect(strategy(.rnn, hidden: 176) == .chunks(rows: 16))
        #expect(strategy(.rnn, hidden: 192) == .wholeBatch)
        #expect(strategy(.gru, hidden: 112) == .wholeBatch)
        #expect(strategy(.lstm, hidden: 96) == .wholeBatch)
        #expect(strategy(.lstm, layers: 2, hidden: 128, v: 70, steps: 50) == .wholeBatch)
        #expect(strategy(.lstm, layers: 2, hidden: 512, v: 70, steps: 50) == .wholeBatch)
    }

    /// Models just large enough for the whole batch, every cell at depths 1 and 2,
    /// both partitions: stopped mid-epoch, saved and resumed, they end bit-identical
    /// to a straight run.
    @Test(arguments: [(CellKind.rnn, 192), (.gru, 112), (.lstm, 96)], [1, 2])
    func wholeBatchRunsResumeBitForBit(_ shape: (cell: CellKind, hidden: Int), layers: Int) throws {
        let corpus = try SmallRun.corpus()
        for partition in Partition.allCases {
            var config = SmallRun.config(hidden: shape.hidden, epochs: 2)
            config.cell = shape.cell
            config.layers = layers
            config.partition = partition
            config.batchSize = partition == .sequential ? 8 : 64
            config.numTrain = partition == .sequential ? 200 : 300
            config.numVal = 40
            config.learningRate = 0.5
            let model = config.model(vocabularySize: corpus.vocabulary.count)
            #expect(BatchRunner.strategy(model: model, steps: config.numSteps) == .wholeBatch)

            let straight = try Trainer(config: config, corpus: corpus)
            straight.run()
            let first = try Trainer(config: config, corpus: corpus)
            first.addListener { e in if case .step(let r) = e, r.step == first.batchesPerEpoch + 1 { first.control.send(.stop) } }
            #expect(first.run() == .stopped)
            let ck = try Checkpoint.decode(RunSetup.checkpoint(of: first, corpusSHA1: nil).encoded())
            let second = try Trainer(config: ck.config, corpus: corpus, params: ck.params, progress: ck.progress,
                                     optimizerState: ck.optimizerState, carry: ck.carry)
            second.run()
            #expect(second.params.storage == straight.params.storage, "\(partition)")
            #expect(second.progress.history.map(\.valLoss) == straight.progress.history.map(\.valLoss), "\(partition)")
        }
    }
}
