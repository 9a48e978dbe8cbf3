import Foundation

/// The Python process that drives Spark (`scripts/spark_als.py`), run to completion.
///
/// It starts in a process group of its own, so that Ctrl-C at mk's terminal reaches only mk:
/// mk's handler sets the interrupt flag, and `run` then ends the whole group (Python and the
/// JVM it started), first politely, then for good. Its output goes to files in the job's
/// folder (no pipe to fill and block on); `run` reads the new lines of stderr as they come for
/// the progress bar, and shows the last meaningful ones when the job fails.
struct SparkProcess {
  let executable: String
  let arguments: [String]
  let environment: [String: String]
  /// Where stdout.txt and stderr.txt go.
  let folder: URL

  /// Exit codes of spark_als.py that name what is missing.
  enum Code: Int32 {
    case noPyspark = 3, noJava = 4, badInput = 5
  }

  struct Failure: Error {
    let status: Int32
    let signalled: Bool
    /// The last lines of stderr worth reading (no stack frames, no progress lines).
    let tail: [String]
    /// The text after "MKSPARK error " when the script itself explained the failure.
    let reason: String?
  }

  /// Runs the process to its end. `phase` receives each "MKSPARK phase K/N name" line.
  /// Throws `MKError.interrupted` after ending the group when the user asks to stop, a
  /// `Failure` when the process exits non-zero, and an MKError when it cannot start.
  func run(progress: Progress, phase: (Int, Int, String) -> Void) throws {
    let out = folder.appendingPathComponent("stdout.txt").path
    let err = folder.appendingPathComponent("stderr.txt").path
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, out, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    posix_spawn_file_actions_addopen(&actions, 2, err, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
    posix_spawnattr_setpgroup(&attributes, 0)

    let argv = ([executable] + arguments).map { strdup($0) } + [nil]
    let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer { for p in argv + envp { free(p) } }
    var pid: pid_t = 0
    let started = posix_spawnp(&pid, executable, &actions, &attributes, argv, envp)
    guard started == 0 else {
      throw MKError(.io, "cannot start '\(executable)': \(String(cString: strerror(started)))",
                    hint: SparkRuntime.installHint)
    }

    var reader = LineReader(path: err)
    var status: Int32 = 0
    while true {
      let done = waitpid(pid, &status, WNOHANG)
      for line in reader.newLines() {
        if let p = Self.phase(of: line) { phase(p.done, p.total, p.name) }
      }
      if done == pid { break }
      if progress.isInterrupted {
        Self.end(group: pid)
        throw MKError.interrupted
      }
      usleep(100_000)
    }
    for line in reader.newLines() { if let p = Self.phase(of: line) { phase(p.done, p.total, p.name) } }
    // The JVM exits with Spark's stop; anything left behind in the group goes too.
    kill(-pid, SIGKILL)
    let signalled = status & 0x7f != 0
    let code = signalled ? status & 0x7f : (status >> 8) & 0xff
    guard signalled || code != 0 else { return }
    let lines = (try? String(contentsOfFile: err, encoding: .utf8))?.split(separator: "\n").map(String.init) ?? []
    let reason = lines.last { $0.hasPrefix("MKSPARK error ") }.map { String($0.dropFirst("MKSPARK error ".count)) }
    throw Failure(status: code, signalled: signalled, tail: Self.tail(lines), reason: reason)
  }

  /// SIGTERM to the group, then SIGKILL if it is still there after 3 s; reaps the child.
  private static func end(group pid: pid_t) {
    kill(-pid, SIGTERM)
    var status: Int32 = 0
    for _ in 0..<30 {
      if waitpid(pid, &status, WNOHANG) == pid, kill(-pid, 0) != 0 { return }
      usleep(100_000)
    }
    kill(-pid, SIGKILL)
    waitpid(pid, &status, 0)
  }

  static func phase(of line: String) -> (done: Int, total: Int, name: String)? {
    let parts = line.split(separator: " ")
    guard parts.count >= 4, parts[0] == "MKSPARK", parts[1] == "phase" else { return nil }
    let counts = parts[2].split(separator: "/")
    guard counts.count == 2, let done = Int(counts[0]), let total = Int(counts[1]) else { return nil }
    return (done, total, String(parts[3]))
  }

  /// The last lines that say something: the exception and Spark's ERROR lines, not the JVM's
  /// stack frames or the progress lines.
  static func tail(_ lines: [String], count: Int = 8) -> [String] {
    let meaningful = lines.filter { line in
      let t = line.trimmingCharacters(in: .whitespaces)
      return !t.isEmpty && !t.hasPrefix("at ") && !t.hasPrefix("... ") && !t.hasPrefix("MKSPARK phase")
        && !t.hasPrefix("File \"") && !t.hasPrefix("^") && !t.contains(" WARN ") && !t.contains(" INFO ")
    }
    return Array(meaningful.suffix(count))
  }
}

/// Reads the lines appended to a file since the last call (a partial last line waits).
private struct LineReader {
  let path: String
  var offset: UInt64 = 0
  var pending = Data()

  init(path: String) { self.path = path }

  mutating func newLines() -> [String] {
    guard let handle = FileHandle(forReadingAtPath: path) else { return [] }
    defer { try? handle.close() }
    guard (try? handle.seek(toOffset: offset)) != nil, let data = try? handle.readToEnd(), !data.isEmpty else { return [] }
    offset += UInt64(data.count)
    pending.append(data)
    guard let last = pending.lastIndex(of: UInt8(ascii: "\n")) else { return [] }
    let complete = pending[pending.startIndex...last]
    pending = Data(pending[(last + 1)...])
    return String(decoding: complete, as: UTF8.self).split(separator: "\n").map(String.init)
  }
}
