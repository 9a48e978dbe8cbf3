import Foundation
import MKCore
import XCTest

/// Numeric columns of the ratings file (`load features=`) as the `features` group of the FM
/// design: loading, design rows and scaling, learning, persistence, and the errors.
final class FMFeaturesTests: XCTestCase {
  func write(_ text: String, _ name: String = "r.csv") throws -> String {
    let path = try temporaryFolder() + "/" + name
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    return path
  }

  // MARK: - Load

  func testLoadKeepsFeaturesByRowThroughDuplicatesAndSubsets() throws {
    let path = try write("""
      user,item,rating,hour,city,age
      a,x,5,13,paris,31
      b,y,3,8.5,lyon,-2
      a,x,4,22,nice,40
      c,z,1,0,lille,1e2
      """)
    let (r, report) = try Ratings.loadWithReport(path: path, universe: Universe(), featureColumns: ["age", "4"])
    XCTAssertEqual(r.featureNames, ["age", "hour"])
    XCTAssertEqual(report.featureColumns, [6, 4])
    XCTAssertTrue(report.description.contains("features=[age, hour]"), report.description)
    // (a, x) appears twice: the last line wins, its features with it.
    XCTAssertEqual(r.count, 3)
    XCTAssertEqual(r.values, [3, 4, 1])
    XCTAssertEqual(r.featureColumn(0), [-2, 40, 100])
    XCTAssertEqual(r.featureColumn(1), [8.5, 22, 0])
    let sub = r.subset([2, 0], name: "s")
    XCTAssertEqual(sub.featureColumn(1), [0, 8.5])
    XCTAssertEqual(sub.feature(0, 1), -2)
    let (train, test) = try r.split(fraction: 0.67, seed: 1)
    for part in [train, test] {
      for k in 0..<part.count {
        let j = r.values.firstIndex(of: part.value(k))!
        XCTAssertEqual(part.feature(1, k), r.feature(1, j))
      }
    }
    // Without features=, nothing more is kept.
    XCTAssertTrue(try Ratings.load(path: path, universe: Universe()).featureNames.isEmpty)
  }

  func testLoadFeatureErrors() throws {
    let path = try write("""
      user,item,rating,hour,city
      a,x,5,13,paris
      b,y,3,,lyon
      """)
    func error(_ cols: [String]) -> MKError? {
      do { _ = try Ratings.load(path: path, universe: Universe(), featureColumns: cols); return nil } catch {
        return error as? MKError
      }
    }
    let city = error(["city"])
    XCTAssertEqual(city?.message, "feature 'city' is 'paris' on line 2, not a number")
    XCTAssertEqual(city?.location?.line, 2)
    XCTAssertTrue(city?.location?.file.hasSuffix("r.csv") ?? false)
    XCTAssertNotNil(city?.hint)
    let empty = error(["hour"])
    XCTAssertEqual(empty?.message, "empty value for feature 'hour' on line 3")
    XCTAssertEqual(empty?.location?.line, 3)
    XCTAssertEqual(error(["minute"])?.message,
                   "no column 'minute' for features= in the header (columns: 'user', 'item', 'rating', 'hour', 'city')")
    XCTAssertEqual(error(["9"])?.message.hasPrefix("no column '9' for features="), true)
    XCTAssertEqual(error(["rating"])?.message.hasPrefix("features= cannot hold the rating column"), true)
    XCTAssertEqual(error(["hour", "4"])?.message, "column '4' appears twice in features=")
    // A headerless file names its features by number.
    let bare = try write("1\t10\t4\t0.5\n2\t11\t3\t-1.5\n", "bare.tsv")
    let r = try Ratings.load(path: bare, universe: Universe(), header: false, featureColumns: ["4"])
    XCTAssertEqual(r.featureNames, ["4"])
    XCTAssertEqual(r.featureColumn(0), [0.5, -1.5])
    XCTAssertNil(r.time(0))  // column 4 is a feature, not the positional time column
  }

  // MARK: - Design

