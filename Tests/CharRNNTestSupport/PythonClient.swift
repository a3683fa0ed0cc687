import Foundation

/// python3 with the official `numpy` and `safetensors` packages, the outside
/// client of the interoperability tests (`.ci/run` installs them).
public enum PythonClient {
    /// Why the client cannot run here, or nil when it can.
    public static let unavailableReason: String? = {
        do {
            let r = try run(["-c", "import numpy, safetensors"])
            return r.status == 0 ? nil : "python3 lacks numpy or safetensors: \(r.stderr.split(separator: "\n").last ?? "")"
        } catch {
            return "no python3 on PATH (\(error))"
        }
    }()

    /// Whether a missing client fails the tests (under CI) instead of skipping them.
    public static var required: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

    /// Whether the tests run: the client is there, or its absence must fail them.
    /// A skip says why, once.
    public static let shouldRun: Bool = {
        if let reason = unavailableReason, !required {
            print("skipping the Python interoperability tests: \(reason) (CI=true makes this a failure)")
            return false
        }
        return true
    }()

    /// `Tests/charrnnTests/Python/interop.py COMMAND ARGS…`, its one line of JSON decoded.
    public static func interop(_ arguments: [String]) throws -> [String: Any] {
        if let reason = unavailableReason { throw Failure(message: reason) }
        let script = Fixtures.packageRoot.appendingPathComponent("Tests/charrnnTests/Python/interop.py").path
        let r = try run([script] + arguments)
        guard r.status == 0, let object = try? JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any] else {
            throw Failure(message: "interop.py \(arguments.joined(separator: " ")) failed (\(r.status.map(String.init) ?? "signal")): \(r.stderr)")
        }
        return object
    }

    public struct Failure: Error, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// `python3 arguments…` from the PATH, in the pinned test environment.
    static func run(_ arguments: [String]) throws -> ChildProcess.Result {
        try ChildProcess.run(["python3"] + arguments, executable: URL(fileURLWithPath: "/usr/bin/env"))
    }
}
