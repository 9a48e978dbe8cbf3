#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import MKCore

/// What `mk run` and `mk render` (and the REPL, for SIGTERM) do when stopped by Ctrl-C
/// (SIGINT) or `kill` (SIGTERM):
/// remove the temporary file of a save in progress, say so on stderr ("mk: interrupted",
/// "mk: terminated") and exit with the shell's status for the signal, 128 + its number
/// (130, 143). Without this they died silently, and a save in progress left its temporary.
enum StopSignals {
  /// The messages, written with `write(2)`: a signal handler may not allocate. On a terminal
  /// the line is cleared first (a progress bar or `^C` may be on it).
  private static let interrupted: StaticString = "mk: interrupted\n"
  private static let terminated: StaticString = "mk: terminated\n"
  private static let clearLine: StaticString = "\r\u{1B}[K"
  nonisolated(unsafe) private static var stderrIsTerminal = false

  /// Installs the handler for `signals` (both by default; the REPL takes SIGINT itself, to
  /// stop a statement, and passes `[SIGTERM]`).
  static func install(_ signals: [Int32] = [SIGINT, SIGTERM]) {
    // Initialize every global the handler reads now: lazy initialization takes a lock.
    AtomicFile.prepareForSignals()
    _ = (interrupted, terminated, clearLine)
    stderrIsTerminal = isatty(STDERR_FILENO) == 1
    for signal in signals where !isIgnored(signal) { _ = Signals.install(signal, onStop) }
  }

  /// Whether the signal is ignored, as a shell script leaves SIGINT for a command started with
  /// `&`: such a command must go on ignoring it.
  private static func isIgnored(_ signal: Int32) -> Bool {
    var current = sigaction()
    sigaction(signal, nil, &current)
    return unsafeBitCast(current.__sigaction_handler.sa_handler, to: Int.self) == 1  // SIG_IGN
  }

  private static let onStop: @convention(c) (Int32) -> Void = { signal in
    AtomicFile.removeOwnTemporaries()
    if StopSignals.stderrIsTerminal { StopSignals.say(StopSignals.clearLine) }
    StopSignals.say(signal == SIGINT ? StopSignals.interrupted : StopSignals.terminated)
    _exit(128 + signal)
  }

  private static func say(_ s: StaticString) {
    _ = write(STDERR_FILENO, s.utf8Start, s.utf8CodeUnitCount)
  }
}
