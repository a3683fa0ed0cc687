import Foundation

/// Training and sampling speed of one model size, measured on the real trainer.
public struct TrainingBenchResult: Sendable, Codable, Hashable {
    public var cell: CellKind
    public var layers: Int
    public var hidden: Int
    public var vocabularySize: Int
    public var batchSize: Int
    public var numSteps: Int
    public var threads: Int
    /// Training tokens per second over whole minibatches (forward, BPTT, clipping, SGD).
    public var trainingTokensPerSecond: Double
    /// The same over a full epoch including validation, when measured (the d2l configuration).
    public var epochTokensPerSecond: Double?
    /// Useful FLOP per training token (`ModelConfig.trainingFLOPsPerToken`).
    public var flopsPerToken: Double
    public var achievedGFLOPs: Double
    /// Achieved GFLOP/s over the all-threads FMA peak measured in the same run.
    public var percentOfPeak: Double
    /// Characters per second of one sampling stream (temperature 1).
    public var samplingCharactersPerSecond: Double
}

/// One row of the training bench: a model and the minibatch shape it trains with.
public struct BenchModel: Sendable, Hashable {
    public var cell: CellKind
    public var layers: Int
    public var hidden: Int
    public var batchSize: Int
    public var numSteps: Int
    public var text: TextMode

    public init(cell: CellKind = .rnn, layers: Int = 1, hidden: Int, batchSize: Int = 1024, numSteps: Int = 32, text: TextMode = .letters) {
        self.cell = cell
        self.layers = layers
        self.hidden = hidden
        self.batchSize = batchSize
        self.numSteps = numSteps
        self.text = text
    }

    /// d2l's training settings with this model and minibatch shape.
    public var config: TrainingConfig {
        var c = TrainingConfig()
        c.cell = cell
        c.layers = layers
        c.hidden = hidden
        c.batchSize = batchSize
        c.numSteps = numSteps
        c.textMode = text
        return c
    }
}

public enum TrainingBench {
    /// Measures one model on `corpus` (tokenised as `model.text`): after a warm-up
    /// epoch of `batches` minibatches, the best of three such epochs (the least
    /// disturbed on a shared machine). `withEpoch` also times d2l's full epoch,
    /// validation included.
    public static func run(corpus: Corpus, model: BenchModel, threads: Int, batches: Int,
                           peakGFLOPs: Double, withEpoch: Bool) throws -> TrainingBenchResult {
        var config = model.config
        config.threads = threads
        config.numVal = 0
        config.numTrain = config.batchSize * batches
        let trainer = try Trainer(config: config, corpus: corpus)
        let tokensPerSecond = Double(config.numTrain * config.numSteps) / bestEpochSeconds(trainer)

        var epochRate: Double?
        if withEpoch {
            var full = model.config
            full.threads = threads
            let t = try Trainer(config: full, corpus: corpus)
            epochRate = Double(full.numTrain * full.numSteps) / bestEpochSeconds(t)
        }

        let flops = trainer.model.trainingFLOPsPerToken
        let gflops = tokensPerSecond * flops / 1e9
        return TrainingBenchResult(
            cell: model.cell, layers: model.layers, hidden: model.hidden, vocabularySize: corpus.vocabulary.count,
            batchSize: config.batchSize, numSteps: config.numSteps,
            threads: threads, trainingTokensPerSecond: tokensPerSecond, epochTokensPerSecond: epochRate,
            flopsPerToken: flops, achievedGFLOPs: gflops, percentOfPeak: 100 * gflops / peakGFLOPs,
            samplingCharactersPerSecond: samplingRate(params: trainer.params, model: trainer.model, vocabulary: corpus.vocabulary))
    }

    /// Seconds of the fastest of epochs 2–4 (epoch 1 warms up allocations, caches and threads).
    static func bestEpochSeconds(_ trainer: Trainer) -> Double {
        trainer.run(toEpoch: 1)
        var best = Double.infinity
        for epoch in 2...4 {
            let t0 = ContinuousClock.now
            trainer.run(toEpoch: epoch)
            best = min(best, (ContinuousClock.now - t0).seconds)
        }
        return best
    }

    /// Characters per second of `Sampler.step` at temperature 1 over about 0.2 s.
    static func samplingRate(params: ParameterArena, model: ModelConfig, vocabulary: Vocabulary) -> Double {
        let sampler = Sampler(params: params, model: model, vocabulary: vocabulary, settings: SamplingSettings(), seed: 1)
        sampler.feed(0)
        var count = 0
        let t0 = ContinuousClock.now
        var elapsed = 0.0
        while elapsed < 0.2 {
            for _ in 0..<256 { blackHole(sampler.step().chosen) }
            count += 256
            elapsed = (ContinuousClock.now - t0).seconds
        }
        return Double(count) / elapsed
    }
}