  func testDesignRowsFeaturesGroupAndScaling() throws {
    let path = try write("""
      user,item,rating,hour,age
      a,x,5,10,20
      b,y,3,14,20
      a,y,1,18,20
      """)
    let u = Universe()
    let data = try Ratings.load(path: path, universe: u, featureColumns: ["hour", "age"])
    let layout = FeatureLayout.make(userCount: 2, itemCount: 2, side: nil).withNumeric(of: data, standardize: true)
    XCTAssertEqual(layout.groups.map(\.name), ["user", "item", "features"])
    XCTAssertEqual(layout.groups.map(\.columns), [0..<2, 2..<4, 4..<6])
    XCTAssertEqual(layout.group(of: 5), 2)
    // hour: mean 14, population std √(32/3); age: constant 20, std 0, only centered.
    let sd = Float((32.0 / 3).squareRoot())
    XCTAssertEqual(layout.numeric, [.init(name: "hour", mean: 14, std: sd), .init(name: "age", mean: 20, std: 0)])
    let design = DesignMatrix(training: data, layout: layout)
    func row(_ k: Int) -> [Int32: Float] {
      Dictionary(uniqueKeysWithValues: design.rows.range(k).map { (design.rows.columns[$0], design.rows.values[$0]) })
    }
    // Zeros (the mean hour of row 1, every centered age) are left out of the sparse rows.
    XCTAssertEqual(row(0), [0: 1, 2: 1, 4: -4 / sd])
    XCTAssertEqual(row(1), [1: 1, 3: 1])
    XCTAssertEqual(row(2), [0: 1, 3: 1, 4: 4 / sd])
    // Test rows are scaled with the TRAINING statistics; a pair without a row gets the means.
    let test = DesignMatrix(layout: layout, users: [1, -1], items: [0, 1], numeric: [[26, 0], [25, 20]])
    XCTAssertEqual(test.rows.range(0).map { test.rows.values[$0] }, [1, 1, 12 / sd, 5])
    XCTAssertEqual(test.rows.range(1).map { test.rows.values[$0] }, [1, -14 / sd])  // age 20 is its mean
    let pair = DesignMatrix(layout: layout, users: [0], items: [1])
    XCTAssertEqual(pair.rows.range(0).map { pair.rows.columns[$0] }, [0, 3])
    // Unstandardized: raw values, and the raw means for a pair without a row.
    let raw = FeatureLayout.make(userCount: 2, itemCount: 2, side: nil).withNumeric(of: data, standardize: false)
    XCTAssertEqual(DesignMatrix(training: data, layout: raw).rows.values.suffix(2), [18, 20])
    XCTAssertEqual(DesignMatrix(layout: raw, users: [0], items: [1]).rows.values, [1, 1, 14, 20])
    // The layout round-trips through a model file.
    var w = ModelWriter()
    w.layout(layout)
    var r = ModelReader(bytes: w.bytes, path: "l")
    let back = try r.layout()
    XCTAssertEqual(back.numeric, layout.numeric)
    XCTAssertEqual(back.standardized, true)
    XCTAssertEqual(back.columnCount, 6)
  }

