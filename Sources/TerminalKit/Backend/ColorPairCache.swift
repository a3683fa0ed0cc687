/// Assigns ncurses colour pairs to (foreground, background) combinations on first use.
///
/// Colours are terminal indices, with -1 for the terminal's default colour.
/// Invariants: pair 0 is the terminal's default pair and is never allocated;
/// allocated pairs are numbered 1...capacity in order of first use, and a pair,
/// once bound, keeps its colours for the life of the cache (binding it again
/// would recolour every cell already on screen that uses it).
///
/// When every pair is taken, or the terminal refuses to set one up, a new
/// combination falls back to an existing pair with the same foreground, then
/// one with the same background, then pair 0: the text stays readable and the
/// frame is still drawn.
public struct ColorPairCache: Sendable {
    /// A (foreground, background) combination of terminal colour indices.
    public struct Colors: Hashable, Sendable {
        public var foreground: Int32
        public var background: Int32

        public init(foreground: Int32, background: Int32) {
            self.foreground = foreground
            self.background = background
        }
    }

    /// The highest pair number this cache may allocate (0 means colour is off).
    public let capacity: Int
    private var pairs: [Colors: Int32] = [:]
    private var firstPairByForeground: [Int32: Int32] = [:]
    private var firstPairByBackground: [Int32: Int32] = [:]
    private var exhausted = false

    public init(capacity: Int) {
        self.capacity = max(0, capacity)
    }

    /// How many pairs have been allocated.
    var allocatedCount: Int { pairs.count }

    /// The pair to draw `colors` with.
    ///
    /// `initialize(pair, foreground, background)` is called once for each pair
    /// allocated (ncurses' `init_extended_pair`) and returns whether it worked.
    public mutating func pair(
        for colors: Colors,
        initialize: (_ pair: Int32, _ foreground: Int32, _ background: Int32) -> Bool
    ) -> Int32 {
        if colors.foreground == -1 && colors.background == -1 { return 0 }
        if let existing = pairs[colors] { return existing }
        if !exhausted && pairs.count < capacity {
            let number = Int32(pairs.count + 1)
            if initialize(number, colors.foreground, colors.background) {
                pairs[colors] = number
                if firstPairByForeground[colors.foreground] == nil {
                    firstPairByForeground[colors.foreground] = number
                }
                if firstPairByBackground[colors.background] == nil {
                    firstPairByBackground[colors.background] = number
                }
                return number
            }
            exhausted = true
        }
        return firstPairByForeground[colors.foreground]
            ?? firstPairByBackground[colors.background]
            ?? 0
    }
}

/// What the terminal offers for colour, decided once when the session starts.
public struct ColorSupport: Hashable, Sendable {
    /// Number of colours (ncurses' `COLORS`); 0 when colour is off.
    public var colors: Int
    /// Whether -1 may be used for the terminal's own default colours.
    public var defaultColors: Bool

    public init(colors: Int, defaultColors: Bool) {
        self.colors = colors
        self.defaultColors = defaultColors
    }

    public static let none = ColorSupport(colors: 0, defaultColors: false)

    /// The terminal colours for a style's foreground and background.
    ///
    /// `.default` becomes -1, or white on black when the terminal cannot keep
    /// its default colours; indices the terminal lacks are reduced
    /// (`ColorReduction`). Without colour both are -1.
    public func colors(for style: Style) -> ColorPairCache.Colors {
        guard colors >= 8 else { return .init(foreground: -1, background: -1) }
        let fg = ColorReduction.index(of: style.foreground, colors: colors).map(Int32.init)
        let bg = ColorReduction.index(of: style.background, colors: colors).map(Int32.init)
        if fg == nil && bg == nil { return .init(foreground: -1, background: -1) }
        if defaultColors { return .init(foreground: fg ?? -1, background: bg ?? -1) }
        return .init(foreground: fg ?? 7, background: bg ?? 0)
    }
}
