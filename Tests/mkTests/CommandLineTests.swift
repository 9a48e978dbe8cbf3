import Foundation
import XCTest

/// Runs the built `mk` binary as a subprocess: exit statuses, stdout and stderr, as a user or a
/// script sees them. Stdin is always a pipe, so the REPL runs without prompts or libedit.
final class CommandLineTests: XCTestCase {
  // MARK: - Flags and usage

  func testVersion() throws {
    let r = try mk(["--version"])
    XCTAssertEqual(r.status, 0)
    XCTAssertEqual(r.stdout, "mk 0.1.0\n")
  }

  func testHelp() throws {
    let r = try mk(["--help"])
    XCTAssertEqual(r.status, 0)
    XCTAssertTrue(r.stdout.contains("USAGE: mk"), r.stdout)
    XCTAssertTrue(r.stdout.contains("run"), r.stdout)
  }

  func testABadFlagIsAUsageError() throws {
    let r = try mk(["--no-such-flag"])
    XCTAssertEqual(r.status, 2)
    XCTAssertTrue(r.stderr.contains("--no-such-flag"), r.stderr)
  }

  func testRunWithoutAFileIsAUsageError() throws {
    let r = try mk(["run"])
    XCTAssertEqual(r.status, 2)
    XCTAssertTrue(r.stderr.contains("<file>"), r.stderr)
  }

  func testRunOnAMissingFileIsAUsageError() throws {
    let r = try mk(["run", "/no/such/notebook.mk"])
    XCTAssertEqual(r.status, 2)
    XCTAssertEqual(r.stdout, "")
    XCTAssertTrue(r.stderr.contains("/no/such/notebook.mk"), r.stderr)
  }

  // MARK: - mk run

  func testRunPrintsEachDisplayedResult() throws {
    let path = try notebook("x = 1 + 2\nprint x\nprint (x * 2)\n")
    let r = try mk(["run", path])
    XCTAssertEqual(r.status, 0, r.stderr)
    XCTAssertEqual(r.stdout, "3\n6\n")
    XCTAssertEqual(r.stderr, "")
  }

  func testRunStopsAtTheFirstErrorWithPlaceLineAndCaret() throws {
    let path = try notebook("print 1\nassert 1 > 2\nprint 3\n")
    let r = try mk(["run", path])
    XCTAssertEqual(r.status, 1)
    XCTAssertEqual(r.stdout, "1\n", "the statement after the error does not run")
    XCTAssertTrue(r.stderr.contains("file.mk:2:8: error: assertion failed: 1 > 2"), r.stderr)
    let lines = r.stderr.split(separator: "\n")
    XCTAssertTrue(lines.contains { $0.contains("assert 1 > 2") }, "the source line: \(r.stderr)")
    XCTAssertTrue(lines.contains { $0.trimmingCharacters(in: .whitespaces).hasPrefix("^") },
                  "a caret line: \(r.stderr)")
    XCTAssertFalse(r.stderr.contains("\u{1B}["), "no color when stderr is not a terminal")
  }

