import Foundation

/// Reads a whole data file, or throws an error that says the file is missing.
///
/// Every loader (ratings, items, `u.genre`) starts here, so that a wrong path reads the same
/// whatever is being loaded.
func readDataFile(_ path: String) throws -> [UInt8] {
  var isDir: ObjCBool = false
  guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
    throw MKError(.io, "cannot find '\(path)'",
                  hint: "check the path; relative paths start from \(FileManager.default.currentDirectoryPath)")
  }
  guard !isDir.boolValue else {
    throw MKError(.io, "'\(path)' is a folder, not a file", hint: "give the path of a file inside it")
  }
  guard let data = FileManager.default.contents(atPath: path) else {
    throw MKError(.io, "cannot read '\(path)'", hint: "check the file's permissions")
  }
  return [UInt8](data)
}
