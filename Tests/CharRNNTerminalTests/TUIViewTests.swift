import CharRNN
@testable import CharRNNTerminal
import Foundation
import TerminalKit
import Testing

/// `AppView.render` into buffers of several sizes, with assertions on cells.
@Suite struct TUIViewTests {
    static let sizes = [(0, 0), (1, 1), (20, 5), (79, 24), (80, 23), (80, 24), (120, 40), (200, 60)]
    static let themes = [Theme.full, Theme(color: false, unicode: true), Theme(color: true, unicode: false), Theme(color: false, unicode: false)]

    @Test func everySizeAndThemeRendersAtExactlyTheScreenSize() throws {
        let base = try TUIFixtures.state()
        for (width, height) in Self.sizes {
            for theme in Self.themes {
                var state = base
                state.theme = theme
                _ = AppUpdate.update(&state, .resize(width: width, height: height))
                let buffer = AppView.render(state)
                #expect(buffer.width == width && buffer.height == height)
            }
        }
    }

    @Test func everyOverlayRendersAtEverySize() throws {
        let app = TUIFixtures.app(try TUIFixtures.trainedSession())
        app.press(.character("n"))
        let output = CommandResult(lines: (0..<80).map { OutputLine("line \($0)") }, status: .failed(message: "bad"))
        for overlay in [Overlay.help, .quitConfirm, .commandOutput(command: "show", result: output)] {
            for (width, height) in Self.sizes {
                var state = app.state
                state.overlay = overlay
                _ = AppUpdate.update(&state, .resize(width: width, height: height))
                state.overlay = overlay
                let buffer = AppView.render(state)
                #expect(buffer.width == width && buffer.height == height)
            }
        }
    }

    @Test func paneViewsStayInsideTheirAreas() throws {
        let app = TUIFixtures.app(try TUIFixtures.trainedSession())
        app.press(.character("n"))
        let sentinel = Cell("¤")
        for (width, height) in [(0, 0), (1, 1), (20, 5), (80, 24), (200, 60)] {
            let areas = [Rect(x: 0, y: 0, width: width, height: height), Rect(x: 2, y: 1, width: width / 2, height: height / 2)]
            for area in areas {
                var state = app.state
                state.theme = Theme(color: false, unicode: true)
                let views: [(inout Buffer) -> Void] = [
                    { CurvesView.render(state, into: &$0, area: area) },
                    { PromptView.render(state, into: &$0, area: area) },
                    { StatusBarView.render(state, into: &$0, area: area) },
                    { BottomLineView.render(state, into: &$0, area: area) },
                ]
                for (index, view) in views.enumerated() {
                    var buffer = Buffer(width: width, height: height, fill: sentinel)
                    view(&buffer)
                    for y in 0..<height {
                        for x in 0..<width where !(x >= area.x && x < area.maxX && y >= area.y && y < area.maxY) {
                            #expect(buffer[x, y] == sentinel, "view \(index) drew (\(x), \(y)) outside \(area) in \(width)×\(height)")
                        }
                    }
                }
            }
        }
    }

    @Test func smallScreensShowTheTooSmallMessageWithBothSizes() throws {
        var state = try TUIFixtures.state()
        _ = AppUpdate.update(&state, .resize(width: 0, height: 0))
        #expect(AppView.render(state).cells.isEmpty)

        _ = AppUpdate.update(&state, .resize(width: 1, height: 1))
        #expect(AppView.render(state).lines == ["t"])

        _ = AppUpdate.update(&state, .resize(width: 20, height: 5))
        let small = AppView.render(state)
        let words = small.lines.joined(separator: " ").split(separator: " ").joined(separator: " ")
        #expect(words == "terminal too small: need 80×24, have 20×5", "\(small.lines)")

        for (width, height) in [(79, 24), (80, 23), (50, 12)] {
            _ = AppUpdate.update(&state, .resize(width: width, height: height))
            let text = AppView.render(state).text
            #expect(text.contains("terminal too small: need 80×24, have \(width)×\(height)"), "\(text)")
        }
        state.theme = Theme(color: true, unicode: false)
        #expect(AppView.render(state).text.contains("need 80x24, have 50x12"))
    }

