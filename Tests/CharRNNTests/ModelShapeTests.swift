import CharRNN
import CharRNNTestSupport
import Testing

/// d2l's shape checks (check_len / check_shape) and the initialisation schemes.
@Suite struct ModelShapeTests {
    @Test func d2lShapeChecks() {
        // batch_size, num_inputs, num_hiddens, num_steps = 2, 16, 32, 100
        let (batch, v, h, steps) = (2, 16, 32, 100)
        let tokens = ["<unk>"] + (0..<(v - 1)).map { String(UnicodeScalar(UInt8(97 + $0))) }
        let vocab = Vocabulary(corpusTokens: tokens)
        let model = ModelConfig(vocabularySize: v, hidden: h)
        let params = Initializer.parameters(for: model, scheme: .he, seed: 0)
        let out = BatchForward(params: params, model: model, vocabulary: vocab, inputs: Array(repeating: Array(repeating: 1, count: steps), count: batch))
        #expect(out.outputs.count == steps)  // check_len(outputs, num_steps)
        #expect(out.outputs[0].count == batch && out.outputs[0].allSatisfy { $0.count == h })  // check_shape(outputs[0], (batch, H))
        #expect(out.state.count == batch && out.state.allSatisfy { $0.count == h })  // check_shape(state, (batch, H))
        #expect(out.state == out.outputs[steps - 1])
        // model(ones((batch, num_steps))) → (batch, num_steps, V)
        #expect(out.logits.count == batch && out.logits.allSatisfy { $0.count == steps && $0.allSatisfy { $0.count == v } })
    }

    @Test func batchForwardMatchesTheReference() {
        let model = ModelConfig(vocabularySize: 7, hidden: 5)
        let vocab = Vocabulary(corpusTokens: ["a", "b", "c", "d", "e", "f"])
        let params = Fixtures.randomParameters(model, seed: 11)
        let ref = ReferenceRNN(config: model, params: params)
        let inputs = [[1, 2, 3, 4], [6, 0, 6, 5]]
        let out = BatchForward(params: params, model: model, vocabulary: vocab, inputs: inputs)
        for (b, row) in inputs.enumerated() {
            let states = ref.states(row)
            for t in row.indices {
                #expect(Tolerance.worst(out.outputs[t][b], states[t], atol: 1e-6) <= 1)
                #expect(Tolerance.worst(out.logits[b][t], ref.logits(states[t]), atol: 1e-5) <= 1)
            }
        }
    }

    /// The seed's printed values: `RNNScratch(num_inputs=2, num_hiddens=3, rngs=nnx.Rngs(0))`
    /// applied to ones of shape (2, 2, 2), in JAX's original threefry layout. The
    /// engine's `--init jax-legacy` draws W_xh and
    /// W_hh as the first two tensors; the dense input of ones selects the sum of W_xh's rows.
    @Test func jaxInitReproducesTheSeedsPrintedOutputs() {
        let params = Initializer.parameters(for: ModelConfig(vocabularySize: 2, hidden: 3), scheme: .jaxLegacy, seed: 0)
        let wxh = params.tensor("W_xh"), whh = params.tensor("W_hh"), bh = params.tensor("b_h")
        var h = [Float](repeating: 0, count: 3)
        var steps: [[Float]] = []
        for _ in 0..<2 {
            h = (0..<3).map { j in
                var s = bh[j] + wxh[j] + wxh[3 + j]  // ones · W_xh
                for i in 0..<3 { s += h[i] * whh[i * 3 + j] }
                return Float(Foundation_tanhf(s))
            }
            steps.append(h)
        }
        let expected: [[Float]] = [[0.9977814, -0.7699115, 0.8565357], [0.9995162, -0.9408712, 0.42814836]]
        #expect(Tolerance.worst(steps.joined(), expected.joined(), atol: 1e-6) <= 1, "\(steps) vs \(expected)")
    }

    @Test(arguments: InitScheme.allCases)
    func initialisationIsSeededWithZeroBiases(_ scheme: InitScheme) {
        let model = ModelConfig(vocabularySize: 28, hidden: 64)
        let a = Initializer.parameters(for: model, scheme: scheme, seed: 3)
        #expect(a == Initializer.parameters(for: model, scheme: scheme, seed: 3))
        #expect(a != Initializer.parameters(for: model, scheme: scheme, seed: 4))
        #expect(a.tensor("b_h").allSatisfy { $0 == 0 } && a.tensor("b_q").allSatisfy { $0 == 0 })
        let whh = a.tensor("W_hh").map(Double.init)
        let std = (whh.reduce(0) { $0 + $1 * $1 } / Double(whh.count)).squareRoot()
        let expected = scheme == .normal ? 0.01 : (2.0 / 64).squareRoot()
        #expect(abs(std - expected) < 0.1 * expected, "\(scheme): std \(std)")
        if scheme != .normal {
            let bound = 2 * (2.0 / 64).squareRoot() / Initializer.truncatedNormalStd
            #expect(whh.allSatisfy { abs($0) <= bound + 1e-6 })
        }
    }
}
