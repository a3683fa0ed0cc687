import CharRNN
import CharRNNTestSupport
import Testing

/// Preprocessing, vocabulary, windows and batches, against d2l's figures.
@Suite struct DataPipelineTests {
    @Test func lettersModeMatchesD2LRegex() {
        // re.sub('[^A-Za-z]+', ' ', text).lower(), worked out by hand.
        let cases: [(String, String)] = [
            ("The Time Machine, by H. G. Wells [1898]", "the time machine by h g wells "),
            ("  leading--and trailing!!", " leading and trailing "),
            ("café über naïve", "caf ber na ve"),
            ("", ""),
            ("123", " "),
            ("a\n\nb\tc", "a b c"),
        ]
        for (input, expected) in cases {
            #expect(String(decoding: TextMode.lettersOnly(input), as: UTF8.self) == expected, "\(input)")
        }
    }

    @Test func timeMachineVocabularyAndFirstIDs() throws {
        let corpus = Corpus(text: try Fixtures.timeMachineText(), mode: .letters)
        #expect(corpus.ids.count == 173_428)
        #expect(corpus.vocabulary.count == 28)
        #expect(corpus.vocabulary.tokens[0] == " ")
        #expect(corpus.vocabulary.tokens[1] == "<unk>")
        #expect(Array(corpus.vocabulary.tokens[2...]) == "abcdefghijklmnopqrstuvwxyz".map(String.init))
        #expect(corpus.ids.prefix(10).map(Int.init) == [21, 9, 6, 0, 21, 10, 14, 6, 0, 14])
        #expect(corpus.frequencies.reduce(0, +) == corpus.ids.count)
        #expect(corpus.frequencies[1] == 0)
    }

    @Test func vocabularyOrdersLikePython() throws {
        let v = Vocabulary(corpusTokens: ["b", "<", "=", "a", " ", "é", "Z"])
        #expect(v.tokens == [" ", "<", "<unk>", "=", "Z", "a", "b", "é"])
        #expect(v.index(of: "q") == v.unknownIndex)
        #expect(try Vocabulary(tokens: v.tokens) == v)
        #expect(throws: VocabularyError.self) { try Vocabulary(tokens: ["b", "a", "<unk>"]) }
        #expect(throws: VocabularyError.missingUnknown) { try Vocabulary(tokens: ["a", "b"]) }
    }

    @Test func promptEncodingReportsUnknownCharacters() {
        let v = Corpus(text: "hello world", mode: .letters).vocabulary
        let e = v.encode("Hello, wor")
        #expect(e.ids.count == 10)
        #expect(e.unknown.map(\.position) == [0, 5])
        #expect(e.unknown.map(\.character) == ["H", ","])
        #expect(e.unknownReport()?.contains("\"H\" at 0") == true)
        #expect(v.encode("hello").unknownReport() == nil)
    }

    @Test func windowAndBatchCounts() throws {
        let corpus = Corpus(text: try Fixtures.timeMachineText(), mode: .letters)
        let data = try WindowDataset(ids: corpus.ids, numSteps: 32, numTrain: 10_000, numVal: 5_000)
        #expect(data.ids.count == 173_428)
        var g = SeededGenerator(seed: 0)
        let order = g.permutation(10_000)
        #expect(Set(order).count == 10_000 && order.min() == 0 && order.max() == 9_999)
        let batches = WindowDataset.batches(of: order, batchSize: 1024)
        #expect(batches.count == 10)
        #expect(batches.map(\.count) == Array(repeating: 1024, count: 9) + [784])
        #expect(data.batchesPerEpoch(batchSize: 1024) == 10)
        let val = data.validationBatches(batchSize: 1024)
        #expect(val.map(\.count) == [1024, 1024, 1024, 1024, 904])
        #expect(val.first?.first == 10_000 && val.last?.last == 14_999)
    }

    @Test func tooShortCorporaAndBadSizesAreErrors() {
        let ids = [Int32](repeating: 0, count: 100)
        #expect(throws: ConfigurationError.corpusTooShort(tokens: 100, windows: 68, numSteps: 32, needed: 100)) {
            try WindowDataset(ids: ids, numSteps: 32, numTrain: 60, numVal: 40)
        }
        #expect(throws: ConfigurationError.nonPositive("num-steps", 0)) { try WindowDataset(ids: ids, numSteps: 0, numTrain: 1, numVal: 0) }
        #expect(throws: ConfigurationError.nonPositive("num-train", 0)) { try WindowDataset(ids: ids, numSteps: 5, numTrain: 0, numVal: 0) }
        #expect((try? WindowDataset(ids: ids, numSteps: 32, numTrain: 60, numVal: 8)) != nil)
    }

    @Test func shufflingIsSeededAndDiffersByEpoch() {
        var a = SeededGenerator(seed: 7), b = SeededGenerator(seed: 7)
        let first = a.permutation(50)
        #expect(first == b.permutation(50))
        #expect(a.permutation(50) != first)
        var saved = SeededGenerator(state: a.stateWords)!
        #expect(saved.permutation(20) == a.permutation(20))
        #expect(SeededGenerator(state: [0, 0, 0, 0]) == nil)
    }
}
