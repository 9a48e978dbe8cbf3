import Foundation
import XCTest

/// `mk run` and `mk render` stopped by SIGTERM or SIGINT while a notebook runs: a message on
/// stderr and the shell's status for the signal (143, 130), not a silent death.
final class StopSignalTests: XCTestCase {
  /// A notebook that prints a line, then fits for far longer than the test waits.
  private let slow = """
    print "started"
    d = generate users=3000 items=2000 ratings=300000 seed=1
    m = fit als d rank=50 iters=1000
    save m "never.mkm"
    """

  func testSIGTERMStopsRunWithAMessageAnd143() throws {
    let r = try stopped(["run"], by: SIGTERM)
    XCTAssertEqual(r.status, 143, r.stderr)
    XCTAssertEqual(r.stdout, "started\n")
    XCTAssertEqual(r.stderr, "mk: terminated\n")
    XCTAssertEqual(r.leftFiles, ["file.mk"], "no model file, no temporary")
  }

  func testSIGINTStopsRunWithAMessageAnd130() throws {
    let r = try stopped(["run"], by: SIGINT)
    XCTAssertEqual(r.status, 130, r.stderr)
    XCTAssertEqual(r.stderr, "mk: interrupted\n")
  }

  func testSIGTERMStopsRenderWithAMessageAnd143() throws {
    let r = try stopped(["render", "-o", "page.html"], by: SIGTERM)
    XCTAssertEqual(r.status, 143, r.stderr)
    XCTAssertEqual(r.stderr, "mk: terminated\n")
    XCTAssertEqual(r.leftFiles, ["file.mk"], "no page, no temporary")
  }

  func testSIGTERMStopsTheREPLWithAMessageAnd143() throws {
    // The REPL waits for its next line on a pipe that stays open.
    let r = try stopped([], by: SIGTERM)
    XCTAssertEqual(r.status, 143, r.stderr)
    XCTAssertEqual(r.stderr, "mk: terminated\n")
  }

  /// Ctrl-C during a fit at the REPL keeps the model of the last finished iteration, marked
  /// interrupted, and the session goes on.
  func testSIGINTDuringAFitInTheREPLKeepsTheModel() throws {
    let r = try stopped([], by: SIGINT, stdin: """
      d = generate users=1000 items=500 ratings=40000 seed=1
      print "started"
      m = fit als d rank=4 iters=10000
      m
      print m.history.rows

      """)
    XCTAssertEqual(r.status, 0, r.stderr)
    let lines = r.stdout.split(separator: "\n").map(String.init)
    XCTAssertEqual(lines.first, "started")
    let note = try XCTUnwrap(lines.first { $0.hasPrefix("interrupted: als keeps the model of iteration ") }, r.stdout)
    XCTAssertTrue(note.hasSuffix(" of 10000"), note)
    let n = try XCTUnwrap(Int(note.dropFirst("interrupted: als keeps the model of iteration ".count).prefix { $0.isNumber }))
    XCTAssertGreaterThan(n, 0)
    XCTAssertLessThan(n, 10000)
    XCTAssertTrue(lines.contains("interrupted: the model of iteration \(n) of 10000"), r.stdout)
    XCTAssertEqual(lines.last, "\(n)", "the history holds the finished iterations")
  }

  // MARK: - Helpers

  private struct Outcome { var status: Int32; var stdout: String; var stderr: String; var leftFiles: [String] }

  /// Starts `mk SUBCOMMAND file.mk ARGS...` on the slow notebook in a fresh folder (or, with no
  /// arguments, the REPL on an open pipe), waits for "started" (`mk render` and the REPL print
  /// nothing: a fixed pause then), sends `signal`, and waits.
  private func stopped(_ arguments: [String], by signal: Int32, stdin: String? = nil) throws -> Outcome {
    let binary = Bundle.main.bundleURL.appendingPathComponent("mk")
    guard FileManager.default.isExecutableFile(atPath: binary.path) else {
      XCTFail("mk binary not found at \(binary.path)")
      throw CocoaError(.fileNoSuchFile)
    }
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mk-stop-\(UUID())")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
    try slow.write(to: dir.appendingPathComponent("file.mk"), atomically: true, encoding: .utf8)
    let outURL = dir.appendingPathComponent("stdout"), errURL = dir.appendingPathComponent("stderr")
    _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
    _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)

    let process = Process()
    process.executableURL = binary
    process.currentDirectoryURL = dir
    process.arguments = arguments.isEmpty ? [] : [arguments[0], "file.mk"] + arguments.dropFirst()
    var environment = ProcessInfo.processInfo.environment
    environment["MK_HISTORY"] = ""
    process.environment = environment
    let input = Pipe()  // kept open until the end: the REPL blocks reading it
    process.standardInput = arguments.isEmpty ? input : FileHandle.nullDevice
    process.standardOutput = try FileHandle(forWritingTo: outURL)
    process.standardError = try FileHandle(forWritingTo: errURL)
    try process.run()
    defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
    if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }

    let started = Date()
    if arguments.first == "run" || stdin != nil {
      while (try? String(contentsOf: outURL, encoding: .utf8))?.contains("started") != true {
        guard process.isRunning, Date().timeIntervalSince(started) < 60 else {
          XCTFail("mk did not start the notebook")
          break
        }
        usleep(20_000)
      }
    }
    usleep(arguments.first == "run" || stdin != nil ? 300_000 : 1_500_000)  // into the fit, or the REPL's read
    XCTAssertTrue(process.isRunning, "the notebook must still be running when the signal comes")
    kill(process.processIdentifier, signal)
    if stdin != nil {
      // The REPL goes on after the interrupted statement: closing its input ends it.
      usleep(500_000)
      try? input.fileHandleForWriting.close()
    }
    let sent = Date()
    while process.isRunning, Date().timeIntervalSince(sent) < 30 { usleep(20_000) }
    XCTAssertFalse(process.isRunning, "mk did not stop within 30 s of the signal")
    if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    process.waitUntilExit()
    try? input.fileHandleForWriting.close()
    let left = try FileManager.default.contentsOfDirectory(atPath: dir.path)
      .filter { $0 != "stdout" && $0 != "stderr" }.sorted()
    return Outcome(status: process.terminationStatus,
                   stdout: try String(contentsOf: outURL, encoding: .utf8),
                   stderr: try String(contentsOf: errURL, encoding: .utf8), leftFiles: left)
  }
}
