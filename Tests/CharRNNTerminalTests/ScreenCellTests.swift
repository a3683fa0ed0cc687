import CharRNNTestSupport
import Testing

/// Reading a terminal capture with SGR escapes into cells, as the tmux tests do.
@Suite struct ScreenCellTests {
    @Test func foregroundColoursFollowTheEscapes() {
        let rows = ScreenCell.rows(ansi: "\u{1B}[7m a\u{1B}[0;1m\u{1B}[36m┏b\u{1B}[39mc\n\u{1B}[2m\u{1B}[38;5;244m⠤\u{1B}[0m d\u{1B}[93me")
        #expect(rows.count == 2)
        #expect(rows[0].map(\.character) == [" ", "a", "┏", "b", "c"])
        #expect(rows[0].map(\.foreground) == [nil, nil, 6, 6, nil])
        #expect(rows[1].map(\.foreground) == [244, nil, nil, 11])
    }
}
