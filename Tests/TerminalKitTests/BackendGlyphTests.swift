import Testing
@testable import TerminalKit

@Suite struct BackendGlyphTests {
    /// A width table like a UTF-8 locale's: CJK wide, combining marks zero, controls -1.
    private func width(_ scalar: UInt32) -> Int32 {
        switch scalar {
        case 0..<0x20, 0x7F..<0xA0: return -1
        case 0x300..<0x370, 0xFE0F: return 0
        case 0x4E00..<0xA000, 0x1F300..<0x1FB00: return 2
        default: return 1
        }
    }

    private func glyph(_ character: Character, width: ((UInt32) -> Int32)? = nil) -> [Int32] {
        var output: [Int32] = []
        CellGlyph.append(character, to: &output, width: width ?? self.width)
        return output
    }

    @Test func asciiPassesThrough() {
        #expect(glyph("a") == [97])
        #expect(glyph(" ") == [32])
    }

    @Test func singleWidthUnicodeKeepsItsScalars() {
        #expect(glyph("█") == [0x2588])
        #expect(glyph("⣿") == [0x28FF])
        #expect(glyph("e\u{301}") == [0x65, 0x301])
    }

    @Test func controlCharactersBecomeVisibleSymbols() {
        #expect(glyph("\n") == [0x21B5])
        #expect(glyph("\u{7}") == [0x2407])
    }

    @Test func wideCharactersBecomeTheReplacement() {
        #expect(glyph("中") == [CellGlyph.replacement])
        #expect(glyph("😀") == [CellGlyph.replacement])
    }

    @Test func nonASCIIBecomesReplacementWithoutAUTF8Locale() {
        #expect(glyph("█", width: { $0 < 0x80 ? 1 : -1 }) == [CellGlyph.replacement])
    }

    @Test func combiningCharactersAreCapped() {
        let stacked = Character("a" + String(repeating: "\u{301}", count: 7))
        #expect(glyph(stacked).count == 1 + CellGlyph.maxCombining)
    }
}
