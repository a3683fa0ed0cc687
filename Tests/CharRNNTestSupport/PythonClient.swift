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
            throw Failure(message: "interop.py \(arguments.joined(separator: " ")) failed (\(r.status)): \(r.stderr)")
        }
        return object
    }

    public struct Failure: Error, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    static func run(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let errURL = FileManager.default.temporaryDirectory.appendingPathComponent("charrnn-python-\(UUID().uuidString).err")
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errURL) }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3"] + arguments
        let out = Pipe()
        p.standardOutput = out
        p.standardError = try FileHandle(forWritingTo: errURL)
        try p.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let errData = (try? Data(contentsOf: errURL)) ?? Data()
        return (p.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
    }
}
