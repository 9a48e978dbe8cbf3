import Foundation
@testable import MKCore
import XCTest

/// The parallel loader (`RatingBlocks`) against the one-pass loader (`loadSequentially`, the
/// loop mk always had): the same store, ids, levels, report and errors, with blocks small
/// enough that records, CRLFs, quotes and headers fall across block borders.
final class ParallelLoadTests: XCTestCase {
  /// Block sizes that cut a typical 10-30 byte record at every place, and first blocks (where
  /// the layout is read) of the whole file or of a few lines, so that the later blocks come
  /// from the file stream.
  private let blockSizes = [1, 5, 16, 37, 200]
  private let headSizes = [1 << 20, 2500]

  private func write(_ bytes: [UInt8], _ name: String) throws -> String {
    let dir = try temporaryFolder()
    addTeardownBlock { try? FileManager.default.removeItem(atPath: dir) }
    let path = dir + "/" + name
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    return path
  }

  /// What a load gives, in comparable form.
  private struct Loaded: Equatable {
    var users, items: [Int32]
    var values: [Float]
    var times: [Int32]?
    var timeBase: Int64
    var features: [[Float]]
    var categories: [[Int32]]
    var userNames, itemNames: [String]
    var levelNames: [[String]]
    var scale: Ratings.Scale
    var report: String

    init(_ r: Ratings, _ report: Ratings.LoadReport) {
      let s = r.store
      (users, items, values, times, timeBase) = (s.user, s.item, s.value, s.time, s.timeBase)
      (features, categories) = (s.features, s.categories)
      userNames = r.universe.users.names
      itemNames = r.universe.items.names
      levelNames = s.categoryNames.map { r.universe.categories(named: $0).names }
      scale = r.scale
      self.report = report.description + " rows=\(report.rowsRead) blank=\(report.blankLinesSkipped)"
    }
  }

  /// A universe that already knows some ids, as a second file of a session finds it.
  private func session() -> Universe {
    let u = Universe()
    for id in ["u3", "7", "zed"] { u.users.intern(id) }
    for id in ["i2", "10"] { u.items.intern(id) }
    return u
  }

  /// Loads `bytes` in one pass and in blocks of every size in `blockSizes`; checks that each
  /// gives the same as the one pass (or the same error), and returns the one pass.
  @discardableResult
  private func assertSameLoads(_ bytes: [UInt8], _ name: String = "r.csv", options: RatingsLoadOptions = RatingsLoadOptions(),
                               onePass: Bool = false, file: StaticString = #filePath, line: UInt = #line) throws -> Loaded? {
    let path = try write(bytes, name)
    let reference: Result<Loaded, MKError>
    do {
      let u = session()
      let (r, report) = try Ratings.loadSequentially(path: path, bytes: readDataFile(path), universe: u, options: options)
      reference = .success(Loaded(r, report))
    } catch let e as MKError { reference = .failure(e) }
    for size in blockSizes { for headSize in headSizes {
      let got: Result<Loaded, MKError>
      do {
        let (r, report) = try Ratings.load(path: path, universe: session(), options: options, blockBytes: size,
                                           headBytes: headSize)
        got = .success(Loaded(r, report))
        if !onePass { XCTAssertGreaterThan(report.blocks, 1, "read in parallel blocks", file: file, line: line) }
      } catch let e as MKError { got = .failure(e) }
      switch (reference, got) {
      case let (.success(a), .success(b)): XCTAssertEqual(a, b, "blocks of \(size) bytes", file: file, line: line)
      case let (.failure(a), .failure(b)):
        XCTAssertEqual(a.description, b.description, "blocks of \(size) bytes", file: file, line: line)
        XCTAssertEqual(a.location?.line, b.location?.line, file: file, line: line)
      default: XCTFail("blocks of \(size) bytes: \(got), one pass: \(reference)", file: file, line: line)
      }
    } }
    if case .success(let a) = reference { return a }
    return nil
  }

  private func lines(_ count: Int, seed: UInt64 = 1, _ make: (Int, inout RandomStream) -> String) -> String {
    var rng = RandomStream(seed: seed)
    return (0..<count).map { make($0, &rng) }.joined()
  }


  // MARK: - Same results

