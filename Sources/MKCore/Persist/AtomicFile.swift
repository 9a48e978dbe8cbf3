#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Synchronization

/// Writes a file so that it is never seen half written, even across a crash or a power loss.
///
/// The bytes go to a temporary file beside the target, `.NAME.tmp-PID`, which is flushed to
/// disk (`fsync`) and renamed over the target; then the folder is flushed, so that the rename
/// itself is on disk. A failure removes the temporary file and leaves the target as it was.
/// A temporary left behind by a process that died (`kill -9` mid-save) is removed by the next
/// save in its folder; the signal handlers of `mk` remove the process's own
/// (`removeOwnTemporaries`). A target that is a symbolic link is followed: the file it points
/// to is replaced, and the link stays a link.
public enum AtomicFile {
  public static func write(_ text: String, to path: String) throws {
    try write(Array(text.utf8), to: path)
  }

  public static func write(_ bytes: [UInt8], to path: String) throws {
    try write(to: path) { put in try bytes.withUnsafeBytes { try put($0) } }
  }

  /// Writes the bytes that `produce` hands to its argument, piece after piece, so that a large
  /// file (a ratings cache) need not be one array in memory first.
  public static func write(to path: String, _ produce: (_ put: (UnsafeRawBufferPointer) throws -> Void) throws -> Void) throws {
    let target = try followingLinks(path)
    let url = URL(fileURLWithPath: target)
    let dir = url.deletingLastPathComponent().path
    var isDir: ObjCBool = false
    guard FileManager.default.fileExists(atPath: dir, isDirectory: &isDir), isDir.boolValue else {
      throw MKError(.io, "cannot write '\(path)': folder '\(dir)' does not exist")
    }
    var st = stat()
    if stat(target, &st) == 0, st.st_mode & S_IFMT != S_IFREG {
      // Renaming over a folder fails; over a device (`/dev/null`) or a pipe it would replace it.
      throw MKError(.io, "cannot write '\(path)': it is \(st.st_mode & S_IFMT == S_IFDIR ? "a folder" : "not a regular file")",
                    hint: "give the path of a file")
    }
    removeStaleTemporaries(in: dir)
    let tmp = (dir as NSString).appendingPathComponent(temporaryName(for: url.lastPathComponent, pid: getpid()))
    let slot = OwnTemporaries.register(tmp)
    defer { OwnTemporaries.release(slot) }
    do {
      try writeAndSync(produce, to: tmp, modeOf: target)
      guard rename(tmp, target) == 0 else { throw failure(path) }
    } catch {
      unlink(tmp)
      throw error
    }
    syncFolder(dir)
  }

  // MARK: - Temporary files

  /// `.NAME.tmp-PID`: hidden, beside the target, and naming the process that writes it.
  static func temporaryName(for name: String, pid: pid_t) -> String { ".\(name).tmp-\(pid)" }

  /// The process id in a temporary file's name, or nil when `name` is not one of ours.
  static func writerPid(ofTemporary name: String) -> pid_t? {
    guard name.hasPrefix("."), let r = name.range(of: ".tmp-", options: .backwards),
          r.lowerBound > name.index(after: name.startIndex) else { return nil }
    let digits = name[r.upperBound...]
    guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
    return pid_t(digits)
  }

  /// Removes the temporary files in `dir` whose writer is no longer running: what a `kill -9`
  /// or a crash mid-save left. A temporary of a running process (this one, or another mk that
  /// is saving right now) is kept. Failures are ignored: this is housekeeping.
  public static func removeStaleTemporaries(in dir: String) {
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { return }
    let me = getpid()
    for name in names {
      guard let pid = writerPid(ofTemporary: name), pid > 0, pid != me, !isRunning(pid) else { continue }
      unlink((dir as NSString).appendingPathComponent(name))
    }
  }

  /// Whether process `pid` exists (one of another user's counts: `kill` says EPERM).
  static func isRunning(_ pid: pid_t) -> Bool {
    kill(pid, 0) == 0 || errno != ESRCH
  }

  /// Removes the temporary files this process is writing right now. Safe in a signal handler:
  /// it reads atomics and calls `unlink`, nothing else. Call `prepareForSignals` first.
  public static func removeOwnTemporaries() {
    OwnTemporaries.removeAll()
  }

  /// Initializes the globals that `removeOwnTemporaries` reads, which must not happen inside a
  /// signal handler (lazy initialization takes a lock).
  public static func prepareForSignals() {
    OwnTemporaries.prepare()
  }