  /// A kind typo on one line and an option typo on another: both named, with their places,
  /// before anything runs (no output, no file written).
  func testRunChecksTheWholeNotebookFirstAndNamesEveryError() throws {
    let path = try notebook("""
      print 1
      r = generate users=20 items=10 ratings=100 seed=1
      save (fit als r iters=1) "early.mkm"
      m = fit alss r
      m2 = fit als r rnak=3
      """)
    let dir = URL(fileURLWithPath: path).deletingLastPathComponent()
    let r = try mk(["run", path])
    XCTAssertEqual(r.status, 1)
    XCTAssertEqual(r.stdout, "", "nothing ran")
    XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("early.mkm").path), "nothing written")
    XCTAssertTrue(r.stderr.contains("file.mk:4:9: error: unknown model kind 'alss' (did you mean 'als'?)"), r.stderr)
    XCTAssertTrue(r.stderr.contains("file.mk:5:16: error: unknown option 'rnak' for fit als (did you mean 'rank'?)"), r.stderr)
    // Fixed, it runs and writes the file beside the notebook, wherever mk is started.
    try "r = generate users=20 items=10 ratings=100 seed=1\nsave (fit als r iters=1) \"early.mkm\"\n"
      .write(toFile: path, atomically: true, encoding: .utf8)
    let fixed = try mk(["run", path], in: URL(fileURLWithPath: "/tmp"))
    XCTAssertEqual(fixed.status, 0, fixed.stderr)
    XCTAssertTrue(FileManager.default.fileExists(atPath: dir.appendingPathComponent("early.mkm").path))
  }

  /// Paths resolve from the notebook's folder: the tour runs by its absolute path from /tmp.
  func testTheTourRunsFromAnotherFolder() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let tour = root.appendingPathComponent("Notebooks/tour.mk").path
    let svg = root.appendingPathComponent("Notebooks/tour-works.svg")
    let started = Date()
    let r = try mk(["run", tour], in: URL(fileURLWithPath: "/tmp"))
    XCTAssertEqual(r.status, 0, r.stderr)
    XCTAssertTrue(r.stdout.contains("rmse"), r.stdout)
    // Its svg= landed beside it, written by this run.
    let written = try FileManager.default.attributesOfItem(atPath: svg.path)[.modificationDate] as? Date
    XCTAssertGreaterThanOrEqual(written ?? .distantPast, started.addingTimeInterval(-1))
  }

  /// `$NAME` in a path reads the environment; an unset one is an error naming it.
  func testEnvironmentVariablesInNotebookPaths() throws {
    let dir = try temporaryDirectory()
    try "user,item,rating\na,x,4\nb,y,2\nc,x,1\n".write(to: dir.appendingPathComponent("r.csv"), atomically: true, encoding: .utf8)
    let path = try notebook("r = load \"$MK_TEST_FOLDER/r.csv\"\nprint r.count\n")
    let r = try mk(["run", path], environment: ["MK_TEST_FOLDER": dir.path])
    XCTAssertEqual(r.status, 0, r.stderr)
    XCTAssertEqual(r.stdout, "3\n")
    let unset = try mk(["run", path])
    XCTAssertEqual(unset.status, 1)
    XCTAssertTrue(unset.stderr.contains("file.mk:1:10: error: the environment variable MK_TEST_FOLDER in the path"), unset.stderr)
  }

  // MARK: - mk render

  func testRenderWritesThePageAndExitsOneWhenACellFails() throws {
    let path = try notebook("# # Title\n\nprint 1\n\nassert 1 > 2\nprint 3\n")
    let out = URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent("page.html").path
    let r = try mk(["render", path, "-o", out])
    XCTAssertEqual(r.status, 1, r.stderr)
    XCTAssertTrue(r.stderr.contains("file.mk:5:8: error: assertion failed: 1 > 2"), r.stderr)
    let html = try String(contentsOfFile: out, encoding: .utf8)
    XCTAssertTrue(html.contains("<h1>Title</h1>"))
    XCTAssertTrue(html.contains("class=\"error\""))
    XCTAssertTrue(html.contains("not run: the statement above failed"))
  }

  func testRenderMarkdownAndUsageErrors() throws {
    let path = try notebook("x = 2\nprint x\n")
    let dir = URL(fileURLWithPath: path).deletingLastPathComponent()
    let r = try mk(["render", path, "-o", dir.appendingPathComponent("page.md").path])
    XCTAssertEqual(r.status, 0, r.stderr)
    XCTAssertEqual(try String(contentsOf: dir.appendingPathComponent("page.md"), encoding: .utf8), "```mk\nx = 2\nprint x\n```\n\n```\n2\n```\n")
    XCTAssertEqual(try mk(["render", path, "-o", dir.appendingPathComponent("page.pdf").path]).status, 2)
    XCTAssertEqual(try mk(["render", path]).status, 2, "-o is required")
    XCTAssertEqual(try mk(["render", dir.appendingPathComponent("missing.mk").path, "-o", "x.html"]).status, 2)
  }

  // MARK: - The REPL from a pipe

  func testPipedREPLKeepsGoingAfterAnError() throws {
    let r = try mk([], stdin: "x = 2\nprint (x * 3)\nbogus\nprint 1\n")
    XCTAssertEqual(r.stdout, "6\n1\n", "no prompts, no banner, and the entry after the error runs")
    XCTAssertTrue(r.stderr.contains("<repl>:1:1: error:"), r.stderr)
    XCTAssertEqual(r.status, 1, "an error in any entry")
  }

  func testPipedREPLJoinsLinesWhileABracketIsOpen() throws {
    let r = try mk([], stdin: "y = (1 +\n2)\nprint y\n")
    XCTAssertEqual(r.stderr, "")
    XCTAssertEqual(r.stdout, "3\n")
    XCTAssertEqual(r.status, 0)
  }

  func testPipedREPLSessionWithContinuationsAndErrorsInTheMiddle() throws {
    let stdin = """
      d = generate users=20 items=10 ratings=100 seed=1
      xs = [1,
        2,
        3]
      print xs.count
      m = fit alss d
      print (xs.last +
        1)
      y = 1 + \\
        2
      print y
      fitt d
      print "still here"
      z = [1,

      """
    let r = try mk([], stdin: stdin)
    XCTAssertEqual(r.stdout, "3\n4\n3\nstill here\n")
    XCTAssertEqual(r.status, 1, "a piped session with errors exits 1")
    XCTAssertEqual(r.stderr, """
      <repl>:1:9: error: unknown model kind 'alss' (did you mean 'als'?)
      m = fit alss d
              ^~~~
      <repl>:1:1: error: unknown verb 'fitt' (did you mean 'fit'?)
      fitt d
      ^~~~
      <repl>:1:8: error: expected ']' to close '[' at 1:5, got end of input
      z = [1,
             ^

      """)
  }

  /// The habits at the prompt: `?VERB`, `VERB?`, `_`, `time`, `head`, then `exit` or `quit`
  /// leaves: nothing after it runs.
  func testPipedREPLHabits() throws {
    let help = try mk([], stdin: "help vars\n").stdout
    XCTAssertTrue(help.hasPrefix("usage: vars"), help)
    XCTAssertEqual(try mk([], stdin: "?vars\nvars?\n").stdout, help + help)
    let r = try mk([], stdin: "2 + 3\nprint (_ * 2)\nd = generate users=5 items=4 ratings=8 seed=2\nhead d n=2\ntime x = 1\nexit\nprint 99\n")
    XCTAssertEqual(r.status, 0, r.stderr)
    let lines = r.stdout.split(separator: "\n").map(String.init)
    XCTAssertEqual(Array(lines.prefix(2)), ["5", "10"])
    XCTAssertEqual(lines[2], "first 2 of 8 rows of generated")
    XCTAssertEqual(lines[3].split(separator: " "), ["user", "item", "rating"])
    XCTAssertTrue(lines.last?.hasPrefix("wall time: ") == true, r.stdout)
    XCTAssertFalse(lines.contains("99"), "nothing after exit runs")
    let q = try mk([], stdin: "print 1\nquit\nprint 2\n")
    XCTAssertEqual(q.stdout, "1\n")
    XCTAssertEqual(q.status, 0)
  }

  func testPipedREPLWithNoInputExitsCleanly() throws {
    let r = try mk([], stdin: "")
    XCTAssertEqual(r.status, 0)
    XCTAssertEqual(r.stdout, "")
  }

  // MARK: - Helpers

  private struct Outcome { var status: Int32; var stdout: String; var stderr: String }

  /// The directory holding the build products: the test bundle sits next to `mk`.
  private static var productsDirectory: URL {
    #if os(macOS)
    for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
      return bundle.bundleURL.deletingLastPathComponent()
    }
    #endif
    return Bundle.main.bundleURL
  }

  private func mk(_ arguments: [String], stdin: String = "", in folder: URL? = nil,
                  environment extra: [String: String] = [:]) throws -> Outcome {
    let binary = Self.productsDirectory.appendingPathComponent("mk")
    guard FileManager.default.isExecutableFile(atPath: binary.path) else {
      // `swift test` builds the executable beside the test bundle; its absence is a failure.
      XCTFail("mk binary not found at \(binary.path)")
      throw CocoaError(.fileNoSuchFile)
    }
    let process = Process()
    process.executableURL = binary
    process.arguments = arguments
    var environment = ProcessInfo.processInfo.environment
    environment["MK_HISTORY"] = ""  // never touch the user's history
    environment.merge(extra) { _, new in new }
    process.environment = environment
    if let folder { process.currentDirectoryURL = folder }
    // Output goes to files, not pipes: nothing can fill up and block mk while we wait.
    let dir = try temporaryDirectory()
    let outURL = dir.appendingPathComponent("stdout"), errURL = dir.appendingPathComponent("stderr")
    _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
    _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
    let input = Pipe()
    process.standardInput = input
    process.standardOutput = try FileHandle(forWritingTo: outURL)
    process.standardError = try FileHandle(forWritingTo: errURL)
    try process.run()
    input.fileHandleForWriting.write(Data(stdin.utf8))
    try input.fileHandleForWriting.close()
    process.waitUntilExit()
    return Outcome(status: process.terminationStatus,
                   stdout: try String(contentsOf: outURL, encoding: .utf8),
                   stderr: try String(contentsOf: errURL, encoding: .utf8))
  }

  /// Writes `source` to a fresh temporary `file.mk` and returns its path.
  private func notebook(_ source: String) throws -> String {
    let path = try temporaryDirectory().appendingPathComponent("file.mk").path
    try source.write(toFile: path, atomically: true, encoding: .utf8)
    return path
  }

  /// A fresh directory, removed when the test ends.
  private func temporaryDirectory() throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mk-cli-\(UUID())")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
    return dir
  }
}
