import Foundation
@testable import MKCore
import XCTest

/// Saves replace a file whole or not at all: through symbolic links, without leaving temporary
/// files behind (of dead processes, or of this one when a signal stops it).
final class AtomicFileTests: XCTestCase {
  private func folder() throws -> String {
    let dir = try temporaryFolder()
    addTeardownBlock { try? FileManager.default.removeItem(atPath: dir) }
    return dir
  }

  private func contents(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }

  private func isLink(_ path: String) -> Bool {
    (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) != nil
  }

  func testWriteReplacesTheFileAndLeavesNoTemporary() throws {
    let dir = try folder()
    try AtomicFile.write("one", to: dir + "/a.txt")
    try AtomicFile.write("two", to: dir + "/a.txt")
    XCTAssertEqual(try contents(dir + "/a.txt"), "two")
    XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir), ["a.txt"])
  }

  func testSavingThroughASymlinkWritesItsTarget() throws {
    let dir = try folder()
    try FileManager.default.createDirectory(atPath: dir + "/real", withIntermediateDirectories: true)
    try "old".write(toFile: dir + "/real/m.mkm", atomically: false, encoding: .utf8)
    // A relative link, and a link to that link.
    try FileManager.default.createSymbolicLink(atPath: dir + "/link.mkm", withDestinationPath: "real/m.mkm")
    try FileManager.default.createSymbolicLink(atPath: dir + "/link2.mkm", withDestinationPath: dir + "/link.mkm")
    try AtomicFile.write("new", to: dir + "/link2.mkm")
    XCTAssertTrue(isLink(dir + "/link.mkm"), "the link stays a link")
    XCTAssertTrue(isLink(dir + "/link2.mkm"))
    XCTAssertEqual(try contents(dir + "/real/m.mkm"), "new")
    XCTAssertEqual(try contents(dir + "/link2.mkm"), "new")
    // A dangling link: the file it names is created.
    try FileManager.default.createSymbolicLink(atPath: dir + "/dangling.mkm", withDestinationPath: "real/later.mkm")
    try AtomicFile.write("later", to: dir + "/dangling.mkm")
    XCTAssertTrue(isLink(dir + "/dangling.mkm"))
    XCTAssertEqual(try contents(dir + "/real/later.mkm"), "later")
    XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir + "/real").sorted(), ["later.mkm", "m.mkm"])
  }

  func testALoopOfLinksIsAnError() throws {
    let dir = try folder()
    try FileManager.default.createSymbolicLink(atPath: dir + "/a", withDestinationPath: "b")
    try FileManager.default.createSymbolicLink(atPath: dir + "/b", withDestinationPath: "a")
    let e = thrownMKError(try AtomicFile.write("x", to: dir + "/a"))
    XCTAssertTrue(e?.message.contains("symbolic links") ?? false, "\(String(describing: e))")
  }

  func testAFailedRenameLeavesTheTargetAndNoTemporary() throws {
    let dir = try folder()
    try FileManager.default.createDirectory(atPath: dir + "/taken/inside", withIntermediateDirectories: true)
    let e = thrownMKError(try AtomicFile.write("x", to: dir + "/taken"))
    XCTAssertTrue(e?.message.contains("cannot write") ?? false, "\(String(describing: e))")
    XCTAssertTrue(e?.message.contains("a folder") ?? false, "\(String(describing: e))")
    XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir), ["taken"])
  }

  func testADeviceIsNotReplaced() throws {
    let dir = try folder()
    try FileManager.default.createSymbolicLink(atPath: dir + "/null.mkm", withDestinationPath: "/dev/null")
    let e = thrownMKError(try AtomicFile.write("x", to: dir + "/null.mkm"))
    XCTAssertTrue(e?.message.contains("not a regular file") ?? false, "\(String(describing: e))")
    var st = stat()
    XCTAssertEqual(stat("/dev/null", &st), 0)
    XCTAssertEqual(st.st_mode & S_IFMT, S_IFCHR, "/dev/null is still a device")
    XCTAssertFalse(FileManager.default.fileExists(atPath: "/dev/.null.tmp-\(getpid())"))
  }

  func testPermissionsOfTheReplacedFileAreKept() throws {
    let dir = try folder()
    let path = dir + "/p.txt"
    try "a".write(toFile: path, atomically: false, encoding: .utf8)
    try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
    try AtomicFile.write("b", to: path)
    let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
    XCTAssertEqual(mode, 0o600)
  }

  func testTemporaryNamesCarryThePid() {
    XCTAssertEqual(AtomicFile.temporaryName(for: "m.mkm", pid: 123), ".m.mkm.tmp-123")
    XCTAssertEqual(AtomicFile.writerPid(ofTemporary: ".m.mkm.tmp-123"), 123)
    XCTAssertEqual(AtomicFile.writerPid(ofTemporary: ".a.tmp-b.tmp-7"), 7)
    for name in ["m.mkm.tmp-123", ".m.mkm.tmp-", ".m.mkm.tmp-12a", ".tmp-5", "m.mkm", ".hidden"] {
      XCTAssertNil(AtomicFile.writerPid(ofTemporary: name), name)
    }
  }

  /// The pid of a process that has exited.
  private func deadPid() throws -> pid_t {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/bin/true")
    try p.run()
    p.waitUntilExit()
    return p.processIdentifier
  }

  func testASaveRemovesStaleTemporariesOfDeadPidsOnly() throws {
    let dir = try folder()
    let dead = try deadPid()
    XCTAssertFalse(AtomicFile.isRunning(dead))
    XCTAssertTrue(AtomicFile.isRunning(1))
    let stale = AtomicFile.temporaryName(for: "m.mkm", pid: dead)
    let live = AtomicFile.temporaryName(for: "m.mkm", pid: 1)
    let mine = AtomicFile.temporaryName(for: "other.mkm", pid: getpid())
    for name in [stale, live, mine, ".notes.tmp-x", "keep.txt"] {
      try "partial".write(toFile: dir + "/" + name, atomically: false, encoding: .utf8)
    }
    try AtomicFile.write("whole", to: dir + "/m.mkm")
    let left = Set(try FileManager.default.contentsOfDirectory(atPath: dir))
    XCTAssertEqual(left, [live, mine, ".notes.tmp-x", "keep.txt", "m.mkm"], "only the dead pid's temporary goes")
  }

  func testOwnTemporariesAreRemovedAsBySignalHandler() throws {
    let dir = try folder()
    AtomicFile.prepareForSignals()
    let a = dir + "/.a.tmp-\(getpid())", b = dir + "/.b.tmp-\(getpid())", other = dir + "/.c.tmp-\(getpid())"
    for p in [a, b, other] { try "partial".write(toFile: p, atomically: false, encoding: .utf8) }
    let sa = OwnTemporaries.register(a), sb = OwnTemporaries.register(b)
    XCTAssertNotNil(sa)
    XCTAssertNotNil(sb)
    XCTAssertNotEqual(sa, sb)
    OwnTemporaries.release(sb)
    AtomicFile.removeOwnTemporaries()
    OwnTemporaries.release(sa)
    XCTAssertFalse(FileManager.default.fileExists(atPath: a), "a save in progress: removed")
    XCTAssertTrue(FileManager.default.fileExists(atPath: b), "a save that finished: not touched")
    XCTAssertTrue(FileManager.default.fileExists(atPath: other), "not one of the saves: not touched")
    // Slots are reused once released.
    let again = OwnTemporaries.register(b)
    XCTAssertNotNil(again)
    OwnTemporaries.release(again)
  }
}
