extension LineEditor {
    /// The line as it should appear on one terminal row of `width` columns:
    /// the prompt then the text, and the column the cursor goes in.
    ///
    /// Each character takes one column (as in `Buffer`); control characters
    /// are shown as `Buffer.visibleGlyph` stand-ins. While searching, the
    /// prompt is replaced by readline's "(reverse-i-search)`query': ".
    ///
    /// When prompt and text do not fit, the text scrolls horizontally so the
    /// cursor stays visible, resting one column short of the right edge; a
    /// `<` in the first text column marks text hidden on the left, a `>` in
    /// the last column text hidden on the right. A prompt longer than
    /// `width - 4` is cut to its last columns so some text always shows.
    ///
    /// Guarantees: `text.count <= width` and `0 <= cursorColumn < width`
    /// (both 0 when `width <= 0`), and the cursor is never on a marker.
    public func render(prompt: String, width: Int) -> (text: String, cursorColumn: Int) {
        guard width > 0 else { return ("", 0) }
        let fullPrompt = Array(search.map(Self.searchPrompt) ?? prompt).map(Buffer.visibleGlyph)
        let content = searchDisplayText.map(Buffer.visibleGlyph)
        let contentCursor = min(searchDisplayCursor, content.count)

        let promptLimit = width - min(width, 4)
        let shownPrompt = fullPrompt.count <= promptLimit ? fullPrompt : Array(fullPrompt.suffix(promptLimit))
        let area = width - shownPrompt.count
        let (visible, column) = Self.window(of: content, cursor: contentCursor, columns: area)
        return (String(shownPrompt + visible), shownPrompt.count + column)
    }

    /// The prompt shown during a reverse search.
    static func searchPrompt(_ state: SearchState) -> String {
        (state.failed ? "(failed reverse-i-search)`" : "(reverse-i-search)`") + String(state.query) + "': "
    }

    /// The part of `content` shown in `columns` columns with the cursor
    /// visible, with scroll markers, and the cursor's column within it.
    static func window(of content: [Character], cursor: Int, columns: Int) -> ([Character], Int) {
        let count = content.count
        if count < columns { return (content, cursor) }
        guard columns >= 3 else {
            let offset = max(0, cursor - (columns - 1))
            return (Array(content[offset..<min(count, offset + columns)]), cursor - offset)
        }
        let offset = cursor <= columns - 2 ? 0 : cursor - (columns - 2)
        var visible = Array(content[offset..<min(count, offset + columns)])
        if offset > 0 { visible[0] = "<" }
        if count > offset + columns { visible[columns - 1] = ">" }
        return (visible, cursor - offset)
    }
}
