import CharRNN
@testable import CharRNNTerminal
import CharRNNTestSupport
import Foundation
import TerminalKit
import Testing

/// The heatmap for every cell and depth: rows grouped by state, a compact
/// gutter, every group reachable, the cursor line naming the group.
@Suite struct TUIStateGroupTests {
    static let sizes = [(80, 24), (120, 40), (200, 60)]

    /// The groups' short names, top to bottom, for `cell` with `layers` layers.
    static func expectedNames(_ cell: CellKind, layers: Int) -> [String] {
        let symbols: [String] = switch cell {
        case .rnn: ["h"]
        case .gru, .torchGRU: ["z", "r", "h"]
        case .lstm: ["i", "f", "o", "c", "h"]
        }
        return (1...layers).flatMap { l in symbols.map { layers > 1 ? "L\(l) \($0)" : $0 } }
    }

    /// An app on a small fresh model, the heatmap focused.
    static func heatmapApp(_ cell: CellKind, layers: Int, width: Int = 120, height: Int = 40, theme: Theme = .full) throws -> TUIApp {
        let app = TUIFixtures.app(try TUIFixtures.smallSession(cell: cell, layers: layers), width: width, height: height, theme: theme)
        app.press(.tab)
        #expect(app.state.focus == .heatmap)
        return app
    }

    @Test(arguments: [(CellKind.rnn, 1), (.rnn, 2), (.gru, 1), (.gru, 2), (.lstm, 1), (.lstm, 2)])
    func everyStateOfEveryLayerIsAGroupOfTheReferenceValues(cell: CellKind, layers: Int) throws {
        let app = try Self.heatmapApp(cell, layers: layers)
        let probe = app.state.probe
        #expect(probe.groups.map(\.shortName) == Self.expectedNames(cell, layers: layers))
        #expect(probe.rows == probe.groups.count * 8)
        #expect(probe.groups.enumerated().allSatisfy { $0.element.firstRow == $0.offset * 8 && $0.element.width == 8 })
        // The values are the reference network's, unit by unit and step by step.
        let state = app.session.state()
        let reference = ReferenceNetwork(model: state.model, params: state.training.params).trace(probe.ids)
        try #require(reference.count == probe.groups.count && probe.columns == 18)
        for (g, group) in probe.groups.enumerated() {
            #expect(group.layer == (layers > 1 ? reference[g].layer + 1 : nil) && group.symbol == reference[g].symbol)
            let values = group.rows.flatMap { row in (0..<probe.columns).map { probe.value(unit: row, step: $0) ?? .nan } }
            let want = (0..<8).flatMap { unit in reference[g].values.map { $0[unit] } }
            #expect(Tolerance.worst(values, want, rtol: 1e-5, atol: 2e-6) <= 1, "group \(g)")
        }
    }

    /// Unstacked (no colour): one unit a row, every row numbered.
    @Test func theGutterNamesEachGroupOnceAndCompactly() throws {
        for (width, height) in Self.sizes {
            let app = try Self.heatmapApp(.lstm, layers: 2, width: width, height: height, theme: Theme(color: false))
            let state = app.state
            let buffer = AppView.render(state)
            let grid = state.layout.heatmapGrid
            let visible = HiddenStateView.heatmap(state).viewport(in: grid, theme: state.theme).rows
            #expect(visible >= 6, "\(width)×\(height)")
            let labels = (0..<visible).map { buffer.text(y: grid.y + $0, from: grid.x, to: grid.x + 8) }
            for (row, label) in labels.enumerated() {
                let expected = row % 8 == 0 ? "L\(row / 40 + 1) \(["i", "f", "o", "c", "h"][row / 8 % 5]) │ \(row % 8)" : "     │ \(row % 8)"
                #expect(label == expected, "row \(row) at \(width)×\(height)")
            }
            #expect(buffer[grid.x + 8, grid.y] == Cell(" "), "one space between the gutter and the grid")
            #expect(buffer[grid.x, grid.y + 1].style.reverse == false)
            #expect(buffer[grid.x, grid.y].style.reverse, "the cursor row's label is highlighted")
            let second = grid.y + min(8, visible - 1)
            if visible > 8 {
                #expect(buffer[grid.x, second].style.bold, "a group's name is bold")
                #expect(buffer[grid.x + 5, second].style.dim, "the gutter's bar is dim")
            }
            let title = buffer.line(state.layout.heatmap.y)
            #expect(title.contains("hidden states i f o c h × 2 layers · 80 rows × 18 steps") || width < 120, "\(title)")
            #expect(!buffer.rows(in: grid).joined().contains("gate"), "no long names in the grid")
        }
    }

