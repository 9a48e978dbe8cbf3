import MKCore
import MKLang
import XCTest

/// `cv`: each grid row equals folds fitted and measured by hand with the same seed.
final class CrossValidationVerbTests: XCTestCase {
  func testGridRowsMatchAHandMadeCrossValidation() throws {
    let s = Session()
    let r = mkRun(s, """
      g = generate users=50 items=15 ratings=700 binary=true seed=5
      t = cv fm g folds=4 group=user seed=7 rank=[1, 3] iters=6
      """)
    XCTAssertEqual(r.errors.map(\.message), [])
    guard case .table(let t)? = s.variable("t"), case .ratings(let g)? = s.variable("g") else {
      return XCTFail("no table")
    }
    XCTAssertEqual(t.rows.count, 2)
    let auc = try XCTUnwrap(t.columns.firstIndex { $0.header == "auc" })
    let folds = try g.folds(4, group: .user, seed: 7)
    for (row, rank) in [1, 3].enumerated() {
      var values: [Double] = []
      for (f, fold) in folds.enumerated() {
        let rest = (0..<Int32(g.count)).filter { k in !fold.contains(k) }
        let options = try FMModel.kind.parseOptions(["rank": .int(rank), "iters": .int(6), "seed": .int(7)])
        let m = try ModelRegistry.fit("fm", FitInput(data: g.subset(rest, name: "train \(f)"), options: options))
        let test = g.subset(fold, name: "fold \(f)")
        values.append(try Metric.named("auc")!.value(of: m, on: test))
      }
      let (mean, half) = CrossValidation.interval(values)
      guard case .number(let shown) = t.rows[row][auc], case .number(let shownHalf) = t.rows[row][auc + 1],
            case .number(let shownRank) = t.rows[row][0] else { return XCTFail("cells") }
      XCTAssertEqual(shownRank, Double(rank))
      XCTAssertEqual(shown, mean, accuracy: 1e-12)
      XCTAssertEqual(shownHalf, half, accuracy: 1e-12)
      XCTAssertGreaterThan(half, 0)
    }
  }
}
