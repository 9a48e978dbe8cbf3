#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CEditline
import MKCore
import MKLang
import Synchronization

/// Line editing, history and tab completion on libedit's readline interface.
///
/// libedit calls back through C function pointers, which cannot capture context; the few
/// globals below are how those callbacks reach the session. There is one line editor per
/// process, used from the main thread only.
final class LineEditor {
  /// What one call to `read` got.
  enum Input: Equatable {
    case line(String)
    /// Ctrl-C at the prompt: the typed text was thrown away.
    case interrupted
    /// Ctrl-D on an empty line, or the terminal went away.
    case endOfFile
  }

  /// Lines kept in the history file.
  static let historyLimit: Int32 = 1000

  private let historyPath: String?

  /// - Parameters:
  ///   - session: the session that tab completion asks for candidates.
  ///   - historyPath: the history file to read now and save after each entry; nil keeps none.
  init(session: Session, historyPath: String?) {
    self.historyPath = historyPath
    completionSession = session

    setlocale(LC_CTYPE, "")  // libedit drops non-ASCII input in the C locale
    rl_readline_name = UnsafePointer(strdup("mk"))  // for `mk:` lines in ~/.editrc
    // We handle SIGINT ourselves (see `readCharacter`); libedit's own handler would re-raise
    // it to the whole process group.
    rl_catch_signals = 0
    rl_getc_function = readCharacter
    rl_attempted_completion_function = complete
    rl_basic_word_break_characters = UnsafePointer(strdup(LineEditor.wordBreaks))
    rl_completer_word_break_characters = strdup(LineEditor.wordBreaks)
    rl_initialize()

    using_history()
    stifle_history(Self.historyLimit)
    if let historyPath { read_history(historyPath) }
  }

  /// Characters that end the word tab completion looks at: `fit als tr|` completes `tr`,
  /// `load "Samples/an|` completes `Samples/an`, `by=us|` completes `us`.
  static let wordBreaks = " \t\n\"'=()[],"

  /// Shows `prompt` and reads one edited line.
  ///
  /// Ctrl-C is seen only after `Signals.catchInterrupts()`: the REPL calls it once for its
  /// whole life, so that no Ctrl-C ever falls into a gap between two handlers.
  func read(prompt: String) -> Input {
    promptInterrupted.store(false, ordering: .relaxed)
    promptResized.store(false, ordering: .relaxed)  // (also initializes it before its handler)
    let previousResize = Signals.install(SIGWINCH, onPromptResize)
    defer { Signals.restore(SIGWINCH, previousResize) }

    let raw = readline(prompt)
    defer { free(raw) }
    if promptInterrupted.load(ordering: .relaxed) {
      // libedit has already erased the typed text; whatever it returned must not run.
      Terminal.out("^C\n")
      return .interrupted
    }
    guard let raw else { return .endOfFile }
    return .line(String(cString: raw))
  }

  /// Adds a complete entry (all its lines joined) to the history, and saves the history file.
  ///
  /// The whole file is rewritten (at most `historyLimit` entries) rather than appended to:
  /// libedit's `append_history(1, ...)` writes the last two entries, duplicating each one.
  /// The cost: of two sessions open at once, the one that saves last wins.
  func remember(_ entry: String) {
    guard !entry.allSatisfy(\.isWhitespace) else { return }
    add_history(entry)
    if let historyPath { write_history(historyPath) }
  }

  /// Saves the history file once more; call once when leaving.
  func close() {
    if let historyPath { write_history(historyPath) }
    completionSession = nil
  }
}

// MARK: - Ctrl-C at the prompt

/// Set by `Signals.onInterrupt`; cleared when a prompt is shown. `readCharacter` looks at it.
private let promptInterrupted = Atomic<Bool>(false)

/// Set on SIGWINCH at the prompt; `readCharacter` then tells libedit the new width. (libedit
/// would do it itself, but only with its own signal handling, which we turn off.)
private let promptResized = Atomic<Bool>(false)

private let onPromptResize: @convention(c) (Int32) -> Void = { _ in
  promptResized.store(true, ordering: .relaxed)
}

/// libedit's character reader, replaced so that Ctrl-C at the prompt is seen at once.
///
/// libedit's own reader retries a `read` that a signal interrupted, so the first Ctrl-C would
/// do nothing visible. This one reports end of input instead when our SIGINT handler ran, and
/// `LineEditor.read` tells the two apart by the flag. It decodes UTF-8 itself because libedit
/// takes the returned int as a wide character.
private let readCharacter: @convention(c) (UnsafeMutablePointer<FILE>?) -> Int32 = { file in
  let fd = file.map { fileno($0) } ?? STDIN_FILENO
  func byte() -> Int32? {
    var c: UInt8 = 0
    while true {
      // A Ctrl-C that came while libedit was busy (before this read) counts too.
      if promptInterrupted.load(ordering: .relaxed) { return nil }
      let n = read(fd, &c, 1)
      if n == 1 { return Int32(c) }
      guard n < 0 && errno == EINTR && !promptInterrupted.load(ordering: .relaxed) else { return nil }
      // Interrupted by something else (a resize): read on.
      if promptResized.exchange(false, ordering: .relaxed) { rl_resize_terminal() }
    }
  }
  guard let first = byte() else { return -1 }
  let extra: Int32
  switch first {
  case 0xC0...0xDF: extra = 1
  case 0xE0...0xEF: extra = 2
  case 0xF0...0xF7: extra = 3
  default: return first
  }
  var scalar = first & (0x3F >> extra)
  for _ in 0..<extra {
    guard let next = byte() else { return -1 }
    scalar = scalar << 6 | (next & 0x3F)
  }
  return scalar
}

