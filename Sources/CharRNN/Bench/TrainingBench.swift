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
    /// 2·(3H² + 3HV) FLOP per training token.
    public var flopsPerToken: Double
    public var achievedGFLOPs: Double
    /// Achieved GFLOP/s over the all-threads FMA peak measured in the same run.
    public var percentOfPeak: Double
    /// Characters per second of one sampling stream (temperature 1).
    public var samplingCharactersPerSecond: Double
}

public enum TrainingBench {
    /// Measures one model size on `corpus`: after a warm-up epoch of `batches`
    /// minibatches, the best of three such epochs (the least disturbed on a shared machine).
    public static func run(corpus: Corpus, hidden: Int, cell: CellKind = .rnn, layers: Int = 1, threads: Int, batches: Int,
                           peakGFLOPs: Double, withEpoch: Bool) throws -> TrainingBenchResult {
        var config = TrainingConfig()
        config.hidden = hidden
        config.cell = cell
        config.layers = layers
        config.threads = threads
        config.numVal = 0
        config.numTrain = config.batchSize * batches
        let trainer = try Trainer(config: config, corpus: corpus)
        trainer.run(toEpoch: 1)  // warm-up: allocations, caches, thread pool
        var seconds = Double.infinity
        for epoch in 2...4 {
            let t0 = ContinuousClock.now
            trainer.run(toEpoch: epoch)
            seconds = min(seconds, (ContinuousClock.now - t0).seconds)
        }
        let tokensPerSecond = Double(config.numTrain * config.numSteps) / seconds

        var epochRate: Double?
        if withEpoch {
            var full = TrainingConfig()
            full.hidden = hidden
            full.cell = cell
            full.layers = layers
            full.threads = threads
            let t = try Trainer(config: full, corpus: corpus)
            t.run(toEpoch: 1)
            var best = Double.infinity
            for epoch in 2...4 {
                let e0 = ContinuousClock.now
                t.run(toEpoch: epoch)
                best = min(best, (ContinuousClock.now - e0).seconds)
            }
            epochRate = Double(full.numTrain * full.numSteps) / best
        }

        let flops = trainer.model.trainingFLOPsPerToken
        let gflops = tokensPerSecond * flops / 1e9
        return TrainingBenchResult(
            cell: cell, layers: layers, hidden: hidden, vocabularySize: corpus.vocabulary.count, batchSize: config.batchSize, numSteps: config.numSteps,
            threads: threads, trainingTokensPerSecond: tokensPerSecond, epochTokensPerSecond: epochRate,
            flopsPerToken: flops, achievedGFLOPs: gflops, percentOfPeak: 100 * gflops / peakGFLOPs,
            samplingCharactersPerSecond: samplingRate(params: trainer.params, model: trainer.model, vocabulary: corpus.vocabulary))
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
