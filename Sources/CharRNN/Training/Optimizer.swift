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
        precondition(params.layout == gradient.layout)
        gradient.storage.withUnsafeBufferPointer { g in
            params.storage.withUnsafeMutableBufferPointer { p in
                VectorOps.axpy(-learningRate, g.baseAddress!, p.baseAddress!, count: p.count)
            }
        }
    }
}
