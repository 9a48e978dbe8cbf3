import Foundation
import XCTest

/// The path of a shared test data file, e.g. `testDataPath("ml-100k/u.data")`.
///
/// Looks in `$MK_DATA`, then `<project root>/../shared/data`, then `/work/shared/data`. The
/// data are not in the repository (MovieLens may not be redistributed). When the file is
/// missing the test is skipped, except under CI (`CI=true`), where it fails.
public func testDataPath(_ relative: String) throws -> String {
  let env = ProcessInfo.processInfo.environment
  let root = URL(fileURLWithPath: #filePath)  // Tests/MKCoreTests/Data/TestData.swift
    .deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
  var folders: [String] = []
  if let dir = env["MK_DATA"], !dir.isEmpty { folders.append(dir) }
  folders.append(root.deletingLastPathComponent().appendingPathComponent("shared/data").path)
  folders.append("/work/shared/data")
  for dir in folders {
    let path = URL(fileURLWithPath: dir).appendingPathComponent(relative).path
    if FileManager.default.fileExists(atPath: path) { return path }
  }
  let message = "test data '\(relative)' not found in \(folders.joined(separator: ", ")); set MK_DATA"
  if env["CI"] == "true" {
    XCTFail(message)
    throw TestDataMissing(message: message)
  }
  throw XCTSkip(message)
}

/// Thrown when shared test data is missing under CI.
public struct TestDataMissing: Error, CustomStringConvertible {
  public var message: String
  public var description: String { message }
}

/// A fresh temporary folder for files a test writes.
public func temporaryFolder(_ name: String = #function) throws -> String {
  let clean = name.filter { $0.isLetter || $0.isNumber }
  let url = FileManager.default.temporaryDirectory
    .appendingPathComponent("mk-tests-\(clean)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
  try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  return url.path
}
