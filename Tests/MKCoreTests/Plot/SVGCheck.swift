import MKCore
import MKTestSupport
import XCTest

/// Checks an SVG that mk wrote: it parses as XML, and every point, bar and text lies inside
/// the viewBox, with the width of each text estimated as mk estimates it (`TextMetrics`).
/// - Returns: the parsed document.
@discardableResult
func checkSVG(_ svg: String, file: StaticString = #filePath, line: UInt = #line) throws -> XMLNode {
  let root = try XMLNode.parse(svg)
  XCTAssertEqual(root.name, "svg", file: file, line: line)
  let box = (root.attributes["viewBox"] ?? "").split(separator: " ").compactMap { Double($0) }
  XCTAssertEqual(box.count, 4, "viewBox", file: file, line: line)
  guard box.count == 4 else { return root }
  let (w, h) = (box[2], box[3])
  func inside(_ x: Double, _ y: Double, _ what: String) {
    XCTAssertTrue(x >= 0 && x <= w && y >= 0 && y <= h, "\(what) at (\(x), \(y)) outside 0 0 \(w) \(h)", file: file, line: line)
  }
  for c in root.elements("circle") {
    let x = c.double("cx")!, y = c.double("cy")!, r = c.double("r")!
    inside(x - r, y - r, "circle")
    inside(x + r, y + r, "circle")
  }
  for r in root.elements("rect") {
    let x = r.double("x")!, y = r.double("y")!
    inside(x, y, "rect")
    inside(x + r.double("width")!, y + r.double("height")!, "rect")
  }
  for t in root.elements("text") {
    let x = t.double("x")!, y = t.double("y")!, size = t.double("font-size")!
    let width = TextMetrics.width(t.fullText, size: size)
    let anchor = t.attributes["text-anchor"] ?? "start"
    let (a, b) = anchor == "start" ? (0.0, width) : anchor == "end" ? (-width, 0.0) : (-width / 2, width / 2)
    if t.attributes["transform"]?.hasPrefix("rotate(-90") == true {
      // Turned about its anchor: the text runs up the page from y - b to y - a.
      inside(x - size, y - b, "text '\(t.fullText)'")
      inside(x + size * 0.3, y - a, "text '\(t.fullText)'")
    } else {
      inside(x + a, y - size, "text '\(t.fullText)'")
      inside(x + b, y + size * 0.3, "text '\(t.fullText)'")
    }
  }
  return root
}
