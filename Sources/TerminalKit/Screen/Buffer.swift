/// A terminal colour: the terminal's default or one of the 256 indexed colours.
///
/// Indices 0–15 are the basic and bright colours, 16–231 the 6×6×6 colour cube
/// and 232–255 the grey ramp, as in xterm-256color.
public enum Color: Hashable, Sendable {
    case `default`
    case indexed(UInt8)

    public static let black = Color.indexed(0)
    public static let red = Color.indexed(1)
    public static let green = Color.indexed(2)
    public static let yellow = Color.indexed(3)
    public static let blue = Color.indexed(4)
    public static let magenta = Color.indexed(5)
    public static let cyan = Color.indexed(6)
    public static let white = Color.indexed(7)
    public static let brightBlack = Color.indexed(8)

    /// A colour of the 6×6×6 cube; each component is clamped to 0...5.
    public static func cube(_ r: Int, _ g: Int, _ b: Int) -> Color {
        func c(_ v: Int) -> Int { min(max(v, 0), 5) }
        return .indexed(UInt8(16 + 36 * c(r) + 6 * c(g) + c(b)))
    }

    /// A grey of the 24-step ramp; `level` is clamped to 0...23.
    public static func grey(_ level: Int) -> Color {
        .indexed(UInt8(232 + min(max(level, 0), 23)))
    }
}

/// How a cell is drawn: colours and attributes.
public struct Style: Hashable, Sendable {
    public var foreground: Color
    public var background: Color
    public var bold: Bool
    public var dim: Bool
    public var reverse: Bool
    public var underline: Bool

    public init(
        foreground: Color = .default, background: Color = .default,
        bold: Bool = false, dim: Bool = false, reverse: Bool = false, underline: Bool = false
    ) {
        self.foreground = foreground
        self.background = background
        self.bold = bold
        self.dim = dim
        self.reverse = reverse
        self.underline = underline
    }

    public static let plain = Style()
    public static let bold = Style(bold: true)
    public static let dim = Style(dim: true)
    public static let reverse = Style(reverse: true)
}

/// One screen cell: a single-column character and its style.
public struct Cell: Hashable, Sendable {
    public var character: Character
    public var style: Style

    public init(_ character: Character = " ", style: Style = .plain) {
        self.character = character
        self.style = style
    }

    public static let blank = Cell()
}

/// A rectangle of cells; `x`, `y` are the top-left corner (column, row).
///
/// Invariant: `width >= 0` and `height >= 0`.
public struct Rect: Hashable, Sendable {
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int

    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = max(0, width)
        self.height = max(0, height)
    }

    public var isEmpty: Bool { width == 0 || height == 0 }
    public var maxX: Int { x + width }
    public var maxY: Int { y + height }

    /// The part of this rectangle that lies inside `other` (possibly empty).
    public func intersection(_ other: Rect) -> Rect {
        let x0 = max(x, other.x), y0 = max(y, other.y)
        let x1 = min(maxX, other.maxX), y1 = min(maxY, other.maxY)
        return Rect(x: x0, y: y0, width: x1 - x0, height: y1 - y0)
    }

    /// This rectangle shrunk by `by` cells on every side (empty when too small).
    public func inset(by: Int) -> Rect {
        Rect(x: x + by, y: y + by, width: width - 2 * by, height: height - 2 * by)
    }
}

/// A grid of cells that widgets draw into and the backend flushes to the terminal.
///
/// Row-major: cell (x, y) is `cells[y * width + x]`. Writes outside the grid are
/// ignored, so widgets may draw at any size, including 0×0.
public struct Buffer: Hashable, Sendable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int, fill: Cell = .blank) {
        self.width = max(0, width)
        self.height = max(0, height)
        self.cells = Array(repeating: fill, count: self.width * self.height)
    }

    /// The whole buffer as a rectangle.
    public var area: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    /// Whether (x, y) lies inside the buffer.
    public func contains(x: Int, y: Int) -> Bool {
        x >= 0 && y >= 0 && x < width && y < height
    }

    /// The cell at (x, y); reads outside the buffer give a blank cell.
    public subscript(x: Int, y: Int) -> Cell {
        get { contains(x: x, y: y) ? cells[y * width + x] : .blank }
        set { if contains(x: x, y: y) { cells[y * width + x] = newValue } }
    }

    /// Sets one cell's character and style; ignored outside the buffer.
    public mutating func set(_ x: Int, _ y: Int, _ character: Character, _ style: Style = .plain) {
        self[x, y] = Cell(character, style: style)
    }

    /// Fills `rect` (clipped to the buffer) with `cell`.
    public mutating func fill(_ rect: Rect, with cell: Cell = .blank) {
        let r = rect.intersection(area)
        guard !r.isEmpty else { return }
        for y in r.y..<r.maxY {
            for x in r.x..<r.maxX { cells[y * width + x] = cell }
        }
    }

    /// Writes `text` from (x, y) rightwards, one cell per character, stopping at
    /// `maxWidth` cells (default: the buffer's edge). Returns the cells used.
    ///
    /// Control characters are drawn as visible symbols (see `visibleGlyph`), so
    /// the text never moves the terminal cursor.
    @discardableResult
    public mutating func write(_ text: String, x: Int, y: Int, style: Style = .plain, maxWidth: Int? = nil) -> Int {
        let limit = maxWidth ?? (width - x)
        var used = 0
        for ch in text {
            if used >= limit { break }
            self[x + used, y] = Cell(Buffer.visibleGlyph(ch), style: style)
            used += 1
        }
        return used
    }

    /// The buffer's rows as plain strings (styles dropped), for tests and captures.
    public var lines: [String] {
        (0..<height).map { y in String(cells[(y * width)..<((y + 1) * width)].map(\.character)) }
    }

    /// The text of row `y` (styles dropped); empty outside the buffer.
    public func line(_ y: Int) -> String {
        guard y >= 0 && y < height else { return "" }
        return String(cells[(y * width)..<((y + 1) * width)].map(\.character))
    }

    /// A one-cell stand-in for characters that must not reach the terminal raw:
    /// newline → ↵, tab → ⇥, other C0 controls → their Control Pictures
    /// (U+2400 block), DEL → ␡; everything else is returned unchanged.
    public static func visibleGlyph(_ ch: Character) -> Character {
        guard let scalar = ch.unicodeScalars.first, ch.unicodeScalars.count == 1 else { return ch }
        switch scalar.value {
        case 0x0A: return "↵"
        case 0x09: return "⇥"
        case 0x00..<0x20: return Character(Unicode.Scalar(0x2400 + scalar.value)!)
        case 0x7F: return "␡"
        case 0x80..<0xA0: return "�"
        default: return ch
        }
    }
}
