import Testing
@testable import CharRNNTerminal

@Suite struct REPLTokenizerTests {
    private func words(_ line: String) throws -> [String] {
        try CommandLineTokenizer.tokenize(line).map(\.text)
    }

    @Test func splitsOnSpacesAndTabs() throws {
        #expect(try words("predict  time\t30 ") == ["predict", "time", "30"])
        #expect(try words("") == [])
        #expect(try words("   \t ") == [])
    }

    @Test func doubleAndSingleQuotesKeepSpaces() throws {
        #expect(try words(#"predict "time traveller" 50"#) == ["predict", "time traveller", "50"])
        #expect(try words("predict 'time traveller' 50") == ["predict", "time traveller", "50"])
        #expect(try words(#"say "it's" 'a "b"'"#) == ["say", "it's", #"a "b""#])
    }

    @Test func quotedAndPlainPartsJoin() throws {
        #expect(try words(#"ab"c d"e 'f g'"#) == ["abc de", "f g"])
    }

    @Test func emptyQuotesAreAnEmptyWord() throws {
        let tokens = try CommandLineTokenizer.tokenize(#"step "" x"#)
        #expect(tokens == [CommandToken("step"), CommandToken("", quoted: true), CommandToken("x")])
    }

    @Test func escapesInsideDoubleQuotes() throws {
        #expect(try words(#""say \"hi\"""#) == [#"say "hi""#])
        #expect(try words(#""a\\b""#) == [#"a\b"#])
        #expect(try words(#""line\nbreak""#) == ["line\nbreak"])
        #expect(try words(#""tab\there""#) == ["tab\there"])
    }

    @Test func backslashesAreLiteralOutsideDoubleQuotes() throws {
        #expect(try words(#"a\b 'c\nd'"#) == [#"a\b"#, #"c\nd"#])
    }

    @Test func unknownEscapeIsAnError() {
        #expect(throws: TokenizerError.unknownEscape("q", column: 3)) { try CommandLineTokenizer.tokenize(#"x "\q""#) }
    }

    @Test func unterminatedQuotesAreErrorsNamingTheColumn() {
        #expect(throws: TokenizerError.unterminatedQuote(quote: "\"", column: 8)) {
            try CommandLineTokenizer.tokenize(#"predict "time traveller 50"#)
        }
        #expect(throws: TokenizerError.unterminatedQuote(quote: "'", column: 7)) { try CommandLineTokenizer.tokenize("onehot 'ab") }
        // A final backslash escapes nothing, so the quote stays open.
        #expect(throws: TokenizerError.unterminatedQuote(quote: "\"", column: 0)) { try CommandLineTokenizer.tokenize(#""abc\"#) }
        #expect(TokenizerError.unterminatedQuote(quote: "\"", column: 8).description == "unterminated double quote opened at column 9")
    }

    @Test func hashStartsACommentOnlyAtTheStartOfAnUnquotedWord() throws {
        #expect(try words("# a comment") == [])
        #expect(try words("vocab   # list it") == ["vocab"])
        #expect(try words(##"predict "#1" a#b"##) == ["predict", "#1", "a#b"])
    }

    @Test func quotedWordsAreMarked() throws {
        let tokens = try CommandLineTokenizer.tokenize(#"sample "top-k" top-k"#)
        #expect(tokens.map(\.quoted) == [false, true, false])
    }

    @Test(arguments: ["plain", "time traveller", "say \"hi\"", "back\\slash", "line\nbreak", "cr\r\nlf", "", "#hash", "it's"])
    func quoteRoundTrips(_ text: String) throws {
        #expect(try words(CommandLineTokenizer.quote(text)) == [text])
    }
}
