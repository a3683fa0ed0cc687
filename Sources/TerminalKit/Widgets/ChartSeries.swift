/// One point of a chart series.
public struct ChartPoint: Hashable, Sendable {
    public var x: Double
    public var y: Double

    public init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }
}

/// A named, coloured sequence of points drawn by `LineChart`.
///
/// Points are joined in the order given (normally ascending x). A point with a
/// non-finite coordinate is skipped and breaks the line there.
public struct ChartSeries: Hashable, Sendable {
    public var name: String
    public var color: Color
    public var points: [ChartPoint]
    /// A series in the background (e.g. noisy per-step values behind their
    /// per-epoch means): drawn dim and beneath the others, and left out when
    /// the y axis is fitted to the data unless no other series has any.
    public var background: Bool

    public init(name: String, color: Color, points: [ChartPoint], background: Bool = false) {
        self.name = name
        self.color = color
        self.points = points
        self.background = background
    }

    public init(name: String, color: Color, points: [(x: Double, y: Double)], background: Bool = false) {
        self.init(name: name, color: color, points: points.map { ChartPoint(x: $0.x, y: $0.y) }, background: background)
    }

    /// A series whose x values are `firstX`, `firstX + stepX`, … .
    public init(name: String, color: Color, values: [Double], firstX: Double = 0, stepX: Double = 1, background: Bool = false) {
        self.init(
            name: name, color: color,
            points: values.enumerated().map { ChartPoint(x: firstX + Double($0.offset) * stepX, y: $0.element) },
            background: background
        )
    }

    /// The y of the last point whose coordinates are both finite, if any.
    public var latestValue: Double? {
        points.last(where: { $0.x.isFinite && $0.y.isFinite })?.y
    }
}
