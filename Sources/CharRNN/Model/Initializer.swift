/// How the weights are initialised (`--init`); biases are always 0.
public enum InitScheme: String, Sendable, Codable, CaseIterable {
    /// he_normal, the seed's default: a normal truncated to [−2, 2], times
    /// sqrt(2 / fan_in) / 0.87962566103423978 (the truncated normal's std), from
    /// the engine's own generator.
    case he
    /// The book's N(0, 0.01²), from the engine's own generator.
    case normal
    /// he_normal drawn as current JAX/Flax NNX draws it with `nnx.Rngs(seed)`
    /// (threefry in the partitionable layout, JAX's default since 0.5).
    case jax
    /// The same draws in JAX's original threefry layout
    /// (`jax_threefry_partitionable=False`): the stream of the seed's printed
    /// numbers, and of checkpoints that recorded `jax` before this scheme existed.
    case jaxLegacy = "jax-legacy"
}

public enum Initializer {
    /// The standard deviation of a standard normal truncated to [−2, 2].
    public static let truncatedNormalStd = 0.879_625_661_034_239_78

    /// Fresh parameters for `config`, drawn in the order W_xh, W_hh, b_h, W_hq, b_q.
    ///
    /// Weight matrices are (fan_in, fan_out); biases are zero. For `.jax` each
    /// tensor — zero biases included — consumes one key of the `nnx.Rngs(seed)` stream.
    /// (Both JAX schemes match JAX on an x86-64 CPU with FMA to the last bit or
    /// nearly; see `JAXRandom`.)
    public static func parameters(for config: ModelConfig, scheme: InitScheme, seed: UInt64) -> ParameterArena {
        var arena = ParameterArena(layout: config.layout)
        var generator = SeededGenerator(seed: seed, stream: .initialisation)
        var stream = NNXRngStream(seed: seed)
        for spec in config.layout.specs {
            let isBias = spec.shape.count == 1
            let key = stream.next()
            guard !isBias else { continue }
            let (rows, cols) = (spec.shape[0], spec.shape[1])
            let values: [Float]
            switch scheme {
            case .he:
                let std = (2 / Double(rows)).squareRoot() / truncatedNormalStd
                values = (0..<(rows * cols)).map { _ in Float(generator.nextTruncatedNormal() * std) }
            case .normal:
                values = (0..<(rows * cols)).map { _ in Float(generator.nextNormal() * 0.01) }
            case .jax:
                values = JAXRandom.heNormal(key: key, shape: (rows: rows, cols: cols), layout: .partitionable)
            case .jaxLegacy:
                values = JAXRandom.heNormal(key: key, shape: (rows: rows, cols: cols), layout: .original)
            }
            arena.setTensor(spec.name, values)
        }
        return arena
    }
}
