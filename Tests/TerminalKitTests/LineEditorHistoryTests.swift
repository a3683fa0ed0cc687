import Testing
@testable import TerminalKit

@Suite struct LineEditorHistoryTests {
    @Test func historySkipsBlankAndConsecutiveDuplicatesAndIsBounded() {
        var history = LineHistory(capacity: 3)
        for line in ["a", "a", " ", "", "b", "a", "c", "d"] { history.add(line) }
        #expect(history.entries == ["b", "a", "c", "d"].suffix(3).map { $0 })
        #expect(history.entries == ["a", "c", "d"])
    }

    @Test func upAndDownBrowseAndRestoreTheDraft() {
        var editor = LineEditor(history: ["first", "second"])
        type("dra", into: &editor)
        #expect(editor.handle(.up) == .edited)
        #expect(editor.string == "second")
        #expect(editor.cursor == 6)
        #expect(editor.handle(.up) == .edited)
        #expect(editor.string == "first")
        #expect(editor.handle(.up) == .ignored)
        #expect(editor.string == "first")
        #expect(editor.handle(.down) == .edited)
        #expect(editor.string == "second")
        #expect(editor.handle(.down) == .edited)
        #expect(editor.string == "dra")
        #expect(editor.handle(.down) == .ignored)
        type("ft", into: &editor)
        #expect(editor.string == "draft")
    }

    @Test func controlPAndNBrowseLikeUpAndDown() {
        var editor = LineEditor(history: ["only"])
        #expect(editor.handle(.control("p")) == .edited)
        #expect(editor.string == "only")
        #expect(editor.handle(.control("n")) == .edited)
        #expect(editor.string == "")
    }

    @Test func browsingAnEmptyHistoryIsIgnored() {
        var editor = LineEditor()
        #expect(editor.handle(.up) == .ignored)
        #expect(editor.handle(.down) == .ignored)
    }

    @Test func submittingARecalledLineDoesNotDuplicateIt() {
        var editor = LineEditor(history: ["train"])
        _ = editor.handle(.up)
        #expect(editor.handle(.enter) == .submitted("train"))
        #expect(editor.history.entries == ["train"])
        // After submitting, browsing starts again from the newest entry.
        #expect(editor.handle(.up) == .edited)
        #expect(editor.string == "train")
    }

    @Test func historyRespectsMaxSize() {
        var editor = LineEditor(maxHistory: 2)
        for line in ["one", "two", "three"] {
            type(line, into: &editor)
            _ = editor.handle(.enter)
        }
        #expect(editor.history.entries == ["two", "three"])
    }

    @Test func recordsHistoryCanBeTurnedOff() {
        var editor = LineEditor()
        editor.recordsHistory = false
        type("secret", into: &editor)
        #expect(editor.handle(.enter) == .submitted("secret"))
        #expect(editor.history.isEmpty)
    }
}

@Suite struct LineEditorSearchTests {
    private func editorWithHistory() -> LineEditor {
        LineEditor(history: ["train --steps 10", "sample", "train --lr 0.1", "quit"])
    }

    @Test func typingFindsTheNewestMatch() {
        var editor = editorWithHistory()
        #expect(editor.handle(.control("r")) == .edited)
        #expect(editor.isSearching)
        type("tra", into: &editor)
        #expect(editor.searchDisplayText == Array("train --lr 0.1"))
        #expect(editor.searchDisplayCursor == 0)
        type("in --s", into: &editor)
        #expect(editor.searchDisplayText == Array("train --steps 10"))
    }

    @Test func controlRAgainFindsOlderMatches() {
        var editor = editorWithHistory()
        _ = editor.handle(.control("r"))
        type("train", into: &editor)
        #expect(editor.searchDisplayText == Array("train --lr 0.1"))
        #expect(editor.handle(.control("r")) == .edited)
        #expect(editor.searchDisplayText == Array("train --steps 10"))
        _ = editor.handle(.control("r"))
        // Nothing older: the search fails but keeps showing the last match.
        #expect(editor.search?.failed == true)
        #expect(editor.searchDisplayText == Array("train --steps 10"))
        #expect(editor.render(prompt: "> ", width: 80).text
            == "(failed reverse-i-search)`train': train --steps 10")
    }

    @Test func enterAcceptsAndSubmitsTheMatch() {
        var editor = editorWithHistory()
        type("draft", into: &editor)
        _ = editor.handle(.control("r"))
        type("sam", into: &editor)
        #expect(editor.handle(.enter) == .submitted("sample"))
        #expect(!editor.isSearching)
        #expect(editor.history.entries.last == "sample")
    }

    @Test func escapeAndControlGCancelAndRestoreTheLine() {
        for cancel: Key in [.escape, .control("g")] {
            var editor = editorWithHistory()
            type("draft", into: &editor)
            _ = editor.handle(.left)
            _ = editor.handle(.control("r"))
            type("qu", into: &editor)
            #expect(editor.searchDisplayText == Array("quit"))
            #expect(editor.handle(cancel) == .edited)
            #expect(!editor.isSearching)
            #expect(editor.string == "draft")
            #expect(editor.cursor == 4)
        }
    }

    @Test func otherKeysAcceptTheMatchForEditing() {
        var editor = editorWithHistory()
        _ = editor.handle(.control("r"))
        type("lr", into: &editor)
        #expect(editor.handle(.end) == .edited)
        #expect(!editor.isSearching)
        #expect(editor.string == "train --lr 0.1")
        #expect(editor.cursor == 14)
        _ = editor.handle(.backspace)
        type("5", into: &editor)
        #expect(editor.handle(.enter) == .submitted("train --lr 0.5"))
    }

    @Test func backspaceShortensTheQuery() {
        var editor = editorWithHistory()
        _ = editor.handle(.control("r"))
        type("samx", into: &editor)
        #expect(editor.search?.failed == true)
        #expect(editor.handle(.backspace) == .edited)
        #expect(editor.search?.failed == false)
        #expect(editor.searchDisplayText == Array("sample"))
    }

    @Test func controlROnAnEmptyQueryReusesTheLastQuery() {
        var editor = editorWithHistory()
        _ = editor.handle(.control("r"))
        type("train", into: &editor)
        _ = editor.handle(.escape)
        _ = editor.handle(.control("r"))
        #expect(editor.handle(.control("r")) == .edited)
        #expect(editor.searchDisplayText == Array("train --lr 0.1"))
    }

    @Test func controlCDuringSearchCancelsTheLine() {
        var editor = editorWithHistory()
        _ = editor.handle(.control("r"))
        type("quit", into: &editor)
        #expect(editor.handle(.control("c")) == .cancelled)
        #expect(!editor.isSearching)
        #expect(editor.string == "")
    }

    @Test func searchSkipsOlderEntriesWithTheSameText() {
        var editor = LineEditor(history: ["run a", "x", "run a", "y"])
        _ = editor.handle(.control("r"))
        type("run", into: &editor)
        #expect(editor.search?.match == 2)
        _ = editor.handle(.control("r"))
        #expect(editor.search?.failed == true)
        #expect(editor.search?.match == 2)
    }
}
