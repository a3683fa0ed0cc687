/// LSTMVis's match: the spans of a token sequence where a set of units of one
/// state is on (> threshold) at every step.
public struct PatternMatcher {
    /// The pattern's units, the threshold and the shortest span reported.
    public var units: [Int]
    public var threshold: Float
    public var minimumLength: Int

    public init(units: [Int], threshold: Float, minimumLength: Int) {
        self.units = units
        self.threshold = threshold
        self.minimumLength = minimumLength
    }

    /// The units of `group` above `threshold` at every step of `steps`, ascending.
    public static func unitsOn(_ group: HiddenTrace.Group, steps: ClosedRange<Int>, threshold: Float) -> [Int] {
        (0..<group.width).filter { u in steps.allSatisfy { group.value(step: $0, unit: u) > threshold } }
    }

    /// Every maximal span of `ids`, run from a zero state as one sequence with
    /// `sampler`, where all of `units` of `state` are on at every step and that
    /// is at least `minimumLength` long; context from `vocabulary`. Unsorted;
    /// nil when `cancelled` says so (checked every 4,096 steps).
    public func spans(
        of ids: [Int32], sampler: Sampler, state: StateID, cancelled: () -> Bool = { false }
    ) -> [PatternMatch]? {
        let width = sampler.model.hidden
        var row: [Float] = []
        row.reserveCapacity(width)
        var found: [PatternMatch] = []
        var start: Int?
        var onThroughout = [Bool](repeating: false, count: width)
        func close(at end: Int) {
            guard let s = start, end - s >= minimumLength else { return }
            let on = onThroughout.lazy.filter { $0 }.count
            found.append(match(ids, start: s, length: end - s, unitsOn: on, vocabulary: sampler.vocabulary))
        }
        sampler.reset()
        for (t, id) in ids.enumerated() {
            if t % 4096 == 0, cancelled() { return nil }
            sampler.feed(Int(id))
            row.removeAll(keepingCapacity: true)
            sampler.appendState(state.kind, layer: state.layer, to: &row)
            if !units.isEmpty, units.allSatisfy({ row[$0] > threshold }) {
                if start == nil {
                    start = t
                    for u in 0..<width { onThroughout[u] = row[u] > threshold }
                } else {
                    for u in 0..<width where row[u] <= threshold { onThroughout[u] = false }
                }
            } else {
                close(at: t)
                start = nil
            }
        }
        close(at: ids.count)
        return found
    }

    private func match(_ ids: [Int32], start: Int, length: Int, unitsOn: Int, vocabulary: Vocabulary) -> PatternMatch {
        let c = PatternSearch.contextLength
        let text = { (r: Range<Int>) in vocabulary.decode(ids[r.clamped(to: 0..<ids.count)]) }
        return PatternMatch(
            start: start, length: length, unitsOn: unitsOn, overlap: Double(units.count) / Double(max(1, unitsOn)),
            before: text((start - c)..<start), text: text(start..<(start + length)), after: text((start + length)..<(start + length + c)))
    }

    /// `spans` best first — overlap descending, then the length closest to
    /// `minimumLength`, then the earliest — cut to `limit`.
    public func best(_ spans: [PatternMatch], limit: Int) -> [PatternMatch] {
        Array(spans.sorted { a, b in
            if a.overlap != b.overlap { return a.overlap > b.overlap }
            let (da, db) = (a.length - minimumLength, b.length - minimumLength)
            return da != db ? da < db : a.start < b.start
        }.prefix(limit))
    }
}
