/// The `:` command line's interpreter until the REPL's `CommandInterpreter`
/// is plugged in (see `TUICommand`): every command is unknown.
public enum UnknownCommand {
    public static func execute(_ line: String) -> CommandResult {
        let name = line.split(separator: " ").first.map(String.init) ?? line
        return CommandResult(status: .failed(message: "unknown command '\(name)'"))
    }
}
