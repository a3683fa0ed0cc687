import Foundation

/// The update rule (`--optimizer`).
public enum OptimizerKind: String, Sendable, Codable, CaseIterable {
    /// θ ← θ − lr·g (d2l's SGD).
    case sgd
    /// v ← μv + g; θ ← θ − lr·v.
    case momentum
    /// Adam with bias correction: m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g²,
    /// θ ← θ − lr·m̂ / (√v̂ + ε).
    case adam

    /// The learning rate a run uses when none is given: d2l's 1 for SGD; for
    /// momentum and Adam the values that train the d2l model (RNN, H=32, 100
    /// epochs) to a validation perplexity below 8 (README, "Optimisers").
    public var defaultLearningRate: Float {
        switch self {
        case .sgd: 1
        case .momentum: 0.1
        case .adam: 0.005
        }
    }

    /// The per-parameter state arenas the rule keeps, by name.
    public var slotNames: [String] {
        switch self {
        case .sgd: []
        case .momentum: ["velocity"]
        case .adam: ["m", "v"]
        }
    }
}

/// An optimiser's state: one arena per slot (same layout as the parameters)
/// and the number of updates taken (Adam's t).
public struct OptimizerState: Hashable, Sendable {
    public var kind: OptimizerKind
    public var slots: [ParameterArena]
    public var updates: Int

    /// Zero state for `kind` over `layout`.
    public init(kind: OptimizerKind, layout: ParameterLayout) {
        self.kind = kind
        self.slots = kind.slotNames.map { _ in ParameterArena(layout: layout) }
        self.updates = 0
    }

    public init(kind: OptimizerKind, slots: [ParameterArena], updates: Int) {
        // Invariant, not input: `Checkpoint.load` checks the optimiser record against its slots.
        precondition(slots.count == kind.slotNames.count)
        self.kind = kind
        self.slots = slots
        self.updates = updates
    }
}

/// Gradient clipping and parameter updates over whole arenas.
public enum Optimizer {
    /// If `norm` (the global L2 norm of `gradient`) exceeds `maxNorm`, scales every
    /// gradient by maxNorm / norm (d2l's `clip_gradients`); `maxNorm = 0` disables it.
    ///
    /// After: ‖gradient‖ ≤ maxNorm·(1 + 1e-6); untouched when norm ≤ maxNorm.
    public static func clipGlobalNorm(_ gradient: inout ParameterArena, maxNorm: Float, norm: Double) {
        guard maxNorm > 0, norm > Double(maxNorm) else { return }
        let factor = Float(Double(maxNorm) / norm)
        gradient.storage.withUnsafeMutableBufferPointer { VectorOps.scale($0.baseAddress!, by: factor, count: $0.count) }
    }

    /// θ ← θ − lr·g.
    public static func sgd(_ params: inout ParameterArena, gradient: ParameterArena, learningRate: Float) {
        // Invariant, not input: the gradient is allocated from the parameters' layout.
        precondition(params.layout == gradient.layout)
        gradient.storage.withUnsafeBufferPointer { g in
            params.storage.withUnsafeMutableBufferPointer { p in
                VectorOps.axpy(-learningRate, g.baseAddress!, p.baseAddress!, count: p.count)
            }
        }
    }

    /// One update of `params` by the rule of `state.kind` with `config`'s hyperparameters.
    public static func update(_ params: inout ParameterArena, gradient: ParameterArena, state: inout OptimizerState,
                              learningRate lr: Float, config: TrainingConfig) {
        state.updates += 1
        switch state.kind {
        case .sgd:
            sgd(&params, gradient: gradient, learningRate: lr)
        case .momentum:
            let mu = config.momentum
            gradient.storage.withUnsafeBufferPointer { g in
                state.slots[0].storage.withUnsafeMutableBufferPointer { v in
                    params.storage.withUnsafeMutableBufferPointer { p in
                        for i in 0..<p.count {
                            v[i] = mu * v[i] + g[i]
                            p[i] = p[i].addingProduct(-lr, v[i])
                        }
                    }
                }
            }
        case .adam:
            let (b1, b2, eps) = (config.beta1, config.beta2, config.epsilon)
            let t = Float(state.updates)
            let c1 = 1 / (1 - pow(b1, t)), c2 = 1 / (1 - pow(b2, t))
            // Take the two slots out so each can be mutated while the other is read.
            var slots = state.slots
            state.slots = []
            var first = slots[0], second = slots[1]
            slots = []
            gradient.storage.withUnsafeBufferPointer { g in
                first.storage.withUnsafeMutableBufferPointer { m in
                    second.storage.withUnsafeMutableBufferPointer { v in
                        params.storage.withUnsafeMutableBufferPointer { p in
                            for i in 0..<p.count {
                                m[i] = b1 * m[i] + (1 - b1) * g[i]
                                v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i]
                                p[i] -= lr * (m[i] * c1) / ((v[i] * c2).squareRoot() + eps)
                            }
                        }
                    }
                }
            }
            state.slots = [first, second]
        }
    }
}

/// xⁿ for the bias corrections, in Double for accuracy at large t.
@inline(__always) private func pow(_ x: Float, _ n: Float) -> Float {
    Float(Foundation.pow(Double(x), Double(n)))
}