    @Test func fullScreensShowEveryPaneAndTheStatusLine() throws {
        for (width, height) in [(80, 24), (120, 40), (200, 60)] {
            var state = try TUIFixtures.state(width: width, height: height)
            state.snapshot.state = .paused
            let buffer = AppView.render(state)
            let text = buffer.text
            for title in ["curves", "prompt", "hidden state h", "one-hot inspector", "the time traveller"] {
                #expect(text.contains(title), "\(title) at \(width)×\(height)")
            }
            #expect(buffer.line(0).hasPrefix(" epoch 100/100 · val ppl "), "\(buffer.line(0))")
            #expect(buffer.line(0).contains("paused"))
            #expect(!text.contains("too small"))
            #expect(buffer[0, 1].character == "┏", "the focused curves pane has a heavy border")
        }
    }

    @Test func curvesPaneDrawsBrailleForAKnownHistory() throws {
        var state = try TUIFixtures.state(width: 120, height: 40)
        state.snapshot.history = (1...10).map { EpochMetrics(epoch: $0, step: $0 * 10, trainLoss: 3.3 - 0.2 * Double($0), valLoss: 3.2 - 0.2 * Double($0), tokensPerSecond: 1e6, elapsedSeconds: Double($0)) }
        state.snapshot.stepLosses = (1...100).map { (x: Double($0) / 10, loss: 3.4 - 0.02 * Double($0)) }
        state.snapshot.epoch = 10
        state.snapshot.targetEpoch = 100
        let buffer = AppView.render(state)
        let layout = ScreenLayout(width: 120, height: 40)
        let inner = layout.inner(.curves)
        #expect(buffer.text(y: inner.y, from: inner.x, to: inner.maxX).hasPrefix("epoch 10/100 · train ppl 3.67 · val ppl 3.32 · loss 1.300/1.200"))
        let charts = CurvesView.charts(.both, in: Rect(x: inner.x, y: inner.y + 1, width: inner.width, height: inner.height - 1))
        #expect(charts.count == 2)
        for (_, rect) in charts {
            let dots = buffer.braillePositions(in: rect)
            #expect(dots.count > 10)
            let left = try #require(dots.min { $0.x < $1.x }), right = try #require(dots.max { $0.x < $1.x })
            #expect(left.y < right.y, "a falling loss falls on the screen")
        }
        #expect(buffer.text.contains("⠤⠤ val 1.2"), "the legend gives the latest value")

        state.theme = Theme(color: true, unicode: false)
        let ascii = AppView.render(state)
        #expect(ascii.braillePositions(in: ascii.area).isEmpty)
    }

    @Test func heatmapCellsTakeThePaletteColourOfTheirValue() throws {
        var state = try TUIFixtures.state(width: 120, height: 40)
        state.prompt.editor.setText("abc")
        state.prompt.sync(vocabulary: state.model.vocabulary)
        state.probe = ProbeTrace(
            ids: state.probeIDs, paramsVersion: state.snapshot.paramsVersion, rows: 2, columns: 3,
            values: [1, 0, -1, 0.5, -0.5, 0], groups: [StateGroup(layer: nil, symbol: "h", role: "hidden state", firstRow: 0, width: 2)])
        _ = AppUpdate.update(&state, .resize(width: 120, height: 40))
        let grid = ScreenLayout(width: 120, height: 40).heatmapGrid
        // One-character row labels and a space; 3 steps share the rest, 20 cells each.
        let x0 = grid.x + 2, y0 = grid.y, w = 20
        #expect((grid.width - 2) / 3 == w)
        let buffer = AppView.render(state)
        // Both units on one line: ▀ in unit 0's colour over unit 1's.
        #expect(buffer[x0 + 2 * w, y0] == Cell("▀", style: Style(foreground: .cube(0, 0, 3), background: .grey(21))), "-1 is dark blue, 0 the neutral grey")
        #expect(buffer[x0 + w + 19, y0] == Cell("▀", style: Style(foreground: .grey(21), background: Palette.diverging.color(for: -0.5))))
        #expect(buffer[x0, y0] == Cell("▀", style: Style(foreground: Palette.diverging.color(for: 1), background: Palette.diverging.color(for: 0.5))))
        #expect(buffer[x0 + 9, y0].style.foreground == Palette.diverging.cursorColor, "the cursor starts on unit 0, step 1, in the middle of its span")
        #expect(buffer[x0 + 9, y0].style.background == Palette.diverging.color(for: 0.5))
        #expect(buffer.text(y: y0 + 1, from: x0, to: x0 + 3 * w) == "         a                   b                   c          ")
        let valueLine = ScreenLayout(width: 120, height: 40).heatmapValueLine
        #expect(buffer.line(valueLine.y).contains("unit 0, step 1 'a' (index 2): +1.0000"))

        state.theme = Theme(color: false, unicode: true)
        let shades = AppView.render(state)
        #expect(shades.text(y: y0 + 2, from: x0, to: x0 + 3 * w).hasPrefix("         a "), "one unit a row without colour")
        #expect(shades[x0 + 2 * w, y0].character == " ", "-1 is the lightest shade")
        #expect(shades[x0 + w + 19, y0 + 1].character == "░")
        #expect(shades[x0, y0 + 1].character == "▓")
        #expect(shades[x0 + 9, y0] == Cell("█", style: Style(bold: true, reverse: true)), "the cursor")
    }

