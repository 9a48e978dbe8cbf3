import Foundation

/// Reads a whole data file, or throws an error that says the file is missing.
///
/// Every loader (ratings, items, `u.genre`) starts here, so that a wrong path reads the same
/// whatever is being loaded, and so that every loader sees CR-only line endings (old Mac
/// files) as line endings: `withLineFeeds` makes them LF.
func readDataFile(_ path: String) throws -> [UInt8] {
  var isDir: ObjCBool = false
  guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
    throw MKError(.io, "cannot find '\(path)'",
                  hint: path.hasPrefix("/") ? "check the path" : "check the path; relative paths start from \(FileManager.default.currentDirectoryPath)")
  }
  guard !isDir.boolValue else {
    throw MKError(.io, "'\(path)' is a folder, not a file", hint: "give the path of a file inside it")
  }
  guard let data = FileManager.default.contents(atPath: path) else {
    throw MKError(.io, "cannot read '\(path)'", hint: "check the file's permissions")
  }
  return withLineFeeds([UInt8](data))
}

/// `bytes` with each CR that is not followed by LF made an LF, so that CR-only and mixed line
/// endings read as lines; CRLF stays as it is. Returns `bytes` itself when it has no lone CR.
func withLineFeeds(_ bytes: [UInt8]) -> [UInt8] {
  let n = bytes.count
  let firstLone: Int? = bytes.withUnsafeBufferPointer { p in
    var i = 0
    while i < n {
      guard let found = memchr(p.baseAddress! + i, 13, n - i) else { return nil }
      let k = p.baseAddress!.distance(to: found.assumingMemoryBound(to: UInt8.self))
      if k + 1 >= n || p[k + 1] != 10 { return k }
      i = k + 2
    }
    return nil
  }
  guard let firstLone else { return bytes }
  var out = bytes
  for k in firstLone..<n where out[k] == 13 && (k + 1 >= n || out[k + 1] != 10) { out[k] = 10 }
  return out
}
