import CharRNN
@testable import CharRNNTerminal
import CharRNNTestSupport
import Foundation
import TerminalKit
import Testing

/// The heatmap's colours mean what its legend says: every cell of a real
/// model's probe, as rendered, has the palette colour of the value that the
/// reference network (in Double, not the engine) gives for its unit and step.
@Suite struct TUIProbeColourTests {
    /// The colour `Palette` documents for v: step round(|v|·6) away from the
    /// neutral grey, towards blue below 0 and red above, clamped to [−1, 1];
    /// nil within 1e-4 of a step's edge, where Float and Double may round apart.
    static func documentedColour(_ v: Double) -> Color? {
        let x = min(abs(v), 1) * 6
        if abs(x - x.rounded(.down) - 0.5) < 6e-4 { return nil }
        let step = Int(x.rounded())
        return Palette.diverging.steps[6 + (v < 0 ? -step : step)]
    }

    /// (r, g, b) in 0…5 of an xterm colour-cube entry; nil for others.
    static func cube(_ color: Color) -> (r: Int, g: Int, b: Int)? {
        guard case .indexed(let i) = color, (16...231).contains(i) else { return nil }
        let n = Int(i) - 16
        return (n / 36, n / 6 % 6, n % 6)
    }

    @Test func theScaleRunsFromDarkBlueThroughGreyToDarkRed() throws {
        let steps = Palette.diverging.steps
        try #require(steps.count == 13)
        let blues = try steps[0..<6].map { try #require(Self.cube($0)) }
        let reds = try steps[7..<13].map { try #require(Self.cube($0)) }
        #expect(blues.allSatisfy { $0.b > $0.r } && reds.allSatisfy { $0.r > $0.b })
        #expect(Self.cube(steps[6]) == nil, "the middle is a grey")
        // Darker away from the middle: less of the other two primaries.
        #expect(zip(blues, blues.dropFirst()).allSatisfy { $0.r + $0.g <= $1.r + $1.g })
        #expect(zip(reds, reds.dropFirst()).allSatisfy { $0.g + $0.b >= $1.g + $1.b })
    }

    /// Every cell of the heatmap on `app`'s probe, page by page, against the
    /// reference states of `model` with `params`; returns how many were checked.
    static func checkEveryCell(_ app: TUIApp, model: ModelConfig, params: ParameterArena) throws -> Int {
        app.press(.tab)
        let probe = app.state.probe
        let reference = ReferenceNetwork(model: model, params: params).trace(probe.ids)
        try #require(reference.count == probe.groups.count && probe.columns == probe.ids.count && probe.columns > 0)
        var checked = 0, ambiguous = 0, rowsSeen = Set<Int>()
        for _ in 0..<(probe.rows + 1) {
            let state = app.state
            let grid = state.layout.heatmapGrid
            let map = HiddenStateView.heatmap(state, in: grid)
            let parts = map.parts(in: grid, theme: state.theme), offset = map.effectiveScroll(in: grid, theme: state.theme)
            try #require(parts.lines.stacked && parts.stepWidth >= 2)
            let buffer = AppView.render(state)
            let cells = parts.grid
            for y in 0..<cells.height {
                // Two units a line: ▀ in the upper (even) unit's colour over the lower one's
                // (the groups here are 8 or 32 units, so lines never straddle one).
                for (row, half) in [(offset.row + 2 * y, \Style.foreground), (offset.row + 2 * y + 1, \Style.background)] {
                    rowsSeen.insert(row)
                    for step in offset.column..<(offset.column + parts.visibleColumns) {
                        let value = reference[row / model.hidden].values[step][row % model.hidden]
                        guard let expected = Self.documentedColour(value) else {
                            ambiguous += 1
                            continue
                        }
                        // The last cell of the step's span (the cursor sits in the middle one).
                        let cell = buffer[cells.x + (step - offset.column + 1) * parts.stepWidth - 1, cells.y + y]
                        #expect(cell.character == "▀" && cell.style[keyPath: half] == expected, "row \(row), step \(step): \(value)")
                        checked += 1
                    }
                }
            }
            if rowsSeen.count == probe.rows { break }
            app.press(.pageDown)
        }
        #expect(rowsSeen == Set(0..<probe.rows), "every row was on screen")
        #expect(ambiguous * 100 < checked, "\(ambiguous) values on a step's edge, \(checked) checked")
        return checked
    }

    @Test func theTrainedModelsHeatmap() throws {
        let session = try TUIFixtures.trainedSession()
        let app = TUIFixtures.app(session)
        let state = session.state()
        let checked = try Self.checkEveryCell(app, model: state.model, params: state.training.params)
        #expect(checked >= 32 * 18 * 99 / 100)
    }

    @Test func aStackedGRUsHeatmap() throws {
        let session = try TUIFixtures.smallSession(cell: .gru, layers: 2)
        let app = TUIFixtures.app(session)
        let state = session.state()
        let checked = try Self.checkEveryCell(app, model: state.model, params: state.training.params)
        #expect(checked >= 6 * 8 * 18 * 99 / 100)
    }
}
