#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Lines of a file descriptor (the piped REPL's stdin) with a bound on a line's length, so that
/// input without newlines (`mk < /dev/zero`) stops with an error instead of growing without end.
struct InputLines {
  enum Next {
    case line(String)
    /// A line passed `limit` bytes before its newline; what follows it is not read.
    case tooLong
    case end
  }

  private let fd: Int32
  private let limit: Int
  private var buffer: [UInt8] = []
  private var start = 0
  private var atEnd = false

  init(fd: Int32, limit: Int) {
    self.fd = fd
    self.limit = limit
  }

  /// The next line without its `\n` (or `\r\n`); the last line may lack the newline.
  mutating func next() -> Next {
    var scanned = start
    while true {
      if let nl = buffer[scanned...].firstIndex(of: UInt8(ascii: "\n")) {
        var end = nl
        if end > start && buffer[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        guard end - start <= limit else { return .tooLong }
        let line = String(decoding: buffer[start..<end], as: UTF8.self)
        start = nl + 1
        return .line(line)
      }
      scanned = buffer.count
      guard scanned - start <= limit else { return .tooLong }
      if atEnd {
        guard start < buffer.count else { return .end }
        let line = String(decoding: buffer[start...], as: UTF8.self)
        start = buffer.count
        return .line(line)
      }
      scanned -= fill()
    }
  }

  /// Reads another chunk, first dropping the lines already returned.
  /// - Returns: how many bytes were dropped from the front of the buffer.
  private mutating func fill() -> Int {
    let dropped = start
    if start > 0 {
      buffer.removeFirst(start)
      start = 0
    }
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
      if n > 0 { buffer += chunk[..<n]; return dropped }
      if n < 0 && errno == EINTR { continue }
      atEnd = true   // end of input, or an error reading it: both end the entries
      return dropped
    }
  }
}
