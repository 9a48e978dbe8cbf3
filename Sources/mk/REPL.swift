#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import MKCore
import MKLang

/// The read-eval-print loop. It evaluates through the same `Session.run` as `mk run`; it differs
/// only in how it reads (libedit with two prompts at a terminal, plain lines from a pipe) and in
/// how it reports (print the error and go on).
enum REPL {
  static let prompt = "mk> "
  static let continuationPrompt = "..> "

  /// Runs the loop on stdin until end of input.
  /// - Returns: the exit status: 0, or 1 when input was piped and some entry failed.
  static func main() -> Int32 {
    Terminal.isTerminal(STDIN_FILENO) ? interactive() : piped()
  }

  // MARK: - At a terminal

  private static func interactive() -> Int32 {
    let bar = Terminal.isTerminal(STDERR_FILENO) ? ProgressBar() : nil
    var options = Session.Options()
    options.interactive = true
    options.keepsInterruptedFits = true
    options.color = Terminal.wantsColor(STDOUT_FILENO)
    options.terminalWidth = Terminal.width()
    options.progress = bar?.reporter
    let session = Session(options: options)
    let editor = LineEditor(session: session, historyPath: historyPath())
    defer { editor.close() }
    // Ctrl-C clears the prompt or stops a statement; it never ends the session.
    let previous = Signals.catchInterrupts()
    defer { Signals.restore(SIGINT, previous) }

    Terminal.out("\(MK.version)  (help for help, exit or Ctrl-D to leave)\n")
    while let entry = readEntry(editor) {
      editor.remember(entry)
      session.options.terminalWidth = Terminal.width()
      evaluate(entry, in: session, bar: bar)
      if session.exited { break }
    }
    return 0
  }

  /// Reads lines until they form a complete entry (no open bracket, no trailing `\`).
  /// Ctrl-C drops what was typed and starts over, and so does an entry past the 1 MiB limit
  /// (with its error); nil at end of input.
  private static func readEntry(_ editor: LineEditor) -> String? {
    var entry = PendingEntry()
    while true {
      switch editor.read(prompt: entry.isEmpty ? prompt : continuationPrompt) {
      case .line(let line):
        do {
          if try entry.append(line) { return entry.text }
        } catch let e as MKError {
          report(e, source: "")
        } catch {}
      case .interrupted:
        entry = PendingEntry()
      case .endOfFile:
        Terminal.out("\n")
        // An unfinished entry still runs, so that its error (an unclosed bracket) is shown.
        return entry.isEmpty ? nil : entry.text
      }
    }
  }

  /// The history file: `$MK_HISTORY` if set (empty turns history off), else `~/.mk_history`.
  private static func historyPath() -> String? {
    let env = ProcessInfo.processInfo.environment
    if let path = env["MK_HISTORY"] { return path.isEmpty ? nil : path }
    guard let home = env["HOME"], !home.isEmpty else { return nil }
    return home + "/.mk_history"
  }

  // MARK: - From a pipe

  /// Reads stdin line by line with no prompts and no editing (tests and scripts drive the REPL
  /// this way); errors go to stderr and the loop goes on.
  private static func piped() -> Int32 {
    var options = Session.Options()
    options.terminalWidth = Terminal.width()
    options.keepsInterruptedFits = true
    let session = Session(options: options)
    var failed = false
    var input = InputLines(fd: STDIN_FILENO, limit: PendingEntry.maxBytes)
    var entry = PendingEntry()
    reading: while true {
      switch input.next() {
      case .line(let line):
        do {
          guard try entry.append(line) else { continue }
        } catch let e as MKError {
          // What follows an over-long entry cannot be read as statements: stop here.
          report(e, source: "")
          return 1
        } catch {}
        if !evaluate(entry.text, in: session, bar: nil) { failed = true }
        if session.exited { entry = PendingEntry(); break reading }
        entry = PendingEntry()
      case .tooLong:
        report(PendingEntry.tooLong(), source: "")
        return 1
      case .end:
        break reading
      }
    }
    if !entry.isEmpty && !evaluate(entry.text, in: session, bar: nil) { failed = true }
    return failed ? 1 : 0
  }

  // MARK: - Evaluating one entry

  /// Runs one entry, printing its outputs to stdout and its errors to stderr. Ctrl-C while it
  /// runs only sets the interrupt flag; the session's loops see it and fail with "interrupted".
  /// (From a pipe, this is the only time Ctrl-C is caught: waiting for input, it ends mk.)
  /// - Returns: true when the entry ran without error.
  @discardableResult
  static func evaluate(_ entry: String, in session: Session, bar: ProgressBar?) -> Bool {
    if entry.allSatisfy(\.isWhitespace) { return true }
    let previous = Signals.catchInterrupts()  // also clears the interrupt flag
    let errors = session.run(entry, file: "<repl>") { text in
      bar?.clear()
      Terminal.out(text + "\n")
    }
    Signals.restore(SIGINT, previous)
    bar?.clear()
    MKCore.Progress.clearInterrupt()
    for error in errors { report(error, source: entry) }
    return errors.isEmpty
  }

  /// Writes an error to stderr, with the source line it points into.
  private static func report(_ error: MKError, source: String) {
    Terminal.err(Session.format(error, source: source, color: Terminal.wantsColor(STDERR_FILENO)) + "\n")
  }
}
