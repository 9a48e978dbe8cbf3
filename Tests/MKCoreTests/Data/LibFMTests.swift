import XCTest
import Foundation
import MKCore

/// libFM files: hand-written text read into the exact design it states; the design mk writes
/// read back column for column, so bayesfm and fm fit bit-identical models on it; errors name
/// the file, the line and the column.
final class LibFMTests: XCTestCase {
  private func file(_ text: String, meta: String? = nil, name: String = "d.libfm", in dir: String) throws -> String {
    let path = (dir as NSString).appendingPathComponent(name)
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    if let meta { try meta.write(toFile: path + ".meta", atomically: true, encoding: .utf8) }
    return path
  }

  /// Rows of (column, value) of a design, for comparisons.
  private func rows(_ d: DesignMatrix) -> [[String]] {
    (0..<d.count).map { r in d.rows.range(r).map { "\(d.rows.columns[$0]):\(d.rows.values[$0])" } }
  }

  func testHandWrittenTextGivesTheDesignItStates() throws {
    let dir = try temporaryFolder()
    // Columns 0-1 group 1, 2-4 group 0, 5 group 3: groups in id order are g0 (2,3,4), g1 (0,1), g3 (5).
    let path = try file("""
      4 0:1 3:1 5:0.5
      # a comment line
      2.5\t1:1  2:1 # trailing comment

      1 4:-2 0:1
      """, meta: "1\n1\n0\n0\n0\n3\n", in: dir)
    let (d, report) = try Ratings.loadWithReport(path: path, universe: Universe(), format: .libfm)
    XCTAssertTrue(d.isBareDesign)
    XCTAssertEqual(d.scale, .numeric)
    XCTAssertEqual(d.values, [4, 2.5, 1])
    XCTAssertEqual(report.description, "read 3 libFM rows from '\(path)' (6 columns in 3 groups of d.libfm.meta; numbers)\nskipped 2 blank lines")
    let layout = FeatureLayout.make(training: d, userCount: d.userCount, itemCount: d.itemCount, side: nil, standardize: true)
    XCTAssertEqual(layout.groups.map(\.name), ["g0", "g1", "g3"])
    XCTAssertEqual(layout.groups.map(\.columns), [0..<3, 3..<5, 5..<6])
    // File column c is design column: 2→0, 3→1, 4→2, 0→3, 1→4, 5→5; within a row, groups in order.
    XCTAssertEqual(rows(DesignMatrix(training: d, layout: layout)),
                   [["1:1.0", "3:1.0", "5:0.5"], ["0:1.0", "4:1.0"], ["2:-2.0", "3:1.0"]])

    // Without a meta file: one group, the file's columns in order, as libFM without -meta.
    let plain = try file("1 2:1 0:0.5\n-1 1:1\n", name: "p.libfm", in: dir)
    let p = try Ratings.load(path: plain, universe: Universe(), format: .libfm)
    XCTAssertEqual(p.scale, .binary, "-1/1 targets are libFM's classes")
    XCTAssertEqual(p.values, [1, 0])
    let pl = FeatureLayout.make(training: p, userCount: p.userCount, itemCount: p.itemCount, side: nil, standardize: true)
    XCTAssertEqual(pl.groups.map(\.name), ["features"])
    // Within a group, a row's entries keep the file's order (the order the learners add them in).
    XCTAssertEqual(rows(DesignMatrix(training: p, layout: pl)), [["2:1.0", "0:0.5"], ["1:1.0"]])
    let zeroOne = try file("0 1:1\n1 0:1\n1 1:1\n", name: "z.libfm", in: dir)
    XCTAssertEqual(try Ratings.load(path: zeroOne, universe: Universe(), format: .libfm).scale, .binary)
  }

  func testErrorsNameTheFileLineAndColumn() throws {
    let dir = try temporaryFolder()
    func error(_ text: String, meta: String? = nil) throws -> MKError? {
      let path = try file(text, meta: meta, name: "e\(UUID().uuidString.prefix(6)).libfm", in: dir)
      do { _ = try Ratings.load(path: path, universe: Universe(), format: .libfm); return nil } catch let e as MKError {
        return e
      }
    }
    var e = try error("1 0:1\n2 3:x\n")
    XCTAssertEqual(e?.message, "'3:x' on line 2 is not col:value")
    XCTAssertEqual(e?.location?.line, 2)
    XCTAssertEqual(e?.location?.column, 3)
    e = try error("1 0:1\ngood 1:1\n")
    XCTAssertEqual(e?.message, "the target 'good' on line 2 is not a number")
    XCTAssertEqual(e?.location?.column, 1)
    e = try error("1 0:1 2:1\n", meta: "0\n1\n")
    XCTAssertTrue(e?.message.hasPrefix("column 2 on line 1 is beyond the 2 columns of ") ?? false, e?.message ?? "")
    XCTAssertEqual(e?.location?.column, 7)
    e = try error("1 0:1 0:2\n")
    XCTAssertEqual(e?.message, "column 0 appears twice on line 1 (also at column 3)")
    e = try error("1 -1:1\n")
    XCTAssertEqual(e?.message, "column -1 on line 1 is out of range")
    e = try error("1 qid:3 0:1\n")
    XCTAssertEqual(e?.hint, "qid: (ranking groups of svmlight) has no meaning in a libFM design; remove it")
    e = try error("1 0:1\n", meta: "0\nx\n")
    XCTAssertTrue(e?.message.hasPrefix("'x' on line 2 of ") ?? false, e?.message ?? "")
    XCTAssertEqual(e?.location?.line, 2)
    e = try error("\n\n")
    XCTAssertTrue(e?.message.hasSuffix("is empty: no libFM rows") ?? false)
    XCTAssertThrowsError(try Ratings.load(path: try file("1 0:1\n", in: dir), universe: Universe(), format: .libfm,
                                          userColumn: "1")) { e in
      XCTAssertEqual((e as? MKError)?.message, "user= does not apply to a libFM file: its lines are `target col:value ...`")
    }
  }

