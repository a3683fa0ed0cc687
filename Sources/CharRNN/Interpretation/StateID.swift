/// Names one state of the model — a layer and one of its states — as the
/// interpretation commands spell it: `h`, `c`, `z`, … for layer 0 and `l1.h`,
/// `l2.c`, … above it, with the prefix the layer's tensors carry (`l1.W_xh`
/// belongs to the layer whose hidden state is `l1.h`).
public struct StateID: Hashable, Sendable, CustomStringConvertible {
    /// The layer, from 0 (the one reading the input).
    public var layer: Int
    public var kind: StateKind

    public init(layer: Int, kind: StateKind) {
        self.layer = layer
        self.kind = kind
    }

    /// `h`, `l1.h`, `l2.c`.
    public var name: String { ModelConfig.layerPrefix(layer) + kind.symbol }
    public var description: String { name }

    /// The state `name` spells in `model`; nil when the model has none such
    /// (no layer of that index, or a kind its cell lacks).
    public init?(name: String, model: ModelConfig) {
        var rest = Substring(name)
        var layer = 0
        if rest.hasPrefix("l"), let dot = rest.firstIndex(of: "."), let n = Int(rest[rest.index(after: rest.startIndex)..<dot]) {
            guard n > 0 else { return nil }  // layer 0 has no prefix, as its tensors have none
            layer = n
            rest = rest[rest.index(after: dot)...]
        }
        guard let kind = StateKind(rawValue: String(rest)), layer < model.layers,
            StateKind.states(of: model.cell).contains(kind)
        else { return nil }
        self.init(layer: layer, kind: kind)
    }

    /// The top layer's hidden state: what the output layer reads, and the default state of every command.
    public static func top(of model: ModelConfig) -> StateID { StateID(layer: model.layers - 1, kind: .hidden) }

    /// Every state of `model`, in the order `HiddenTrace` lists its groups.
    public static func all(of model: ModelConfig) -> [StateID] {
        (0..<model.layers).flatMap { l in StateKind.states(of: model.cell).map { StateID(layer: l, kind: $0) } }
    }
}

extension HiddenTrace.Group {
    /// The state this group holds.
    public var id: StateID { StateID(layer: layer, kind: kind) }
}
