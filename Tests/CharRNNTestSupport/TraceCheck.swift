import CharRNN

/// The engine's traced states against the reference network's: every state
/// of every layer, in order, each value to 2e-6 plus 1e-5 relative (the
/// engine computes in Float with ~2.5e-7 activation error).
public enum TraceCheck {
    /// One group of the engine's trace beside the reference state it must equal.
    public struct Comparison: CustomStringConvertible {
        /// The engine group's name, or what was missing.
        public var name: String
        /// The worst excess ratio (≤ 1 passes); infinite when the group is
        /// missing, extra, out of order or of the wrong shape.
        public var worst: Double

        public var description: String { "\(name): \(worst)" }
    }

    /// Compares `trace` (from step 0 of `ids`) with the reference network of
    /// `model` and `params`: one comparison per group of either.
    public static func compare(_ trace: HiddenTrace, model: ModelConfig, params: ParameterArena) -> [Comparison] {
        let reference = ReferenceNetwork(model: model, params: params).trace(trace.inputs)
        return (0..<max(trace.groups.count, reference.count)).map { g in
            guard g < trace.groups.count else { return Comparison(name: "missing layer \(reference[g].layer) \(reference[g].symbol)", worst: .infinity) }
            let group = trace.groups[g]
            let name = "layer \(group.layer) \(group.kind.symbol)"
            guard g < reference.count else { return Comparison(name: "extra \(name)", worst: .infinity) }
            let want = reference[g]
            guard group.layer == want.layer, group.kind.symbol == want.symbol, group.width == model.hidden else {
                return Comparison(name: "\(name) where layer \(want.layer) \(want.symbol) belongs", worst: .infinity)
            }
            return Comparison(name: name, worst: Tolerance.worst(group.values, want.values.joined(), rtol: 1e-5, atol: 2e-6))
        }
    }
}
