/// Reverse incremental history search (Ctrl-R), as in readline.
///
/// Typing extends the query and shows the newest entry containing it;
/// Backspace shortens it; Ctrl-R again moves to the next older entry with
/// another text containing it (and, on an empty query, reuses the last
/// search's query). Enter submits the match. Escape and Ctrl-G cancel,
/// putting back the line as it was. Ctrl-C cancels the line. Any other key
/// takes the match into the line for editing and then acts as usual.
struct SearchState: Sendable {
    var query: [Character] = []
    /// The history index of the entry shown, or nil before anything matched.
    var match: Int?
    /// Whether the last change to the query found nothing.
    var failed = false
    /// The line and cursor from before the search, for cancelling.
    var originalText: [Character]
    var originalCursor: Int
}

extension LineEditor {
    /// The text shown while searching: the match, or the original line.
    var searchDisplayText: [Character] {
        guard let search else { return text }
        return search.match.map { Array(history[$0]) } ?? search.originalText
    }

    /// Where the cursor is shown while searching: at the start of the query in the match.
    var searchDisplayCursor: Int {
        guard let search else { return cursor }
        guard let match = search.match else { return search.originalCursor }
        let entry = history[match]
        guard !search.query.isEmpty, let range = entry.firstRange(of: String(search.query)) else { return 0 }
        return entry.distance(from: entry.startIndex, to: range.lowerBound)
    }

    mutating func startSearch() -> LineEditorEvent {
        search = SearchState(originalText: text, originalCursor: cursor)
        return .edited
    }

    /// Handles `key` during a search; nil means "leave the search, then treat
    /// the key as a normal editing key".
    mutating func handleSearch(_ key: Key) -> LineEditorEvent? {
        guard var state = search else { return nil }
        switch key {
        case .character(let character):
            state.query.append(character)
            findMatch(&state, from: state.match ?? history.count - 1, skippingText: nil)
        case .backspace:
            guard !state.query.isEmpty else { return .ignored }
            state.query.removeLast()
            if state.query.isEmpty {
                state.match = nil
                state.failed = false
            } else {
                findMatch(&state, from: history.count - 1, skippingText: nil)
            }
        case .control("r"):
            if state.query.isEmpty {
                guard !lastSearchQuery.isEmpty else { return .ignored }
                state.query = lastSearchQuery
                findMatch(&state, from: history.count - 1, skippingText: nil)
            } else {
                let current = state.match.map { history[$0] }
                findMatch(&state, from: (state.match ?? history.count) - 1, skippingText: current)
            }
        case .enter:
            acceptSearch()
            return handle(.enter)
        case .escape, .control("g"):
            endSearch()
            text = state.originalText
            cursor = state.originalCursor
            return .edited
        case .control("c"):
            endSearch()
            return nil
        case .resize, .function, .insert, .tab, .backTab:
            return .ignored
        default:
            acceptSearch()
            return nil
        }
        search = state
        return .edited
    }

    /// Points `state` at the newest entry at or before `start` containing the
    /// query (and not equal to `skippingText`); on failure keeps the old match.
    private func findMatch(_ state: inout SearchState, from start: Int, skippingText: String?) {
        let query = String(state.query)
        var index = start
        while let found = history.lastIndex(containing: query, atOrBefore: index) {
            if history[found] != skippingText {
                state.match = found
                state.failed = false
                return
            }
            index = found - 1
        }
        state.failed = true
    }

    /// Takes the shown match into the line, cursor at the query, and ends the search.
    private mutating func acceptSearch() {
        let shown = searchDisplayText
        let shownCursor = searchDisplayCursor
        endSearch()
        text = shown
        cursor = min(shownCursor, shown.count)
        browseIndex = nil
    }

    private mutating func endSearch() {
        if let query = search?.query, !query.isEmpty { lastSearchQuery = query }
        search = nil
    }
}
