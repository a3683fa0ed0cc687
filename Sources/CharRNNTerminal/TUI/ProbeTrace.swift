import CharRNN

/// The hidden states of the probe text laid out for the heatmap: one row per
/// hidden unit (every group of the trace, stacked), one column per step.
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
    /// Row-major (rows, columns): `values[unit * columns + step]`.
    public var values: [Float]
    /// One label per row: the unit number, prefixed with its group's name when
    /// the trace has several groups.
    public var rowLabels: [String]
    /// The groups' names, top to bottom.
    public var groupNames: [String]

    public static let empty = ProbeTrace(ids: [], paramsVersion: -1, rows: 0, columns: 0, values: [], rowLabels: [], groupNames: [])

    public init(ids: [Int], paramsVersion: Int, rows: Int, columns: Int, values: [Float], rowLabels: [String], groupNames: [String]) {
        self.ids = ids
        self.paramsVersion = paramsVersion
        self.rows = rows
        self.columns = columns
        self.values = values
        self.rowLabels = rowLabels
        self.groupNames = groupNames
    }

    /// The trace transposed to units × steps.
    public init(trace: HiddenTrace, paramsVersion: Int) {
        let steps = trace.steps
        let rows = trace.groups.reduce(0) { $0 + $1.width }
        var values = [Float](repeating: .nan, count: rows * steps)
        var labels: [String] = []
        labels.reserveCapacity(rows)
        var row = 0
        for group in trace.groups {
            for unit in 0..<group.width {
                for t in 0..<steps { values[row * steps + t] = group.value(step: t, unit: unit) }
                labels.append(trace.groups.count > 1 ? "\(group.name) \(unit)" : "\(unit)")
                row += 1
            }
        }
        self.init(
            ids: trace.inputs, paramsVersion: paramsVersion, rows: rows, columns: steps,
            values: values, rowLabels: labels, groupNames: trace.groups.map(\.name))
    }

    /// The value of `unit` after step `step`, if both exist.
    public func value(unit: Int, step: Int) -> Float? {
        guard unit >= 0, unit < rows, step >= 0, step < columns else { return nil }
        return values[unit * columns + step]
    }

    /// Whether this trace is the one for `ids` under weights `version`.
    public func matches(ids: [Int], version: Int) -> Bool {
        paramsVersion == version && self.ids == ids
    }
}
