import CharRNN
import CharRNNTestSupport
import Foundation
import Testing

/// `--init jax` and `--init jax-legacy` against `JAXFixtures/jax-init.json`,
/// written by real JAX and Flax (`JAXFixtures/generate.py`): every tensor of
/// three models, drawn with `jax_threefry_partitionable` True (JAX's default
/// since 0.5) and False, and d2l's RNNScratch states on both streams.
@Suite struct JAXInitFixtureTests {
    struct Fixture: Decodable {
        var jax: String
        var cases: [Case]
    }

    struct Case: Decodable {
        var partitionable: Bool
        var seed: UInt64?
        var vocab: Int?
        var hidden: Int?
        var cell: CellKind?
        var layers: Int?
        var tensors: [String: Tensor]?
        var states: [[[Float]]]?
    }

    struct Tensor: Decodable {
        var shape: [Int]
        var bits: [UInt32]
    }

    static let fixture: Fixture = {
        let url = Fixtures.packageRoot.appendingPathComponent("Tests/CharRNNTests/JAXFixtures/jax-init.json")
        guard let data = try? Data(contentsOf: url), let f = try? JSONDecoder().decode(Fixture.self, from: data) else {
            fatalError("cannot read \(url.path)")
        }
        return f
    }()

    static func scheme(_ c: Case) -> InitScheme { c.partitionable ? .jax : .jaxLegacy }

    @Test(arguments: [true, false])
    func everyTensorOfEveryModel(partitionable: Bool) throws {
        let cases = Self.fixture.cases.filter { $0.partitionable == partitionable && $0.tensors != nil }
        #expect(cases.count == 3)
        for c in cases {
            let model = ModelConfig(vocabularySize: c.vocab!, hidden: c.hidden!, cell: c.cell!, layers: c.layers!)
            let params = Initializer.parameters(for: model, scheme: Self.scheme(c), seed: c.seed!)
            #expect(Set(c.tensors!.keys) == Set(model.layout.specs.map(\.name)))
            var maxError: Float = 0, exact = 0, total = 0
            for spec in model.layout.specs {
                let expected = try #require(c.tensors![spec.name])
                #expect(expected.shape == spec.shape)
                for (a, b) in zip(params.tensor(spec.name), expected.bits.map(Float.init(bitPattern:))) {
                    maxError = max(maxError, abs(a - b))
                    exact += a.bitPattern == b.bitPattern ? 1 : 0
                    total += 1
                }
            }
            print("jax \(Self.fixture.jax) \(Self.scheme(c).rawValue) \(model.summary) seed \(c.seed!): "
                + "max |Δ| \(maxError), \(exact)/\(total) bit-identical")
            #expect(maxError <= 1e-6, "\(model.summary): max |Δ| \(maxError)")
        }
    }

    /// The two streams really differ (the reason for two schemes).
    @Test func theStreamsDiffer() {
        let model = ModelConfig(vocabularySize: 28, hidden: 32)
        let a = Initializer.parameters(for: model, scheme: .jax, seed: 0)
        let b = Initializer.parameters(for: model, scheme: .jaxLegacy, seed: 0)
        #expect(zip(a.storage, b.storage).map { abs($0 - $1) }.max()! > 0.5)
    }

    /// d2l's RNNScratch(2, 3) with `nnx.Rngs(0)` run on ones: the legacy stream
    /// gives the seed's printed 0.9977814, −0.7699115, 0.8565357.
    @Test(arguments: [true, false])
    func d2lScratchStates(partitionable: Bool) throws {
        let c = try #require(Self.fixture.cases.first { $0.partitionable == partitionable && $0.states != nil })
        let layout: ThreefryLayout = partitionable ? .partitionable : .original
        var rngs = NNXRngStream(seed: 0)
        let wxh = JAXRandom.heNormal(key: rngs.next(), shape: (rows: 2, cols: 3), layout: layout)
        let whh = JAXRandom.heNormal(key: rngs.next(), shape: (rows: 3, cols: 3), layout: layout)
        var h: [Float] = [0, 0, 0]
        var maxError: Float = 0
        for t in 0..<2 {
            h = (0..<3).map { j in tanh(wxh[j] + wxh[3 + j] + (0..<3).reduce(Float(0)) { $0 + h[$1] * whh[$1 * 3 + j] }) }
            for b in 0..<2 { for j in 0..<3 { maxError = max(maxError, abs(h[j] - c.states![t][b][j])) } }
        }
        #expect(maxError <= 1e-6)
        if !partitionable {
            #expect(abs(c.states![0][0][0] - 0.9977814) < 1e-7 && abs(c.states![0][0][1] + 0.7699115) < 1e-7)
        }
    }
}
