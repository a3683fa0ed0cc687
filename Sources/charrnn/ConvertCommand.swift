import ArgumentParser
import CharRNN
import CharRNNTerminal
import Foundation

extension CheckpointForm: ExpressibleByArgument {}

/// `charrnn convert IN OUT --to FORM`: any checkpoint charrnn opens, written as
/// a charrnn checkpoint, as d2l-named weights or as a PyTorch state dict.
struct ConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Write a checkpoint in another form: charrnn's, d2l's tensor names, or a PyTorch state dict.",
        discussion: """
            IN is anything charrnn opens: its checkpoints, or weights-only safetensors with d2l's names or \
            PyTorch's (nn.RNN/nn.LSTM/nn.GRU + nn.Linear). --to torch writes rnn.weight_ih_l0, … and \
            linear.weight, linear.bias, which load_state_dict(strict=True) accepts for a module with \
            self.rnn = nn.RNN(V, H) (or nn.LSTM, nn.GRU) and self.linear = nn.Linear(H, V). OUT may replace \
            only a file charrnn wrote.
            """)

    @Argument(help: "The file to read.")
    var input: String
    @Argument(help: "The file to write.")
    var output: String
    @Option(help: "charrnn (a full checkpoint, default), d2l (weights under d2l's names) or torch (a PyTorch state dict).")
    var to: CheckpointForm = .charrnn
    @Option(help: "The vocabulary of a weights-only IN that records none: a JSON array of the tokens in index order (default: the corpus's).")
    var vocab: String?
    @Option(help: "The corpus whose vocabulary a weights-only IN without one takes (default: the Time Machine).")
    var corpus: String?

    func run() throws {
        let inURL = URL(fileURLWithPath: input), outURL = URL(fileURLWithPath: output)
        try Self.checkReplaceable(outURL)
        try AtomicFile.prepareTarget(outURL)
        let ck = try Checkpoint.load(from: inURL, options: .init(vocabularyPath: vocab, corpus: .standard(explicitPath: corpus))).reportingNotes()
        let data: Data
        do { data = try ck.encoded(as: to) } catch { throw CheckpointError.inFile(path: input, error) }
        try AtomicFile.write(data, to: outURL)
        print("wrote \(output): \(ck.model.summary) as \(to.rawValue)")
    }

    /// OUT must be new, or a file charrnn wrote (one of its checkpoints or exports).
    static func checkReplaceable(_ url: URL) throws {
        guard FileManager.default.fileExists(atPath: url.path) else { return }
        let data = try? Data(contentsOf: url)
        let meta = data.flatMap { try? Safetensors.decode($0).metadata }
        guard let meta, meta["charrnn.version"] != nil || meta["format"] == Checkpoint.legacyFormat else {
            throw CLIError("'\(url.path)' exists and is not a file charrnn wrote; choose another OUT or remove it first")
        }
    }
}
