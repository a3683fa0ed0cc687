/// The lines entered so far, oldest first, for browsing and searching.
///
/// Invariants: `entries.count <= capacity`; no entry is empty or only
/// whitespace; no two neighbouring entries are equal.
public struct LineHistory: Hashable, Sendable {
    public private(set) var entries: [String] = []
    /// The most entries kept; the oldest are dropped beyond it.
    public let capacity: Int

    public init(_ entries: [String] = [], capacity: Int = 1000) {
        self.capacity = max(0, capacity)
        for entry in entries { add(entry) }
    }

    public var count: Int { entries.count }
    public var isEmpty: Bool { entries.isEmpty }

    public subscript(index: Int) -> String { entries[index] }

    /// Appends `line` unless it is blank or equal to the newest entry.
    public mutating func add(_ line: String) {
        guard capacity > 0, line.contains(where: { !$0.isWhitespace }), entries.last != line else { return }
        entries.append(line)
        if entries.count > capacity { entries.removeFirst(entries.count - capacity) }
    }

    /// Removes every entry.
    public mutating func removeAll() {
        entries.removeAll()
    }

    /// The index of the newest entry at or before `start` that contains
    /// `query`, or nil. `start` is clamped to the entries.
    public func lastIndex(containing query: String, atOrBefore start: Int) -> Int? {
        guard !entries.isEmpty, start >= 0 else { return nil }
        var index = min(start, entries.count - 1)
        while index >= 0 {
            if entries[index].contains(query) { return index }
            index -= 1
        }
        return nil
    }
}
