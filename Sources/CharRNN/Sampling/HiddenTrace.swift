/// The internal states of the model at each step of a text, for inspection.
///
/// For the scratch RNN there is one group, `h`. Cells with gates add one group
/// per gate and state (e.g. `z`, `r`, `h` for a GRU), and stacked models one set
/// per layer, so views can list every state of every layer.
public struct HiddenTrace: Hashable, Sendable {
    /// The input ids, one per step.
    public var inputs: [Int]
    public var groups: [Group]

    public struct Group: Hashable, Sendable {
        /// Short name, e.g. `h`, `layer 2 h`, `z (update gate)`.
        public var name: String
        /// Units per step.
        public var width: Int
        /// (steps, width), row-major: `values[t * width + unit]`.
        public var values: [Float]

        public init(name: String, width: Int, values: [Float]) {
            self.name = name
            self.width = width
            self.values = values
        }

        /// The value of `unit` after step `t`.
        public func value(step t: Int, unit: Int) -> Float { values[t * width + unit] }
    }

    public var steps: Int { inputs.count }
}

extension Sampler {
    /// The states after each character of `ids`, starting from h₀ = 0.
    /// This sampler's own state is left as it was.
    public func trace(_ ids: [Int]) -> HiddenTrace {
        let saved = savedState()
        defer { restoreState(saved) }
        reset()
        var values: [Float] = []
        values.reserveCapacity(ids.count * model.hidden)
        for id in ids {
            feed(id)
            values += hidden
        }
        return HiddenTrace(inputs: ids, groups: [.init(name: "h", width: model.hidden, values: values)])
    }
}
