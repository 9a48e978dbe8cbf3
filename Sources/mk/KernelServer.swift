#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ArgumentParser
import Foundation
import MKCore
import MKLang
import MKNotebook

/// `mk kernel-server`: one mk session that speaks JSON lines on stdin and stdout, for the
/// Jupyter kernel that `mk jupyter install` writes (a thin ipykernel wrapper: see
/// docs/jupyter.md). Not for people, so hidden from `mk --help`.
///
/// Requests, one JSON object a line: `{"id": 1, "op": "execute", "code": "…", "cell": 3}`,
/// `"complete"` and `"inspect"` (with `"cursor"`, in Unicode code points, as Jupyter counts),
/// `"is_complete"`. Replies carry the request's id; `execute` sends one `{"type": "output",
/// "kind": "display_data" | "execute_result", "data": {mime: text}}` per output as it comes,
/// and `{"type": "progress", "text": …}` lines while a long loop runs, then `{"type": "done",
/// "status": "ok" | "error", …}` as every other request does. SIGINT
/// (the wrapper forwards Jupyter's interrupt) stops a running statement as Ctrl-C does at the
/// REPL: a fit keeps the model of its last finished iteration, and the rest of the cell stops.
struct KernelServer: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "kernel-server",
    abstract: "Serve one mk session over JSON lines on stdin/stdout (started by the Jupyter kernel).",
    shouldDisplay: false)

  @Option(help: "The folder relative paths resolve from (the notebook's; default: the current folder).")
  var folder: String?

  func validate() throws {
    if let folder {
      var isDirectory: ObjCBool = false
      guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
        throw ValidationError("--folder '\(folder)' is not a folder")
      }
    }
  }

  func run() throws {
    StopSignals.install([SIGTERM])
    // SIGINT only sets flags, for the whole life of the server: no interrupt falls in a gap.
    _ = Signals.catchInterrupts()
    var options = Session.Options()
    options.keepsInterruptedFits = true
    options.terminalWidth = 100
    let session = Session(options: options)
    if let folder { session.workingDirectory = URL(fileURLWithPath: folder).standardized.path }
    let server = KernelProtocol(session: session)
    session.options.progress = server.reporter
    server.send(["type": "ready", "version": MK.version, "language_info": JupyterOutput.languageInfo(version: MK.version)])
    var input = InputLines(fd: STDIN_FILENO, limit: 16 << 20)
    while true {
      switch input.next() {
      case .line(let line):
        if line.allSatisfy(\.isWhitespace) { continue }
        server.handle(line)
        if session.exited { return }
      case .tooLong:
        server.send(["id": -1, "type": "done", "status": "error", "ename": "ProtocolError",
                     "evalue": "a request longer than 16 MiB", "traceback": [String]()])
        throw ExitCode(1)
      case .end:
        return
      }
    }
  }
}

/// The requests of `mk kernel-server`, on one session.
final class KernelProtocol {
  let session: Session
  /// The running execute request, and the loop its progress lines are about.
  private let lock = NSLock()
  private var running: Int?
  private var loop: (label: String, started: ContinuousClock.Instant, sent: ContinuousClock.Instant?, done: Int)?

  init(session: Session) {
    self.session = session
  }

  /// Progress of a long loop as `{"type": "progress", "text": …}` lines (the REPL's bar,
  /// `ProgressBar.render`): only once a loop has run for a second (quick fits say nothing), at
  /// most twice a second, and a last one when it reaches its total.
  var reporter: MKCore.Progress.Reporter {
    { [self] label, done, total, metrics in
      lock.withLock {
        guard let id = running else { return }
        let now = ContinuousClock.now
        if loop == nil || loop?.label != label || done < (loop?.done ?? 0) { loop = (label, now, nil, done) }
        guard var current = loop else { return }
        current.done = done
        let finished = total > 0 && done >= total
        let elapsed = now - current.started
        let due = current.sent.map { now - $0 >= .milliseconds(500) } ?? (elapsed >= .seconds(1))
        if due || (finished && current.sent != nil) {
          current.sent = now
          send(["id": id, "type": "progress", "text": ProgressBar.render(label, done, total, metrics, elapsed: elapsed, width: 100)])
        }
        loop = finished ? nil : current
      }
    }
  }