    @Test func promptPaneListsTheTopCandidatesOfAKnownDistribution() throws {
        let app = TUIFixtures.app(try TUIFixtures.trainedSession(), width: 120, height: 40)
        app.press(.character("n"))
        var state = app.state
        var step = try #require(state.prompt.lastStep)
        let v = state.model.vocabulary
        step.probabilities = [Float](repeating: 0.1 / Float(v.count - 3), count: v.count)
        step.probabilities[v.index(of: "e")] = 0.5
        step.probabilities[v.index(of: " ")] = 0.3
        step.probabilities[v.index(of: "a")] = 0.1
        step.chosen = v.index(of: " ")
        step.chosenProbability = 0.3
        step.entropy = 1.5
        state.prompt.lastStep = step
        state.prompt.sampling.topK = 3
        let buffer = AppView.render(state)
        let lines = buffer.lines
        let info = try #require(lines.firstIndex { $0.contains("step 1: '␠' p=30.0% · entropy 1.50 nats (2.16 bits)") })
        let inner = ScreenLayout(width: 120, height: 40).inner(.prompt)
        let rows = (1...4).map { buffer.text(y: info + $0, from: inner.x, to: inner.maxX) }
        #expect(rows[0].hasPrefix("e █") && rows[0].hasSuffix("50.0%"), "\(rows[0])")
        #expect(rows[1].hasPrefix("␠ █") && rows[1].hasSuffix("30.0%"), "\(rows[1])")
        #expect(rows[2].hasPrefix("a █") && rows[2].hasSuffix("10.0%"), "\(rows[2])")
        #expect(rows[3].trimmingCharacters(in: .whitespaces).isEmpty, "top-k 3 lists three rows")
        #expect(buffer[inner.x, info + 2].style.reverse, "the chosen candidate is highlighted")
        let first = rows[0].filter { $0 == "█" }.count, second = rows[1].filter { $0 == "█" }.count
        #expect(abs(3 * first - 5 * second) <= 5, "bars are proportional to 0.5 and 0.3: \(first), \(second)")
    }

    @Test func helpOverlayListsEveryKey() throws {
        for (width, height) in [(80, 24), (200, 60)] {
            var state = try TUIFixtures.state(width: width, height: height)
            state.press(.character("?"))
            let text = AppView.render(state).text
            #expect(!KeyBindings.help.isEmpty)
            for binding in KeyBindings.help {
                #expect(text.contains(binding.keys + "  ") && text.contains(binding.action), "\(binding) at \(width)×\(height)")
            }
            #expect(text.contains("any key closes"))
        }
    }

    @Test func asciiThemeSendsOnlyAscii() throws {
        let app = TUIFixtures.app(try TUIFixtures.trainedSession(), width: 200, height: 60, theme: Theme(color: false, unicode: false))
        app.press(.character("n"), .tab, .tab)
        app.type("é")
        for overlay in [nil, Overlay.help, .quitConfirm] {
            var state = app.state
            state.overlay = overlay
            let buffer = AppView.render(state)
            #expect(buffer.cells.allSatisfy { $0.character.isASCII }, "\(buffer.text)")
        }
    }

    @Test func quitQuestionAndCommandLineTakeTheBottomRow() throws {
        var state = try TUIFixtures.state(width: 80, height: 24)
        state.snapshot.unsaved = true
        state.press(.character("q"))
        #expect(AppView.render(state).line(23).hasPrefix("save before quitting? [y]es/[n]o/[c]ancel"))
        state.press(.escape, .character(":"))
        state.type("help")
        #expect(AppView.render(state).line(23).hasPrefix(":help"))
        let cursor = try #require(AppView.cursorPosition(state))
        #expect(cursor.x == 5 && cursor.y == 23)
    }
}
