import Foundation
import XCTest

/// The piped REPL on long and endless input, through the built `mk` binary: continuation lines
/// cost linear time, and a line or an entry past the 1 MiB statement limit stops mk with an
/// error instead of growing without bound.
final class REPLInputTests: XCTestCase {
  private let limitMessage = "error: the entry is longer than the limit of 1 MiB (1048576 bytes); it was not run"

  func testALongListOverManyLinesIsReadInLinearTime() throws {
    // Joining and re-lexing the whole entry at every line took 21 s for 4,000 lines; 16,000 would
    // take minutes. Read in linear time it is well under a second.
    let lines = (0..<16_000).map { "  \($0)," }.joined(separator: "\n")
    let input = try file("x = [\n" + lines + "\n]\nprint x.count\nprint x.last\n")
    let started = Date()
    let r = try mk(stdin: input, timeout: 30)
    XCTAssertLessThan(Date().timeIntervalSince(started), 15)
    XCTAssertEqual(r.stderr, "")
    XCTAssertEqual(r.stdout, "16000\n15999\n")
    XCTAssertEqual(r.status, 0)
  }

  func testEndlessInputWithoutNewlinesStopsWithAnError() throws {
    let r = try mk(stdin: URL(fileURLWithPath: "/dev/zero"), timeout: 60)
    XCTAssertEqual(r.status, 1)
    XCTAssertTrue(r.stderr.hasPrefix(limitMessage), r.stderr)
    XCTAssertEqual(r.stdout, "")
  }

  func testALineOverTheLimitStopsAfterTheEntriesBeforeIt() throws {
    let input = try file("print 1\nx = \"" + String(repeating: "a", count: 1_100_000) + "\"\nprint 2\n")
    let r = try mk(stdin: input, timeout: 60)
    XCTAssertEqual(r.stdout, "1\n", "the entries before it ran; nothing after it")
    XCTAssertTrue(r.stderr.hasPrefix(limitMessage), r.stderr)
    XCTAssertEqual(r.status, 1)
  }

  func testAnEntryOverTheLimitAcrossLinesStops() throws {
    let many = Array(repeating: "  1,", count: 300_000).joined(separator: "\n")   // 1.5 MB
    let r = try mk(stdin: try file("print 1\nx = [\n" + many + "\n]\nprint 2\n"), timeout: 60)
    XCTAssertEqual(r.stdout, "1\n")
    XCTAssertTrue(r.stderr.hasPrefix(limitMessage), r.stderr)
    XCTAssertEqual(r.status, 1)
  }

  func testAnEntryJustUnderTheLimitRuns() throws {
    let text = "x = \"" + String(repeating: "a", count: 1_000_000) + "\"\nprint 1\n"
    let r = try mk(stdin: try file(text), timeout: 60)
    XCTAssertEqual(r.stderr, "")
    XCTAssertEqual(r.stdout, "1\n")
    XCTAssertEqual(r.status, 0)
  }

  func testALastLineWithoutANewlineAndCRLFLinesRun() throws {
    let r = try mk(stdin: try file("y = (1 +\r\n2)\r\nprint y\r\nprint (y \\\n+ 1)\nprint 9"), timeout: 30)
    XCTAssertEqual(r.stderr, "")
    XCTAssertEqual(r.stdout, "3\n4\n9\n")
    XCTAssertEqual(r.status, 0)
  }

  func testTheREPLGoesOnAfterInputThatOnceOverflowedTheStack() throws {
    // Each of these lines once ended the REPL with a stack overflow (exit 139).
    let sum = Array(repeating: "1", count: 4600).joined(separator: " + ")
    let stdin = [
      "x = " + String(repeating: "(", count: 5000) + "1" + String(repeating: ")", count: 5000),
      "y = " + String(repeating: "[", count: 3000) + "1" + String(repeating: "]", count: 3000),
      "z = " + String(repeating: "-", count: 58_000) + "1",
      "d = generate users=10 items=10 ratings=50 seed=1",
      "w = d" + String(repeating: ".users", count: 4600),
      "s = " + sum, "print s", "assert " + sum + " == 4600",
      "t = " + Array(repeating: "1", count: 87_000).joined(separator: " + ") + " )",
      "print 7",
    ].joined(separator: "\n") + "\n"
    let r = try mk(stdin: try file(stdin), timeout: 60)
    XCTAssertEqual(r.stdout, "4600\n7\n")
    XCTAssertEqual(r.stderr.components(separatedBy: "error: the expression nests more than 256 levels deep").count, 5, r.stderr)
    XCTAssertTrue(r.stderr.contains("error: unexpected ')'"), r.stderr)
    XCTAssertEqual(r.status, 1)
  }

  // MARK: - Helpers

  private struct Outcome { var status: Int32; var stdout: String; var stderr: String }

  /// Runs `mk` (the REPL) with stdin read from `stdin`; fails and stops it after `timeout` seconds.
  private func mk(stdin: URL, timeout: TimeInterval) throws -> Outcome {
    let binary = Bundle.main.bundleURL.appendingPathComponent("mk")
    guard FileManager.default.isExecutableFile(atPath: binary.path) else {
      XCTFail("mk binary not found at \(binary.path)")
      throw CocoaError(.fileNoSuchFile)
    }
    let process = Process()
    process.executableURL = binary
    var environment = ProcessInfo.processInfo.environment
    environment["MK_HISTORY"] = ""
    process.environment = environment
    let dir = try temporaryDirectory()
    let outURL = dir.appendingPathComponent("stdout"), errURL = dir.appendingPathComponent("stderr")
    _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
    _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
    process.standardInput = try FileHandle(forReadingFrom: stdin)
    process.standardOutput = try FileHandle(forWritingTo: outURL)
    process.standardError = try FileHandle(forWritingTo: errURL)
    try process.run()
    let deadline = Date().addingTimeInterval(timeout)
    while process.isRunning && Date() < deadline { usleep(20_000) }
    if process.isRunning {
      process.terminate()
      XCTFail("mk still running after \(timeout) s")
    }
    process.waitUntilExit()
    return Outcome(status: process.terminationStatus,
                   stdout: try String(contentsOf: outURL, encoding: .utf8),
                   stderr: try String(contentsOf: errURL, encoding: .utf8))
  }

  /// Writes `text` to a fresh temporary file for stdin.
  private func file(_ text: String) throws -> URL {
    let url = try temporaryDirectory().appendingPathComponent("stdin")
    try text.write(to: url, atomically: true, encoding: .utf8)
    return url
  }

  private func temporaryDirectory() throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mk-repl-\(UUID())")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
    return dir
  }
}
