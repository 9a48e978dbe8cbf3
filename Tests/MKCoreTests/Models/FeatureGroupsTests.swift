import Foundation
@testable import MKCore
import XCTest

/// The FM design as a list of named groups: a group made up here, in a few lines, is learned
/// by fm and bayesfm without touching them; per-group λ come from the layout.
final class FeatureGroupsTests: XCTestCase {
  /// Ratings with a per-rating category `mood` (codes 0–3) whose effect on the rating is not
  /// monotone in the code, so only its own one-hot columns can carry it.
  func moodData(seed: UInt64) throws -> (train: Ratings, test: Ratings) {
    var rng = RandomStream(seed: seed)
    let users = 80, items = 40, effect = [-0.9, 0.9, 0.6, -0.6]
    let bu = (0..<users).map { _ in 0.4 * rng.normal() }, bi = (0..<items).map { _ in 0.4 * rng.normal() }
    var text = "user,item,rating,mood\n"
    for _ in 0..<3000 {
      let a = Int(rng.next() % UInt64(users)), b = Int(rng.next() % UInt64(items)), mood = Int(rng.next() % 4)
      let r = 3 + bu[a] + bi[b] + effect[mood] + 0.3 * rng.normal()
      text += "u\(a),i\(b),\(r),\(mood)\n"
    }
    let path = try temporaryFolder(#function) + "/mood.csv"
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    let data = try Ratings.load(path: path, universe: Universe(), featureColumns: ["mood"])
    return try data.split(fraction: 0.8, seed: seed)
  }

  func testAMadeUpPerRatingGroupIsLearnedByFMAndBayesFM() throws {
    let (train, test) = try moodData(seed: 11)
    // The whole of adding a group: the standard design plus one FeatureGroup.
    let plain = FeatureLayout.make(userCount: train.userCount, itemCount: train.itemCount, side: nil)
    let withMood = plain.adding(.category("mood", column: "mood", count: 4))
    XCTAssertEqual(withMood.groups.map(\.name), ["user", "item", "mood"])
    XCTAssertEqual(withMood.groups.last?.columns, (train.userCount + train.itemCount)..<(train.userCount + train.itemCount + 4))

    let fmOptions = try options("fm", ["rank": .int(2), "iters": .int(15), "lr": .double(0.02), "lambda": .double(0.01)])
    func fm(_ layout: FeatureLayout) throws -> FMModel {
      let (info, net) = try FMLearner.fit(kind: "fm", FitInput(data: train, options: fmOptions), fmOptions.typed(), layout: layout)
      return FMModel(info: info, net: net)
    }
    let bayesOptions = try options("bayesfm", ["rank": .int(2), "iters": .int(30), "burnin": .int(5)])
    func bayesfm(_ layout: FeatureLayout) throws -> BayesFMModel {
      try BayesFMModel.fit(FitInput(data: train, options: bayesOptions), bayesOptions.typed(), layout: layout)
    }
    for (kind, with, without) in [("fm", try fm(withMood) as Model, try fm(plain) as Model),
                                  ("bayesfm", try bayesfm(withMood), try bayesfm(plain))] {
      XCTAssertEqual(with.featureGroups.map(\.name), ["user", "item", "mood"])
      let a = Metrics.rmse(with.predict(test), test.values), b = Metrics.rmse(without.predict(test), test.values)
      print("\(kind) with the mood group: held-out RMSE \(a); without: \(b)")
      // The mood's effect has a variance of 0.585; the noise is 0.3.
      XCTAssertLessThan(a, 0.7 * b, kind)
      XCTAssertLessThan(a, 0.55, kind)
      // The group survives a model file, and test data must carry its column.
      let back = try ModelFile.decode(ModelFile.encode(with), path: "m.mkm")
      XCTAssertEqual(back.predict(test).map(\.bitPattern), with.predict(test).map(\.bitPattern), kind)
      let barePath = try temporaryFolder(#function + kind) + "/bare.csv"
      try Data("user,item,rating\nu1,i1,3\n".utf8).write(to: URL(fileURLWithPath: barePath))
      let bare = try Ratings.load(path: barePath, universe: train.universe)
      XCTAssertThrowsError(try back.checkPredictable(bare)) { e in
        XCTAssertEqual((e as? MKError)?.message, "the model was fitted with features [mood]; 'bare.csv' lacks 'mood'")
      }
    }
    // The sampler has one hyperprior group per design group, the new one included.
    let b = try bayesfm(withMood)
    XCTAssertEqual(b.chain.columns, 1 + 3 * (2 + 2 * 2))
  }

  func testGroupLambdasComeFromTheLayoutByName() throws {
    let layout = FeatureLayout.make(userCount: 3, itemCount: 2, side: nil)
      .adding(.category("mood", column: "mood", count: 4))
      .adding(.counts("wins", columns: ["w1", "w2"]))
    var penalties = FMOptions()
    penalties.lambda = 0.1
    penalties.lambdaGroups = ["item": 0.5, "wins": 2]
    XCTAssertEqual(try penalties.groupLambdas(layout), [0.1, 0.5, 0.1, 2])
    penalties.lambdaGroups["absent"] = 9
    XCTAssertThrowsError(try penalties.groupLambdas(layout), "a group the design does not have")
    XCTAssertEqual(layout.columnCount, 3 + 2 + 4 + 2)
    XCTAssertEqual(layout.rowColumnNames, ["mood", "w1", "w2"])
    XCTAssertEqual((0..<layout.columnCount).map { layout.group(of: $0) }, [0, 0, 0, 1, 1, 2, 2, 2, 2, 3, 3])
    // The alias lambda_item sets the item group only.
    let o = try options("fm", ["lambda": .double(0.2), "lambda_item": .double(0.7)]).typed(FMOptions.self)
    XCTAssertEqual(o.lambdaGroups, ["item": 0.7])
    XCTAssertEqual(try FMLearner.objective(o, deep: nil, layout: layout, binary: false).groupLambda, [0.2, 0.7, 0.2, 0.2])
    // A row: the category's code is its column; counts enter raw, zeros left out; an unknown
    // code and a pair without a rating row have nothing from these groups.
    var out: [(column: Int32, value: Float)] = []
    [Float(2), 3, 0].withUnsafeBufferPointer { layout.features(user: 1, item: 0, numeric: $0, into: &out) }
    XCTAssertEqual(out.map(\.column), [1, 3, 5 + 2, 9])
    XCTAssertEqual(out.map(\.value), [1, 1, 1, 3])
    out.removeAll()
    [Float(7), 0, 1].withUnsafeBufferPointer { layout.features(user: -1, item: 1, numeric: $0, into: &out) }
    XCTAssertEqual(out.map(\.column), [4, 10])
    out.removeAll()
    layout.features(user: 2, item: 1, into: &out)
    XCTAssertEqual(out.map(\.column), [2, 4])
  }
}
