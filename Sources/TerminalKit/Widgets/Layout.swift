/// Splits a rectangle into a row or column of smaller rectangles by constraints.
///
/// Invariants: `split` returns exactly one rect per constraint, every rect lies
/// inside the parent, none overlap, they appear in order along the direction,
/// and no width or height is negative. When the constraints ask for more than
/// the parent holds, earlier constraints are served first and later ones
/// shrink, down to zero.
public struct Layout: Hashable, Sendable {
    /// The axis along which the parent is cut.
    public enum Direction: Hashable, Sendable {
        /// Rects stacked top to bottom, each as wide as the parent.
        case vertical
        /// Rects side by side left to right, each as tall as the parent.
        case horizontal
    }

    /// How much of the parent's extent (rows or columns) one rect takes.
    public enum Constraint: Hashable, Sendable {
        /// Exactly `n` cells (negative counts as 0).
        case length(Int)
        /// `p` percent of the parent's extent less spacing, rounded down; `p` is clamped to 0...100.
        case percentage(Int)
        /// At least `n` cells, and a share of the leftover like `.fill(1)`.
        case min(Int)
        /// A share of what the other constraints leave, proportional to `weight` (at least 1).
        case fill(Int)
    }

    public var direction: Direction
    public var constraints: [Constraint]
    /// Empty cells between neighbouring rects.
    public var spacing: Int

    public init(_ direction: Direction, _ constraints: [Constraint], spacing: Int = 0) {
        self.direction = direction
        self.constraints = constraints
        self.spacing = max(0, spacing)
    }

    /// A layout of rects stacked top to bottom.
    public static func vertical(_ constraints: [Constraint], spacing: Int = 0) -> Layout {
        Layout(.vertical, constraints, spacing: spacing)
    }

    /// A layout of rects side by side.
    public static func horizontal(_ constraints: [Constraint], spacing: Int = 0) -> Layout {
        Layout(.horizontal, constraints, spacing: spacing)
    }

    /// The rects of `area`, one per constraint, in order.
    public func split(_ area: Rect) -> [Rect] {
        let extent = direction == .vertical ? area.height : area.width
        let sizes = Layout.sizes(extent: extent, constraints: constraints, spacing: spacing)
        var rects: [Rect] = []
        rects.reserveCapacity(sizes.count)
        var offset = 0
        for (index, size) in sizes.enumerated() {
            if index > 0 { offset = min(extent, offset + spacing) }
            let length = min(size, extent - offset)
            switch direction {
            case .vertical:
                rects.append(Rect(x: area.x, y: area.y + offset, width: area.width, height: length))
            case .horizontal:
                rects.append(Rect(x: area.x + offset, y: area.y, width: length, height: area.height))
            }
            offset += length
        }
        return rects
    }

    // MARK: - Sizing

    /// The length of each rect along the direction; the lengths plus spacing never exceed `extent`.
    static func sizes(extent: Int, constraints: [Constraint], spacing: Int) -> [Int] {
        guard !constraints.isEmpty else { return [] }
        let gaps = max(0, spacing) * (constraints.count - 1)
        let total = max(0, extent - gaps)

        // Fixed parts first, served in order until the space runs out.
        var sizes = [Int](repeating: 0, count: constraints.count)
        var remaining = total
        for (i, constraint) in constraints.enumerated() {
            let want: Int
            switch constraint {
            case .length(let n), .min(let n): want = max(0, n)
            case .percentage(let p): want = total * min(max(p, 0), 100) / 100
            case .fill: want = 0
            }
            sizes[i] = min(want, remaining)
            remaining -= sizes[i]
        }

        // The leftover goes to fill and min constraints by weight; cumulative
        // rounding hands out every cell exactly once.
        let weights = constraints.map { constraint -> Int in
            switch constraint {
            case .fill(let w): return max(1, w)
            case .min: return 1
            case .length, .percentage: return 0
            }
        }
        let weightSum = weights.reduce(0, +)
        guard remaining > 0, weightSum > 0 else { return sizes }
        var given = 0
        var cumulative = 0
        for (i, w) in weights.enumerated() where w > 0 {
            cumulative += w
            let share = remaining * cumulative / weightSum - given
            sizes[i] += share
            given += share
        }
        return sizes
    }
}

extension Rect {
    /// A rect of at most `width` × `height` centred in this one (clamped to fit).
    public func centered(width: Int, height: Int) -> Rect {
        let w = min(max(0, width), self.width)
        let h = min(max(0, height), self.height)
        return Rect(x: x + (self.width - w) / 2, y: y + (self.height - h) / 2, width: w, height: h)
    }
}
