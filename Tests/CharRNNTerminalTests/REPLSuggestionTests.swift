import Testing
@testable import CharRNNTerminal

@Suite struct REPLSuggestionTests {
    let names = CommandInterpreter.commandNames

    @Test func editDistanceCountsSwapsAsOneEdit() {
        #expect(Suggestions.editDistance("train", "train") == 0)
        #expect(Suggestions.editDistance("trian", "train") == 1)
        #expect(Suggestions.editDistance("tran", "train") == 1)
        #expect(Suggestions.editDistance("kitten", "sitting") == 3)
        #expect(Suggestions.editDistance("", "abc") == 3)
    }

    @Test(arguments: [
        ("trian", "train"), ("tarin", "train"), ("predcit", "predict"), ("pred", "predict"), ("predicts", "predict"),
        ("sampel", "sample"), ("wieghts", "weights"), ("hlep", "help"), ("stauts", "status"), ("onehto", "onehot"),
        ("Vocab", "vocab"), ("hiden", "hidden"), ("evl", "eval"), ("quti", "quit"),
    ])
    func typosSuggestTheCommand(_ typed: String, _ expected: String) {
        #expect(Suggestions.candidates(for: typed, among: names).first == expected)
    }

    @Test func severalCloseNamesAreListed() {
        // All start with "sa"; the closer ones come first.
        #expect(Suggestions.candidates(for: "sa", among: names) == ["save", "sample", "samples"])
        #expect(Suggestions.didYouMean("sa", among: names) == #"did you mean "save", "sample" or "samples"?"#)
        #expect(Suggestions.didYouMean("st", among: names) == #"did you mean "set", "step" or "stop"?"#)
        #expect(Suggestions.didYouMean("trian", among: names) == #"did you mean "train"?"#)
    }

    @Test func farWordsSuggestNothing() {
        #expect(Suggestions.candidates(for: "frobnicate", among: names) == [])
        #expect(Suggestions.candidates(for: "x", among: names) == [])
        #expect(Suggestions.didYouMean("", among: names) == nil)
    }

    @Test func unknownCommandMessages() {
        #expect(CommandInterpreter.unknownCommandMessage("trian") == #"unknown command "trian"; did you mean "train"?"#)
        #expect(CommandInterpreter.unknownCommandMessage("frobnicate") == #"unknown command "frobnicate"; `help` lists the commands"#)
    }
}
