import CharRNN
import CharRNNTestSupport
import Foundation
import Testing

/// What `Sampler.step()` draws, counted over 20,000 draws from fixed logits and
/// checked with a chi-square test (α = 0.001, fixed seed) against the
/// distribution `SamplingSettings` documents, computed here from its words:
///
/// 1. temperature: q ∝ exp(z / T);
/// 2. top-k: keep the k most likely characters (0 keeps all), ties going to
///    the lower index;
/// 3. top-p: of those, keep the smallest most-likely-first prefix whose
///    probability under q reaches p (1 keeps all);
/// 4. renormalise what is kept.
///
/// Because top-p measures mass under q itself, top-k and top-p keep the
/// smaller of their two sets; temperature, though, comes before top-p and
/// changes which set that is (see `orderMatters`).
@Suite struct SamplingStatisticsTests {
    static let draws = 20_000
    /// Six logits out of order, spread so every kept character is expected
    /// at least 80 times in 20,000 draws at every setting.
    static let logits: [Float] = [0.2, 1.5, -0.4, 0.9, -1.0, 0.6]

    struct Setting: CustomTestStringConvertible, Sendable {
        var temperature: Double, topK: Int, topP: Double
        var settings: SamplingSettings { SamplingSettings(temperature: temperature, topK: topK, topP: topP) }
        var testDescription: String { "T=\(temperature) top-k \(topK == 0 ? "all" : String(topK)) top-p \(topP)" }
    }

    static let grid: [Setting] = [0.5, 1, 2].flatMap { t in
        [1, 3, 0].flatMap { k in [0.5, 0.9, 1].map { p in Setting(temperature: t, topK: k, topP: p) } }
    }

    /// The documented distribution for `z`, in Double. (V) → (V)
    static func documented(_ z: [Float], _ s: Setting) -> [Double] {
        let e = z.map { Foundation.exp(Double($0) / s.temperature) }
        let q = e.map { $0 / e.reduce(0, +) }
        let byLikelihood = q.indices.sorted { q[$0] != q[$1] ? q[$0] > q[$1] : $0 < $1 }
        var kept = s.topK == 0 ? byLikelihood : Array(byLikelihood.prefix(s.topK))
        if s.topP < 1, let reach = kept.indices.first(where: { r in kept[...r].reduce(0) { $0 + q[$1] } >= s.topP }) {
            kept = Array(kept[...reach])
        }
        let mass = kept.reduce(0) { $0 + q[$1] }
        return q.indices.map { kept.contains($0) ? q[$0] / mass : 0 }
    }

    /// A sampler whose logits are `z` whatever its state: W_hq = 0, b_q = z.
    static func fixedLogitSampler(_ z: [Float], seed: UInt64) -> Sampler {
        let vocabulary = Vocabulary(corpusTokens: (1..<z.count).map { String(UnicodeScalar(UInt8(96 + $0))) })
        let model = ModelConfig(vocabularySize: z.count, hidden: 3)
        var params = Fixtures.randomParameters(model, seed: 9)
        params.setTensor("W_hq", [Float](repeating: 0, count: 3 * z.count))
        params.setTensor("b_q", z)
        let sampler = Sampler(params: params, model: model, vocabulary: vocabulary, seed: seed)
        sampler.feed(0)
        return sampler
    }

    /// How often each id comes up in `draws` steps of the real sampler.
    static func counts(_ z: [Float], _ settings: SamplingSettings, seed: UInt64 = 2_024) -> [Int] {
        let sampler = fixedLogitSampler(z, seed: seed)
        #expect(sampler.logits() == z)
        sampler.settings = settings
        var counts = [Int](repeating: 0, count: z.count)
        for _ in 0..<draws { counts[sampler.step().chosen] += 1 }
        return counts
    }

    @Test(arguments: grid)
    func drawsFollowTheDocumentedDistribution(_ s: Setting) {
        let expected = Self.documented(Self.logits, s)
        let test = ChiSquare(counts: Self.counts(Self.logits, s.settings), probabilities: expected)
        #expect(test.passes, "\(test); expected \(expected)")
        // The distribution the step reports drawing from is the documented one too.
        let reported = s.settings.samplingDistribution(logits: Self.logits)
        #expect(Tolerance.worst(reported, expected, atol: 1e-12) <= 1)
    }

    /// Temperature comes before top-p: at T = 2 the nucleus of 0.5 holds three
    /// characters, at T = 1 two and at T = 0.5 one. Cutting before tempering
    /// would keep the T = 1 set each time.
    @Test func orderMatters() {
        let sizes = [0.5, 1, 2].map { t in Self.documented(Self.logits, Setting(temperature: t, topK: 0, topP: 0.5)).filter { $0 > 0 }.count }
        #expect(sizes == [1, 2, 3])
        // And top-p's mass is measured before top-k renormalises: with k = 3 at
        // T = 2 the three kept hold ≥ 0.5 only together, so all three stay.
        #expect(Self.documented(Self.logits, Setting(temperature: 2, topK: 3, topP: 0.5)).filter { $0 > 0 }.count == 3)
    }

    /// Equal logits rank by index: top-k keeps the lower ones, top-p takes
    /// them first, and the tied characters kept are drawn equally often.
    @Test(arguments: [
        Setting(temperature: 1, topK: 2, topP: 1), Setting(temperature: 1, topK: 0, topP: 0.45),
        Setting(temperature: 0.5, topK: 4, topP: 0.9), Setting(temperature: 1, topK: 0, topP: 1),
    ])
    func tiesGoToTheLowerIndex(_ s: Setting) {
        let tied: [Float] = [0.5, 1.2, 1.2, 0.0, 1.2, -0.3]
        let expected = Self.documented(tied, s)
        if s.topK == 2 || s.topP == 0.45 { #expect(expected.indices.filter { expected[$0] > 0 } == [1, 2]) }
        let test = ChiSquare(counts: Self.counts(tied, s.settings, seed: 77), probabilities: expected)
        #expect(test.passes, "\(test); expected \(expected)")
    }

    @Test func greedyTakesTheFirstOfEqualMaxima() {
        #expect(Sampler.argmax([1, 3, 0, 3, 2]) == 1)
        let sampler = Self.fixedLogitSampler([0.5, 2, 2, -1], seed: 0)
        sampler.settings = .greedy
        #expect(sampler.generate(5) == [1, 1, 1, 1, 1])
    }

    /// The test has the power to see a wrong distribution: the same draws
    /// fail against the distribution of a neighbouring temperature.
    @Test func theTestRejectsANeighbouringTemperature() {
        let s = Setting(temperature: 1, topK: 0, topP: 1)
        let counts = Self.counts(Self.logits, s.settings)
        #expect(ChiSquare(counts: counts, probabilities: Self.documented(Self.logits, s)).passes)
        #expect(!ChiSquare(counts: counts, probabilities: Self.documented(Self.logits, Setting(temperature: 1.1, topK: 0, topP: 1))).passes)
    }
}
