import CharRNN
import Foundation

/// What Tab offers on a command line.
extension CommandInterpreter {
    /// The commands whose argument is a file.
    static let pathCommands: Set<String> = ["save", "load"]

    /// Candidates for the word being typed at the end of `prefix` (a partial
    /// line), each a whole word starting with it: command names for the first
    /// word; for the argument of `help` command names, of `set` its keys, of
    /// `show` its topics, of `weights` the model's tensors, of `save` and
    /// `load` (and of `extraPathCommands`) files and folders. Sorted; empty when
    /// nothing fits or the word is not one of these.
    public func completions(for prefix: String, extraPathCommands: Set<String> = []) -> [String] {
        let endsWithSpace = prefix.last.map { $0 == " " || $0 == "\t" } ?? false
        let words = prefix.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        let current = endsWithSpace ? "" : (words.last ?? "")
        let before = endsWithSpace ? words : Array(words.dropLast())
        guard before.count <= 1 else { return [] }
        guard let command = before.first else { return Self.commandNames.filter { $0.hasPrefix(current) }.sorted() }
        if Self.pathCommands.union(extraPathCommands).contains(command) { return Self.paths(completing: current) }
        let choices: [String]
        switch command {
        case "help": choices = Self.commandNames
        case "set": choices = SettingName.allCases.map(\.rawValue)
        case "show": choices = ["config"]
        case "weights": choices = session.state().model.layout.specs.map(\.name)
        default: choices = []
        }
        return choices.filter { $0.hasPrefix(current) }.sorted()
    }

    /// The files and folders whose path starts with `typed` (folders end in `/`);
    /// hidden ones only when `typed` names them; `~` stands for the home folder.
    static func paths(completing typed: String) -> [String] {
        let slash = typed.lastIndex(of: "/")
        let folder = slash.map { String(typed[...$0]) } ?? ""
        let start = slash.map { String(typed[typed.index(after: $0)...]) } ?? typed
        let listed = folder.isEmpty ? "." : NSString(string: folder).expandingTildeInPath
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: listed) else { return [] }
        return names.filter { $0.hasPrefix(start) && (start.hasPrefix(".") || !$0.hasPrefix(".")) }.map { name in
            var isFolder: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: (listed as NSString).appendingPathComponent(name), isDirectory: &isFolder)
            return folder + name + (isFolder.boolValue ? "/" : "")
        }.sorted()
    }
}