  func testStringIdsWithHeaderAndTimeAcrossBorders() throws {
    let text = "user,item,rating,time\n" + lines(300) { _, r in
      "u\(r.below(40)),i\(r.below(25)),\(1 + r.below(5)),\(900_000_000 + r.below(1_000_000))\n"
    }
    let a = try XCTUnwrap(try assertSameLoads(Array(text.utf8)))
    XCTAssertEqual(Array(a.userNames.prefix(3)), ["u3", "7", "zed"], "the session's ids keep their indices")
    XCTAssertGreaterThan(a.userNames.count, 30)
    XCTAssertNotNil(a.times)
  }

  func testNumericIdsDuplicatesAndPolicies() throws {
    let text = lines(400, seed: 2) { _, r in "\(r.below(30))\t\(r.below(20))\t\(1 + r.below(5))\t\(r.below(1000))\n" }
    for policy in DuplicatePolicy.allCases {
      var options = RatingsLoadOptions()
      options.duplicates = policy
      let a = try XCTUnwrap(try assertSameLoads(Array(text.utf8), "u.data", options: options))
      if policy != .all { XCTAssertLessThan(a.users.count, 400, "the file repeats pairs") }
    }
  }

  func testCRLFBlankLinesBOMAndNoFinalNewline() throws {
    var text = "userId,movieId,rating\r\n" + lines(120, seed: 3) { k, r in
      (k % 17 == 0 ? "\r\n  \r\n" : "") + "\(r.below(50)),\(r.below(30)),\(r.below(5)).5\r\n"
    }
    text.removeLast(2)
    try assertSameLoads([0xEF, 0xBB, 0xBF] + Array(text.utf8))
    // CR-only endings, a CR on each side of every border.
    try assertSameLoads(Array(text.replacingOccurrences(of: "\r\n", with: "\r").utf8))
  }

  func testQuotedFieldsAndLatin1() throws {
    var bytes = Array("user;item;score\n".utf8)
    for k in 0..<80 {
      bytes += Array("\"Smith; \(k % 7)\";\"Say \"\"hi\(k % 5)\"\"\";\(k % 4)\n".utf8)
      bytes += Array("J".utf8) + [0xE9, 0x72, 0xF4] + Array("me\(k % 3);Caf".utf8) + [0xE9] + Array(";2\n".utf8)
    }
    let a = try XCTUnwrap(try assertSameLoads(bytes))
    XCTAssertTrue(a.userNames.contains("Jérôme1"))
    XCTAssertTrue(a.itemNames.contains("Say \"hi3\""))
  }

  func testAQuotedNewlineAcrossABorderReadsAsOnePass() throws {
    let text = "user,item,rating\n" + lines(60, seed: 4) { k, r in
      k % 9 == 0 ? "\"multi\nline \(k)\",\(r.below(10)),3\n" : "\(r.below(20)),\(r.below(10)),\(1 + r.below(5))\n"
    }
    let a = try XCTUnwrap(try assertSameLoads(Array(text.utf8), onePass: true))
    XCTAssertTrue(a.userNames.contains("multi\nline 18"))
  }

  func testMangakiWordsFieldsAndFeatures() throws {
    let words = ["favorite", "like", "neutral", "dislike", "willsee", "wontsee"]
    let text = "user,work,choice,country,age,date\n" + lines(200, seed: 5) { _, r in
      "\(r.below(30)),w\(r.below(40)),\(words[r.below(6)]),\(["FR", "", "JP", "US"][r.below(4)]),\(18 + r.below(50)),2016-04-\(10 + r.below(19))T13:59:48Z\n"
    }
    var options = RatingsLoadOptions()
    options.categoryColumns = ["country"]
    options.featureColumns = ["age"]
    let a = try XCTUnwrap(try assertSameLoads(Array(text.utf8), options: options))
    XCTAssertEqual(a.scale, .mangakiWords)
    XCTAssertEqual(a.levelNames.first?.count, 3)
  }

  func testBinaryOutcomesKeepEveryAttempt() throws {
    let text = "user,item,correct\n" + lines(150, seed: 6) { _, r in "s\(r.below(8)),q\(r.below(6)),\(r.below(2))\n" }
    let a = try XCTUnwrap(try assertSameLoads(Array(text.utf8)))
    XCTAssertEqual(a.scale, .binary)
    XCTAssertEqual(a.users.count, 150)
  }