    /// Stacked (colour): two units a line, numbered every 4 units; the
    /// cursor's half marked after the gutter.
    @Test func theStackedGutterNumbersEveryFourthUnit() throws {
        for (width, height) in Self.sizes {
            let app = try Self.heatmapApp(.lstm, layers: 2, width: width, height: height)
            let state = app.state
            let buffer = AppView.render(state)
            let grid = state.layout.heatmapGrid
            let lines = HiddenStateView.heatmap(state, in: grid).parts(in: grid, theme: state.theme).grid.height
            #expect(lines >= 6 && HiddenStateView.heatmap(state).viewport(in: grid, theme: state.theme).rows == 2 * lines)
            for line in 0..<lines {
                let label = buffer.text(y: grid.y + line, from: grid.x, to: grid.x + 8)
                let expected = line % 4 == 0 ? "L\(line / 20 + 1) \(["i", "f", "o", "c", "h"][line / 4 % 5]) │ 0"
                    : line % 4 == 2 ? "     │ 4" : "     │  "
                #expect(label == expected, "line \(line) at \(width)×\(height)")
            }
            #expect(buffer[grid.x + 8, grid.y] == Cell("▀", style: Style(foreground: Palette.diverging.cursorColor)), "the cursor's half")
            #expect(buffer[grid.x + 8, grid.y + 1] == Cell(" "), "one space between the gutter and the grid")
            #expect(buffer[grid.x, grid.y].style.reverse && !buffer[grid.x, grid.y + 1].style.reverse)
            #expect(buffer[grid.x, grid.y + 4].style.bold, "a group's name is bold")
            #expect(buffer[grid.x + 5, grid.y + 4].style.dim, "the gutter's bar is dim")
            #expect(buffer[grid.x + 9, grid.y + 1].character == "▀")
        }
    }

    @Test func theTopRowNamesItsGroupWhenScrolledIntoTheMiddleOfIt() throws {
        let app = try Self.heatmapApp(.gru, layers: 1, width: 80, height: 24, theme: Theme(color: false))
        for _ in 0..<15 { app.press(.character("j")) }
        let state = app.state
        let grid = state.layout.heatmapGrid
        let top = state.heatmap.scroll.row
        #expect(top > 8 && top < 15, "the view starts inside group r: \(top)")
        let buffer = AppView.render(state)
        #expect(buffer.text(y: grid.y, from: grid.x, to: grid.x + 5) == "r │ \(top - 8)")
        #expect(buffer.text(y: grid.y + 1, from: grid.x, to: grid.x + 5) == "  │ \(top - 7)")
    }

    @Test func theTopLineNamesAndNumbersItsGroupWhenStacked() throws {
        let app = try Self.heatmapApp(.gru, layers: 1, width: 80, height: 24)
        for _ in 0..<21 { app.press(.character("j")) }
        let state = app.state
        let grid = state.layout.heatmapGrid
        let top = state.heatmap.scroll.row
        #expect(top == 10, "6 lines end at h unit 5 (line 10), so line 5 (r unit 2) is on top")
        let buffer = AppView.render(state)
        #expect(buffer.text(y: grid.y, from: grid.x, to: grid.x + 5) == "r │ 2")
        #expect(buffer.text(y: grid.y + 1, from: grid.x, to: grid.x + 5) == "  │ 4")
        #expect(buffer.text(y: grid.y + 2, from: grid.x, to: grid.x + 5) == "  │  ")
        #expect(buffer.text(y: grid.y + 3, from: grid.x, to: grid.x + 5) == "h │ 0")
        #expect(buffer.text(y: grid.y + 5, from: grid.x, to: grid.x + 5) == "  │ 5", "the cursor's unit is numbered")
        #expect(buffer[grid.x + 5, grid.y + 5].character == "▄", "the cursor is the lower half")
    }

    @Test(arguments: [CellKind.gru, .lstm])
    func movingTheCursorDownReachesEveryGroupAndTheCursorLineNamesIt(cell: CellKind) throws {
        let app = try Self.heatmapApp(cell, layers: 2)
        let state0 = app.state
        var named: [String] = []
        let line = state0.layout.heatmapValueLine
        for row in 0..<state0.probe.rows {
            let state = app.state
            #expect(state.heatmap.cursor.row == row)
            let group = try #require(state.probe.groupIndex(ofRow: row).map { state.probe.groups[$0] })
            let text = AppView.render(state).text(y: line.y, from: line.x, to: line.maxX)
            let abbreviated = "L\(group.layer!) \(group.role) \(group.symbol)"
            #expect(text.hasPrefix(group.fullName + " · ") || text.hasPrefix(abbreviated + " · "), "\(text)")
            #expect(text.contains(" · unit \(row % 8), step 1 't' (index 21): "), "\(text)")
            if !named.contains(group.fullName) { named.append(group.fullName) }
            app.press(.character("j"))
        }
        let roles = cell.isGRU ? ["update gate z", "reset gate r", "hidden state h"]
            : ["input gate i", "forget gate f", "output gate o", "cell state c", "hidden state h"]
        #expect(named == [1, 2].flatMap { l in roles.map { "layer \(l) · \($0)" } })
    }

