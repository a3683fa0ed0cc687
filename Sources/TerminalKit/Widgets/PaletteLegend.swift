/// One row explaining a palette: `-1 ▇▇▇▇ 0 ▇▇▇▇ +1` or `0 ▇▇▇▇▇▇▇▇ 1`.
///
/// The swatches are palette cells (colour backgrounds, or shade glyphs without
/// colour) for evenly spaced values. A diverging legend has up to `steps`
/// swatches per side, sampling (−1, 0) and (0, +1] so that both ends and the
/// neutral middle are shown; a sequential one up to `2 · steps` over [0, 1].
/// Swatches are dropped to fit the width; when not even one per side fits,
/// nothing is drawn. Only the first row of the area is used.
public struct PaletteLegend: Widget, Hashable {
    public var palette: Palette
    public var steps: Int

    public init(palette: Palette, steps: Int = 6) {
        self.palette = palette
        self.steps = steps
    }

    /// The legend's cells at `width`, left to right.
    public func cells(width: Int, theme: Theme) -> [Cell] {
        let swatchCount: Int
        let parts: [String]
        switch palette.kind {
        case .diverging:
            parts = ["-1 ", " 0 ", " +1"]
            swatchCount = min(max(0, steps), (width - 9) / 2)
        case .sequential:
            parts = ["0 ", "", " 1"]
            swatchCount = min(max(0, 2 * steps), width - 4)
        }
        guard swatchCount >= 1 else { return [] }
        let values: [Double]
        switch palette.kind {
        case .diverging:
            let n = Double(swatchCount)
            values = (0..<swatchCount).map { -1 + Double($0) / n } + (1...swatchCount).map { Double($0) / n }
        case .sequential:
            let n = Double(max(1, swatchCount - 1))
            values = (0..<swatchCount).map { Double($0) / n }
        }
        let half = palette.kind == .diverging ? swatchCount : values.count
        var cells: [Cell] = parts[0].map { Cell($0) }
        cells += values[..<half].map { palette.cell(for: $0, theme: theme) }
        cells += parts[1].map { Cell($0) }
        cells += values[half...].map { palette.cell(for: $0, theme: theme) }
        cells += parts[2].map { Cell($0) }
        return cells
    }

    public func render(into buffer: inout Buffer, area: Rect, theme: Theme) {
        let clip = area.intersection(buffer.area)
        guard !clip.isEmpty else { return }
        for (i, cell) in cells(width: area.width, theme: theme).enumerated() {
            buffer.put(area.x + i, area.y, cell.character, cell.style, clip: clip)
        }
    }
}
