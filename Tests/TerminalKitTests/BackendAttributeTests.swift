import CNCursesW
import Testing
@testable import TerminalKit

@Suite struct BackendAttributeTests {
    @Test func styleFlagsBecomeCellAttributes() {
        #expect(CellAttributes(.plain) == [])
        #expect(CellAttributes(.bold) == [.bold])
        #expect(CellAttributes(Style(dim: true, reverse: true, underline: true)) == [.dim, .reverse, .underline])
        // Colours are not attributes.
        #expect(CellAttributes(Style(foreground: .red, background: .blue)) == [])
    }

    @Test func cellAttributesBecomeNcursesBits() {
        #expect(CursesTerminal.attributeBits(for: []) == 0)
        #expect(CursesTerminal.attributeBits(for: [.bold]) == cnc_a_bold())
        #expect(CursesTerminal.attributeBits(for: [.bold, .underline]) == cnc_a_bold() | cnc_a_underline())
        #expect(CursesTerminal.attributeBits(for: [.dim, .reverse]) == cnc_a_dim() | cnc_a_reverse())
        // The bits are ncurses' documented layout: A_BOLD is bit 21, A_UNDERLINE bit 17.
        #expect(cnc_a_bold() == 1 << 21)
        #expect(cnc_a_underline() == 1 << 17)
        #expect(cnc_a_reverse() == 1 << 18)
        #expect(cnc_a_dim() == 1 << 20)
        // No attribute touches the colour-pair bits.
        let all = CursesTerminal.attributeBits(for: [.bold, .dim, .reverse, .underline])
        #expect(all & cnc_a_color() == 0)
    }
}

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

@Suite struct BackendKeyMapTests {
    @Test func charactersDecode() {
        #expect(CursesKeyMap.key(forCharacter: 0x61) == .character("a"))
        #expect(CursesKeyMap.key(forCharacter: 0x20AC) == .character("€"))
        #expect(CursesKeyMap.key(forCharacter: 0x0D) == .enter)
        #expect(CursesKeyMap.key(forCharacter: 0x0A) == .enter)
        #expect(CursesKeyMap.key(forCharacter: 0x09) == .tab)
        #expect(CursesKeyMap.key(forCharacter: 0x7F) == .backspace)
        #expect(CursesKeyMap.key(forCharacter: 0x08) == .backspace)
        #expect(CursesKeyMap.key(forCharacter: 0x1B) == .escape)
        #expect(CursesKeyMap.key(forCharacter: 0x01) == .control("a"))
        #expect(CursesKeyMap.key(forCharacter: 0x0C) == .control("l"))
        #expect(CursesKeyMap.key(forCharacter: 0x1A) == .control("z"))
        #expect(CursesKeyMap.key(forCharacter: 0x00) == nil)
        #expect(CursesKeyMap.key(forCharacter: 0x1C) == nil)
        #expect(CursesKeyMap.key(forCharacter: 0x85) == nil)
        #expect(CursesKeyMap.key(forCharacter: 0xD800) == nil)
    }

    @Test func keyCodesDecode() {
        let expected: [(Int32, Key)] = [
            (KEY_UP, .up), (KEY_DOWN, .down), (KEY_LEFT, .left), (KEY_RIGHT, .right),
            (KEY_HOME, .home), (KEY_END, .end), (KEY_PPAGE, .pageUp), (KEY_NPAGE, .pageDown),
            (KEY_IC, .insert), (KEY_DC, .delete), (KEY_BACKSPACE, .backspace), (KEY_ENTER, .enter),
            (KEY_BTAB, .backTab), (cnc_key_f(1), .function(1)), (cnc_key_f(12), .function(12)),
            (cnc_key_f(13), .function(1)), (cnc_key_f(24), .function(12)),
        ]
        for (code, key) in expected {
            #expect(CursesKeyMap.key(forKeyCode: code) == key)
        }
        #expect(CursesKeyMap.key(forKeyCode: cnc_key_f(25)) == nil)
        #expect(CursesKeyMap.key(forKeyCode: KEY_MOUSE) == nil)
    }

    @Test func extendedNamesDecodeWithoutModifiers() {
        #expect(CursesKeyMap.key(forExtendedName: "kRIT5") == .right)
        #expect(CursesKeyMap.key(forExtendedName: "kLFT3") == .left)
        #expect(CursesKeyMap.key(forExtendedName: "kUP2") == .up)
        #expect(CursesKeyMap.key(forExtendedName: "kDN7") == .down)
        #expect(CursesKeyMap.key(forExtendedName: "kHOM5") == .home)
        #expect(CursesKeyMap.key(forExtendedName: "kDC5") == .delete)
        #expect(CursesKeyMap.key(forExtendedName: "kRIT") == nil)
        #expect(CursesKeyMap.key(forExtendedName: "kxIN") == nil)
    }
}