  /// A batch of 150 rows (three parallel chunks) over user, item, tags and features: the
  /// gradients of FM and DeepFM still equal finite differences, chunk sums included.
  func testGradientOverChunksWithFeaturesEqualsFiniteDifferences() throws {
    let base = try Ratings.generate(users: 20, items: 12, ratings: 150, rank: 2, tags: 3, seed: 8)
    var rng = RandomStream(seed: 8)
    let hour = (0..<base.count).map { _ in Float(24 * rng.uniform()) }
    let store = RatingStore(user: base.userIndices, item: base.itemIndices, value: base.values,
                            featureNames: ["hour"], features: [hour])
    let data = Ratings(universe: base.universe, store: store, name: "g", scale: .numeric, items: base.items)
    let layout = FeatureLayout.make(userCount: data.userCount, itemCount: data.itemCount, side: data.items)
      .withNumeric(of: data, standardize: true)
    XCTAssertEqual(layout.groups.map(\.name), ["user", "item", "tags", "features"])
    let design = DesignMatrix(training: data, layout: layout)
    XCTAssertGreaterThan(design.count, 2 * FMNet.chunkRows)
    for hidden in [nil, [6]] as [[Int]?] {
      var fm = FMParameters(columns: layout.columnCount, rank: 2)
      fm.bias = 3
      for j in 0..<fm.columnCount { fm.weights[j] = Float(0.3 * rng.normal()) }
      for j in 0..<fm.factors.storage.count { fm.factors.storage[j] = Float(0.5 * rng.normal()) }
      let mlp = hidden.map { MLP(input: layout.groups.count * 2, hidden: $0, rng: &rng, outputScale: 1) }
      let net = FMNet(fm: fm, mlp: mlp, layout: layout)
      let objective = FMObjective(loss: .squared, groupLambda: [0.3, 0.1, 0.7, 0.2], mlpLambda: 0.05)
      // With 150 rows some ReLU of the MLP sits within h of its kink: finite differences for
      // the FM; for DeepFM, the chunked batch against its chunks computed one call each.
      if mlp == nil { checkGradient(net, design, objective); continue }
      var none: RandomStream? = nil
      let rows = (0..<Int32(design.count)).map { $0 }
      var whole = FMGradient(net)
      let j = rows.withUnsafeBufferPointer {
        net.gradient($0, of: design, objective: objective, into: &whole, scratch: FMScratch(net, capacity: rows.count), rng: &none)
      }
      // The same rows as three calls of 50, each one chunk; each call's mean becomes a sum over
      // the batch by scaling the data term by 50/150 (λ_mlp is per batch: counted once).
      var parts = FMGradient(net)
      var lossSum = 0.0
      for c in 0..<3 {
        var g = FMGradient(net)
        var o = objective
        o.mlpLambda = 0
        let l = rows[(50 * c)..<(50 * c + 50)].withUnsafeBufferPointer {
          net.gradient($0, of: design, objective: o, into: &g, scratch: FMScratch(net, capacity: 50), rng: &none).loss
        }
        lossSum += l
        for t in 0..<g.w.count { parts.w[t] += g.w[t] / 3 }
        for t in 0..<g.v.count { parts.v[t] += g.v[t] / 3 }
        for t in 0..<g.mlp.count { parts.mlp[t] += g.mlp[t] / 3 }
      }
      for t in 0..<parts.mlp.count { parts.mlp[t] += objective.mlpLambda * net.mlp!.weights[t] }
      XCTAssertEqual(j.loss, lossSum, accuracy: 1e-9 * lossSum)
      for (a, b) in [(whole.w, parts.w), (whole.v, parts.v), (whole.mlp, parts.mlp)] {
        for t in 0..<a.count { XCTAssertEqual(a[t], b[t], accuracy: 1e-5 + 1e-4 * abs(b[t])) }
      }
    }
  }

  // MARK: - Learning

  func testFMAndDeepFMLearnANumericFeature() throws {
    let (train, test, path) = try hourlyData(seed: 3)
    let plain = try Ratings.load(path: path, universe: train.universe)
    let (plainTrain, plainTest) = try plain.split(fraction: 0.8, seed: 3)
    XCTAssertEqual(plainTest.values, test.values)
    for kind in ["fm", "deepfm"] {
      let o = try options(kind, ["rank": .int(4), "iters": .int(20), "lr": .double(0.01), "layers": .string("16")]
        .filter { kind == "deepfm" || $0.key != "layers" })
      let with = try ModelRegistry.fit(kind, FitInput(data: train, options: o))
      let without = try ModelRegistry.fit(kind, FitInput(data: plainTrain, options: o))
      let a = Metrics.rmse(with.predict(test), test.values), b = Metrics.rmse(without.predict(plainTest), plainTest.values)
      print("\(kind) with hour and age: RMSE \(a); without: \(b)")
      // The hour alone carries a variance of 4/3 of the ratings; the noise is 0.3.
      XCTAssertLessThan(a, 0.6 * b, kind)
      XCTAssertLessThan(a, 0.6, kind)
    }
  }