  private struct Request: Decodable {
    var id: Int
    var op: String
    var code: String?
    var cursor: Int?
    var cell: Int?
  }

  func handle(_ line: String) {
    guard let request = try? JSONDecoder().decode(Request.self, from: Data(line.utf8)) else {
      return fail(-1, "not a request: expected one JSON object with id and op, got '\(line.prefix(80))'")
    }
    let code = request.code ?? ""
    switch request.op {
    case "execute": execute(code, id: request.id, cell: request.cell ?? 0)
    case "complete": complete(code, cursor: request.cursor ?? code.unicodeScalars.count, id: request.id)
    case "inspect": inspect(code, cursor: request.cursor ?? code.unicodeScalars.count, id: request.id)
    case "is_complete":
      send(["id": request.id, "type": "done", "status": Session.needsMoreInput(code) ? "incomplete" : "complete"])
    default: fail(request.id, "unknown op '\(request.op)': execute, complete, inspect or is_complete")
    }
  }

  private func execute(_ code: String, id: Int, cell: Int) {
    Signals.forgetInterrupts()
    lock.withLock { running = id; loop = nil }
    defer { lock.withLock { running = nil; loop = nil } }
    let name = "In[\(cell)]"
    let errors = KernelCell.run(code, file: name, in: session, interrupted: { Signals.wasInterrupted }) { output in
      send(["id": id, "type": "output", "kind": output.isResult ? "execute_result" : "display_data", "data": output.bundle])
    }
    Signals.forgetInterrupts()
    var reply: [String: Any] = ["id": id, "type": "done", "status": errors.isEmpty ? "ok" : "error"]
    if !errors.isEmpty {
      let e = JupyterOutput.error(errors, source: code)
      reply["ename"] = e.ename
      reply["evalue"] = e.evalue
      reply["traceback"] = e.traceback
    }
    if session.exited { reply["exited"] = true }
    send(reply)
  }

  /// The REPL's completion on the cursor's line; Jupyter's cursor counts code points, the
  /// session's UTF-8 bytes.
  private func complete(_ code: String, cursor: Int, id: Int) {
    let (line, lineStart, column) = Self.line(of: code, at: cursor)
    let offset = Self.utf8Offset(line, column)
    let matches = session.completions(line: line, cursor: offset)
    let start = Session.wordStart(line: line, cursor: offset)
    let startColumn = String(decoding: Array(line.utf8.prefix(start)), as: UTF8.self).unicodeScalars.count
    send(["id": id, "type": "done", "status": "ok", "matches": matches,
          "cursor_start": lineStart + startColumn, "cursor_end": lineStart + column])
  }

  private func inspect(_ code: String, cursor: Int, id: Int) {
    let (line, _, column) = Self.line(of: code, at: cursor)
    let offset = Self.utf8Offset(line, column)
    let text = session.inspection(line: line, cursor: offset)
    send(["id": id, "type": "done", "status": "ok", "found": text != nil, "text": text ?? ""])
  }

  /// The line holding code point `cursor` of `code`, where it starts, and the cursor's column
  /// in it (both in code points).
  static func line(of code: String, at cursor: Int) -> (line: String, start: Int, column: Int) {
    let scalars = Array(code.unicodeScalars)
    let c = min(max(0, cursor), scalars.count)
    var start = c, end = c
    while start > 0, scalars[start - 1] != "\n" { start -= 1 }
    while end < scalars.count, scalars[end] != "\n" { end += 1 }
    var line = String.UnicodeScalarView()
    line.append(contentsOf: scalars[start..<end])
    return (String(line), start, c - start)
  }

  static func utf8Offset(_ line: String, _ column: Int) -> Int {
    line.unicodeScalars.prefix(column).reduce(0) { $0 + UTF8.width($1) }
  }

  private func fail(_ id: Int, _ message: String) {
    send(["id": id, "type": "done", "status": "error", "ename": "ProtocolError", "evalue": message, "traceback": [message]])
  }

  /// One reply line, flushed at once: the wrapper shows outputs while a cell still runs.
  func send(_ message: [String: Any]) {
    guard let data = try? JSONSerialization.data(withJSONObject: message, options: [.withoutEscapingSlashes]) else { return }
    Terminal.out(String(decoding: data, as: UTF8.self) + "\n")
  }
}
