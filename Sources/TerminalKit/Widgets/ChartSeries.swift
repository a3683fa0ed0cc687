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

    public init(name: String, color: Color, points: [ChartPoint]) {
        self.name = name
        self.color = color
        self.points = points
    }

    public init(name: String, color: Color, points: [(x: Double, y: Double)]) {
        self.init(name: name, color: color, points: points.map { ChartPoint(x: $0.x, y: $0.y) })
    }

    /// A series whose x values are `firstX`, `firstX + stepX`, … .
    public init(name: String, color: Color, values: [Double], firstX: Double = 0, stepX: Double = 1) {
        self.init(
            name: name, color: color,
            points: values.enumerated().map { ChartPoint(x: firstX + Double($0.offset) * stepX, y: $0.element) }
        )
    }

    /// The y of the last point whose coordinates are both finite, if any.
    public var latestValue: Double? {
        points.last(where: { $0.x.isFinite && $0.y.isFinite })?.y
    }
}
