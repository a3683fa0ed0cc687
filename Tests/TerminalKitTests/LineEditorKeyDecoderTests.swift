import Testing
@testable import TerminalKit

@Suite struct LineEditorKeyDecoderTests {
    private func decode(_ text: String) -> [Key] {
        var decoder = KeyDecoder()
        return decoder.feed(Array(text.utf8))
    }

    /// Feeds the bytes of `text` one at a time, as a slow terminal would send them.
    private func decodeBytewise(_ text: String) -> [Key] {
        var decoder = KeyDecoder()
        var keys: [Key] = []
        for byte in text.utf8 { keys += decoder.feed([byte]) }
        return keys
    }

    static let sequences: [(String, Key)] = [
        ("\u{1B}[A", .up), ("\u{1B}[B", .down), ("\u{1B}[C", .right), ("\u{1B}[D", .left),
        ("\u{1B}OA", .up), ("\u{1B}OB", .down), ("\u{1B}OC", .right), ("\u{1B}OD", .left),
        ("\u{1B}[H", .home), ("\u{1B}[F", .end), ("\u{1B}OH", .home), ("\u{1B}OF", .end),
        ("\u{1B}[1~", .home), ("\u{1B}[4~", .end), ("\u{1B}[7~", .home), ("\u{1B}[8~", .end),
        ("\u{1B}[2~", .insert), ("\u{1B}[3~", .delete), ("\u{1B}[5~", .pageUp), ("\u{1B}[6~", .pageDown),
        ("\u{1B}[Z", .backTab),
        ("\u{1B}OP", .function(1)), ("\u{1B}OQ", .function(2)), ("\u{1B}OR", .function(3)), ("\u{1B}OS", .function(4)),
        ("\u{1B}[11~", .function(1)), ("\u{1B}[15~", .function(5)), ("\u{1B}[17~", .function(6)),
        ("\u{1B}[21~", .function(10)), ("\u{1B}[23~", .function(11)), ("\u{1B}[24~", .function(12)),
        ("\u{1B}[[A", .function(1)), ("\u{1B}[[E", .function(5)),
        ("\u{1B}[1;5C", .right), ("\u{1B}[1;5D", .left), ("\u{1B}[1;2A", .up), ("\u{1B}[3;5~", .delete),
        ("\u{1B}[1;2P", .function(1)), ("\u{1B}OM", .enter),
    ]

    @Test(arguments: sequences)
    func escapeSequence(_ bytes: String, _ expected: Key) {
        #expect(decode(bytes) == [expected])
        #expect(decodeBytewise(bytes) == [expected])
    }

    @Test func sequenceSplitAcrossFeedsWaitsForTheRest() {
        var decoder = KeyDecoder()
        #expect(decoder.feed(Array("\u{1B}[1;".utf8)) == [])
        #expect(decoder.isPending)
        #expect(decoder.feed(Array("5C".utf8)) == [.right])
        #expect(!decoder.isPending)
    }

    @Test func controlKeys() {
        #expect(decode("\u{01}\u{05}\u{12}\u{17}") == [.control("a"), .control("e"), .control("r"), .control("w")])
        #expect(decode("\r\n") == [.enter, .enter])
        #expect(decode("\t") == [.tab])
        #expect(decode("\u{7F}\u{08}") == [.backspace, .backspace])
        #expect(decode("\u{00}\u{1C}\u{1F}") == [])
    }

    @Test func printableAndUTF8Characters() {
        #expect(decode("a Z~") == [.character("a"), .character(" "), .character("Z"), .character("~")])
        #expect(decode("é€😀") == [.character("é"), .character("€"), .character("😀")])
        #expect(decodeBytewise("ж€😀") == [.character("ж"), .character("€"), .character("😀")])
    }

    @Test func utf8SplitAcrossFeeds() {
        var decoder = KeyDecoder()
        let bytes = Array("€".utf8)
        #expect(decoder.feed(bytes[0..<1]) == [])
        #expect(decoder.feed(bytes[1..<2]) == [])
        #expect(decoder.isPending)
        #expect(decoder.feed(bytes[2..<3]) == [.character("€")])
    }

    @Test func invalidUTF8BecomesReplacementCharacter() {
        var decoder = KeyDecoder()
        #expect(decoder.feed([0xFF]) == [.character("\u{FFFD}")])
        #expect(decoder.feed([0xC3, 0x41]) == [.character("\u{FFFD}"), .character("A")])
        // Overlong encoding of "/".
        #expect(decoder.feed([0xE0, 0x80, 0xAF]) == [.character("\u{FFFD}")])
        #expect(decoder.feed([0xE2, 0x82]) == [])
        #expect(decoder.flush() == [.character("\u{FFFD}")])
    }

    @Test func loneEscapeOnlyAfterFlush() {
        var decoder = KeyDecoder()
        #expect(decoder.feed([0x1B]) == [])
        #expect(decoder.isPending)
        #expect(decoder.flush() == [.escape])
        #expect(!decoder.isPending)
        #expect(decoder.flush() == [])
    }

    @Test func escapeThenKeyIsAltStyleEscapeAndKey() {
        #expect(decode("\u{1B}x") == [.escape, .character("x")])
        #expect(decode("\u{1B}\u{1B}[A") == [.escape, .up])
    }

    @Test func incompleteSequenceFlushesAsTypedKeys() {
        var decoder = KeyDecoder()
        #expect(decoder.feed(Array("\u{1B}[".utf8)) == [])
        #expect(decoder.flush() == [.escape, .character("[")])
        #expect(decoder.feed(Array("\u{1B}O".utf8)) == [])
        #expect(decoder.flush() == [.escape, .character("O")])
    }

    @Test func nonKeySequencesAreSkippedWithoutSwallowingWhatFollows() {
        // SGR mouse report, bracketed-paste marker, unknown final.
        #expect(decode("\u{1B}[<0;3;4Mx") == [.character("x")])
        #expect(decode("\u{1B}[200~hi\u{1B}[201~") == [.character("h"), .character("i")])
        #expect(decode("\u{1B}[99~y") == [.character("y")])
    }

    @Test func sequenceInterruptedByControlByteDecodesTheByte() {
        #expect(decode("\u{1B}[1\r") == [.enter])
        #expect(decode("\u{1B}[1\u{1B}[B") == [.down])
    }

    @Test func mixedStream() {
        let keys = decode("ls\u{1B}[D\u{1B}[3~\u{7F}\r")
        #expect(keys == [.character("l"), .character("s"), .left, .delete, .backspace, .enter])
    }
}
