/// Maps the 256 indexed colours onto what a terminal can show.
///
/// A terminal with 256 or more colours gets every index unchanged; one with 16
/// (or any count between 16 and 255, such as rxvt's 88) gets the nearest of the
/// 16 basic and bright colours; one with 8 gets the nearest of the 8 basic ones.
/// "Nearest" is by squared RGB distance to xterm's default palette.
public enum ColorReduction {
    /// The terminal colour index for `color` on a terminal with `colors` colours,
    /// or nil for `.default` (ncurses' -1) and when `colors < 8`.
    public static func index(of color: Color, colors: Int) -> Int? {
        guard case .indexed(let raw) = color, colors >= 8 else { return nil }
        let index = Int(raw)
        if colors >= 256 || index < min(colors, 16) { return index }
        return nearest(to: rgb(index), among: colors >= 16 ? 16 : 8)
    }

    /// xterm's default RGB value of colour `index` (0...255).
    public static func rgb(_ index: Int) -> (r: Int, g: Int, b: Int) {
        switch index {
        case 0..<16:
            return basicPalette[index]
        case 16..<232:
            let n = index - 16
            return (cubeLevels[n / 36], cubeLevels[(n / 6) % 6], cubeLevels[n % 6])
        default:
            let level = 8 + 10 * (min(index, 255) - 232)
            return (level, level, level)
        }
    }

    private static func nearest(to target: (r: Int, g: Int, b: Int), among count: Int) -> Int {
        var best = 0
        var bestDistance = Int.max
        for candidate in 0..<count {
            let c = basicPalette[candidate]
            let dr = c.r - target.r, dg = c.g - target.g, db = c.b - target.b
            let distance = dr * dr + dg * dg + db * db
            if distance < bestDistance {
                best = candidate
                bestDistance = distance
            }
        }
        return best
    }

    private static let cubeLevels = [0, 95, 135, 175, 215, 255]

    private static let basicPalette: [(r: Int, g: Int, b: Int)] = [
        (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0),
        (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
        (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0),
        (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255),
    ]
}
