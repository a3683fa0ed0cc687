import CharRNN
@testable import CharRNNTerminal
import CharRNNTestSupport
import Foundation
import TerminalKit
import Testing

/// `--text raw`: newlines, tabs, controls, wide and combining characters shown
/// in one cell each everywhere text appears, and typed characters outside the
/// vocabulary named.
@Suite struct TUIRawTextTests {
    /// Lines with tabs, punctuation, capitals and CJK, a few thousand scalars.
    static let corpusText = String(repeating: "The Time Machine\tby H. G. Wells\n時間旅行者 said: ok, e\u{301}\n", count: 150)

    /// A raw-text session on `corpusText` and an app on it with `prefix`.
    static func rawApp(prefix: String, width: Int = 120, height: Int = 40, theme: Theme = .full) throws -> (TUIApp, URL) {
        let folder = try Fixtures.temporaryDirectory()
        let corpus = folder.appendingPathComponent("mixed.txt")
        try corpusText.write(to: corpus, atomically: true, encoding: .utf8)
        let session = try TUIFixtures.smallSession(text: .raw, corpus: corpus)
        return (TUIFixtures.app(session, width: width, height: height, theme: theme, prefix: prefix), folder)
    }

    @Test func tokenGlyphsTakeOneCellAndListsNameWhatCannot() {
        let cases: [(String, TokenGlyph.Kind, Character, String)] = [
            ("a", .narrow, "a", "a"), (" ", .narrow, " ", "␠"), ("\n", .control, "↵", "↵"), ("\t", .control, "⇥", "⇥"),
            ("\u{7}", .control, "␇", "␇"), ("é", .narrow, "é", "é"), ("時", .wide, "▯", "U+6642"),
            ("😀", .wide, "▯", "U+1F600"), ("\u{301}", .combining, "◌\u{301}", "◌\u{301}"),
            ("\u{200B}", .invisible, "▯", "U+200B"), ("Ａ", .wide, "▯", "U+FF21"),
        ]
        for (token, kind, cell, label) in cases {
            #expect(TokenGlyph.kind(of: token.unicodeScalars.first!) == kind, "\(token.debugDescription)")
            #expect(TokenGlyph.cell(token: token) == cell, "\(token.debugDescription)")
            #expect(TokenGlyph.label(token) == label, "\(token.debugDescription)")
        }
        #expect(TokenGlyph.label("<unk>") == "<unk>" && TokenGlyph.cell(token: "<unk>") == "?")
        #expect(TokenGlyph.label(" ", unicode: false) == "_")
        #expect(TokenGlyph.quoted("e") == "'e'" && TokenGlyph.quoted("\n") == "'↵'" && TokenGlyph.quoted("時") == "U+6642")
        #expect(TokenGlyph.text("a\tb\n時e\u{301}") == "a⇥b\n▯e\u{301}", "newlines stay for the text pane to break at")
        for token in cases.map(\.0) {
            let cell = TokenGlyph.cell(token: token)
            var out: [Int32] = []
            CellGlyph.append(cell, to: &out, width: { TokenGlyph.kind(of: Unicode.Scalar($0)!) == .combining ? 0 : 1 })
            #expect(out.first != CellGlyph.replacement, "\(token.debugDescription) reaches the terminal as itself")
        }
    }

    @Test func columnLabelsPromptAndVocabularyShowNewlinesTabsAndStandIns() throws {
        let (app, folder) = try Self.rawApp(prefix: "said:\tok\n時間")
        defer { try? FileManager.default.removeItem(at: folder) }
        let state = app.state
        #expect(state.message == nil, "every typed character is in the vocabulary")
        let buffer = AppView.render(state)
        let grid = state.layout.heatmapGrid
        let parts = HiddenStateView.heatmap(state, in: grid).parts(in: grid, theme: state.theme)
        let labelRow = try #require(parts.columnLabelRow)
        let labels = String((0..<parts.visibleColumns).map { buffer[parts.middleX(ofVisibleColumn: $0), labelRow].character })
        #expect(labels == "said:⇥ok↵▯▯", "one cell per step, in the middle of its span, under the grid")
        #expect(buffer.text(y: labelRow, from: grid.x, to: parts.middleX(ofVisibleColumn: 0)).allSatisfy { $0 == " " })

        let prompt = buffer.rows(in: state.layout.inner(.prompt))
        #expect(prompt[0].hasPrefix("said:⇥ok↵ "), "a newline shows as ↵ before the break: \(prompt)")
        #expect(prompt[1].hasPrefix("▯▯ "))

        app.press(.backTab)
        let v = state.model.vocabulary
        let listed = (0..<v.count).map { InspectorView.row(index: $0, model: state.model) }
        #expect(listed[v.index(of: "\t")].contains("  ⇥  "))
        #expect(listed[v.index(of: "\n")].contains("  ↵  "))
        #expect(listed[v.index(of: "時")].contains("  U+6642  "))
        #expect(listed[v.index(of: "\u{301}")].contains("  ◌\u{301}  "))
        let jump = v.index(of: "時")
        for _ in 0..<jump { app.press(.character("j")) }
        let inspected = AppView.render(app.state)
        let detail = app.state.layout.inspectorDetail
        #expect(inspected.text(y: detail.y, from: detail.x, to: detail.maxX).hasPrefix("U+6642 · index \(jump) · "))
        #expect(inspected.rows(in: app.state.layout.inspectorList).contains { $0.contains(" U+6642 ") }, "the selected row is in view")
    }

