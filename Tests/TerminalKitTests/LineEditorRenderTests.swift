import Testing
@testable import TerminalKit

@Suite struct LineEditorRenderTests {
    private func editor(_ text: String, cursor: Int? = nil) -> LineEditor {
        var editor = LineEditor()
        editor.setText(text)
        if let cursor {
            _ = editor.handle(.home)
            for _ in 0..<cursor { _ = editor.handle(.right) }
        }
        return editor
    }

    @Test func shortLineShowsPromptAndText() {
        let rendered = editor("hello", cursor: 2).render(prompt: "> ", width: 20)
        #expect(rendered.text == "> hello")
        #expect(rendered.cursorColumn == 4)
    }

    @Test func cursorAtTheEndOfAFullLineScrolls() {
        // Prompt 2 + area 8: "abcdefgh" leaves no cell for the cursor at the end.
        let rendered = editor("abcdefgh").render(prompt: "> ", width: 10)
        #expect(rendered.text == "> <defgh")
        #expect(rendered.cursorColumn == 8)
    }

    @Test func longLineScrollsToKeepTheCursorVisibleWithMarkers() {
        let text = "0123456789abcdefghij"
        let atStart = editor(text, cursor: 0).render(prompt: "> ", width: 10)
        #expect(atStart.text == "> 0123456>")
        #expect(atStart.cursorColumn == 2)

        let inMiddle = editor(text, cursor: 10).render(prompt: "> ", width: 10)
        #expect(inMiddle.text == "> <56789a>")
        #expect(inMiddle.cursorColumn == 8)

        let atEnd = editor(text).render(prompt: "> ", width: 10)
        #expect(atEnd.text == "> <fghij")
        #expect(atEnd.cursorColumn == 8)
    }

    @Test func renderedLineNeverExceedsTheWidthAndCursorStaysInside() {
        let text = String(repeating: "xy", count: 30)
        for width in 1...24 {
            for cursor in stride(from: 0, through: 60, by: 7) {
                let rendered = editor(text, cursor: cursor).render(prompt: "prompt> ", width: width)
                #expect(rendered.text.count <= width)
                #expect(rendered.cursorColumn >= 0 && rendered.cursorColumn < width)
            }
        }
    }

    @Test func longPromptIsCutToItsEnd() {
        let rendered = editor("ab").render(prompt: "a-very-long-prompt> ", width: 10)
        // The prompt keeps width - 4 columns so four are left for the text.
        #expect(rendered.text == "ompt> ab")
        #expect(rendered.cursorColumn == 8)
    }

    @Test func zeroWidthRendersNothing() {
        let rendered = editor("abc").render(prompt: "> ", width: 0)
        #expect(rendered.text == "")
        #expect(rendered.cursorColumn == 0)
    }

    @Test func searchReplacesThePrompt() {
        var editor = LineEditor(history: ["train --steps 10", "sample 50"])
        _ = editor.handle(.control("r"))
        type("steps", into: &editor)
        let rendered = editor.render(prompt: "> ", width: 80)
        #expect(rendered.text == "(reverse-i-search)`steps': train --steps 10")
        #expect(rendered.cursorColumn == "(reverse-i-search)`steps': train --".count)
    }

    @Test func controlCharactersAreShownAsSymbols() {
        let rendered = editor("a\tb").render(prompt: "", width: 10)
        #expect(rendered.text == "a⇥b")
    }
}
