import CharRNN
import CharRNNTestSupport
import Foundation
import Testing

/// Training does what the README says, checked against bounds computed here
/// from the data alone rather than against a recorded curve.
///
/// The bounds are the perplexity of guessing uniformly (V) and of the bigram
/// model counted from the training windows (add-one smoothing), evaluated on
/// the same validation targets as the network. A network that has learnt
/// more than the previous character beats the bigram model.
@Suite struct TrainingCurveTests {
    /// The validation perplexity of the bigram model p(y | x) counted on the
    /// training windows' (input, target) pairs, over every validation target.
    static func bigramPerplexity(_ data: WindowDataset, vocabularySize v: Int) -> Double {
        var pairs = [Double](repeating: 1, count: v * v), contexts = [Double](repeating: Double(v), count: v)
        func each(_ windows: Range<Int>, _ body: (Int, Int) -> Void) {
            for s in windows {
                for t in 0..<data.numSteps { body(Int(data.ids[s + t]), Int(data.ids[s + t + 1])) }
            }
        }
        each(0..<data.numTrain) { x, y in
            pairs[x * v + y] += 1
            contexts[x] += 1
        }
        var loss = 0.0, count = 0
        each(data.numTrain..<(data.numTrain + data.numVal)) { x, y in
            loss -= log(pairs[x * v + y] / contexts[x])
            count += 1
        }
        return exp(loss / Double(count))
    }

    /// d2l's run (H = 32, batch 1024, 32 steps, lr 1, clip 1) for 20 epochs:
    /// better than uniform after one epoch, lower in every block of four
    /// epochs, and below the bigram model at the end.
    @Test func twentyEpochsLowerTheValidationPerplexityBelowTheBigramModel() throws {
        var config = TrainingConfig()
        config.epochs = 20
        config.threads = 2
        let trainer = try Trainer(config: config, corpus: try SmallRun.corpus())
        #expect(trainer.run() == .completed)
        let perplexities = trainer.progress.history.compactMap(\.valPerplexity)
        try #require(perplexities.count == 20)
        let v = trainer.model.vocabularySize
        let bigram = Self.bigramPerplexity(trainer.dataset, vocabularySize: v)
        #expect(bigram > 5 && bigram < Double(v), "the bound itself: \(bigram)")

        #expect(perplexities[0] < Double(v), "epoch 1: \(perplexities[0])")
        let blocks = stride(from: 0, to: 20, by: 4).map { perplexities[$0..<($0 + 4)].reduce(0, +) / 4 }
        #expect(zip(blocks, blocks.dropFirst()).allSatisfy { $1 < $0 }, "means of four epochs: \(blocks)")
        #expect(perplexities[19] < bigram, "epoch 20: \(perplexities[19]), bigram model \(bigram)")
    }

    /// The shipped model (100 epochs) is well below the bigram model too.
    @Test func theShippedModelBeatsTheBigramModel() throws {
        let ck = try Checkpoint.read(from: Fixtures.packageRoot.appendingPathComponent("assets/d2l-rnn.safetensors"))
        let config = ck.config
        let corpus = try SmallRun.corpus()
        let data = try WindowDataset(ids: corpus.ids, numSteps: config.numSteps, numTrain: config.numTrain, numVal: config.numVal)
        let loss = try #require(Trainer.validationLoss(ck.params, runner: Trainer.runner(model: ck.model, config: config), dataset: data, config: config))
        let bigram = Self.bigramPerplexity(data, vocabularySize: ck.model.vocabularySize)
        #expect(exp(loss) < 0.85 * bigram, "val ppl \(exp(loss)), bigram model \(bigram)")
    }
}
