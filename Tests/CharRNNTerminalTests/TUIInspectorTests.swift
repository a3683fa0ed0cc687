import CharRNN
@testable import CharRNNTerminal
import CharRNNTestSupport
import Foundation
import TerminalKit
import Testing

/// The one-hot inspector: one heat strip per input matrix of layer 0, with
/// the values of the parameters, fitting the pane at every size.
@Suite struct TUIInspectorTests {
    static let matrices: [CellKind: [String]] = [
        .rnn: ["W_xh"], .gru: ["W_xz", "W_xr", "W_xh"], .torchGRU: ["W_xz", "W_xr", "W_xh"], .lstm: ["W_xi", "W_xf", "W_xo", "W_xc"],
    ]

    /// An app on a small model of `cell` (two layers), the inspector focused on token `e`.
    static func inspectorApp(_ cell: CellKind, width: Int, height: Int, theme: Theme = .full) throws -> TUIApp {
        let app = TUIFixtures.app(try TUIFixtures.smallSession(cell: cell, layers: 2), width: width, height: height, theme: theme)
        app.press(.backTab)
        let e = app.session.state().vocabulary.index(of: "e")
        for _ in 0..<e { app.press(.character("j")) }
        #expect(app.state.inspector.selected == e)
        return app
    }

    /// Row `token` of tensor `name` (V × H), read from the parameters directly.
    static func row(_ params: ParameterArena, _ name: String, token: Int, hidden: Int) -> [Float] {
        Array(params.tensor(name)[(token * hidden)..<((token + 1) * hidden)])
    }

