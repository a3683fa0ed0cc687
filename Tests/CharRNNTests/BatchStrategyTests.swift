import CharRNN
import CharRNNTestSupport
import Testing

/// The batch runner's two strategies: chosen by the model's shape alone, and the
/// whole-batch one resuming bit for bit like the chunks (gradients against finite
/// differences and thread-count independence are in `CellGradientTests` and
/// `GradientCheckTests`, for both strategies).
@Suite struct BatchStrategyTests {
    @Test func theShapesAloneChooseTheStrategy() {
        func strategy(_ cell: CellKind, layers: Int = 1, hidden: Int, v: Int = 28, steps: Int = 32, batch: Int = 1024) -> BatchRunner.Strategy {
            let model = ModelConfig(vocabularySize: v, hidden: hidden, cell: cell, layers: layers)
            let chosen = BatchRunner.strategy(model: model, steps: steps, batch: batch)
            for threads in [1, 2, 7] {
                #expect(BatchRunner(config: model, steps: steps, maxBatch: batch, threads: threads).strategy == chosen)
            }
            return chosen
        }
        // d2l's model keeps its 64-row chunks (and so its numbers).
        #expect(strategy(.rnn, hidden: 32) == .chunks(rows: 64))
        #expect(strategy(.rnn, hidden: 128) == .chunks(rows: 16))
        #expect(strategy(.gru, hidden: 32) == .chunks(rows: 24))
        #expect(strategy(.lstm, layers: 2, hidden: 32) == .chunks(rows: 8))
        #expect(strategy(.lstm, layers: 2, hidden: 128, v: 70, steps: 50, batch: 50) == .chunks(rows: 8))
        // Recurrent weights and transposes past 1 MiB, and at most 256 rows a step: the whole batch.
        #expect(strategy(.rnn, hidden: 368, batch: 256) == .wholeBatch)
        #expect(strategy(.rnn, hidden: 352, batch: 256) == .chunks(rows: 8))
        #expect(strategy(.rnn, hidden: 512, batch: 1024) == .chunks(rows: 8))
        #expect(strategy(.gru, hidden: 224, batch: 64) == .wholeBatch)
        #expect(strategy(.lstm, hidden: 192, batch: 64) == .wholeBatch)
        #expect(strategy(.lstm, layers: 2, hidden: 512, v: 70, steps: 50, batch: 50) == .wholeBatch)
    }

    /// Models just large enough for the whole batch, every cell at depths 1 and 2,
    /// both partitions: stopped mid-epoch, saved and resumed, they end bit-identical
    /// to a straight run.
    @Test(arguments: [(CellKind.rnn, 368), (.gru, 224), (.torchGRU, 224), (.lstm, 192)], [1, 2])
    func wholeBatchRunsResumeBitForBit(_ shape: (cell: CellKind, hidden: Int), layers: Int) throws {
        let corpus = try SmallRun.corpus()
        for partition in Partition.allCases {
            var config = SmallRun.config(hidden: shape.hidden, epochs: 2)
            config.cell = shape.cell
            config.layers = layers
            config.partition = partition
            config.batchSize = partition == .sequential ? 8 : 64
            config.numTrain = partition == .sequential ? 200 : 128
            config.numVal = 16
            config.learningRate = 0.5
            let model = config.model(vocabularySize: corpus.vocabulary.count)
            #expect(BatchRunner.strategy(model: model, steps: config.numSteps, batch: config.batchSize) == .wholeBatch)

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
