/// Drawing helpers that never touch a cell outside a clip rectangle.
///
/// Widgets compute `clip = area.intersection(buffer.area)` once and pass it to
/// these helpers, which makes "nothing drawn outside `area`" hold by
/// construction.
extension Buffer {
    /// Sets cell (x, y) when it lies inside `clip`.
    @inline(__always)
    mutating func put(_ x: Int, _ y: Int, _ character: Character, _ style: Style, clip: Rect) {
        guard x >= clip.x, x < clip.maxX, y >= clip.y, y < clip.maxY else { return }
        self[x, y] = Cell(character, style: style)
    }

    /// Writes `text` from (x, y) rightwards, one cell per character, drawing
    /// only the cells inside `clip` and at most `maxWidth` cells.
    ///
    /// Control characters become `Buffer.visibleGlyph`s. Returns the columns
    /// the text occupies (cells left of `clip` count, so callers can keep
    /// positions aligned).
    @discardableResult
    mutating func write(
        _ text: some StringProtocol, x: Int, y: Int, style: Style, clip: Rect, maxWidth: Int = .max
    ) -> Int {
        guard y >= clip.y, y < clip.maxY else { return 0 }
        let limit = Swift.min(maxWidth, clip.maxX - x)
        var used = 0
        for ch in text {
            if used >= limit { break }
            let cx = x + used
            if cx >= clip.x { self[cx, y] = Cell(Buffer.visibleGlyph(ch), style: style) }
            used += 1
        }
        return used
    }

    /// Fills the part of `rect` inside `clip` with `cell`.
    mutating func fill(_ rect: Rect, with cell: Cell, clip: Rect) {
        fill(rect.intersection(clip), with: cell)
    }
}
