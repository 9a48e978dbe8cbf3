/// A grid of characters that plots draw into; writes outside it are dropped.
struct ASCIICanvas {
  let width: Int
  let height: Int
  private var cells: [Character]

  init(width: Int, height: Int) {
    self.width = max(1, width)
    self.height = max(1, height)
    cells = [Character](repeating: " ", count: self.width * self.height)
  }

  subscript(x: Int, y: Int) -> Character {
    get { x >= 0 && x < width && y >= 0 && y < height ? cells[y * width + x] : " " }
    set { if x >= 0 && x < width && y >= 0 && y < height { cells[y * width + x] = newValue } }
  }

  /// True when columns `x..<x+length` of row `y` lie inside and hold only spaces.
  func isBlank(x: Int, y: Int, length: Int) -> Bool {
    guard x >= 0, x + length <= width, y >= 0, y < height else { return false }
    return (x..<(x + length)).allSatisfy { self[$0, y] == " " }
  }

  mutating func write(_ text: String, x: Int, y: Int) {
    for (i, ch) in text.enumerated() { self[x + i, y] = ch }
  }

  /// Row `y` as a string.
  func row(_ y: Int) -> String { String(cells[(y * width)..<((y + 1) * width)]) }
}

/// Text renderings of figures, for the terminal: never wider than the width asked for.
enum ASCIIPlot {
  /// Marker characters per group or series.
  static let markers: [Character] = ["o", "x", "+", "#", "@", "%", "&", "="]
  static let seriesMarkers: [Character] = ["*", "o", "+", "x", "#", "@", "%", "&"]

  // MARK: - Scatter

  static func scatter(_ s: Scatter, width: Int) -> String {
    let xs = s.points.map(\.x), ys = s.points.map(\.y)
    let xAxis = Axis(covering: xs.min() ?? 0, xs.max() ?? 1, count: max(3, width / 14))
    let yAxis = Axis(covering: ys.min() ?? 0, ys.max() ?? 1, count: 5)
    let height = max(12, min(40, width * 3 / 10))
    var legend: String?
    if !s.groups.isEmpty {
      var parts = s.groups.enumerated().map { "\(markers[$0.offset % markers.count]) \($0.element)" }
      if s.points.contains(where: { $0.group < 0 }) { parts.append(". other") }
      legend = parts.joined(separator: "   ")
    }
    return framed(title: s.title, xTitle: s.xTitle, yTitle: s.yTitle, x: xAxis, y: yAxis, width: width,
                  height: height, legend: legend) { canvas, column, row in
      func marker(_ p: Scatter.Point) -> Character {
        if s.groups.isEmpty || p.group < 0 { return p.labelled ? "*" : "." }
        return markers[p.group % markers.count]
      }
      for p in s.points where !p.labelled { canvas[column(p.x), row(p.y)] = marker(p) }
      // Labelled points and label text are kept; labels may cover plain dots, never them.
      var kept = Set<Int>()
      for p in s.points where p.labelled {
        canvas[column(p.x), row(p.y)] = marker(p)
        kept.insert(row(p.y) * canvas.width + column(p.x))
      }
      func free(_ x: Int, _ y: Int, _ length: Int) -> Bool {
        x >= 0 && x + length <= canvas.width && (x..<(x + length)).allSatisfy { !kept.contains(y * canvas.width + $0) }
      }
      // Labels go right of their point, else left, most rated first.
      for p in s.points where p.labelled {
        let text = shorten(p.name, 18), c = column(p.x), r = row(p.y), n = text.count
        let start: Int
        if free(c + 1, r, n + 1) { start = c + 2 } else if free(c - n - 1, r, n + 1) { start = c - n - 1 } else { continue }
        canvas.write(text, x: start, y: r)
        for x in (start - 1)...(start + n) { kept.insert(r * canvas.width + x) }
      }
    }
  }

  // MARK: - Curves

