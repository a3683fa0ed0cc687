import TerminalKit

/// What the inspector needs of the layout: the width of its vocabulary list
/// when beside the details, and the rows the details want when above it.
public struct InspectorShape: Hashable, Sendable {
    public var listWidth: Int
    public var detailRows: Int

    public init(listWidth: Int, detailRows: Int) {
        self.listWidth = listWidth
        self.detailRows = detailRows
    }

    /// For layouts made without a model: a 20-cell list and the RNN's five detail rows.
    public static let standard = InspectorShape(listWidth: 20, detailRows: 5)
}

/// Where everything goes on a screen of a given size.
///
/// The status line takes the top row and the message / command line the
/// bottom row; between them the curves and prompt panes share the upper half
/// and the heatmap and inspector the lower half, 55% / 45% of the width. The
/// update uses the same rectangles as the view to keep cursors scrolled into
/// view, so both always agree. Below `minimumWidth` × `minimumHeight` nothing
/// but the "terminal too small" message is drawn.
public struct ScreenLayout: Hashable, Sendable {
    public static let minimumWidth = 80
    public static let minimumHeight = 24
    /// Inspector inner width, beyond the list's, from which the list and the details sit side by side.
    static let sideBySideDetailWidth = 40
    /// Blank columns between the vocabulary list and the details beside it.
    static let listGap = 2
    /// Vocabulary rows (with the header) the details leave when stacked above the list, if they can.
    static let minimumListRows = 3

    public let width: Int
    public let height: Int
    public let status: Rect
    public let bottom: Rect
    public let curves: Rect
    public let prompt: Rect
    public let heatmap: Rect
    public let inspector: Rect
    public let inspectorShape: InspectorShape

    public init(width: Int, height: Int, inspector shape: InspectorShape = .standard) {
        inspectorShape = shape
        self.width = max(0, width)
        self.height = max(0, height)
        status = Rect(x: 0, y: 0, width: self.width, height: min(1, self.height))
        bottom = Rect(x: 0, y: max(0, self.height - 1), width: self.width, height: self.height >= 2 ? 1 : 0)
        let middle = Rect(x: 0, y: 1, width: self.width, height: self.height - 2)
        let rows = Layout.vertical([.percentage(50), .fill(1)]).split(middle)
        let columns = [.percentage(55), .fill(1)] as [Layout.Constraint]
        let upper = Layout.horizontal(columns).split(rows[0])
        let lower = Layout.horizontal(columns).split(rows[1])
        curves = upper[0]
        prompt = upper[1]
        heatmap = lower[0]
        inspector = lower[1]
    }

    /// Whether the screen is large enough for the panes.
    public var fits: Bool { width >= Self.minimumWidth && height >= Self.minimumHeight }

    /// `terminal too small: need 80×24, have 50×12`.
    public var tooSmallMessage: String {
        "terminal too small: need \(Self.minimumWidth)×\(Self.minimumHeight), have \(width)×\(height)"
    }

    public func rect(for pane: Pane) -> Rect {
        switch pane {
        case .curves: curves
        case .prompt: prompt
        case .heatmap: heatmap
        case .inspector: inspector
        }
    }

    /// Inside a pane's border.
    public func inner(_ pane: Pane) -> Rect { rect(for: pane).inset(by: 1) }

    // MARK: - Heatmap pane

    /// The area the heatmap widget draws in: the pane less its last row.
    public var heatmapGrid: Rect {
        let inner = inner(.heatmap)
        return Rect(x: inner.x, y: inner.y, width: inner.width, height: inner.height - 1)
    }

    /// The row under the grid with the cursor's exact value.
    public var heatmapValueLine: Rect {
        let inner = inner(.heatmap)
        return Rect(x: inner.x, y: inner.maxY - 1, width: inner.width, height: min(1, inner.height))
    }

    // MARK: - Inspector pane

    var inspectorSideBySide: Bool {
        inner(.inspector).width >= inspectorShape.listWidth + Self.listGap + Self.sideBySideDetailWidth
    }

    /// Rows of the details when stacked above the list: what they want, less
    /// what the list needs to stay usable, but at least two.
    var stackedDetailRows: Int {
        let height = inner(.inspector).height
        return min(height, max(2, min(inspectorShape.detailRows, height - Self.minimumListRows)))
    }

    /// The vocabulary table: a header row, then one entry per row.
    public var inspectorList: Rect {
        let inner = inner(.inspector)
        if inspectorSideBySide {
            return Rect(x: inner.x, y: inner.y, width: inspectorShape.listWidth, height: inner.height)
        }
        let top = stackedDetailRows
        return Rect(x: inner.x, y: inner.y + top, width: inner.width, height: inner.height - top)
    }

    /// The selected token's one-hot vector and the rows it selects in each input matrix.
    public var inspectorDetail: Rect {
        let inner = inner(.inspector)
        if inspectorSideBySide {
            let x = inner.x + inspectorShape.listWidth + Self.listGap
            return Rect(x: x, y: inner.y, width: inner.maxX - x, height: inner.height)
        }
        return Rect(x: inner.x, y: inner.y, width: inner.width, height: stackedDetailRows)
    }

    /// Vocabulary entries visible at once (the list less its header row).
    public var inspectorListRows: Int { max(0, inspectorList.height - 1) }
}