  func testWhitespaceAndHeaderlessFiles() throws {
    try assertSameLoads(Array(lines(90, seed: 7) { _, r in "\(r.below(9))   \(r.below(9))\t\(r.below(5))\n" }.utf8))
  }

  // MARK: - Same errors, on the right line

  func testErrorsInALaterBlockNameTheirLine() throws {
    let good = lines(100, seed: 8) { _, r in "u\(r.below(10)),i\(r.below(10)),\(1 + r.below(5))\n" }
    let cases: [(String, [String])] = [
      ("u1,i2,bad\n", ["'bad'", "line 102"]),
      ("u1,i2\n", ["line 102 has 2 fields, expected 3 as on line 1"]),
      ("u1,i2,like\n", ["line 102 is a Mangaki word, but line 2 used a number"]),
      (",i2,3\n", ["empty user id on line 102"]),
    ]
    for (bad, words) in cases {
      let text = "user,item,rating\n" + good + bad + good
      try assertSameLoads(Array(text.utf8))
      let path = try write(Array(text.utf8), "bad.csv")
      let e = thrownMKError(try Ratings.load(path: path, universe: Universe(), options: RatingsLoadOptions(), blockBytes: 64))
      XCTAssertEqual(e?.location?.line, 102, "\(String(describing: e))")
      for w in words { XCTAssertTrue(e?.message.contains(w) ?? false, "\(w) in \(String(describing: e))") }
    }
    // A time 68 years from the first, and a header with no rating after it.
    let timed = "u,i,r,t\n" + lines(50, seed: 9) { _, r in "\(r.below(5)),\(r.below(5)),3,\(1_000_000 + r.below(100))\n" }
      + "1,2,3,9999999999\n"
    try assertSameLoads(Array(timed.utf8))
    try assertSameLoads(Array("user,item,rating\n\n\n".utf8))
  }

  func testLimitsHoldAcrossBlocks() throws {
    // A field over 64 KiB in a later block, and an unclosed quote that runs to the end.
    let good = lines(40, seed: 10) { _, r in "\(r.below(10)),\(r.below(10)),3\n" }
    try assertSameLoads(Array(("user,item,rating\n" + good + "1,\(String(repeating: "x", count: 70_000)),4\n" + good).utf8))
    try assertSameLoads(Array(("user,item,rating\n" + good + "1,\"" + String(repeating: "A", count: 5000)).utf8))
  }

  // MARK: - Separators of several characters, gzip

  func testDoubleColonsReadAsTheCSV() throws {
    let rows = lines(200, seed: 11) { _, r in "\(1 + r.below(60))::\(1 + r.below(80))::\(1 + r.below(5))::\(978_300_000 + r.below(9999))\n" }
    var given = RatingsLoadOptions()
    given.separator = "::"
    let dat = try XCTUnwrap(try assertSameLoads(Array(rows.utf8), "ratings.dat", options: given))
    let sniffed = try XCTUnwrap(try assertSameLoads(Array(rows.utf8), "ratings.dat"))
    let csv = try XCTUnwrap(try assertSameLoads(Array(rows.replacingOccurrences(of: "::", with: ",").utf8), "ratings.csv"))
    XCTAssertEqual(dat.users, csv.users)
    XCTAssertEqual(dat.values, csv.values)
    XCTAssertEqual(dat.times, csv.times)
    XCTAssertEqual(sniffed.users, csv.users)
    XCTAssertTrue(sniffed.report.contains("'::' separated"), sniffed.report)
    XCTAssertNil(FieldSeparator(option: "a\nb"))
    XCTAssertEqual(FieldSeparator(option: "::"), .bytes([58, 58]))
  }

  /// `bytes` compressed by the system's gzip (Debian's is essential).
  private func gzipped(_ bytes: [UInt8]) throws -> [UInt8] {
    let plain = try write(bytes, "plain.txt")
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = ["gzip", "-c", "-n", plain]
    let out = Pipe()
    p.standardOutput = out
    try p.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    XCTAssertEqual(p.terminationStatus, 0)
    return [UInt8](data)
  }