// MARK: - Tab completion

/// The session completion asks, and the candidates `nextMatch` hands to libedit one by one.
nonisolated(unsafe) private var completionSession: Session?
nonisolated(unsafe) private var pendingMatches: [String] = []
nonisolated(unsafe) private var pendingIndex = 0

/// `rl_attempted_completion_function`: asks the session, then adapts its candidates to the
/// word libedit will replace (see `Completion.adapt`).
private let complete: @convention(c) (UnsafePointer<CChar>?, Int32, Int32)
  -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = { text, _, _ in
  rl_attempted_completion_over = 1  // no fallback to libedit's file-name completion
  guard let session = completionSession, let text, let buffer = rl_line_buffer else { return nil }
  let line = Array(String(cString: buffer).utf8)
  let cursor = max(0, min(Int(rl_point), line.count))
  let before = Array(line[..<cursor])
  let word = Array(String(cString: text).utf8)
  let candidates = session.completions(line: String(decoding: line, as: UTF8.self), cursor: cursor)
  var seen = Set<String>()
  pendingMatches = candidates.compactMap { Completion.adapt($0, before: before, word: word) }
    .filter { seen.insert($0).inserted }
  pendingIndex = 0
  guard !pendingMatches.isEmpty else { return nil }
  let quoted = before.dropLast(word.count).last == UInt8(ascii: "\"")
  rl_completion_append_character = Completion.suffix(for: pendingMatches, quoted: quoted)
  return rl_completion_matches(text, nextMatch)
}

private let nextMatch: @convention(c) (UnsafePointer<CChar>?, Int32) -> UnsafeMutablePointer<CChar>? = { _, _ in
  guard pendingIndex < pendingMatches.count else { return nil }
  defer { pendingIndex += 1 }
  return strdup(pendingMatches[pendingIndex])
}

/// Pure helpers for completion, kept apart from the C callbacks so they read (and test) plainly.
enum Completion {
  /// Rewrites `candidate` to replace libedit's `word` (the bytes after the last break
  /// character before the cursor), whatever the session thinks the word is.
  ///
  /// The session's word is the longest end of `before` (the line up to the cursor) that starts
  /// `candidate`. If it is longer than libedit's word (`als.it` vs `it`) the extra head is
  /// dropped; if shorter, libedit's extra head is kept. A candidate that shares nothing with a
  /// non-empty word is dropped.
  static func adapt(_ candidate: String, before: [UInt8], word: [UInt8]) -> String? {
    let c = Array(candidate.utf8)
    var shared = min(c.count, before.count)
    while shared > 0 && !before.suffix(shared).elementsEqual(c.prefix(shared)) { shared -= 1 }
    if shared == 0 && !word.isEmpty { return nil }
    let bytes = shared >= word.count
      ? Array(c.dropFirst(shared - word.count))
      : Array(word.prefix(word.count - shared)) + c
    return String(decoding: bytes, as: UTF8.self)
  }

  /// What to type after a single match: nothing after a directory or `key=`, a closing quote
  /// after a file name in quotes, else a space. (libedit adds it only when one match remains.)
  static func suffix(for matches: [String], quoted: Bool) -> Int32 {
    guard matches.count == 1, let last = matches[0].last else { return 0 }
    if "/=.(".contains(last) { return 0 }
    return Int32(UInt8(ascii: quoted ? "\"" : " "))
  }
}

// MARK: - Signals

/// Installs and restores signal handlers with `sigaction` (Linux), without `SA_RESTART`, so
/// that a blocking `read` returns `EINTR` and the code around it can look at its flags.
enum Signals {
  /// Makes Ctrl-C set two flags and nothing else (lock-free atomics, safe in a signal handler),
  /// as lua.c's handler only sets a hook: one that the prompt reads, and `Progress.interrupt()`,
  /// which a running statement's loops check between iterations. A statement that never checks
  /// runs to its end; Ctrl-\ still quits.
  /// - Returns: the previous action, for `restore`.
  static func catchInterrupts() -> sigaction {
    // Initialize both globals now: lazy initialization is not safe inside a signal handler.
    promptInterrupted.store(false, ordering: .relaxed)
    MKCore.Progress.clearInterrupt()
    return install(SIGINT, onInterrupt)
  }

  /// Whether Ctrl-C came since `catchInterrupts()` or `forgetInterrupts()`. The session
  /// clears `Progress`'s flag before each statement; this one stays set, so the kernel can stop
  /// a cell after a fit that Ctrl-C ended (and kept).
  static var wasInterrupted: Bool { promptInterrupted.load(ordering: .relaxed) }

  static func forgetInterrupts() {
    promptInterrupted.store(false, ordering: .relaxed)
    MKCore.Progress.clearInterrupt()
  }

  private static let onInterrupt: @convention(c) (Int32) -> Void = { _ in
    promptInterrupted.store(true, ordering: .relaxed)
    MKCore.Progress.interrupt()
  }

  static func install(_ signal: Int32, _ handler: @convention(c) (Int32) -> Void) -> sigaction {
    var action = sigaction()
    action.__sigaction_handler.sa_handler = handler
    sigemptyset(&action.sa_mask)
    action.sa_flags = 0
    var previous = sigaction()
    sigaction(signal, &action, &previous)
    return previous
  }

  static func restore(_ signal: Int32, _ previous: sigaction) {
    var previous = previous
    sigaction(signal, &previous, nil)
  }
}
