/// A cell position in a grid: row and column, both counted from 0.
public struct GridPosition: Hashable, Sendable {
    public var row: Int
    public var column: Int

    public init(row: Int, column: Int) {
        self.row = row
        self.column = column
    }

    public static let zero = GridPosition(row: 0, column: 0)
}

/// One screen row of a heatmap: the matrix row drawn in it, or when stacked
/// the rows drawn in its upper and lower halves (no lower one at the end of
/// a band of odd height).
public struct HeatmapLine: Hashable, Sendable {
    public var upper: Int
    public var lower: Int?

    public init(upper: Int, lower: Int?) {
        self.upper = upper
        self.lower = lower
    }

    /// Whether `row` is drawn in this line.
    public func contains(_ row: Int) -> Bool { row == upper || row == lower }
}

/// How a heatmap's matrix rows map to screen rows ("lines"): one row per
/// line, or stacked, two per line.
///
/// Stacked rows pair up inside bands (e.g. the states of a model): pairs
/// start at each band's first row and never straddle a band's start, so the
/// upper half always holds a band's even row (counted from the band's start).
/// Every lookup is O(bands), so thousands of rows cost nothing per frame.
public struct HeatmapRows: Hashable, Sendable {
    public let stacked: Bool
    /// The bands, in order; they tile `0..<rows`.
    public let bands: [Range<Int>]

    /// `rows` rows in bands beginning at `bandStarts` (others ignored; row 0 always begins one).
    public init(rows: Int, bandStarts: [Int], stacked: Bool) {
        self.stacked = stacked
        let starts = Set([0] + bandStarts.filter { $0 > 0 && $0 < rows }).sorted()
        bands = rows <= 0 ? [] : zip(starts, starts.dropFirst() + [rows]).map { $0..<$1 }
    }

    private func linesIn(_ band: Range<Int>) -> Int { stacked ? (band.count + 1) / 2 : band.count }

    /// The number of lines.
    public var count: Int { bands.reduce(0) { $0 + linesIn($1) } }

    /// The line showing `row`, clamped to the lines there are (0 when none).
    public func line(ofRow row: Int) -> Int {
        var before = 0
        for band in bands {
            if row < band.upperBound { return before + max(0, row - band.lowerBound) / (stacked ? 2 : 1) }
            before += linesIn(band)
        }
        return max(0, before - 1)
    }

    /// The rows of `line`, nil outside `0..<count`.
    public func rows(ofLine line: Int) -> HeatmapLine? {
        guard line >= 0 else { return nil }
        var before = 0
        for band in bands {
            let n = linesIn(band)
            if line < before + n {
                guard stacked else { return HeatmapLine(upper: band.lowerBound + line - before, lower: nil) }
                let upper = band.lowerBound + 2 * (line - before)
                return HeatmapLine(upper: upper, lower: upper + 1 < band.upperBound ? upper + 1 : nil)
            }
            before += n
        }
        return nil
    }
}
