#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Reads a whole data file, or throws an error that says the file is missing.
///
/// Every loader (ratings, items, `u.genre`) starts here or at `DataFileStream`, so that a wrong
/// path reads the same whatever is being loaded, a gzip file reads as its contents, and every
/// loader sees CR-only line endings (old Mac files) as line endings: `withLineFeeds` makes
/// them LF.
func readDataFile(_ path: String) throws -> [UInt8] {
  try DataFileStream(path: path).readAll()
}

/// `bytes` with each CR that is not followed by LF made an LF, so that CR-only and mixed line
/// endings read as lines; CRLF stays as it is. Returns `bytes` itself when it has no lone CR.
func withLineFeeds(_ bytes: [UInt8]) -> [UInt8] {
  var out = bytes
  mendLoneCarriageReturns(&out, from: 0, atEnd: true)
  return out
}

/// Makes each lone CR of `bytes[from...]` an LF. A CR that is the last byte stays when more
/// bytes may follow (`atEnd` false): an LF may come next.
func mendLoneCarriageReturns(_ bytes: inout [UInt8], from: Int, atEnd: Bool) {
  let n = bytes.count
  var k = from
  while k < n {
    guard let found = firstIndex(of: 13, in: bytes, from: k) else { return }
    if found + 1 < n ? bytes[found + 1] != 10 : atEnd { bytes[found] = 10 }
    k = found + 1
  }
}

/// The first index of `byte` in `bytes[from...]`, by `memchr` (the C library's vectorized scan:
/// reading a file's blocks scans every byte for CR and LF).
func firstIndex(of byte: UInt8, in bytes: [UInt8], from: Int) -> Int? {
  guard from < bytes.count else { return nil }
  return bytes.withUnsafeBufferPointer { p -> Int? in
    guard let base = p.baseAddress, let hit = memchr(base + from, Int32(byte), p.count - from) else { return nil }
    return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
  }
}


/// A data file read from the start in blocks of whole lines: plain bytes, or the contents of a
/// gzip file (`GzipInflater`, recognized by its first bytes), with lone CRs made LFs.
///
/// The parallel ratings loader (`RatingBlocks`) parses each block on its own, so a block always
/// ends just after a line feed (or at the end of the file); the bytes after the block's last
/// line feed are kept for the next one.
final class DataFileStream {
  let path: String
  let isGzip: Bool
  /// The file's size on disk (compressed for gzip), for estimates.
  let fileSize: Int
  /// The size of the text the stream gives, as well as it can be told without reading it: the
  /// file's size, or for gzip the size its (last) member's trailer records, modulo 2^32.
  let sizeEstimate: Int
  private let file: FileHandle
  private let inflater: GzipInflater?
  private var pending: [UInt8] = []
  private var atEnd = false

