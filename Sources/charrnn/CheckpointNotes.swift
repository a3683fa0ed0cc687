import CharRNN
import CharRNNTerminal

extension LoadedCheckpoint {
    /// The checkpoint, after writing its notes to stderr (unless `quiet`).
    func reportingNotes(quiet: Bool = false) -> Checkpoint {
        if !quiet { for note in notes { writeStderr("note: \(note)\n") } }
        return checkpoint
    }
}
