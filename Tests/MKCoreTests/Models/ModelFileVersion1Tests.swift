import Foundation
@testable import MKCore
import XCTest

/// Model files of format version 1, whose FM layout had four fixed groups, still open (into
/// the same named groups) and predict bit for bit what the model did.
final class ModelFileVersion1Tests: XCTestCase {
  /// The writer of version 1, kept as it was: the payload is the kind, the fit info, the old
  /// layout, then the kind's parameters.
  func version1File(_ model: Model, tagNames: [String]) -> [UInt8] {
    var w = ModelWriter()
    w.string(model.kindName)
    w.info(model.info)
    func layout(_ l: FeatureLayout) {
      w.int(l.userCount)
      w.int(l.itemCount)
      w.strings(l.hasSide ? tagNames : [])
      w.sparse(l.itemTags)
      w.strings(l.numeric.map(\.name))
      w.floats(l.numeric.map(\.mean))
      w.floats(l.numeric.map(\.std))
      w.int(l.standardized ? 1 : 0)
    }
    switch model {
    case let m as FMModel: layout(m.layout); w.fm(m.net.fm)
    case let m as DeepFMModel: layout(m.layout); w.fm(m.net.fm); w.mlp(m.net.mlp!)
    case let m as BayesFMModel:
      layout(m.layout); w.int(m.rank); w.floats(m.biases); w.matrix(m.samples); w.matrix(m.chain)
    default: XCTFail("no version 1 writer for \(model.kindName)")
    }
    var header = ModelWriter()
    header.u32(1)
    header.u64(UInt64(w.bytes.count))
    var tail = ModelWriter()
    tail.u64(ModelFile.fnv1a(w.bytes))
    return ModelFile.magic + header.bytes + w.bytes + tail.bytes
  }

  func testVersion1FilesOfFMDeepFMAndBayesFMOpen() throws {
    let base = try Ratings.generate(users: 20, items: 12, ratings: 200, rank: 2, tags: 3, seed: 8)
    var rng = RandomStream(seed: 8)
    let hour = (0..<base.count).map { _ in Float(24 * rng.uniform()) }
    let store = RatingStore(user: base.userIndices, item: base.itemIndices, value: base.values,
                            featureNames: ["hour"], features: [hour])
    let data = Ratings(universe: base.universe, store: store, name: "g", scale: .numeric, items: base.items)
    let fits: [(String, [String: OptionValue])] = [
      ("fm", ["rank": .int(2), "iters": .int(2)]), ("deepfm", ["rank": .int(2), "iters": .int(2), "layers": .string("4")]),
      ("bayesfm", ["rank": .int(2), "iters": .int(4), "burnin": .int(1)]),
    ]
    for (kind, given) in fits {
      let m = try ModelRegistry.fit(kind, FitInput(data: data, options: try options(kind, given), side: data.items))
      XCTAssertEqual(m.featureGroups.map(\.name), ["user", "item", "tags", "features"], kind)
      let old = try ModelFile.decode(version1File(m, tagNames: data.items!.tagNames), path: "old.mkm")
      XCTAssertEqual(old.featureGroups.map(\.name), ["user", "item", "tags", "features"], kind)
      XCTAssertEqual(old.featureGroups.map(\.columns), m.featureGroups.map(\.columns), kind)
      XCTAssertEqual(old.predict(data).map(\.bitPattern), m.predict(data).map(\.bitPattern), kind)
      let pairs = m.modelIndices(data)
      XCTAssertEqual(old.predict(indices: pairs).map(\.bitPattern), m.predict(indices: pairs).map(\.bitPattern), kind)
      // Saved again, it is a file of the current version.
      let again = ModelFile.encode(old)
      XCTAssertEqual(Array(again[8..<12]), [UInt8(ModelFile.version), 0, 0, 0], kind)
      XCTAssertEqual(try ModelFile.decode(again, path: "new.mkm").predict(data).map(\.bitPattern),
                     m.predict(data).map(\.bitPattern), kind)
    }
  }

  func testANewerVersionIsRefusedWithBothVersionsNamed() {
    let data = makeRatings([("a", "x", 3), ("b", "y", 4)])
    var bytes = ModelFile.encode(try! ModelRegistry.fit("mean", FitInput(data: data, options: try! options("mean"))))
    bytes[8] = 9
    XCTAssertThrowsError(try ModelFile.decode(bytes, path: "x.mkm")) { e in
      XCTAssertEqual((e as? MKError)?.message, "'x.mkm' is not a readable mk model file: format version 9; this mk reads versions 1 to 3")
    }
  }
}

/// Files written by the mk of version 1 itself (Fixtures/version1/make.mk, generated data):
/// they open into the four named groups, and predict bit for bit what the same fit gives now
/// (bayesfm: within a few ulps, its caches now being refreshed every sweep).
final class ModelFileVersion1FixtureTests: XCTestCase {
  let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fixtures/version1").path

  func testFilesWrittenByVersion1OpenAndMatchTodaysFit() throws {
    let u = Universe()
    let r = try Ratings.load(path: folder + "/ratings.csv", universe: u, featureColumns: ["hour"])
    let works = try Items.load(path: folder + "/items.csv", universe: u)
    // make.mk printed these RMSEs on the training ratings.
    for (kind, given, printed) in [("fm", ["rank": OptionValue.int(2), "iters": .int(3), "seed": .int(1)], 0.9939),
                                   ("bayesfm", ["rank": .int(2), "iters": .int(12), "burnin": .int(2), "keep": .int(5),
                                                "seed": .int(1)], 0.4802)] {
      let bytes = try XCTUnwrap(FileManager.default.contents(atPath: folder + "/\(kind).mkm"))
      XCTAssertEqual(Array(bytes)[8..<12], [1, 0, 0, 0], kind)
      let old = try ModelFile.open(folder + "/\(kind).mkm")
      XCTAssertEqual(old.featureGroups.map(\.name), ["user", "item", "tags", "features"], kind)
      XCTAssertEqual(old.featureGroups.map(\.columns.count), [30, 20, 3, 1], kind)
      XCTAssertEqual(Metrics.rmse(old.predict(r), r.values), printed, accuracy: 5e-5, kind)
      let now = try ModelRegistry.fit(kind, FitInput(data: r, options: try options(kind, given), side: works))
      if kind == "bayesfm" {
        // Today's sampler draws another chain of the same posterior (rows stored column-local,
        // each column's vector drawn at once, ziggurat normals): the old file still predicts
        // its own numbers (above), and today's fit lands where version 1's did.
        XCTAssertEqual(Metrics.rmse(now.predict(r), r.values), printed, accuracy: 0.05, kind)
      } else {
        XCTAssertEqual(old.predict(r).map(\.bitPattern), now.predict(r).map(\.bitPattern), kind)
      }
    }
  }
}
