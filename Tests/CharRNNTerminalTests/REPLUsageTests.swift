import Testing
@testable import CharRNNTerminal

/// Every kind of bad argument fails with the precise problem, then the command's usage line.
@Suite struct REPLUsageTests {
    @Test(arguments: [
        ("train 0", "N must be at least 1, got 0; usage: train [N]"),
        ("train two", #"N must be a whole number, got "two"; usage: train [N]"#),
        ("train 1 2", #"unexpected argument "2"; usage: train [N]"#),
        ("pause now", #"unexpected argument "now"; usage: pause"#),
        ("resume x", #"unexpected argument "x"; usage: resume"#),
        ("stop x", #"unexpected argument "x"; usage: stop"#),
        ("status x", #"unexpected argument "x"; usage: status"#),
        ("eval x y", #"unexpected arguments "x" "y"; usage: eval"#),
        ("predict", "missing PREFIX; usage: predict PREFIX [N]"),
        (#"predict """#, "PREFIX must not be empty; usage: predict PREFIX [N]"),
        ("predict time traveller", #"N must be a whole number, got "traveller" (put PREFIX in quotes if it has spaces); usage: predict PREFIX [N]"#),
        ("predict time traveller 30", #"unexpected argument "30" (put PREFIX in quotes if it has spaces); usage: predict PREFIX [N]"#),
        ("predict time -1", "N must be at least 0, got -1; usage: predict PREFIX [N]"),
        ("predict time 200000", "N must be at most 100000, got 200000; usage: predict PREFIX [N]"),
        ("sample", "missing PREFIX; usage: sample PREFIX [N] [temperature T] [top-k K] [top-p P] [seed S]"),
        ("sample the 10 temperature", "temperature needs a value T; usage: sample PREFIX [N] [temperature T] [top-k K] [top-p P] [seed S]"),
        ("sample the temperature 0", "temperature must be a number > 0, got 0; usage: sample PREFIX [N] [temperature T] [top-k K] [top-p P] [seed S]"),
        ("sample the temperature hot", #"temperature must be a number > 0, got "hot"; usage: sample PREFIX [N] [temperature T] [top-k K] [top-p P] [seed S]"#),
        ("sample the top-k -2", "top-k must be at least 0, got -2; usage: sample PREFIX [N] [temperature T] [top-k K] [top-p P] [seed S]"),
        ("sample the top-p 1.5", "top-p must be a number in (0, 1], got 1.5; usage: sample PREFIX [N] [temperature T] [top-k K] [top-p P] [seed S]"),
        ("sample the seed -1", "seed must be a whole number from 0 to 18446744073709551615, got \"-1\"; usage: sample PREFIX [N] [temperature T] [top-k K] [top-p P] [seed S]"),
        ("sample the seed 1 seed 2", "seed given twice; usage: sample PREFIX [N] [temperature T] [top-k K] [top-p P] [seed S]"),
        ("sample the 10 20", #"unexpected argument "20" (put PREFIX in quotes if it has spaces); usage: sample PREFIX [N] [temperature T] [top-k K] [top-p P] [seed S]"#),
        (#"step """#, "PREFIX must not be empty; usage: step [PREFIX]"),
        ("step a b", #"unexpected argument "b" (put PREFIX in quotes if it has spaces); usage: step [PREFIX]"#),
        ("reset x", #"unexpected argument "x"; usage: reset"#),
        ("onehot", "missing TEXT; usage: onehot TEXT"),
        (#"onehot """#, "TEXT must not be empty; usage: onehot TEXT"),
        ("onehot a b", #"unexpected argument "b" (put TEXT in quotes if it has spaces); usage: onehot TEXT"#),
        ("hidden", "missing TEXT; usage: hidden TEXT [unit U]"),
        ("hidden abc unit 32", "unit U must be at most 31, got 32; usage: hidden TEXT [unit U]"),
        ("hidden abc unit x", #"unit U must be a whole number, got "x"; usage: hidden TEXT [unit U]"#),
        ("hidden abc unit", "unit needs a value U; usage: hidden TEXT [unit U]"),
        ("vocab all", #"unexpected argument "all"; usage: vocab"#),
        ("weights a b", #"unexpected argument "b"; usage: weights [NAME]"#),
        ("set", "missing lr|clip|temperature|top-k|top-p|seed|greedy; usage: set lr|clip|temperature|top-k|top-p|seed|greedy VALUE"),
        ("set lr", "missing VALUE; usage: set lr|clip|temperature|top-k|top-p|seed|greedy VALUE"),
        ("set lr -1", "lr must be a number ≥ 0, got -1; usage: set lr|clip|temperature|top-k|top-p|seed|greedy VALUE"),
        ("set clip fast", #"clip must be a number ≥ 0, got "fast"; usage: set lr|clip|temperature|top-k|top-p|seed|greedy VALUE"#),
        ("set temperature 0", "temperature must be a number > 0, got 0; usage: set lr|clip|temperature|top-k|top-p|seed|greedy VALUE"),
        ("set top-k 1.5", #"top-k must be a whole number, got "1.5"; usage: set lr|clip|temperature|top-k|top-p|seed|greedy VALUE"#),
        ("set top-p 0", "top-p must be a number in (0, 1], got 0; usage: set lr|clip|temperature|top-k|top-p|seed|greedy VALUE"),
        ("set seed x", #"seed must be a whole number from 0 to 18446744073709551615, got "x"; usage: set lr|clip|temperature|top-k|top-p|seed|greedy VALUE"#),
        ("set greedy maybe", #"greedy must be on or off, got "maybe"; usage: set lr|clip|temperature|top-k|top-p|seed|greedy VALUE"#),
        ("set temprature 1", #"unknown setting "temprature"; did you mean "temperature"?; usage: set lr|clip|temperature|top-k|top-p|seed|greedy VALUE"#),
        ("show", "missing config; usage: show config"),
        ("show settings", #"unknown topic "settings"; only `show config` exists; usage: show config"#),
        ("save", "missing PATH; usage: save PATH"),
        ("load a b", #"unexpected argument "b" (put PATH in quotes if it has spaces); usage: load PATH"#),
        ("help trian", #"unknown command "trian"; did you mean "train"?; usage: help [COMMAND]"#),
        ("help a b", #"unexpected argument "b"; usage: help [COMMAND]"#),
        ("quit now", #"unexpected argument "now"; usage: quit"#),
    ])
    func badArgumentsGiveTheProblemAndTheUsage(_ line: String, _ message: String) throws {
        let repl = try REPLFixture.checkpointInterpreter()
        let result = repl.execute(line)
        #expect(result.status == .failed(message: message))
        #expect(result.lines.isEmpty)
    }

    @Test func tokenizerErrorsFailTheLine() throws {
        let repl = try REPLFixture.checkpointInterpreter()
        #expect(repl.execute(#"predict "time 30"#).failure == "unterminated double quote opened at column 9")
    }

    @Test func everyCommandHasHelpWithItsUsage() throws {
        let repl = try REPLFixture.checkpointInterpreter()
        let list = repl.execute("help").texts.joined(separator: "\n")
        for name in CommandInterpreter.commandNames {
            let spec = try #require(CommandInterpreter.command(named: name))
            #expect(list.contains("  \(spec.usage)"))
            let help = repl.execute("help \(name)")
            #expect(help.texts.first == "usage: \(spec.usage)")
            #expect(help.texts.count > 2)
        }
    }

    @Test func theFixedCommandNamesExist() {
        let required = ["train", "pause", "resume", "status", "eval", "predict", "sample", "step", "reset", "onehot", "hidden",
                        "vocab", "weights", "set", "show", "save", "load", "help", "quit"]
        #expect(required.allSatisfy(CommandInterpreter.commandNames.contains))
    }
}
