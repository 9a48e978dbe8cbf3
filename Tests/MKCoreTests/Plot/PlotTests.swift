@testable import MKCore
import XCTest

final class PCATests: XCTestCase {
  /// Points spread along three known orthonormal axes with standard deviations 3, 1.5 and 0.5
  /// (plus a tiny fourth), around a mean off the origin: PCA must find those axes, in that
  /// order, with variances near 9, 2.25, 0.25.
  func testRecoversKnownPrincipalAxes() throws {
    let k = 4
    // An orthonormal basis: a rotation of the standard one (Gram–Schmidt on fixed vectors).
    var basis: [[Double]] = []
    for v in [[1.0, 2, 0, 1], [0.0, 1, 1, -1], [2.0, -1, 1, 0], [0.0, 0, 1, 3]] {
      var u = v
      for b in basis {
        let d = zip(u, b).map(*).reduce(0, +)
        u = zip(u, b).map { $0 - d * $1 }
      }
      let n = u.map { $0 * $0 }.reduce(0, +).squareRoot()
      basis.append(u.map { $0 / n })
    }
    let sds = [3.0, 1.5, 0.5, 0.05], mean = [5.0, -2, 1, 0.5]
    var rng = RandomStream(seed: 7)
    let n = 4000
    var m = Matrix(rows: n, columns: k)
    for r in 0..<n {
      let z = sds.map { $0 * rng.normal() }
      for c in 0..<k { m[r, c] = Float(mean[c] + (0..<k).reduce(0.0) { $0 + z[$1] * basis[$1][c] }) }
    }
    let pca = try PCA(m)
    for a in 0..<3 {
      let alignment = abs(zip(pca.axes[a], basis[a]).map(*).reduce(0, +))
      XCTAssertGreaterThan(alignment, 0.995, "axis \(a + 1)")
      XCTAssertEqual(pca.variances[a], sds[a] * sds[a], accuracy: 0.1 * sds[a] * sds[a], "variance \(a + 1)")
    }
    for c in 0..<k { XCTAssertEqual(pca.mean[c], mean[c], accuracy: 0.15) }
    XCTAssertEqual(pca.explained.reduce(0, +), 1, accuracy: 1e-9)
    XCTAssertEqual(pca.explained[0], 9 / (9 + 2.25 + 0.25 + 0.0025), accuracy: 0.02)
    // Sign rule: each axis's largest coordinate is positive.
    for axis in pca.axes { XCTAssertGreaterThan(axis.max { abs($0) < abs($1) }!, 0) }
    // Projections are centred and have the axis's variance.
    let p = (0..<n).map { pca.project(m, row: $0, count: 2) }
    XCTAssertEqual(p.map { $0[0] }.reduce(0, +) / Double(n), 0, accuracy: 1e-3)
    XCTAssertEqual(p.map { $0[0] * $0[0] }.reduce(0, +) / Double(n - 1), pca.variances[0], accuracy: 1e-3 * pca.variances[0])
  }

  /// The exact case: four points on a line along (3, 4)/5 give one axis with all the variance.
  func testPointsOnALine() throws {
    let m = Matrix(rows: 4, columns: 2, storage: [0, 0, 3, 4, 6, 8, -3, -4])
    let pca = try PCA(m)
    XCTAssertEqual(pca.axes[0][0], 0.6, accuracy: 1e-6)
    XCTAssertEqual(pca.axes[0][1], 0.8, accuracy: 1e-6)
    XCTAssertEqual(pca.explained[0], 1, accuracy: 1e-9)
    // variance of the projections 0, 5, 10, -5 (mean 2.5) with n − 1 = 3: 125/3.
    XCTAssertEqual(pca.variances[0], 125.0 / 3, accuracy: 1e-6)
  }

  func testRejectsTooFewPointsAndNaN() {
    XCTAssertThrowsError(try PCA(Matrix(rows: 1, columns: 3)))
    XCTAssertThrowsError(try PCA(Matrix(rows: 3, columns: 2, storage: [1, 2, .nan, 1, 0, 0])))
  }
}

final class FigureTests: XCTestCase {
  /// A scatter with long names, points at the extremes and a legend.
  func crowded(count: Int = 300) -> Scatter {
    var rng = RandomStream(seed: 3)
    var points: [Scatter.Point] = []
    for i in 0..<count {
      let x = i < 4 ? [-10.0, 10, -10, 10][i] : rng.normal() * 3
      let y = i < 4 ? [-7.0, -7, 7, 7][i] : rng.normal() * 2
      let name = i % 7 == 0 ? "A Remarkably Long Title That Goes On and On, Part \(i)" : "Work & <\(i)> \"quoted\""
      points.append(.init(x: x, y: y, name: name, labelled: i < 60, group: i % 3 == 0 ? 0 : -1))
    }
    return Scatter(title: "works of a model", xTitle: "component 1 (40.0% of variance)",
                   yTitle: "component 2 (20.0% of variance)", points: points, groups: ["romance"])
  }

