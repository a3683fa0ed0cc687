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
            guard g < reference.count else { return Comparison(name: "extra \(group.name)", worst: .infinity) }
            let want = reference[g]
            // One-layer models name no layer; stacked ones count from 1.
            let layer = model.layers > 1 ? want.layer + 1 : nil
            guard group.layer == layer, group.symbol == want.symbol, group.width == model.hidden else {
                return Comparison(name: "\(group.name) where layer \(want.layer) \(want.symbol) belongs", worst: .infinity)
            }
            return Comparison(name: group.name, worst: Tolerance.worst(group.values, want.values.joined(), rtol: 1e-5, atol: 2e-6))
        }
    }
}
