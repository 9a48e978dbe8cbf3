import Foundation

/// The loaders read files, so each fuzz input is written to one scratch file per process
/// (in /dev/shm when it exists, to keep the disk out of the loop) and loaded from there.
public enum ScratchFile {
  public static let folder: String = {
    let base = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
    let dir = "\(base)/mk-fuzz-\(getpid())"
    try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    atexit { try? FileManager.default.removeItem(atPath: ScratchFile.folder) }
    return dir
  }()

  /// Writes `bytes` to `name` in the scratch folder and returns its path.
  public static func write(_ bytes: UnsafeBufferPointer<UInt8>, name: String) -> String {
    let path = "\(folder)/\(name)"
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    precondition(fd >= 0, "cannot write \(path)")
    var done = 0
    while done < bytes.count {
      let n = Foundation.write(fd, bytes.baseAddress! + done, bytes.count - done)
      precondition(n > 0, "cannot write \(path)")
      done += n
    }
    close(fd)
    return path
  }

  /// Removes `name` from the scratch folder (an items file's u.genre, say).
  public static func remove(_ name: String) { unlink("\(folder)/\(name)") }
}
