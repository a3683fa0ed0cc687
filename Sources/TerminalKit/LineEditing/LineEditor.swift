/// What handling a key did to a `LineEditor`.
public enum LineEditorEvent: Hashable, Sendable {
    /// The text, cursor or mode changed: draw the line again.
    case edited
    /// Enter: the line is finished (and recorded in the history).
    case submitted(String)
    /// Ctrl-C: the line was thrown away.
    case cancelled
    /// Ctrl-D on an empty line.
    case endOfInput
    /// Ctrl-L: the caller should clear the screen and draw the line again.
    case clearScreen
    /// The key means nothing here; nothing changed.
    case ignored
}

/// The state of one editable line with history: a pure model with no I/O.
///
/// Both the REPL (`InteractiveLineReader`) and the TUI's command line drive
/// it with `Key`s and draw what `render(prompt:width:)` returns.
///
/// Keys: printable characters insert; Left/Right, Ctrl-B/F move; Home/End,
/// Ctrl-A/E jump; Backspace deletes before, Delete and Ctrl-D after the
/// cursor (Ctrl-D on an empty line ends input); Ctrl-K, Ctrl-U and Ctrl-W cut
/// to the end, to the start and the word before the cursor, Ctrl-Y pastes
/// the last cut; Up/Down (Ctrl-P/N) browse the history; Ctrl-R searches it
/// (see `LineEditor+Search`); Enter submits, Ctrl-C cancels, Ctrl-L asks for
/// a clear screen.
///
/// Invariants: `0 <= cursor <= text.count`. While browsing, `draft` holds the
/// line being typed before the first Up, and comes back after the last Down;
/// edits made to a recalled entry last until the next Up or Down.
public struct LineEditor: Sendable {
    /// The line, one element per character (grapheme cluster).
    public internal(set) var text: [Character] = [] {
        didSet { revision &+= 1 }
    }
    /// Changes whenever `text` does (not when only the cursor moves), so a
    /// caller can tell an edit without comparing the text.
    public private(set) var revision = 0
    /// Where the next character goes: 0 is before the first character.
    public internal(set) var cursor = 0
    public internal(set) var history: LineHistory
    /// Whether submitted lines are added to `history`.
    public var recordsHistory = true

    /// The history entry shown, or nil when editing the draft.
    var browseIndex: Int?
    var draft: [Character] = []
    /// The last text cut by Ctrl-K, Ctrl-U or Ctrl-W.
    var cutBuffer: [Character] = []
    /// Reverse-search state; nil when not searching.
    var search: SearchState?
    /// The query of the last search, offered again by Ctrl-R on an empty query.
    var lastSearchQuery: [Character] = []

    public init(history: [String] = [], maxHistory: Int = 1000) {
        self.history = LineHistory(history, capacity: maxHistory)
    }

    /// The line as a string.
    public var string: String { String(text) }

    /// Whether a reverse search is in progress.
    var isSearching: Bool { search != nil }

    /// Replaces the line, putting the cursor at its end.
    public mutating func setText(_ newText: String) {
        text = Array(newText)
        cursor = text.count
    }

    /// Empties the line and leaves browsing and searching.
    public mutating func clear() {
        text = []
        cursor = 0
        browseIndex = nil
        draft = []
        search = nil
    }

    /// Applies one key.
    public mutating func handle(_ key: Key) -> LineEditorEvent {
        if search != nil, let event = handleSearch(key) { return event }
        switch key {
        case .character(let character): return insert(character)
        case .enter: return submit()
        case .left, .control("b"): return moveCursor(to: cursor - 1)
        case .right, .control("f"): return moveCursor(to: cursor + 1)
        case .home, .control("a"): return moveCursor(to: 0)
        case .end, .control("e"): return moveCursor(to: text.count)
        case .backspace: return remove(cursor - 1..<cursor, keepCut: false)
        case .delete: return remove(cursor..<cursor + 1, keepCut: false)
        case .control("d"):
            if text.isEmpty { return .endOfInput }
            return remove(cursor..<cursor + 1, keepCut: false)
        case .control("k"): return remove(cursor..<text.count, keepCut: true)
        case .control("u"): return remove(0..<cursor, keepCut: true)
        case .control("w"): return remove(wordStart(before: cursor)..<cursor, keepCut: true)
        case .control("y"): return paste()
        case .up, .control("p"): return browse(by: -1)
        case .down, .control("n"): return browse(by: 1)
        case .control("r"): return startSearch()
        case .control("c"):
            clear()
            return .cancelled
        case .control("l"): return .clearScreen
        default: return .ignored
        }
    }

    private mutating func insert(_ character: Character) -> LineEditorEvent {
        // A combining mark typed after a character joins it, as it would in a String.
        if cursor > 0 {
            let joined = String(text[cursor - 1]) + String(character)
            if joined.count == 1 {
                text[cursor - 1] = Character(joined)
                return .edited
            }
        }
        text.insert(character, at: cursor)
        cursor += 1
        return .edited
    }

    private mutating func submit() -> LineEditorEvent {
        let line = string
        if recordsHistory { history.add(line) }
        clear()
        return .submitted(line)
    }

    private mutating func moveCursor(to position: Int) -> LineEditorEvent {
        let clamped = min(max(position, 0), text.count)
        guard clamped != cursor else { return .ignored }
        cursor = clamped
        return .edited
    }

    private mutating func remove(_ range: Range<Int>, keepCut: Bool) -> LineEditorEvent {
        let clamped = max(range.lowerBound, 0)..<min(range.upperBound, text.count)
        guard !clamped.isEmpty else { return .ignored }
        if keepCut { cutBuffer = Array(text[clamped]) }
        text.removeSubrange(clamped)
        if cursor > clamped.lowerBound { cursor = max(clamped.lowerBound, cursor - clamped.count) }
        return .edited
    }

    private mutating func paste() -> LineEditorEvent {
        guard !cutBuffer.isEmpty else { return .ignored }
        text.insert(contentsOf: cutBuffer, at: cursor)
        cursor += cutBuffer.count
        return .edited
    }

    /// The start of the word that ends at `position`: whitespace right before
    /// it is skipped, then everything up to the previous whitespace.
    private func wordStart(before position: Int) -> Int {
        var index = position
        while index > 0 && text[index - 1].isWhitespace { index -= 1 }
        while index > 0 && !text[index - 1].isWhitespace { index -= 1 }
        return index
    }

    private mutating func browse(by step: Int) -> LineEditorEvent {
        guard !history.isEmpty else { return .ignored }
        let target: Int?
        switch (browseIndex, step < 0) {
        case (nil, true): target = history.count - 1
        case (nil, false): return .ignored
        case (let index?, true):
            guard index > 0 else { return .ignored }
            target = index - 1
        case (let index?, false): target = index + 1 < history.count ? index + 1 : nil
        }
        if browseIndex == nil { draft = text }
        browseIndex = target
        text = target.map { Array(history[$0]) } ?? draft
        cursor = text.count
        return .edited
    }
}