  func testSaveOpenBitIdenticalAndMissingColumnsAreErrors() throws {
    let (train, test, path) = try hourlyData(seed: 4)
    for kind in ["fm", "deepfm"] {
      let o = try options(kind, ["rank": .int(3), "iters": .int(2)])
      let m = try ModelRegistry.fit(kind, FitInput(data: train, options: o))
      let back = try ModelFile.decode(ModelFile.encode(m), path: "m.mkm")
      XCTAssertEqual(back.predict(test).map(\.bitPattern), m.predict(test).map(\.bitPattern), kind)
      XCTAssertNoThrow(try back.checkPredictable(test))
      // Without the columns: an error that names them.
      let bare = try Ratings.load(path: path, universe: train.universe, featureColumns: ["age"])
      XCTAssertThrowsError(try back.checkedPredict(bare)) { e in
        XCTAssertEqual((e as? MKError)?.message, "the model was fitted with features [hour, age]; 'hourly.csv' lacks 'hour'")
        XCTAssertEqual((e as? MKError)?.hint, "load it with features=[hour, age]")
      }
      XCTAssertThrowsError(try ModelRegistry.fit(kind, FitInput(data: train, options: o, valid: bare)))
    }
    // Models without features predict any data.
    let plain = try ModelRegistry.fit("fm", FitInput(data: try Ratings.load(path: path, universe: Universe()),
                                                     options: try options("fm", ["iters": .int(1)])))
    XCTAssertNoThrow(try plain.checkPredictable(test))
  }

  func testFeaturesAreMatchedByNameAndChangePredictions() throws {
    let (train, _, path) = try hourlyData(seed: 5)
    let m = try ModelRegistry.fit("fm", FitInput(data: train, options: try options("fm", ["rank": .int(3), "iters": .int(3)])))
    let a = try Ratings.load(path: path, universe: train.universe, featureColumns: ["hour", "age"])
    let b = try Ratings.load(path: path, universe: train.universe, featureColumns: ["age", "hour"])
    XCTAssertEqual(m.predict(a).map(\.bitPattern), m.predict(b).map(\.bitPattern))
    // The same file with the two columns' names swapped: the model reads other hours.
    var text = try String(contentsOfFile: path, encoding: .utf8)
    text = text.replacingOccurrences(of: "rating,hour,age", with: "rating,age,hour")
    let swapped = try write(text, "swapped.csv")
    let c = try Ratings.load(path: swapped, universe: train.universe, featureColumns: ["hour", "age"])
    let pa = m.predict(a), pc = m.predict(c)
    XCTAssertGreaterThan(Metrics.rmse(pa, pc), 0.1)
  }
}

/// Ratings whose mean moves with the hour of day: r = 3 + bᵤ + bᵢ + (hour − 12)/6 + N(0, 0.3²),
/// with an `age` column of pure noise around 35 (shared with the bayesfm and blend tests).
func hourlyData(seed: UInt64, name: String = #function) throws -> (train: Ratings, test: Ratings, path: String) {
  var rng = RandomStream(seed: seed)
  let users = 120, items = 60
  let bu = (0..<users).map { _ in 0.5 * rng.normal() }, bi = (0..<items).map { _ in 0.5 * rng.normal() }
  var text = "user,item,rating,hour,age\n"
  var seen = Set<Int>()
  while seen.count < 5000 {
    let a = Int(rng.next() % UInt64(users)), b = Int(rng.next() % UInt64(items))
    guard seen.insert(a * items + b).inserted else { continue }
    let hour = 24 * rng.uniform(), age = 35 + 10 * rng.normal()
    let r = 3 + bu[a] + bi[b] + (hour - 12) / 6 + 0.3 * rng.normal()
    text += "u\(a),i\(b),\(r),\(hour),\(age)\n"
  }
  let path = try temporaryFolder(name) + "/hourly.csv"
  try Data(text.utf8).write(to: URL(fileURLWithPath: path))
  let data = try Ratings.load(path: path, universe: Universe(), featureColumns: ["hour", "age"])
  let (train, test) = try data.split(fraction: 0.8, seed: seed)
  return (train, test, path)
}