  /// The design mk writes, read back: the same rows, columns and values, groups in place, and
  /// bit-identical bayesfm and fm models for the same seed.
  func testWriteThenLoadRoundTripsBitForBit() throws {
    let dir = try temporaryFolder()
    let data = try Ratings.generate(users: 60, items: 40, ratings: 1200, rank: 2, tags: 6, seed: 9)
    let (train, test) = try data.split(fraction: 0.8, seed: 9)
    let trainPath = (dir as NSString).appendingPathComponent("train.libfm")
    let testPath = (dir as NSString).appendingPathComponent("test.libfm")
    let summary = try LibFMWriter.write(train, to: trainPath, side: data.items, users: nil)
    XCTAssertEqual(summary.groups.map(\.name), ["user", "item", "tags"])
    _ = try LibFMWriter.write(test, to: testPath, side: data.items, users: nil, train: train)
    let meta = try String(contentsOfFile: trainPath + ".meta", encoding: .utf8)
    XCTAssertEqual(meta, String(repeating: "0\n", count: 60) + String(repeating: "1\n", count: 40) + String(repeating: "2\n", count: 6))
    let dtrain = try Ratings.load(path: trainPath, universe: Universe(), format: .libfm)
    let dtest = try Ratings.load(path: testPath, universe: Universe(), format: .libfm)
    XCTAssertEqual(dtrain.values.map(\.bitPattern), train.values.map(\.bitPattern))

    let original = FeatureLayout.make(training: train, userCount: train.userCount, itemCount: train.itemCount, side: data.items,
                                      standardize: true)
    let back = FeatureLayout.make(training: dtrain, userCount: dtrain.userCount, itemCount: dtrain.itemCount, side: nil,
                                  standardize: true)
    XCTAssertEqual(back.groups.map(\.columns), original.groups.map(\.columns))
    let a = DesignMatrix(training: train, layout: original), b = DesignMatrix(training: dtrain, layout: back)
    XCTAssertEqual(a.rows.offsets, b.rows.offsets)
    XCTAssertEqual(a.rows.columns, b.rows.columns)
    XCTAssertEqual(a.rows.values.map(\.bitPattern), b.rows.values.map(\.bitPattern))

    for (kind, o) in [("bayesfm", ["rank": OptionValue.int(4), "iters": .int(30), "seed": .int(5)]),
                      ("fm", ["rank": .int(4), "iters": .int(5), "seed": .int(5)])] {
      let m1 = try ModelRegistry.fit(kind, FitInput(data: train, options: try options(kind, o), side: data.items))
      let m2 = try ModelRegistry.fit(kind, FitInput(data: dtrain, options: try options(kind, o)))
      XCTAssertEqual(m1.predict(test).map(\.bitPattern), m2.predict(dtest).map(\.bitPattern), kind)
      XCTAssertEqual(Metrics.rmse(m1.predict(test), test.values), Metrics.rmse(m2.predict(dtest), dtest.values), kind)
    }
    // lr fits a binary design too.
    let binary = try Ratings.generate(users: 30, items: 20, ratings: 400, rank: 2, binary: true, seed: 2)
    let binPath = (dir as NSString).appendingPathComponent("bin.libfm")
    _ = try LibFMWriter.write(binary, to: binPath, side: nil, users: nil)
    let dbin = try Ratings.load(path: binPath, universe: Universe(), format: .libfm)
    XCTAssertEqual(dbin.scale, .binary)
    let l1 = try ModelRegistry.fit("lr", FitInput(data: binary, options: try options("lr")))
    let l2 = try ModelRegistry.fit("lr", FitInput(data: dbin, options: try options("lr")))
    XCTAssertEqual(l1.predict(binary).map(\.bitPattern), l2.predict(dbin).map(\.bitPattern))
  }

  func testKindsThatNeedUsersAndItemsRefuseADesign() throws {
    let dir = try temporaryFolder()
    let d = try Ratings.load(path: try file("4 0:1 2:1\n2 1:1 2:1\n3 0:1 3:1\n", in: dir), universe: Universe(), format: .libfm)
    for kind in ["als", "sgd", "baseline", "lasso", "irt", "elo", "logmf"] {
      XCTAssertThrowsError(try ModelRegistry.fit(kind, FitInput(data: d, options: try options(kind)))) { e in
        XCTAssertEqual((e as? MKError)?.message,
                       "'d.libfm' is a libFM design, which has no users and items; fit \(kind) needs them", kind)
      }
    }
    let m = try ModelRegistry.fit("fm", FitInput(data: d, options: try options("fm", ["iters": .int(2)])))
    XCTAssertTrue(m.info.fittedOnBareDesign)
    let reopened = try ModelFile.decode(ModelFile.encode(m), path: "m.mkm")
    XCTAssertTrue(reopened.info.fittedOnBareDesign)
    XCTAssertEqual(reopened.predict(d).map(\.bitPattern), m.predict(d).map(\.bitPattern))
  }
}
