import Testing
@testable import TerminalKit

/// Types `text` into `editor` one character at a time.
func type(_ text: String, into editor: inout LineEditor) {
    for character in text { _ = editor.handle(.character(character)) }
}

@Suite struct LineEditorTests {
    @Test func typingInsertsAtTheCursor() {
        var editor = LineEditor()
        type("helo", into: &editor)
        #expect(editor.handle(.left) == .edited)
        type("l", into: &editor)
        #expect(editor.string == "hello")
        #expect(editor.cursor == 4)
    }

    @Test func cursorMovesAreClampedAndReportIgnoredAtTheEdges() {
        var editor = LineEditor()
        type("abc", into: &editor)
        #expect(editor.handle(.right) == .ignored)
        #expect(editor.handle(.home) == .edited)
        #expect(editor.cursor == 0)
        #expect(editor.handle(.left) == .ignored)
        #expect(editor.handle(.control("f")) == .edited)
        #expect(editor.cursor == 1)
        #expect(editor.handle(.control("e")) == .edited)
        #expect(editor.cursor == 3)
        #expect(editor.handle(.control("b")) == .edited)
        #expect(editor.handle(.control("a")) == .edited)
        #expect(editor.cursor == 0)
        #expect(editor.handle(.end) == .edited)
        #expect(editor.cursor == 3)
    }

    @Test func backspaceAndDelete() {
        var editor = LineEditor()
        type("abcd", into: &editor)
        _ = editor.handle(.left)
        _ = editor.handle(.left)
        #expect(editor.handle(.backspace) == .edited)
        #expect(editor.string == "acd")
        #expect(editor.cursor == 1)
        #expect(editor.handle(.delete) == .edited)
        #expect(editor.string == "ad")
        #expect(editor.cursor == 1)
        _ = editor.handle(.home)
        #expect(editor.handle(.backspace) == .ignored)
        _ = editor.handle(.end)
        #expect(editor.handle(.delete) == .ignored)
    }

    @Test func controlDDeletesOrEndsInput() {
        var editor = LineEditor()
        type("ab", into: &editor)
        _ = editor.handle(.home)
        #expect(editor.handle(.control("d")) == .edited)
        #expect(editor.string == "b")
        #expect(editor.handle(.control("d")) == .edited)
        #expect(editor.string == "")
        #expect(editor.handle(.control("d")) == .endOfInput)
    }

    @Test func killToEndAndToStartThenYank() {
        var editor = LineEditor()
        type("hello world", into: &editor)
        for _ in 0..<5 { _ = editor.handle(.left) }
        #expect(editor.handle(.control("k")) == .edited)
        #expect(editor.string == "hello ")
        #expect(editor.handle(.control("u")) == .edited)
        #expect(editor.string == "")
        #expect(editor.cursor == 0)
        #expect(editor.handle(.control("y")) == .edited)
        #expect(editor.string == "hello ")
        #expect(editor.cursor == 6)
    }

    @Test func controlWDeletesTheWordBeforeTheCursor() {
        var editor = LineEditor()
        type("train  --steps 100  ", into: &editor)
        #expect(editor.handle(.control("w")) == .edited)
        #expect(editor.string == "train  --steps ")
        #expect(editor.handle(.control("w")) == .edited)
        #expect(editor.string == "train  ")
        // In the middle of a word: deletes only the part before the cursor.
        type("abc", into: &editor)
        _ = editor.handle(.left)
        #expect(editor.handle(.control("w")) == .edited)
        #expect(editor.string == "train  c")
        #expect(editor.cursor == 7)
        _ = editor.handle(.home)
        #expect(editor.handle(.control("w")) == .ignored)
    }

    @Test func enterSubmitsRecordsHistoryAndResets() {
        var editor = LineEditor()
        type("sample 200", into: &editor)
        #expect(editor.handle(.enter) == .submitted("sample 200"))
        #expect(editor.string == "")
        #expect(editor.cursor == 0)
        #expect(editor.history.entries == ["sample 200"])
    }

    @Test func controlCCancelsTheLine() {
        var editor = LineEditor()
        type("oops", into: &editor)
        #expect(editor.handle(.control("c")) == .cancelled)
        #expect(editor.string == "")
        #expect(editor.history.isEmpty)
    }

    @Test func controlLAsksForAClearScreenAndKeepsTheLine() {
        var editor = LineEditor()
        type("keep", into: &editor)
        #expect(editor.handle(.control("l")) == .clearScreen)
        #expect(editor.string == "keep")
    }

    @Test func unusedKeysAreIgnored() {
        var editor = LineEditor()
        type("x", into: &editor)
        for key: Key in [.tab, .backTab, .escape, .function(3), .pageUp, .insert, .resize, .control("t")] {
            #expect(editor.handle(key) == .ignored)
        }
        #expect(editor.string == "x")
    }

    @Test func combiningMarkJoinsThePreviousCharacter() {
        var editor = LineEditor()
        type("e", into: &editor)
        _ = editor.handle(.character("\u{301}"))
        #expect(editor.text.count == 1)
        #expect(editor.string == "\u{E9}")
    }

    @Test func setTextPutsTheCursorAtTheEnd() {
        var editor = LineEditor()
        editor.setText("load model.bin")
        #expect(editor.cursor == 14)
        #expect(editor.handle(.control("w")) == .edited)
        #expect(editor.string == "load ")
    }
}
