import Foundation
@testable import MKCore
import XCTest

/// Numeric columns of the ratings (`load features=`) in bayesfm and in a blend: learning,
/// pairs without a rating row, persistence and the errors (data from `hourlyData`, FMFeaturesTests).
final class BayesFMFeaturesTests: XCTestCase {
  func testBayesFMLearnsANumericFeature() throws {
    let (train, test, path) = try hourlyData(seed: 3)
    let plain = try Ratings.load(path: path, universe: train.universe)
    let (plainTrain, plainTest) = try plain.split(fraction: 0.8, seed: 3)
    XCTAssertEqual(plainTest.values, test.values)
    let o = try options("bayesfm", ["rank": .int(2), "iters": .int(12), "burnin": .int(4)])
    let with = try ModelRegistry.fit("bayesfm", FitInput(data: train, options: o, valid: test)) as! BayesFMModel
    let without = try ModelRegistry.fit("bayesfm", FitInput(data: plainTrain, options: o))
    XCTAssertEqual(with.layout.groups.map(\.name), ["user", "item", "features"])
    XCTAssertEqual(with.chain.columns, 1 + 3 * (2 + 2 * 2))
    let a = Metrics.rmse(with.predict(test), test.values), b = Metrics.rmse(without.predict(plainTest), plainTest.values)
    print("bayesfm with hour and age: RMSE \(a); without: \(b)")
    // The hour alone carries a variance of 4/3 of the ratings; the noise is 0.3.
    XCTAssertLessThan(a, 0.6 * b)
    XCTAssertLessThan(a, 0.6)
    // valid= reads the features too: its last RMSE is the test RMSE (up to float sums).
    let valid = try XCTUnwrap(with.info.history.rows.last?[2])
    XCTAssertEqual(valid, a, accuracy: 1e-4)
  }

  func testSaveOpenBitIdenticalPairsAtTheMeansAndMissingColumns() throws {
    let (train, test, path) = try hourlyData(seed: 4)
    let o = try options("bayesfm", ["rank": .int(2), "iters": .int(4), "burnin": .int(1)])
    let m = try ModelRegistry.fit("bayesfm", FitInput(data: train, options: o)) as! BayesFMModel
    let back = try ModelFile.decode(ModelFile.encode(m), path: "m.mkm")
    XCTAssertEqual(back.predict(test).map(\.bitPattern), m.predict(test).map(\.bitPattern))
    XCTAssertNoThrow(try back.checkPredictable(test))
    // A pair without a rating row (recommend, score) is the rating at the training means.
    func atMeans(_ model: BayesFMModel) -> Ratings {
      let store = RatingStore(user: test.userIndices, item: test.itemIndices, value: test.values,
                              featureNames: model.layout.numericNames,
                              features: model.layout.numeric.map { f in [Float](repeating: f.mean, count: test.count) })
      return Ratings(universe: test.universe, store: store, name: "means", scale: .numeric)
    }
    XCTAssertEqual(m.predict(atMeans(m)).map(\.bitPattern), m.predict(indices: m.modelIndices(test)).map(\.bitPattern))
    XCTAssertNotEqual(m.predict(test).map(\.bitPattern), m.predict(indices: m.modelIndices(test)).map(\.bitPattern))
    // Unstandardized, the means are not 0 and must enter the pair's row (and the fold-in's).
    let l = m.layout
    let raw = BayesFMModel(info: m.info, layout: FeatureLayout(userCount: l.userCount, itemCount: l.itemCount, tagNames: [],
                                                                itemTags: l.itemTags, numeric: l.numeric, standardized: false),
                           rank: m.rank, biases: m.biases, samples: m.samples, chain: m.chain)
    XCTAssertEqual(raw.meanNumeric.map(\.value), l.numeric.map(\.mean))
    XCTAssertEqual(raw.predict(atMeans(raw)).map(\.bitPattern), raw.predict(indices: raw.modelIndices(test)).map(\.bitPattern))
    XCTAssertNotEqual(raw.predict(indices: raw.modelIndices(test)), m.predict(indices: m.modelIndices(test)))
    let profile = (0..<20).map { (item: train.itemIndices[$0], value: train.values[$0]) }
    let foldM = try m.foldIn(profile), foldRaw = try raw.foldIn(profile)
    XCTAssertNotEqual(foldM(0), foldRaw(0))
    // Without the columns: the error fm gives, for predict and for valid=.
    let bare = try Ratings.load(path: path, universe: train.universe, featureColumns: ["age"])
    XCTAssertThrowsError(try back.checkedPredict(bare)) { e in
      XCTAssertEqual((e as? MKError)?.message, "the model was fitted with features [hour, age]; 'hourly.csv' lacks 'hour'")
      XCTAssertEqual((e as? MKError)?.hint, "load it with features=[hour, age]")
    }
    XCTAssertThrowsError(try ModelRegistry.fit("bayesfm", FitInput(data: train, options: o, valid: bare)))
  }

  /// A blend hands each rating to its parts, so a part fitted with features reads them.
  func testBlendPassesTheFeaturesToItsParts() throws {
    let (train, test, path) = try hourlyData(seed: 5)
    let fm = try ModelRegistry.fit("fm", FitInput(data: train, options: try options("fm", ["rank": .int(2), "iters": .int(3)])))
    let bfm = try ModelRegistry.fit("bayesfm", FitInput(data: train, options: try options("bayesfm", ["rank": .int(2), "iters": .int(3),
                                                                                                      "burnin": .int(1)])))
    // Made directly: `blend` refits a part whose kind takes side= only with side items.
    let info = FitInfo(kind: "blend", input: FitInput(data: train, options: try options("blend")))
    let blend = BlendModel(info: info, a: fm, b: bfm, beta: 0.1, gamma: 60)
    XCTAssertEqual(Set((0..<Int32(info.itemCount)).map { blend.weight($0) < 0.5 }).count, 2)  // both parts weigh
    let p = blend.predict(test), pa = blend.a.predict(test), pb = blend.b.predict(test)
    let items = blend.modelIndices(test).items
    for j in 0..<test.count {
      let w = blend.weight(items[j])
      XCTAssertEqual(p[j], w * pa[j] + (1 - w) * pb[j], accuracy: 1e-5)
    }
    // The pairs alone (the parts' scores at the training means) predict differently.
    XCTAssertGreaterThan(Metrics.rmse(p, blend.predict(indices: blend.modelIndices(test))), 0.1)
    XCTAssertLessThan(Metrics.rmse(p, test.values), Metrics.rmse(blend.predict(indices: blend.modelIndices(test)), test.values))
    let bare = try Ratings.load(path: path, universe: train.universe, featureColumns: ["age"])
    XCTAssertThrowsError(try blend.checkedPredict(bare)) { e in
      XCTAssertEqual((e as? MKError)?.message, "the model was fitted with features [hour, age]; 'hourly.csv' lacks 'hour'")
    }
  }
}
