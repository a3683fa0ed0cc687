import CharRNN

/// One state of one layer in the heatmap: a band of consecutive rows, one per unit.
public struct StateGroup: Hashable, Sendable {
    /// The 1-based layer; nil for a one-layer model.
    public var layer: Int?
    /// `h`, `c`, or the gate's letter.
    public var symbol: String
    /// What the state is: `hidden state`, `cell`, `update gate`, …
    public var role: String
    /// The heatmap row of unit 0.
    public var firstRow: Int
    /// Units (rows).
    public var width: Int

    public init(layer: Int?, symbol: String, role: String, firstRow: Int, width: Int) {
        self.layer = layer
        self.symbol = symbol
        self.role = role
        self.firstRow = firstRow
        self.width = width
    }

    /// The group's rows.
    public var rows: Range<Int> { firstRow..<(firstRow + width) }

    /// `L1 i`, or `i` for a one-layer model: the heatmap's gutter label.
    public var shortName: String { layer.map { "L\($0) \(symbol)" } ?? symbol }

    /// `layer 1 · input gate i`, or `input gate i` for a one-layer model.
    public var fullName: String { (layer.map { "layer \($0) · " } ?? "") + "\(role) \(symbol)" }
}

/// The hidden states of the probe text laid out for the heatmap: one row per
/// unit of every state of every layer (the trace's groups, stacked), one
/// column per step.
///
/// Computed from a `HiddenTrace` only when the probe ids or the weights change,
/// so drawing a frame never runs the model.
public struct ProbeTrace: Hashable, Sendable {
    /// The input ids, one per step (column).
    public var ids: [Int]
    /// The `paramsVersion` of the weights the states were computed with.
    public var paramsVersion: Int
    public var rows: Int
    public var columns: Int
    /// Row-major (rows, columns): `values[row * columns + step]`.
    public var values: [Float]
    /// The states, top to bottom; their rows tile `0..<rows`.
    public var groups: [StateGroup]

    public static let empty = ProbeTrace(ids: [], paramsVersion: -1, rows: 0, columns: 0, values: [], groups: [])

    public init(ids: [Int], paramsVersion: Int, rows: Int, columns: Int, values: [Float], groups: [StateGroup]) {
        self.ids = ids
        self.paramsVersion = paramsVersion
        self.rows = rows
        self.columns = columns
        self.values = values
        self.groups = groups
    }

    /// The trace transposed to units × steps.
    public init(trace: HiddenTrace, paramsVersion: Int) {
        let steps = trace.steps
        let rows = trace.groups.reduce(0) { $0 + $1.width }
        var values = [Float](repeating: .nan, count: rows * steps)
        var groups: [StateGroup] = []
        var row = 0
        for group in trace.groups {
            for unit in 0..<group.width {
                for t in 0..<steps { values[(row + unit) * steps + t] = group.value(step: t, unit: unit) }
            }
            groups.append(StateGroup(
                layer: trace.layers > 1 ? group.layer + 1 : nil, symbol: group.kind.symbol, role: group.kind.role, firstRow: row, width: group.width))
            row += group.width
        }
        self.init(ids: trace.inputs, paramsVersion: paramsVersion, rows: rows, columns: steps, values: values, groups: groups)
    }

    /// The value of row `unit` after step `step`, if both exist.
    public func value(unit: Int, step: Int) -> Float? {
        guard unit >= 0, unit < rows, step >= 0, step < columns else { return nil }
        return values[unit * columns + step]
    }

    /// The index in `groups` of the group holding `row`, if any.
    public func groupIndex(ofRow row: Int) -> Int? {
        groups.firstIndex { $0.rows.contains(row) }
    }

    /// The distinct symbols of the groups, in order (`z r h`).
    public var symbols: [String] {
        var seen: [String] = []
        for g in groups where !seen.contains(g.symbol) { seen.append(g.symbol) }
        return seen
    }

    /// How many layers the groups span.
    public var layers: Int { max(1, groups.compactMap(\.layer).max() ?? 1) }

    /// Whether this trace is the one for `ids` under weights `version`.
    public func matches(ids: [Int], version: Int) -> Bool {
        paramsVersion == version && self.ids == ids
    }
}
