import Foundation
import XCTest

/// The mk kernel driven by Jupyter's own Python clients: `scripts/check-jupyter` (run with the
/// venv `scripts/jupyter-venv` makes: jupyter_client, ipykernel, nbclient, nbformat from PyPI)
/// installs the kernelspec, executes cells through `jupyter_client` (a table as HTML, a plot
/// as SVG, errors, completion, inspect, an interrupt during a long fit), runs the tour through
/// `nbclient` and checks its outputs equal `mk render -o tour.ipynb`'s, and validates the
/// rendered notebooks with `nbformat`. Without network or Python the venv cannot be made: the
/// test is then skipped, except under CI=true, where that is a failure.
final class JupyterTests: XCTestCase {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

  func testTheKernelUnderJupyterClientAndNbclient() throws {
    let ci = ProcessInfo.processInfo.environment["CI"] == "true"
    let venv = run(Self.root.appendingPathComponent("scripts/jupyter-venv").path, [])
    let python = venv.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    guard venv.status == 0, FileManager.default.isExecutableFile(atPath: python) else {
      let message = "scripts/jupyter-venv could not make the Jupyter venv (status \(venv.status)): \(venv.stderr.suffix(2000))"
      if ci { return XCTFail(message) }
      throw XCTSkip(message)
    }
    let mk = Self.productsDirectory.appendingPathComponent("mk").path
    XCTAssertTrue(FileManager.default.isExecutableFile(atPath: mk), "mk binary not found at \(mk)")
    let check = run(python, [Self.root.appendingPathComponent("scripts/check-jupyter").path, mk, Self.root.path])
    XCTAssertEqual(check.status, 0, check.stdout + "\n" + check.stderr)
    XCTAssertTrue(check.stdout.contains("ok: "), check.stdout)
    print(check.stdout)
  }

  /// Without ipykernel the install fails, naming what to install; two places is a usage error.
  func testInstallSaysWhatIsMissing() throws {
    let mk = Self.productsDirectory.appendingPathComponent("mk").path
    let prefix = FileManager.default.temporaryDirectory.appendingPathComponent("mk-kernelspec-test-\(UUID())").path
    defer { try? FileManager.default.removeItem(atPath: prefix) }
    let missing = run(mk, ["jupyter", "install", "--prefix", prefix, "--python", "/bin/false"])
    XCTAssertEqual(missing.status, 1)
    XCTAssertTrue(missing.stderr.contains("ipykernel") && missing.stderr.contains("-m pip install ipykernel jupyter_client"), missing.stderr)
    XCTAssertFalse(FileManager.default.fileExists(atPath: prefix), "nothing installed")
    let both = run(mk, ["jupyter", "install", "--user", "--prefix", prefix])
    XCTAssertEqual(both.status, 2)
    XCTAssertTrue(both.stderr.contains("--user and --prefix"), both.stderr)
    let help = run(mk, ["jupyter", "install", "--help"])
    XCTAssertTrue(help.stdout.contains("--user") && help.stdout.contains("--python"), help.stdout)
    XCTAssertFalse(run(mk, ["--help"]).stdout.contains("kernel-server"), "the server is hidden")
  }

  /// `mk kernel-server` on its own: the JSON-lines protocol the Python wrapper speaks.
  func testTheServerProtocol() throws {
    let mk = Self.productsDirectory.appendingPathComponent("mk").path
    let requests = [
      #"{"id": 1, "op": "execute", "code": "x = 2\nprint x\nprint (x + 1)", "cell": 1}"#,
      "not json",
      #"{"id": 2, "op": "complete", "code": "é = 1\npri", "cursor": 9}"#,
      #"{"id": 3, "op": "inspect", "code": "x", "cursor": 0}"#,
      #"{"id": 4, "op": "execute", "code": "assert x > 5", "cell": 2}"#,
      #"{"id": 5, "op": "is_complete", "code": "print ("}"#,
      #"{"id": 6, "op": "nope"}"#,
      #"{"id": 7, "op": "execute", "code": "exit", "cell": 3}"#,
      #"{"id": 8, "op": "execute", "code": "print 1", "cell": 4}"#,
    ]
    let r = run(mk, ["kernel-server"], stdin: requests.joined(separator: "\n") + "\n")
    XCTAssertEqual(r.status, 0, r.stderr)
    let replies = r.stdout.split(separator: "\n").compactMap {
      try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
    }
    XCTAssertEqual(replies.first?["type"] as? String, "ready")
    func of(_ id: Int) -> [[String: Any]] { replies.filter { $0["id"] as? Int == id } }
    XCTAssertEqual(of(1).map { $0["kind"] as? String ?? $0["status"] as? String }, ["display_data", "execute_result", "ok"])
    XCTAssertEqual(of(1).compactMap { ($0["data"] as? [String: String])?["text/plain"] }, ["2", "3"])
    XCTAssertEqual(of(-1).first?["ename"] as? String, "ProtocolError", "a bad line is answered, and the server goes on")
    XCTAssertEqual(of(2).first?["matches"] as? [String], ["print"])
    XCTAssertEqual(of(2).first?["cursor_start"] as? Int, 6, "code points, as Jupyter counts (UTF-8 would say 7)")
    XCTAssertEqual(of(3).first?["found"] as? Bool, true)
    XCTAssertEqual(of(4).first?["ename"] as? String, "AssertionError")
    XCTAssertEqual(of(5).first?["status"] as? String, "incomplete")
    XCTAssertEqual(of(6).first?["ename"] as? String, "ProtocolError")
    XCTAssertEqual(of(7).first?["exited"] as? Bool, true)
    XCTAssertTrue(of(8).isEmpty, "exit ends the server")
  }

  private static var productsDirectory: URL {
    #if os(macOS)
    for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
      return bundle.bundleURL.deletingLastPathComponent()
    }
    #endif
    return Bundle.main.bundleURL
  }

  /// Runs a program to its end; output goes to files, so that nothing blocks on a full pipe.
  private func run(_ program: String, _ arguments: [String], stdin: String = "") -> (status: Int32, stdout: String, stderr: String) {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mk-jupyter-test-\(UUID())")
    try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let outURL = dir.appendingPathComponent("stdout"), errURL = dir.appendingPathComponent("stderr")
    let inURL = dir.appendingPathComponent("stdin")
    FileManager.default.createFile(atPath: inURL.path, contents: Data(stdin.utf8))
    FileManager.default.createFile(atPath: outURL.path, contents: nil)
    FileManager.default.createFile(atPath: errURL.path, contents: nil)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: program)
    process.arguments = arguments
    process.currentDirectoryURL = Self.root
    do {
      process.standardOutput = try FileHandle(forWritingTo: outURL)
      process.standardError = try FileHandle(forWritingTo: errURL)
      process.standardInput = try FileHandle(forReadingFrom: inURL)
      try process.run()
    } catch {
      return (127, "", "\(program): \(error)")
    }
    process.waitUntilExit()
    let out = (try? String(contentsOf: outURL, encoding: .utf8)) ?? ""
    let err = (try? String(contentsOf: errURL, encoding: .utf8)) ?? ""
    return (process.terminationStatus, out, err)
  }
}
