import Foundation

/// Maps data coordinates to dot coordinates of a plot.
///
/// x grows rightwards from 0 at the lower x bound to `dotWidth - 1` at the
/// upper; y grows downwards from 0 at the upper y bound to `dotHeight - 1` at
/// the lower (in log10 units on a log scale).
struct DotMapping {
    let xLo: Double, xScale: Double
    let yHi: Double, yScale: Double
    let logY: Bool
    let dotWidth: Int, dotHeight: Int

    init(x: ClosedRange<Double>, y: ClosedRange<Double>, logY: Bool, dotWidth: Int, dotHeight: Int) {
        self.logY = logY
        self.dotWidth = dotWidth
        self.dotHeight = dotHeight
        xLo = x.lowerBound
        xScale = Double(max(dotWidth - 1, 0)) / (x.upperBound - x.lowerBound)
        let lo = logY ? log10(y.lowerBound) : y.lowerBound
        let hi = logY ? log10(y.upperBound) : y.upperBound
        yHi = hi
        yScale = Double(max(dotHeight - 1, 0)) / (hi - lo)
    }

    func dotX(_ x: Double) -> Double { (x - xLo) * xScale }
    func dotY(_ y: Double) -> Double { (yHi - (logY ? log10(y) : y)) * yScale }

    /// The plot column holding x, or nil when it is outside the plot or not finite.
    func cellColumn(_ x: Double) -> Int? { cell(dotX(x), dots: dotWidth, perCell: 2) }
    /// The plot row holding y, or nil when it is outside the plot or not finite.
    func cellRow(_ y: Double) -> Int? { cell(dotY(y), dots: dotHeight, perCell: 4) }

    private func cell(_ dot: Double, dots: Int, perCell: Int) -> Int? {
        guard dot.isFinite, dot > -0.5, dot < Double(dots) - 0.5 else { return nil }
        return Int(dot.rounded()) / perCell
    }
}