  /// Opens `path`.
  /// - Throws: `MKError` when it is missing, a folder, or unreadable.
  init(path: String) throws {
    self.path = path
    var isDir: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
      throw MKError(.io, "cannot find '\(path)'",
                    hint: path.hasPrefix("/") ? "check the path" : "check the path; relative paths start from \(FileManager.default.currentDirectoryPath)")
    }
    guard !isDir.boolValue else {
      throw MKError(.io, "'\(path)' is a folder, not a file", hint: "give the path of a file inside it")
    }
    guard let file = FileHandle(forReadingAtPath: path) else {
      throw MKError(.io, "cannot read '\(path)'", hint: "check the file's permissions")
    }
    self.file = file
    fileSize = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    let head = (try? file.read(upToCount: 2)).flatMap { $0 }.map { [UInt8]($0) } ?? []
    try? file.seek(toOffset: 0)
    isGzip = head == GzipInflater.magic
    inflater = isGzip ? try GzipInflater(path: path, file: file) : nil
    sizeEstimate = isGzip ? DataFileStream.gzipTrailerSize(path, fileSize: fileSize) ?? fileSize * 4 : fileSize
    if !isGzip, path.lowercased().hasSuffix(".gz"), fileSize > 0 {
      throw MKError(.data, "'\(path)' is named .gz but is not gzip data (it does not start with gzip's bytes 1F 8B)",
                    hint: "rename the file if it is plain text, or fetch it again")
    }
  }

  deinit { try? file.close() }

  /// The uncompressed size a gzip file's last 4 bytes (ISIZE, little-endian) record: the last
  /// member's, modulo 2^32.
  private static func gzipTrailerSize(_ path: String, fileSize: Int) -> Int? {
    guard fileSize >= 18, let f = FileHandle(forReadingAtPath: path) else { return nil }
    defer { try? f.close() }
    guard (try? f.seek(toOffset: UInt64(fileSize - 4))) != nil, let d = try? f.read(upToCount: 4), d.count == 4
    else { return nil }
    return d.reversed().reduce(0) { $0 << 8 | Int($1) }
  }

  /// Everything was read: no block follows.
  var isAtEnd: Bool { atEnd && pending.isEmpty }

  /// Fills `out` with the next whole lines, at least `target` bytes of them unless the file
  /// ends first; false when nothing is left.
  /// - Throws: `MKError` for a read or gzip error; `LineTooLong` when a line is longer than
  ///   `limit` bytes, which the caller reads whole instead.
  func nextBlock(_ out: inout [UInt8], target: Int, limit: Int) throws -> Bool {
    out.removeAll(keepingCapacity: true)
    out.append(contentsOf: pending)
    pending.removeAll(keepingCapacity: true)
    var mended = 0
    var want = max(target, 1)
    while true {
      while out.count < want, !atEnd {
        if try read(into: &out, upTo: max(want - out.count, 4096)) == 0 { atEnd = true }
      }
      mendLoneCarriageReturns(&out, from: mended, atEnd: atEnd)
      mended = max(0, out.count - 1)
      if atEnd { return !out.isEmpty }
      if let last = out.lastIndex(of: 10) {  // a scan back over the last line only
        pending.append(contentsOf: out[(last + 1)...])
        out.removeSubrange((last + 1)...)
        return true
      }
      guard out.count <= limit else { throw LineTooLong() }
      want = out.count * 2
    }
  }

  /// Thrown by `nextBlock` for a line longer than its limit.
  struct LineTooLong: Error {}

  /// The rest of the file (all of it when nothing was read yet), lone CRs made LFs.
  func readAll() throws -> [UInt8] {
    var out = pending
    pending = []
    if !isGzip, out.isEmpty, !atEnd {
      // One read of the whole file.
      guard let data = try? file.readToEnd() else { return withLineFeeds(out) }
      atEnd = true
      return withLineFeeds([UInt8](data))
    }
    while !atEnd {
      if try read(into: &out, upTo: max(1 << 20, out.count)) == 0 { atEnd = true }
    }
    return withLineFeeds(out)
  }

  /// Appends up to `wanted` bytes read from the file to `out`; returns how many (0: the end).
  /// Plain files are read by `read(2)` straight into `out`, whose capacity the block loop
  /// reuses: `FileHandle.read` would copy each block once more, through a new `Data`.
  private func read(into out: inout [UInt8], upTo wanted: Int) throws -> Int {
    if let inflater { return try inflater.append(to: &out, upTo: wanted) }
    let base = out.count
    out.appendZeroBytes(wanted)
    let fd = file.fileDescriptor
    var got = -1
    while got < 0 {
      got = out.withUnsafeMutableBufferPointer { p in systemRead(fd, p.baseAddress! + base, wanted) }
      guard got < 0 else { break }
      guard errno == EINTR else {
        out.removeLast(wanted)
        throw MKError(.io, "cannot read '\(path)': \(String(cString: strerror(errno)))", hint: "check the file and its disk")
      }
    }
    out.removeLast(wanted - got)
    return got
  }
}

extension Array where Element == UInt8 {
  /// Appends `count` zero bytes, copied from a zeroed block. (`repeatElement` goes element by
  /// element through unspecialized generic code in a debug build, where the tests and the
  /// sanitizers run: 4 KiB took about a millisecond.)
  mutating func appendZeroBytes(_ count: Int) {
    reserveCapacity(self.count + count)
    var left = count
    while left > 0 {
      let n = Swift.min(left, zeroBlock.count)
      append(contentsOf: zeroBlock[..<n])
      left -= n
    }
  }
}

private let zeroBlock = [UInt8](repeating: 0, count: 1 << 16)

/// The C library's read(2), for the loaders that read straight into their arrays.
#if canImport(Glibc)
let systemRead = Glibc.read
#else
let systemRead = Darwin.read
#endif