  func testScatterSVGStaysInsideItsCanvas() throws {
    let s = crowded()
    let root = try checkSVG(Figure.scatter(s).svg())
    let circles = root.elements("circle").filter { $0.attributes["class"]?.hasPrefix("point") == true }
    XCTAssertEqual(circles.count, s.points.count)
    // Every point carries its full name as a hover title, escaped and intact.
    let titles = Set(circles.compactMap { $0.children.first { $0.name == "title" }?.fullText })
    XCTAssertEqual(titles, Set(s.points.map(\.name)))
    let labels = root.elements("text").filter { $0.attributes["class"] == "label" }
    XCTAssertGreaterThan(labels.count, 10)
    XCTAssertLessThanOrEqual(labels.count, 60)
    // The extreme corners got labels (flipped or moved inward, never off the canvas).
    XCTAssertTrue(root.elements("text").contains { $0.attributes["class"] == "legend" && $0.fullText == "romance" })
    XCTAssertTrue(root.elements("text").contains { $0.attributes["class"] == "legend" && $0.fullText == "other" })
    XCTAssertEqual(root.elements("title").first?.fullText, "works of a model")
  }

  func testSVGIsDeterministic() {
    XCTAssertEqual(Figure.scatter(crowded()).svg(), Figure.scatter(crowded()).svg())
  }

  func testCurvesAndHistogramSVG() throws {
    let c = Curves(title: "als history", xTitle: "iter", yTitle: "rmse", series: [
      .init(name: "train_rmse", x: [1, 2, 3, 4], y: [1.2, 1.0, 0.9, 0.88]),
      .init(name: "valid_rmse", x: [1, 2, 3, 4], y: [1.3, 1.15, 1.11, 1.10]),
    ])
    let root = try checkSVG(Figure.curves(c).svg())
    XCTAssertEqual(root.elements("polyline").count, 2)
    XCTAssertEqual(root.elements("text").filter { $0.attributes["class"] == "legend" }.map(\.fullText), ["train_rmse", "valid_rmse"])
    let h = Histogram(title: "ratings", xTitle: "rating", yTitle: "ratings",
                      bars: ["favorite", "like", "neutral", "dislike", "willsee", "wontsee"].enumerated().map { .init(label: $0.element, count: 100 * ($0.offset + 1)) })
    let hr = try checkSVG(Figure.histogram(h).svg())
    let bars = hr.elements("rect").filter { $0.attributes["class"] == "bar" }
    XCTAssertEqual(bars.count, 6)
    // Heights are proportional to counts.
    let heights = bars.map { $0.double("height")! }
    XCTAssertEqual(heights[5] / heights[0], 6, accuracy: 0.05)
  }

  /// The ASCII drawing fits in 80 columns, and uses a wider terminal when there is one.
  func testASCIIFitsTheWidth() {
    let c = Curves(title: "h", xTitle: "iter", yTitle: "rmse", series: [.init(name: "a", x: [1, 2, 3], y: [3, 2, 1])])
    let h = Histogram(title: "t", xTitle: "rating", yTitle: "ratings", bars: [.init(label: "a very long label indeed, longer than twenty", count: 123456)])
    for figure in [Figure.scatter(crowded()), .curves(c), .histogram(h)] {
      for width in [80, 132, 200] {
        let lines = figure.ascii(width: width).split(separator: "\n")
        let widest = lines.map(\.count).max() ?? 0
        XCTAssertLessThanOrEqual(widest, width, "\(figure.title) at \(width)")
        XCTAssertGreaterThan(widest, width - 12, "\(figure.title) uses the width \(width)")
      }
    }
    let text = Figure.scatter(crowded()).ascii(width: 80)
    XCTAssertTrue(text.contains("component 1 (40.0% of variance)"))
    XCTAssertTrue(text.contains("o romance   . other"))
    XCTAssertTrue(text.contains("A Remarkably Long…") || text.contains("Work & <"), "some labels are drawn")
  }

  func testAxisTicksAreRound() {
    let a = Axis(covering: -1.3, 1.6, count: 6)
    XCTAssertEqual(a.ticks.first, -1.5)
    XCTAssertEqual(a.ticks.last, 2.0)
    XCTAssertEqual(a.label(0), "0.0")
    let flat = Axis(covering: 2, 2)
    XCTAssertLessThan(flat.lo, 2)
    XCTAssertGreaterThan(flat.hi, 2)
  }

  func testXMLEscapeDropsWhatXMLForbids() throws {
    XCTAssertEqual(XML.escape("a<b>&\"c'\u{1}"), "a&lt;b&gt;&amp;&quot;c&#39;")
    let s = Scatter(title: "t\u{7}", xTitle: "x", yTitle: "y", points: [.init(x: 0, y: 0, name: "bell\u{7}", labelled: true), .init(x: 1, y: 1, name: "b")])
    try checkSVG(Figure.scatter(s).svg())
  }
}
