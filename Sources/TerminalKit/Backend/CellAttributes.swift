/// The text attributes a cell is drawn with, independent of ncurses' bit layout.
///
/// This is the part of a `Style` that is not colour; the backend turns it into
/// `attr_t` bits, so the mapping from `Style` can be tested without a terminal.
public struct CellAttributes: OptionSet, Hashable, Sendable {
    public let rawValue: UInt8

    public init(rawValue: UInt8) {
        self.rawValue = rawValue
    }

    public static let bold = CellAttributes(rawValue: 1 << 0)
    public static let dim = CellAttributes(rawValue: 1 << 1)
    public static let reverse = CellAttributes(rawValue: 1 << 2)
    public static let underline = CellAttributes(rawValue: 1 << 3)

    /// The attributes `style` asks for; colours are handled separately.
    public init(_ style: Style) {
        var attributes: CellAttributes = []
        if style.bold { attributes.insert(.bold) }
        if style.dim { attributes.insert(.dim) }
        if style.reverse { attributes.insert(.reverse) }
        if style.underline { attributes.insert(.underline) }
        self = attributes
    }
}
