/// A horizontal run of cells to write: all in one row, all with one style.
public struct CellRun: Hashable, Sendable {
    public var x: Int
    public var y: Int
    public var count: Int
    public var style: Style

    public init(x: Int, y: Int, count: Int, style: Style) {
        self.x = x
        self.y = y
        self.count = count
        self.style = style
    }
}

/// Finds what changed between two frames, as runs the backend can write in one call each.
public enum BufferDiff {
    /// The cells of `new` that differ from `old`, as runs in row-major order.
    ///
    /// Every cell of `new` is included when `old` is nil or has another size.
    /// Only cells inside `columns` × `rows` (the screen) are considered. A run
    /// never spans two rows or two styles, and never contains an unchanged cell.
    public static func changedRuns(from old: Buffer?, to new: Buffer, columns: Int, rows: Int) -> [CellRun] {
        let comparable = old.map { $0.width == new.width && $0.height == new.height } ?? false
        let width = min(new.width, max(0, columns))
        let height = min(new.height, max(0, rows))
        var runs: [CellRun] = []
        guard width > 0 && height > 0 else { return runs }
        new.cells.withUnsafeBufferPointer { newCells in
            let oldCells = comparable ? old!.cells : []
            oldCells.withUnsafeBufferPointer { oldCells in
                for y in 0..<height {
                    let rowStart = y * new.width
                    var runStart = -1
                    var runStyle = Style.plain
                    for x in 0..<width {
                        let cell = newCells[rowStart + x]
                        let changed = !comparable || oldCells[rowStart + x] != cell
                        if changed && runStart >= 0 && cell.style == runStyle { continue }
                        if runStart >= 0 {
                            runs.append(CellRun(x: runStart, y: y, count: x - runStart, style: runStyle))
                            runStart = -1
                        }
                        if changed {
                            runStart = x
                            runStyle = cell.style
                        }
                    }
                    if runStart >= 0 {
                        runs.append(CellRun(x: runStart, y: y, count: width - runStart, style: runStyle))
                    }
                }
            }
        }
        return runs
    }
}