  func testGzipReadsAsThePlainFile() throws {
    let text = "user,item,rating,time\n" + lines(1500, seed: 12) { _, r in "u\(r.below(300)),i\(r.below(90)),\(1 + r.below(5)),\(r.below(99999))\n" }
    let plain = try XCTUnwrap(try assertSameLoads(Array(text.utf8)))
    let gz = try gzipped(Array(text.utf8))
    let unzipped = try XCTUnwrap(try assertSameLoads(gz, "r.csv.gz"))
    XCTAssertEqual(plain.users, unzipped.users)
    XCTAssertEqual(plain.userNames, unzipped.userNames)
    XCTAssertEqual(plain.values, unzipped.values)
    XCTAssertEqual(plain.times, unzipped.times)
    // Two members, as `cat a.gz b.gz` makes them, read as one stream.
    let half = text.count / 2
    let cut = text.index(text.startIndex, offsetBy: half)
    let lineEnd = text[cut...].firstIndex(of: "\n").map { text.index(after: $0) } ?? text.endIndex
    let twoMembers = try gzipped(Array(text[..<lineEnd].utf8)) + gzipped(Array(text[lineEnd...].utf8))
    let joined = try XCTUnwrap(try assertSameLoads(twoMembers, "two.csv.gz"))
    XCTAssertEqual(joined.users, plain.users)
  }

  func testDamagedAndTruncatedGzipAreClearErrors() throws {
    let text = "user,item,rating\n" + lines(5000, seed: 13) { _, r in "u\(r.below(999)),i\(r.below(999)),\(1 + r.below(5))\n" }
    let gz = try gzipped(Array(text.utf8))
    let truncated = try write(Array(gz.prefix(gz.count / 2)), "cut.csv.gz")
    let e = thrownMKError(try Ratings.load(path: truncated, universe: Universe()))
    XCTAssertTrue(e?.message.contains("is cut short") ?? false, "\(String(describing: e))")
    XCTAssertTrue(e?.hint?.contains("gzip -t") ?? false)
    var damaged = gz
    for k in stride(from: 40, to: gz.count - 40, by: 97) { damaged[k] ^= 0x5A }
    let bad = try write(damaged, "bad.csv.gz")
    let d = thrownMKError(try Ratings.load(path: bad, universe: Universe()))
    XCTAssertTrue(d?.message.contains("is not readable gzip data") ?? false, "\(String(describing: d))")
    let wrongCRC = try write(Array(gz.dropLast(8)) + [1, 2, 3, 4] + Array(gz.suffix(4)), "crc.csv.gz")
    let c = thrownMKError(try Ratings.load(path: wrongCRC, universe: Universe()))
    XCTAssertTrue(c?.message.contains("is not readable gzip data") ?? false, "\(String(describing: c))")
    let named = try write(Array(text.utf8), "plain.csv.gz")
    let n = thrownMKError(try Ratings.load(path: named, universe: Universe()))
    XCTAssertTrue(n?.message.contains("is not gzip data") ?? false, "\(String(describing: n))")
  }
}

/// `load … cache=true`: a hit gives what a fresh load gives, in any session; a changed file
/// or other options are a miss; a damaged cache is ignored; a read-only folder sends the cache
/// to the user's cache folder.
final class RatingsCacheTests: XCTestCase {
  private func folder() throws -> String {
    let dir = try temporaryFolder()
    addTeardownBlock { try? FileManager.default.removeItem(atPath: dir) }
    return dir
  }

  private func snapshot(_ r: Ratings, _ report: Ratings.LoadReport) -> [String] {
    let s = r.store
    return ["\(s.user)", "\(s.item)", "\(s.value)", "\(String(describing: s.time))", "\(s.timeBase)", "\(s.features)",
            "\(s.categories)", "\(r.universe.users.names)", "\(r.universe.items.names)",
            "\(s.categoryNames.map { r.universe.categories(named: $0).names })", "\(r.scale)", report.description]
  }

  private func session() -> Universe {
    let u = Universe()
    u.users.intern("b"); u.items.intern("x9")
    return u
  }