    @Test func topCandidatesAndTheCursorLineNameRawTokens() throws {
        let (app, folder) = try Self.rawApp(prefix: "said:\tok\n")
        defer { try? FileManager.default.removeItem(at: folder) }
        app.press(.character("n"))
        var state = app.state
        let v = state.model.vocabulary
        var step = try #require(state.prompt.lastStep)
        step.probabilities = [Float](repeating: 0, count: v.count)
        step.probabilities[v.index(of: "\n")] = 0.5
        step.probabilities[v.index(of: "時")] = 0.3
        step.probabilities[v.index(of: "\t")] = 0.2
        step.chosen = v.index(of: "時")
        step.chosenProbability = 0.3
        state.prompt.lastStep = step
        state.prompt.sampling.topK = 3
        let buffer = AppView.render(state)
        let inner = state.layout.inner(.prompt)
        let rows = buffer.rows(in: inner)
        let info = try #require(rows.firstIndex { $0.hasPrefix("step 1: U+6642 p=30.0%") }, "\(rows)")
        #expect(rows[info + 1].hasPrefix("↵      █"), "\(rows[info + 1])")
        #expect(rows[info + 2].hasPrefix("U+6642 █"))
        #expect(rows[info + 3].hasPrefix("⇥      █"))

        app.press(.tab, .home)
        for _ in 0..<8 { app.press(.character("l")) }
        let line = app.state.layout.heatmapValueLine
        let text = AppView.render(app.state).text(y: line.y, from: line.x, to: line.maxX)
        #expect(text.hasPrefix("hidden state h · unit 0, step 9 '↵' (index \(v.index(of: "\n"))): "), "\(text)")
    }

    @Test func typedCharactersOutsideTheVocabularyAreNamedAndMarked() throws {
        let (app, folder) = try Self.rawApp(prefix: "ok")
        defer { try? FileManager.default.removeItem(at: folder) }
        app.press(.tab, .tab)
        app.type("X漢e\u{301}")
        let state = app.state
        let message = try #require(state.message)
        #expect(message.isError)
        #expect(message.text == "'X' at 2, U+6F22 at 3 not in the vocabulary: read as <unk>", "\(message.text)")
        let v = state.model.vocabulary
        let unk = v.unknownIndex
        #expect(state.probe.ids == [v.index(of: "o"), v.index(of: "k"), unk, unk, v.index(of: "e"), v.index(of: "\u{301}")])
        let buffer = AppView.render(state)
        #expect(buffer.line(state.layout.prompt.y).contains("prompt · 2 <unk> · "))
        let grid = state.layout.heatmapGrid
        let parts = HiddenStateView.heatmap(state, in: grid).parts(in: grid, theme: state.theme)
        let labelRow = try #require(parts.columnLabelRow)
        let x = (0..<6).map { parts.middleX(ofVisibleColumn: $0) }
        #expect(x.map { buffer[$0, labelRow].character } == ["o", "k", "X", "▯", "e", "◌\u{301}"])
        #expect(buffer[x[2], labelRow].style.foreground == .red, "X became <unk>")
        #expect(buffer[x[3], labelRow].style.foreground == .red)
        #expect(buffer[x[1], labelRow].style.foreground != .red)
        #expect(buffer[x[4], labelRow].style.foreground != .red)
        let inner = state.layout.inner(.prompt)
        #expect(buffer.rows(in: inner)[0].hasPrefix("okX▯e\u{301} "), "the prompt keeps the accent on its letter")
        #expect(buffer[inner.x + 2, inner.y].style.underline && buffer[inner.x + 3, inner.y].style.underline)
        #expect(!buffer[inner.x + 1, inner.y].style.underline && !buffer[inner.x + 4, inner.y].style.underline)

        var ascii = state
        ascii.theme = Theme(color: false, unicode: false)
        #expect(AppView.render(ascii).cells.allSatisfy { $0.character.isASCII })
    }

    @Test func theREPLsHeatmapKeepsOneColumnPerStep() throws {
        let (app, folder) = try Self.rawApp(prefix: "ok")
        defer { try? FileManager.default.removeItem(at: folder) }
        let repl = CommandInterpreter(session: app.session, style: .plain, scriptMode: true)
        let result = repl.execute("hidden \"時間\tok\"")
        let texts = result.lines.map(\.text)
        #expect(texts.contains("unit  ▯▯⇥ok"), "\(texts)")
        #expect(texts.contains { $0.hasSuffix("U+6642") || $0.contains(" U+6642 ") }, "the unit table names the wide character")
    }
}
