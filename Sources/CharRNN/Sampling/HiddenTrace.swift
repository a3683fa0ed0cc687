/// One of the states a layer holds at each step: its hidden state, the LSTM's
/// cell, or a gate's activation.
public enum StateKind: String, Hashable, Sendable, CaseIterable {
    case hidden = "h"
    case cell = "c"
    case updateGate = "z"
    case resetGate = "r"
    case inputGate = "i"
    case forgetGate = "f"
    case outputGate = "o"

    /// d2l's letter for it: `h`, `c`, `z`, `r`, `i`, `f`, `o`.
    public var symbol: String { rawValue }

    /// What it is, in words: `hidden state`, `cell state`, `update gate`, …
    public var role: String {
        switch self {
        case .hidden: "hidden state"
        case .cell: "cell state"
        case .updateGate: "update gate"
        case .resetGate: "reset gate"
        case .inputGate: "input gate"
        case .forgetGate: "forget gate"
        case .outputGate: "output gate"
        }
    }

    /// The states a layer of `cell` holds, in the order traces list them: the
    /// gates (GRU z r; LSTM i f o), the LSTM's cell, then h.
    public static func states(of cell: CellKind) -> [StateKind] {
        switch cell {
        case .rnn: [.hidden]
        case .gru, .torchGRU: [.updateGate, .resetGate, .hidden]
        case .lstm: [.inputGate, .forgetGate, .outputGate, .cell, .hidden]
        }
    }
}

/// The internal states of the model at each step of a text, for inspection.
///
/// One group per state of every layer (see `StateKind.states(of:)`), layer 0
/// first, so views can list every state of every layer.
public struct HiddenTrace: Hashable, Sendable {
    /// The input ids, one per step.
    public var inputs: [Int]
    /// Stacked layers of the model traced.
    public var layers: Int
    public var groups: [Group]

    public struct Group: Hashable, Sendable {
        /// The layer, from 0 (the one reading the input).
        public var layer: Int
        public var kind: StateKind
        /// Units per step.
        public var width: Int
        /// (steps, width), row-major: `values[t * width + unit]`.
        public var values: [Float]

        public init(layer: Int, kind: StateKind, width: Int, values: [Float]) {
            self.layer = layer
            self.kind = kind
            self.width = width
            self.values = values
        }

        /// The value of `unit` after step `t`.
        public func value(step t: Int, unit: Int) -> Float { values[t * width + unit] }
    }

    public init(inputs: [Int], layers: Int, groups: [Group]) {
        self.inputs = inputs
        self.layers = layers
        self.groups = groups
    }

    public var steps: Int { inputs.count }
}

extension Sampler {
    /// The states after each character of `ids`, starting from zero: for the
    /// RNN one group `h`, for the GRU z, r and h, for the LSTM i, f, o, c and h,
    /// for every layer. Leaves the sampler after the last of `ids`.
    public func trace(_ ids: [Int]) -> HiddenTrace {
        reset()
        let kinds = StateKind.states(of: model.cell)
        var groups = (0..<model.layers).flatMap { l in
            kinds.map { HiddenTrace.Group(layer: l, kind: $0, width: model.hidden, values: []) }
        }
        for i in groups.indices { groups[i].values.reserveCapacity(ids.count * model.hidden) }
        for id in ids {
            feed(id)
            for i in groups.indices { appendState(groups[i].kind, layer: groups[i].layer, to: &groups[i].values) }
        }
        return HiddenTrace(inputs: ids, layers: model.layers, groups: groups)
    }
}
