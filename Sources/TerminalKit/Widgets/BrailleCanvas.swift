/// A grid of braille dots, 2 × 4 per cell, that lines are rasterised onto.
///
/// Dot (x, y) has x in `0..<2 * width` (left to right) and y in
/// `0..<4 * height` (top to bottom). A cell's dots are the bits of U+2800 +
/// mask: left column top→bottom 0x01, 0x02, 0x04, 0x40; right column 0x08,
/// 0x10, 0x20, 0x80. Dots of different series in one cell are OR-ed; the cell
/// remembers the last series that drew into it, which decides its colour.
struct BrailleCanvas {
    let width: Int
    let height: Int
    private(set) var masks: [UInt8]
    /// The last series to set a dot in each cell; -1 where no dot is set.
    private(set) var owners: [Int32]

    var dotWidth: Int { width * 2 }
    var dotHeight: Int { height * 4 }

    /// Dot bits indexed by `(y % 4) * 2 + x % 2`.
    private static let bits: [UInt8] = [0x01, 0x08, 0x02, 0x10, 0x04, 0x20, 0x40, 0x80]

    init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        masks = [UInt8](repeating: 0, count: self.width * self.height)
        owners = [Int32](repeating: -1, count: self.width * self.height)
    }

    /// Sets one dot; dots outside the grid are ignored.
    mutating func setDot(_ x: Int, _ y: Int, series: Int) {
        guard x >= 0, y >= 0, x < dotWidth, y < dotHeight else { return }
        let cell = (y >> 2) * width + (x >> 1)
        masks[cell] |= BrailleCanvas.bits[(y & 3) * 2 + (x & 1)]
        owners[cell] = Int32(truncatingIfNeeded: series)
    }

    /// Sets the dot nearest to a point given in dot coordinates (fractions allowed).
    mutating func point(_ x: Double, _ y: Double, series: Int) {
        guard let p = clipped(x, y, x, y) else { return }
        setDot(p.x0, p.y0, series: series)
    }

    /// Draws the straight segment between two points in dot coordinates with
    /// Bresenham's algorithm, after clipping it to the grid.
    mutating func line(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double, series: Int) {
        guard let p = clipped(x0, y0, x1, y1) else { return }
        var x = p.x0, y = p.y0
        let dx = abs(p.x1 - x), dy = -abs(p.y1 - y)
        let sx = x < p.x1 ? 1 : -1, sy = y < p.y1 ? 1 : -1
        var err = dx + dy
        while true {
            setDot(x, y, series: series)
            if x == p.x1 && y == p.y1 { break }
            let e2 = 2 * err
            if e2 >= dy { err += dy; x += sx }
            if e2 <= dx { err += dx; y += sy }
        }
    }

    /// The character for cell `index`, or nil when it has no dots.
    ///
    /// Unicode gives the braille pattern. ASCII splits the cell into a top half
    /// (dot rows 0–1) and a bottom half (rows 2–3): top only `'`, bottom only
    /// `.`, both `:`.
    func glyph(at index: Int, unicode: Bool) -> Character? {
        let mask = masks[index]
        guard mask != 0 else { return nil }
        if unicode { return Character(Unicode.Scalar(0x2800 + UInt32(mask))!) }
        let top = mask & 0x1B != 0, bottom = mask & 0xE4 != 0
        return top && bottom ? ":" : top ? "'" : "."
    }

    // MARK: - Clipping

    /// The segment clipped to the grid (Liang–Barsky) and rounded to dots;
    /// nil when it misses the grid or has a non-finite end.
    private func clipped(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double)
        -> (x0: Int, y0: Int, x1: Int, y1: Int)?
    {
        guard dotWidth > 0, dotHeight > 0, !x0.isNaN, !y0.isNaN, !x1.isNaN, !y1.isNaN else { return nil }
        // Far-away ends are pulled in first so the arithmetic below stays finite.
        let far = 1e12
        let ax = min(max(x0, -far), far), ay = min(max(y0, -far), far)
        let bx = min(max(x1, -far), far), by = min(max(y1, -far), far)
        let xMin = -0.5, xMax = Double(dotWidth) - 0.5
        let yMin = -0.5, yMax = Double(dotHeight) - 0.5
        let dx = bx - ax, dy = by - ay
        var t0 = 0.0, t1 = 1.0
        // Narrows [t0, t1] to the part of the segment on the inner side of one edge.
        func keep(_ p: Double, _ q: Double) -> Bool {
            if p == 0 { return q >= 0 }
            let r = q / p
            if p < 0 {
                if r > t1 { return false }
                t0 = max(t0, r)
            } else {
                if r < t0 { return false }
                t1 = min(t1, r)
            }
            return true
        }
        guard keep(-dx, ax - xMin), keep(dx, xMax - ax), keep(-dy, ay - yMin), keep(dy, yMax - ay) else {
            return nil
        }
        func dot(_ v: Double, _ limit: Int) -> Int { min(max(Int(v.rounded()), 0), limit - 1) }
        return (dot(ax + t0 * dx, dotWidth), dot(ay + t0 * dy, dotHeight),
                dot(ax + t1 * dx, dotWidth), dot(ay + t1 * dy, dotHeight))
    }
}
