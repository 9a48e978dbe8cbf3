import CZlib
import Foundation

/// Decompresses a gzip file as a stream, a buffer at a time, so that a `.gz` data file is read
/// as it is, never whole in memory compressed and decompressed at once.
///
/// Concatenated gzip members (`cat a.gz b.gz`) read as one stream, as `gzip -d` reads them.
/// A damaged file (bad header, bad data, wrong CRC or length) and a file cut short before its
/// last member ends are errors naming the file and the compressed byte where reading stopped.
/// zlib's C interface needs pointers: its input buffer is owned here, and its output pointer
/// lives only inside one `withUnsafeMutableBufferPointer` call.
final class GzipInflater {
  /// The two bytes every gzip member starts with.
  static let magic: [UInt8] = [0x1F, 0x8B]
  private static let inputSize = 1 << 20

  let path: String
  private let file: FileHandle
  private var stream = z_stream()
  private let input = UnsafeMutablePointer<UInt8>.allocate(capacity: GzipInflater.inputSize)
  private var inputAtEnd = false
  private var ended = false
  /// Compressed bytes handed to zlib so far, for messages.
  private var compressedRead = 0

  init(path: String, file: FileHandle) throws {
    self.path = path
    self.file = file
    let rc = inflateInit2_(&stream, 15 + 16, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
    guard rc == Z_OK else {
      input.deallocate()
      throw MKError(.io, "cannot start reading the gzip file '\(path)' (zlib error \(rc))", hint: "try again; the machine may be out of memory")
    }
  }

  deinit {
    inflateEnd(&stream)
    input.deallocate()
  }

  /// Appends up to `wanted` decompressed bytes to `out`; returns how many (0: the end).
  /// - Throws: `MKError` when the file is damaged or cut short.
  func append(to out: inout [UInt8], upTo wanted: Int) throws -> Int {
    guard !ended, wanted > 0 else { return 0 }
    let base = out.count
    out.appendZeroBytes(wanted)
    var produced = 0
    defer { out.removeLast(wanted - produced) }
    while produced < wanted {
      if stream.avail_in == 0, !inputAtEnd { try refill() }
      let rc = out.withUnsafeMutableBufferPointer { p -> Int32 in
        stream.next_out = p.baseAddress! + base + produced
        stream.avail_out = UInt32(wanted - produced)
        let rc = inflate(&stream, Z_NO_FLUSH)
        produced = wanted - Int(stream.avail_out)
        stream.next_out = nil
        return rc
      }
      switch rc {
      case Z_STREAM_END:
        // One member ended; another may follow.
        if stream.avail_in == 0, !inputAtEnd { try refill() }
        if stream.avail_in == 0 { ended = true; return produced }
        inflateReset(&stream)
      case Z_OK, Z_BUF_ERROR:
        if stream.avail_in == 0, inputAtEnd, stream.avail_out > 0 {
          throw MKError(.data, "'\(path)' is cut short: its gzip data ends after \(compressedRead) bytes, inside the compressed stream",
                        hint: "the file was not copied or downloaded completely; fetch it again (gzip -t checks a file)")
        }
      default:
        let why = stream.msg.map { String(cString: $0) } ?? "zlib error \(rc)"
        let at = compressedRead - Int(stream.avail_in)
        throw MKError(.data, "'\(path)' is not readable gzip data: \(why) near byte \(at)",
                      hint: "the file is damaged, or not a gzip file despite its name; gzip -t checks it")
      }
    }
    return produced
  }

  private func refill() throws {
    let chunk: Data
    do { chunk = try file.read(upToCount: GzipInflater.inputSize) ?? Data() } catch {
      throw MKError(.io, "cannot read '\(path)': \(error.localizedDescription)", hint: "check the file and its disk")
    }
    if chunk.isEmpty { inputAtEnd = true; return }
    chunk.copyBytes(to: input, count: chunk.count)
    stream.next_in = input
    stream.avail_in = UInt32(chunk.count)
    compressedRead += chunk.count
  }
}