    @Test func braceKeysJumpBetweenGroupsKeepingTheUnit() throws {
        let app = try Self.heatmapApp(.lstm, layers: 2)
        app.press(.character("j"), .character("j"), .character("j"), .character("l"))
        #expect(app.state.heatmap.cursor == GridPosition(row: 3, column: 1))
        app.press(.character("}"))
        #expect(app.state.heatmap.cursor == GridPosition(row: 11, column: 1))
        let state = app.state
        let grid = state.layout.heatmapGrid
        let buffer = AppView.render(state)
        #expect(buffer.text(y: grid.y, from: grid.x, to: grid.x + 8) == "L1 f │ 0", "the group is shown from its first row")
        let line = state.layout.heatmapValueLine
        #expect(buffer.text(y: line.y, from: line.x, to: line.maxX).hasPrefix("layer 1 · forget gate f · unit 3, step 2 'h' (index "))
        for _ in 0..<20 { app.press(.character("}")) }
        #expect(app.state.heatmap.cursor.row == 9 * 8 + 3, "stops at layer 2's h")
        app.press(.character("{"))
        #expect(app.state.heatmap.cursor.row == 8 * 8 + 3)
        for _ in 0..<20 { app.press(.character("{")) }
        #expect(app.state.heatmap.cursor.row == 3)
    }

    @Test func theCursorLineShortensButKeepsTheGroupOnSmallScreens() throws {
        let app = try Self.heatmapApp(.lstm, layers: 2, width: 80, height: 24)
        let state = app.state
        let line = state.layout.heatmapValueLine
        let text = AppView.render(state).text(y: line.y, from: line.x, to: line.maxX)
        #expect(text.hasPrefix("L1 input gate i · 0, step 1 't': "), "\(text)")
        #expect(HiddenStateView.valueLine(state, width: 20).hasPrefix("L1 i 0 · 1 't': "))
        #expect(HiddenStateView.valueLine(state).hasPrefix("layer 1 · input gate i · unit 0, step 1 't' (index "))
    }

    @Test func everySizeRendersExactlyForEveryCell() throws {
        for cell in CellKind.allCases {
            let app = try Self.heatmapApp(cell, layers: 2)
            app.press(.character("}"), .character("j"))
            for (width, height) in [(0, 0), (1, 1), (20, 5), (79, 24), (80, 24), (120, 40), (200, 60)] {
                var state = app.state
                _ = AppUpdate.update(&state, .resize(width: width, height: height))
                let buffer = AppView.render(state)
                #expect(buffer.width == width && buffer.height == height)
                if width >= 80 && height >= 24 {
                    #expect(buffer.text.contains("L1 \(cell == .rnn ? "h" : cell.gateNames[1])"), "\(cell) at \(width)×\(height)")
                }
            }
        }
    }

    @Test func theHeatmapDrawsOnlyInsideItsPane() throws {
        let sentinel = Cell("¤")
        for cell in CellKind.allCases {
            let app = try Self.heatmapApp(cell, layers: 2)
            app.press(.character("}"), .pageDown, .end)
            for (width, height) in [(80, 24), (100, 30), (120, 40), (200, 60)] {
                var state = app.state
                _ = AppUpdate.update(&state, .resize(width: width, height: height))
                var buffer = Buffer(width: width, height: height, fill: sentinel)
                HiddenStateView.render(state, into: &buffer, layout: state.layout)
                let pane = state.layout.heatmap
                for y in 0..<height {
                    for x in 0..<width where !(x >= pane.x && x < pane.maxX && y >= pane.y && y < pane.maxY) {
                        #expect(buffer[x, y] == sentinel, "\(cell) drew (\(x), \(y)) at \(width)×\(height)")
                    }
                }
            }
        }
    }

    @Test func asciiGutterUsesABar() throws {
        let app = TUIFixtures.app(try TUIFixtures.smallSession(cell: .gru), theme: Theme(color: false, unicode: false))
        let buffer = AppView.render(app.state)
        let grid = app.state.layout.heatmapGrid
        #expect(buffer.text(y: grid.y, from: grid.x, to: grid.x + 5) == "z | 0")
        #expect(buffer.cells.allSatisfy { $0.character.isASCII })
    }
}