  static func curves(_ c: Curves, width: Int) -> String {
    let xs = c.series.flatMap(\.x), ys = c.series.flatMap(\.y).filter(\.isFinite)
    let xAxis = Axis(covering: xs.min() ?? 0, xs.max() ?? 1, count: max(3, width / 14))
    let yAxis = Axis(covering: ys.min() ?? 0, ys.max() ?? 1, count: 5)
    let height = max(10, min(30, width / 5))
    let legend = c.series.enumerated().map { "\(seriesMarkers[$0.offset % seriesMarkers.count]) \($0.element.name)" }
      .joined(separator: "   ")
    return framed(title: c.title, xTitle: c.xTitle, yTitle: c.yTitle, x: xAxis, y: yAxis, width: width,
                  height: height, legend: c.series.count > 1 ? legend : nil) { canvas, column, row in
      for (k, series) in c.series.enumerated() {
        let m = seriesMarkers[k % seriesMarkers.count]
        let pts = zip(series.x, series.y).filter { $0.0.isFinite && $0.1.isFinite }
        for (a, b) in zip(pts, pts.dropFirst()) {
          let c0 = column(a.0), c1 = column(b.0)
          if c1 > c0 {
            for col in c0...c1 {
              let t = Double(col - c0) / Double(c1 - c0)
              canvas[col, row(a.1 + t * (b.1 - a.1))] = m
            }
          }
        }
        for p in pts { canvas[column(p.0), row(p.1)] = m }
      }
    }
  }

  // MARK: - Histogram

  /// Horizontal bars, one line per bin: `label | ##### count`.
  static func histogram(_ h: Histogram, width: Int) -> String {
    let labels = h.bars.map { shorten($0.label, 20) }
    let labelWidth = labels.map(\.count).max() ?? 0
    let counts = h.bars.map { String($0.count) }
    let countWidth = counts.map(\.count).max() ?? 0
    let room = max(1, width - labelWidth - 3 - 1 - countWidth)
    let top = h.bars.map(\.count).max() ?? 0
    var lines = [shorten(h.title, width)]
    for (k, bar) in h.bars.enumerated() {
      var n = top == 0 ? 0 : Int((Double(room) * Double(bar.count) / Double(top)).rounded())
      if bar.count > 0 { n = max(1, n) }
      let pad = String(repeating: " ", count: labelWidth - labels[k].count)
      lines.append("\(pad)\(labels[k]) | \(String(repeating: "#", count: n)) \(counts[k])")
    }
    lines.append(shorten("\(h.yTitle) per \(h.xTitle)", width))
    return lines.joined(separator: "\n")
  }

  // MARK: - The frame shared by scatter and curves

  /// Title, y-axis title, the plot area with tick labels on the left, the x axis with its
  /// ticks, the x-axis title and a legend; `draw` fills the area given the column of an x and
  /// the row of a y.
  static func framed(title: String, xTitle: String, yTitle: String, x: Axis, y: Axis, width: Int, height: Int,
                     legend: String?, draw: (inout ASCIICanvas, (Double) -> Int, (Double) -> Int) -> Void) -> String {
    let yLabels = y.ticks.map(y.label)
    let labelWidth = yLabels.map(\.count).max() ?? 0
    let areaWidth = max(10, width - labelWidth - 2)
    var canvas = ASCIICanvas(width: areaWidth, height: height)
    let column = { (v: Double) in min(areaWidth - 1, max(0, Int((x.fraction(v) * Double(areaWidth - 1)).rounded()))) }
    let row = { (v: Double) in min(height - 1, max(0, Int(((1 - y.fraction(v)) * Double(height - 1)).rounded()))) }
    draw(&canvas, column, row)

    var lines = [shorten(title, width), shorten(yTitle, width)]
    var tickAt: [Int: String] = [:]
    for (t, label) in zip(y.ticks, yLabels) { tickAt[row(t)] = label }
    for r in 0..<height {
      let label = tickAt[r] ?? ""
      lines.append(String(repeating: " ", count: labelWidth - label.count) + label + " |" + canvas.row(r))
    }
    var axis = ASCIICanvas(width: areaWidth, height: 2)
    axis.write(String(repeating: "-", count: areaWidth), x: 0, y: 0)
    var free = 0  // the first column a tick label may use
    for t in x.ticks {
      let c = column(t)
      axis[c, 0] = "+"
      let label = x.label(t)
      let start = min(areaWidth - label.count, max(0, c - label.count / 2))
      if start >= free {
        axis.write(label, x: start, y: 1)
        free = start + label.count + 1
      }
    }
    let indent = String(repeating: " ", count: labelWidth)
    lines.append(indent + " +" + axis.row(0))
    lines.append(indent + "  " + axis.row(1))
    let xt = shorten(xTitle, width)
    lines.append(String(repeating: " ", count: max(0, width - xt.count)) + xt)
    if let legend { lines.append(shorten(legend, width)) }
    return lines.map { line in
      var l = line
      while l.hasSuffix(" ") { l.removeLast() }
      return l
    }.joined(separator: "\n")
  }
}
