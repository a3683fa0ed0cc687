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
    /// The states after each character of `ids`, starting from zero: for the
    /// RNN one group `h`, for the GRU z, r and h, for the LSTM i, f, o, c and h —
    /// per layer when there are several. This sampler's own state is left as it was.
    public func trace(_ ids: [Int]) -> HiddenTrace {
        let saved = savedState()
        defer { restoreState(saved) }
        reset()
        var groups: [HiddenTrace.Group] = []
        for id in ids {
            feed(id)
            let step = lastStepGroups()
            if groups.isEmpty {
                groups = step.map { HiddenTrace.Group(name: $0.name, width: model.hidden, values: []) }
                for i in groups.indices { groups[i].values.reserveCapacity(ids.count * model.hidden) }
            }
            for (i, g) in step.enumerated() { groups[i].values += g.values }
        }
        if groups.isEmpty {
            // No steps: the group names only.
            groups = lastStepGroups().map { HiddenTrace.Group(name: $0.name, width: model.hidden, values: []) }
        }
        return HiddenTrace(inputs: ids, groups: groups)
    }
}

extension HiddenTrace.Group {
    /// The 1-based layer the name gives (`layer 2 h` → 2); nil when it names
    /// none, as for one-layer models.
    public var layer: Int? {
        guard name.hasPrefix("layer ") else { return nil }
        return Int(name.dropFirst("layer ".count).prefix { $0.isNumber })
    }

    /// The state's symbol: `h`, `c` or a gate's letter (`layer 1 z (update gate)` → `z`).
    public var symbol: String {
        var rest = Substring(name)
        if layer != nil { rest = rest.drop { $0 != " " }.dropFirst().drop { $0 != " " }.dropFirst() }
        return String(rest.prefix { $0 != " " })
    }

    /// The description in parentheses (`update gate`, `cell`); nil when there is none.
    public var role: String? {
        guard let open = name.firstIndex(of: "("), let close = name.lastIndex(of: ")"), open < close else { return nil }
        return String(name[name.index(after: open)..<close])
    }
}
