#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// What the process is connected to, and small helpers for writing to it.
///
/// Everything here is read fresh on each call (a terminal can be resized between entries).
enum Terminal {
  /// True when `fd` is a terminal.
  static func isTerminal(_ fd: Int32) -> Bool { isatty(fd) == 1 }

  /// True when output on `fd` should carry ANSI colors: a terminal, `TERM` not `dumb`, and
  /// `NO_COLOR` unset or empty (https://no-color.org).
  static func wantsColor(_ fd: Int32) -> Bool {
    let env = ProcessInfo.processInfo.environment
    if let noColor = env["NO_COLOR"], !noColor.isEmpty { return false }
    if env["TERM"] == "dumb" { return false }
    return isTerminal(fd)
  }

  /// The width in columns of the terminal on `fd`, else `$COLUMNS`, else 80.
  static func width(_ fd: Int32 = STDOUT_FILENO) -> Int {
    var size = winsize()
    let ok = withUnsafeMutablePointer(to: &size) { ioctl(fd, UInt(TIOCGWINSZ), $0) } == 0
    if ok && size.ws_col > 0 { return Int(size.ws_col) }
    if let columns = ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init), columns > 0 {
      return columns
    }
    return 80
  }

  /// Writes `text` to stdout and flushes, so output and errors interleave in order.
  static func out(_ text: String) {
    fputs(text, stdout)
    fflush(stdout)
  }

  /// Writes `text` to stderr, after flushing whatever stdout holds.
  static func err(_ text: String) {
    fflush(stdout)
    fputs(text, stderr)
  }
}
