import CharRNN
import CharRNNTestSupport
import Foundation
import Testing

/// Prediction, sampling and the step API against the reference model and by hand.
@Suite struct SamplerTests {
    static func fixture() -> (Sampler, ReferenceRNN, Vocabulary) {
        let vocab = Vocabulary(corpusTokens: ["a", "b", "c", "d", " "])
        let model = ModelConfig(vocabularySize: vocab.count, hidden: 7)
        let params = Fixtures.randomParameters(model, seed: 21, scale: 1.5)
        return (Sampler(params: params, model: model, vocabulary: vocab), ReferenceRNN(config: model, params: params), vocab)
    }

    @Test func predictIsD2LsGreedyLoop() {
        let (sampler, ref, vocab) = Self.fixture()
        let prefix = vocab.encode("abc").ids
        // d2l: warm up on the prefix, then append the argmax and feed it, n times.
        var ids = prefix
        for _ in 0..<15 {
            let z = ref.logits(ref.states(ids).last!)
            ids.append(z.indices.max { z[$0] < z[$1] }!)
        }
        #expect(sampler.predict(prefix: prefix, count: 15) == vocab.decode(ids))
    }

    @Test func stepReturnsTheFullDistributionAndState() {
        let (sampler, ref, vocab) = Self.fixture()
        sampler.settings = .greedy
        sampler.reset()
        sampler.feed(vocab.encode("ab").ids)
        let r = sampler.step()
        let h = ref.states(vocab.encode("ab").ids).last!
        let z = ref.logits(h)
        let e = z.map { exp($0 - z.max()!) }
        let p = e.map { $0 / e.reduce(0, +) }
        #expect(Tolerance.worst(r.probabilities, p, atol: 1e-6) <= 1)
        #expect(abs(r.probabilities.reduce(0, +) - 1) < 1e-5)
        #expect(r.chosen == p.indices.max { p[$0] < p[$1] }!)
        #expect(r.chosenProbability == r.probabilities[r.chosen])
        #expect(abs(r.entropy - -p.reduce(0) { $0 + ($1 > 0 ? $1 * log($1) : 0) }) < 1e-6)
        #expect(Tolerance.worst(r.hidden, h, atol: 1e-6) <= 1)
        #expect(sampler.consumed == 3)
    }

    @Test func topKAndTopPCutTheDistribution() {
        let z: [Float] = [1, 3, 2, 0, 2.5]
        let p = SamplingSettings().samplingDistribution(logits: z)
        #expect(abs(p.reduce(0, +) - 1) < 1e-12)
        let k2 = SamplingSettings(topK: 2).samplingDistribution(logits: z)
        #expect(k2.enumerated().filter { $0.element > 0 }.map(\.offset) == [1, 4])
        #expect(abs(k2[1] / k2[4] - exp(0.5)) < 1e-9)
        // Nucleus: the smallest set whose mass reaches p.
        let top = p[1]
        let nucleus = SamplingSettings(topP: top * 0.999).samplingDistribution(logits: z)
        #expect(nucleus == [0, 1, 0, 0, 0])
        let two = SamplingSettings(topP: top + p[4] * 0.5).samplingDistribution(logits: z)
        #expect(two.enumerated().filter { $0.element > 0 }.map(\.offset) == [1, 4])
        // Temperature: lower sharpens.
        let cold = SamplingSettings(temperature: 0.25).samplingDistribution(logits: z)
        #expect(cold[1] > p[1] && cold[3] < p[3])
        #expect(throws: ConfigurationError.self) { try SamplingSettings(temperature: 0).validate() }
        #expect(throws: ConfigurationError.self) { try SamplingSettings(topP: 1.5).validate() }
    }

    /// The same seed gives the same text, another seed other text (how the
    /// draws are distributed: SamplingStatisticsTests).
    @Test func samplingIsSeeded() {
        let (sampler, _, vocab) = Self.fixture()
        let prefix = vocab.encode("a").ids
        sampler.reseed(5)
        let a = sampler.continuation(of: prefix, count: 60, settings: SamplingSettings())
        sampler.reseed(5)
        #expect(sampler.continuation(of: prefix, count: 60, settings: SamplingSettings()) == a)
        sampler.reseed(6)
        #expect(sampler.continuation(of: prefix, count: 60, settings: SamplingSettings()) != a)
        var asked = 0
        #expect(sampler.continuation(of: prefix, count: 60, settings: SamplingSettings()) { asked += 1; return asked > 3 } == nil)
        #expect(asked == 4 && sampler.consumed == 1 + 3, "cancelled before the fourth character")
        // Frequencies of first draws match the distribution (χ²-style bound).
        sampler.reset()
        sampler.feed(prefix)
        let z = sampler.logits()
        let p = SamplingSettings().samplingDistribution(logits: z)
        var counts = [Int](repeating: 0, count: p.count)
        sampler.settings = SamplingSettings()
        for _ in 0..<4000 {
            sampler.reset()
            sampler.feed(prefix)
            counts[sampler.step().chosen] += 1
        }
        for i in p.indices {
            let expected = 4000 * p[i]
            #expect(abs(Double(counts[i]) - expected) <= 5 * (expected * (1 - p[i])).squareRoot() + 2, "token \(i)")
        }
    }

    @Test func traceGivesTheStateAfterEachCharacterFromZero() {
        let (sampler, ref, vocab) = Self.fixture()
        sampler.reset()
        sampler.feed(3)
        let ids = vocab.encode("abcd ab").ids
        let trace = sampler.trace(ids)
        #expect(trace.steps == 7 && trace.layers == 1 && trace.groups.count == 1 && trace.groups[0].width == 7)
        #expect(trace.groups[0].kind == .hidden && trace.groups[0].layer == 0)
        let states = ref.states(ids)
        for t in 0..<7 {
            for u in 0..<7 { #expect(abs(Double(trace.groups[0].value(step: t, unit: u)) - states[t][u]) < 1e-6) }
        }
        #expect(sampler.consumed == 7, "the sampler is left after the text")
    }

    /// Two samplers on the same packed weights keep states of their own and see new weights together.
    @Test func samplersSharingWeightsKeepTheirOwnStates() {
        let (sampler, _, vocab) = Self.fixture()
        let other = Sampler(weights: sampler.weights, vocabulary: vocab)
        sampler.reset()
        sampler.feed(vocab.encode("ab").ids)
        let hidden = sampler.hidden
        other.reset()
        other.feed(vocab.encode("dd").ids)
        #expect(sampler.hidden == hidden && other.hidden != hidden)
    }

    @Test func oneHotHasASingleOnePerRow() {
        let m = Embedding.oneHot([2, 3, 0], vocabularySize: 5)
        #expect(m == [0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0])
        #expect(Embedding.oneHot([], vocabularySize: 4).isEmpty)
    }
}