    @Test(arguments: CellKind.allCases)
    func theStripsAreTheRowsTheOneHotSelectsInEveryInputMatrix(cell: CellKind) throws {
        for (width, height) in [(120, 40), (200, 60)] {
            let app = try Self.inspectorApp(cell, width: width, height: height)
            let state = app.state
            let e = state.inspector.selected
            let params = state.snapshot.params
            let rows = InspectorView.inputRows(state)
            #expect(rows.map(\.name) == Self.matrices[cell])
            for (name, values) in rows {
                #expect(values == Self.row(params, name, token: e, hidden: 8), "\(name)")
            }
            let scale = rows.flatMap { $0.values.map(abs) }.max()!
            let buffer = AppView.render(state)
            let detail = state.layout.inspectorDetail
            let lines = buffer.rows(in: detail)
            #expect(lines[0].hasPrefix("'e' · index \(e) · "))
            #expect(lines[1].hasPrefix("x " + String(repeating: "0", count: e) + "1"))
            #expect(lines[2].hasPrefix("row \(e) of each input matrix (H=8)"))
            #expect(lines[2].contains("min") && lines[2].contains("max"))
            for (g, (name, values)) in rows.enumerated() {
                let y = detail.y + 3 + g
                let line = lines[3 + g]
                #expect(line.hasPrefix(name + " "), "\(line)")
                for unit in 1..<8 {
                    #expect(buffer[detail.x + 5 + unit, y].style.background == Palette.diverging.color(for: Double(values[unit] / scale)),
                            "\(name) unit \(unit) at \(width)×\(height)")
                }
                #expect(buffer[detail.x + 5, y].character == "◆", "the selected unit is marked on every strip")
                let low = InspectorView.signed(values.min()!, 3), high = InspectorView.signed(values.max()!, 3)
                #expect(line.trimmingCharacters(in: .whitespaces).hasSuffix(low + " " + high), "\(line)")
            }
            let unitLine = lines[3 + rows.count]
            let first = rows[0]
            #expect(unitLine.hasPrefix("unit 0 · \(first.name)[\(e),0] \(HiddenStateView.signed(first.values[0])) · scale ±"), "\(unitLine)")
        }
    }

    @Test func everyStripFitsTheSmallestScreen() throws {
        for cell in CellKind.allCases {
            let app = try Self.inspectorApp(cell, width: 80, height: 24)
            let state = app.state
            let buffer = AppView.render(state)
            let detail = state.layout.inspectorDetail
            let lines = buffer.rows(in: detail)
            let names = Self.matrices[cell]!
            for name in names {
                #expect(lines.contains { $0.hasPrefix(name + " ") }, "\(name) at 80×24: \(lines)")
            }
            #expect(lines.contains { $0.hasPrefix("W_x\(cell.gateNames[0])[\(state.inspector.selected),0] ") || $0.hasPrefix("unit 0 · ") }, "\(lines)")
            #expect(state.layout.inspectorListRows >= 2, "the vocabulary keeps rows")
            let strip = try #require(lines.firstIndex { $0.hasPrefix(names[0] + " ") })
            let high = InspectorView.signed(InspectorView.inputRows(state)[0].values.max()!, 3)
            #expect(lines[strip].trimmingCharacters(in: .whitespaces).hasSuffix(high), "\(lines[strip])")
        }
        // With H = 32 at 80×24 (29 cells beside the names) the ranges lose a decimal; narrower, they go.
        #expect(InspectorView.rangeDecimals(width: 29, hidden: 32) == 2)
        #expect(InspectorView.rangeDecimals(width: 47, hidden: 32) == 3)
        #expect(InspectorView.rangeDecimals(width: 20, hidden: 32) == nil)
        #expect(InspectorView.rangeDecimals(width: 29, hidden: 8) == 3)
    }

    @Test func theInspectorDrawsOnlyInsideItsPane() throws {
        let sentinel = Cell("¤")
        for cell in CellKind.allCases {
            let app = try Self.inspectorApp(cell, width: 80, height: 24)
            for (width, height) in [(80, 24), (100, 30), (120, 40), (200, 60)] {
                var state = app.state
                _ = AppUpdate.update(&state, .resize(width: width, height: height))
                let layout = state.layout
                var buffer = Buffer(width: width, height: height, fill: sentinel)
                InspectorView.render(state, into: &buffer, layout: layout)
                let pane = layout.inspector
                for y in 0..<height {
                    for x in 0..<width where !(x >= pane.x && x < pane.maxX && y >= pane.y && y < pane.maxY) {
                        #expect(buffer[x, y] == sentinel, "\(cell) drew (\(x), \(y)) at \(width)×\(height)")
                    }
                }
            }
        }
    }

    @Test func braceKeysSelectTheMatrixWhoseWeightIsShownExactly() throws {
        let app = try Self.inspectorApp(.lstm, width: 120, height: 40)
        app.press(.character("l"), .character("l"), .character("}"))
        let state = app.state
        #expect(state.inspector.gate == 1 && state.inspector.unit == 2)
        let e = state.inspector.selected
        let weight = Self.row(state.snapshot.params, "W_xf", token: e, hidden: 8)[2]
        let buffer = AppView.render(state)
        let detail = state.layout.inspectorDetail
        let lines = buffer.rows(in: detail)
        let unitLine = try #require(lines.first { $0.hasPrefix("unit 2 · ") })
        #expect(unitLine.hasPrefix("unit 2 · W_xf[\(e),2] \(HiddenStateView.signed(weight)) · "))
        let f = try #require(lines.firstIndex { $0.hasPrefix("W_xf ") })
        #expect(buffer[detail.x, detail.y + f].style.reverse, "the selected matrix's name is highlighted")
        #expect(!buffer[detail.x, detail.y + f - 1].style.reverse)
        for _ in 0..<9 { app.press(.character("}")) }
        #expect(app.state.inspector.gate == 3)
        for _ in 0..<9 { app.press(.character("{")) }
        #expect(app.state.inspector.gate == 0)
    }

    @Test func theVocabularyListWidensForLongLabels() throws {
        let state = try TUIFixtures.state(width: 200, height: 60)
        #expect(state.layout.inspectorList.width == InspectorView.shape(state.model).listWidth)
        let buffer = AppView.render(state)
        let list = state.layout.inspectorList
        #expect(buffer.text(y: list.y, from: list.x, to: list.maxX) == "  #  token    freq")
        #expect(buffer.text(y: list.y + 2, from: list.x, to: list.maxX) == "  1  <unk>       0")
    }
}