  func testAHitEqualsAFreshLoadAndAChangeInvalidatesIt() throws {
    let dir = try folder()
    let path = dir + "/r.csv"
    var text = "user,item,rating,time,country\n"
    for k in 0..<500 { text += "u\(k % 37),x\(k % 23),\(1 + k % 5),\(1_000_000 + k * 7),\(["FR", "", "JP"][k % 3])\n" }
    text += "u1,x1,4,1000001,FR\n"  // a repeated pair
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    let fresh = try Ratings.loadWithReport(path: path, universe: session(), categoryColumns: ["country"])
    let first = try Ratings.loadWithReport(path: path, universe: session(), categoryColumns: ["country"], cache: true)
    XCTAssertFalse(first.report.fromCache)
    XCTAssertTrue(FileManager.default.fileExists(atPath: path + ".mkcache"))
    let hit = try Ratings.loadWithReport(path: path, universe: session(), categoryColumns: ["country"], cache: true)
    XCTAssertTrue(hit.report.fromCache)
    XCTAssertEqual(snapshot(hit.ratings, hit.report), snapshot(fresh.ratings, fresh.report))
    XCTAssertEqual(snapshot(first.ratings, first.report), snapshot(fresh.ratings, fresh.report))
    XCTAssertEqual(fresh.report.duplicatesDropped, 1)

    // Other options: a miss, then their own entry.
    let other = try Ratings.loadWithReport(path: path, universe: session(), duplicates: .first, cache: true)
    XCTAssertFalse(other.report.fromCache)
    XCTAssertEqual(snapshot(other.ratings, other.report),
                   snapshot(try Ratings.loadWithReport(path: path, universe: session(), duplicates: .first).ratings,
                            try Ratings.loadWithReport(path: path, universe: session(), duplicates: .first).report))

    // The file changes (same size, a later time): a miss that reads the new ratings.
    try text.replacingOccurrences(of: "u1,x1,4", with: "u1,x1,2").write(toFile: path, atomically: true, encoding: .utf8)
    try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(5)], ofItemAtPath: path)
    let changed = try Ratings.loadWithReport(path: path, universe: session(), categoryColumns: ["country"], cache: true)
    XCTAssertFalse(changed.report.fromCache)
    XCTAssertEqual(snapshot(changed.ratings, changed.report),
                   snapshot(try Ratings.loadWithReport(path: path, universe: session(), categoryColumns: ["country"]).ratings,
                            changed.report))
    XCTAssertTrue(try Ratings.loadWithReport(path: path, universe: session(), categoryColumns: ["country"], cache: true).report.fromCache)
  }

  func testADamagedCacheIsIgnoredAndReplaced() throws {
    let dir = try folder()
    let path = dir + "/r.csv"
    try "1,2,3\n1,3,4\n2,2,5\n4,4,1\n".write(toFile: path, atomically: true, encoding: .utf8)
    _ = try Ratings.loadWithReport(path: path, universe: Universe(), cache: true)
    var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path + ".mkcache")))
    let whole = bytes
    bytes[bytes.count - 20] = 0x7F  // an item index far out of range
    for damaged in [bytes, Array(whole.dropLast(3)), Array(whole.prefix(30)), whole + [0]] {
      try Data(damaged).write(to: URL(fileURLWithPath: path + ".mkcache"))
      let r = try Ratings.loadWithReport(path: path, universe: Universe(), cache: true)
      XCTAssertFalse(r.report.fromCache)
      XCTAssertEqual(r.ratings.values, [3, 4, 5, 1])
    }
    XCTAssertTrue(try Ratings.loadWithReport(path: path, universe: Universe(), cache: true).report.fromCache)
  }

  func testWhenTheFolderCannotTakeTheCacheItGoesToTheUserCacheFolder() throws {
    let dir = try folder()
    let data = dir + "/data", cache = dir + "/cache"
    try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
    let path = data + "/r.csv"
    try "1,2,3\n1,3,4\n".write(toFile: path, atomically: true, encoding: .utf8)
    // A folder where the cache beside the file would go: no write there succeeds, even as root.
    try FileManager.default.createDirectory(atPath: path + ".mkcache", withIntermediateDirectories: true)
    setenv("XDG_CACHE_HOME", cache, 1)
    defer { unsetenv("XDG_CACHE_HOME") }
    XCTAssertFalse(try Ratings.loadWithReport(path: path, universe: Universe(), cache: true).report.fromCache)
    let hit = try Ratings.loadWithReport(path: path, universe: Universe(), cache: true)
    XCTAssertTrue(hit.report.fromCache)
    XCTAssertEqual(hit.ratings.values, [3, 4])
    let written = try FileManager.default.contentsOfDirectory(atPath: cache + "/mk")
    XCTAssertEqual(written.count, 1)
    XCTAssertTrue(written[0].hasPrefix("r.csv-") && written[0].hasSuffix(".mkcache"), "\(written)")
  }
}