  // MARK: - Writing

  /// `path` with symbolic links followed to the file they name (which need not exist yet).
  static func followingLinks(_ path: String) throws -> String {
    var p = path
    for _ in 0..<40 {
      var st = stat()
      guard lstat(p, &st) == 0, st.st_mode & S_IFMT == S_IFLNK else { return p }
      guard let dest = try? FileManager.default.destinationOfSymbolicLink(atPath: p) else { return p }
      p = dest.hasPrefix("/") ? dest : ((p as NSString).deletingLastPathComponent as NSString).appendingPathComponent(dest)
    }
    throw MKError(.io, "cannot write '\(path)': too many levels of symbolic links")
  }

  /// Writes what `produce` hands over to a new file `tmp` and flushes it to disk. The file gets
  /// the permissions of `target` when it exists (else the usual 0666 less the umask).
  private static func writeAndSync(_ produce: ((UnsafeRawBufferPointer) throws -> Void) throws -> Void, to tmp: String,
                                   modeOf target: String) throws {
    unlink(tmp)  // a leftover of this pid from an earlier crash would make O_EXCL fail
    let fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
    guard fd >= 0 else { throw failure(target) }
    defer { close(fd) }
    var st = stat()
    if stat(target, &st) == 0 { fchmod(fd, st.st_mode & 0o7777) }
    try produce { raw in
      var done = 0
      while done < raw.count {
        let n = systemWrite(fd, raw.baseAddress! + done, raw.count - done)
        if n < 0 {
          if errno == EINTR { continue }
          throw failure(target)
        }
        done += n
      }
    }
    guard fsync(fd) == 0 else { throw failure(target) }
  }

  /// Flushes a folder's entries (the rename) to disk; failures are ignored (some file systems
  /// cannot open a folder for this).
  private static func syncFolder(_ dir: String) {
    let fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    guard fd >= 0 else { return }
    fsync(fd)
    close(fd)
  }

  /// The error for the current `errno`.
  private static func failure(_ path: String) -> MKError {
    let why: String
    switch errno {
    case ENOSPC, EDQUOT: why = "the disk is full"
    case EACCES, EPERM, EROFS: why = "permission denied"
    default: why = String(cString: strerror(errno))
    }
    return MKError(.io, "cannot write '\(path)': \(why)")
  }
}

#if canImport(Glibc)
private let systemWrite = Glibc.write
#else
private let systemWrite = Darwin.write
#endif

/// The temporary files this process is writing, kept where a signal handler can read them:
/// fixed slots of preallocated C strings, each published by an atomic bit.
enum OwnTemporaries {
  static let slots = 16
  static let capacity = 4096
  /// Bit k: slot k is taken by a save.
  static let taken = Atomic<UInt64>(0)
  /// Bit k: slot k holds a complete path that a handler may unlink.
  static let ready = Atomic<UInt64>(0)
  nonisolated(unsafe) static let paths = UnsafeMutablePointer<CChar>.allocate(capacity: slots * capacity)

  static func prepare() {
    _ = taken.load(ordering: .relaxed)
    _ = ready.load(ordering: .relaxed)
    _ = paths
  }

  /// Publishes `path`; returns its slot, or nil when every slot is taken or the path is too long
  /// (the save goes on; only a signal's clean-up would miss it).
  static func register(_ path: String) -> Int? {
    let utf8 = Array(path.utf8)
    guard utf8.count < capacity else { return nil }
    while true {
      let t = taken.load(ordering: .acquiring)
      guard let k = (0..<slots).first(where: { t & (1 << UInt64($0)) == 0 }) else { return nil }
      guard taken.compareExchange(expected: t, desired: t | (1 << UInt64(k)), ordering: .acquiringAndReleasing).exchanged
      else { continue }
      let base = paths + k * capacity
      for (i, b) in utf8.enumerated() { base[i] = CChar(bitPattern: b) }
      base[utf8.count] = 0
      ready.bitwiseOr(1 << UInt64(k), ordering: .releasing)
      return k
    }
  }

  static func release(_ slot: Int?) {
    guard let slot else { return }
    ready.bitwiseAnd(~(1 << UInt64(slot)), ordering: .releasing)
    taken.bitwiseAnd(~(1 << UInt64(slot)), ordering: .releasing)
  }

  /// Unlinks every published path: async-signal-safe.
  static func removeAll() {
    let r = ready.load(ordering: .acquiring)
    for k in 0..<slots where r & (1 << UInt64(k)) != 0 { unlink(paths + k * capacity) }
  }
}
