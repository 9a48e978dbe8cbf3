import Foundation

/// Escaping for XML text and attribute values (SVG, XHTML).
public enum XML {
  /// `s` with `& < > " '` escaped and the control characters XML 1.0 forbids removed.
  public static func escape(_ s: String) -> String {
    var out = ""
    out.reserveCapacity(s.utf8.count)
    for u in s.unicodeScalars {
      switch u {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&#39;"
      case "\t", "\n", "\r": out.unicodeScalars.append(u)
      default:
        if u.value < 0x20 || u.value == 0xFFFE || u.value == 0xFFFF { continue }
        out.unicodeScalars.append(u)
      }
    }
    return out
  }
}

/// An estimate of how wide text is drawn, for keeping labels inside an SVG canvas.
///
/// Per-character widths (in ems) slightly above those of DejaVu Sans and Helvetica, the fonts a
/// browser picks for `sans-serif`, so an estimate errs on the wide side: a label placed with
/// it does not run off the canvas.
public enum TextMetrics {
  public static func width(_ s: String, size: Double) -> Double {
    var em = 0.0
    for u in s.unicodeScalars {
      switch u {
      case " ": em += 0.33
      case "i", "j", "l", ".", ",", ":", ";", "'", "!", "|", "I": em += 0.34
      case "f", "r", "t", "(", ")", "[", "]", "-", "\"": em += 0.45
      case "m", "w", "M", "W", "@", "%": em += 1.0
      case "A"..."Z": em += 0.78
      case "0"..."9": em += 0.66
      default:
        if u.value >= 0x2E80 { em += 1.05 }  // CJK and other wide scripts
        else if u.value >= 0x80 { em += 0.8 }
        else { em += 0.64 }
      }
    }
    return em * size
  }
}

/// SVG renderings of figures: standalone documents with a white background, every text
/// element carrying its own `font-size` and `text-anchor` (so its extent can be checked), and
/// coordinates printed with one decimal (deterministic bytes).
enum SVGPlot {
  static let font = "DejaVu Sans, Helvetica, Arial, sans-serif"
  static let palette = ["#4e79a7", "#e15759", "#59a14f", "#f28e2b", "#b07aa1", "#76b7b2", "#9c755f", "#edc948"]
  static let grey = "#9aa5b1"
  static let ink = "#1f2933"

  /// A rectangle in canvas units.
  struct Box: Equatable {
    var x0: Double, y0: Double, x1: Double, y1: Double
    func overlaps(_ b: Box) -> Bool { x0 < b.x1 && b.x0 < x1 && y0 < b.y1 && b.y0 < y1 }
    func inside(_ b: Box) -> Bool { x0 >= b.x0 && x1 <= b.x1 && y0 >= b.y0 && y1 <= b.y1 }
  }

  /// An SVG document being written.
  struct Document {
    let width: Double, height: Double
    var body: [String] = []

    init(width: Double, height: Double, title: String) {
      self.width = width
      self.height = height
      body.append("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(n(width)) \(n(height))\" "
                  + "width=\"\(n(width))\" height=\"\(n(height))\" font-family=\"\(font)\">")
      body.append("<title>\(XML.escape(title))</title>")
      body.append("<rect x=\"0\" y=\"0\" width=\"\(n(width))\" height=\"\(n(height))\" fill=\"#ffffff\"/>")
    }

    mutating func add(_ element: String) { body.append(element) }

    /// A text element; `rotate` turns it by -90° about its anchor (a y-axis title).
    mutating func text(_ s: String, x: Double, y: Double, size: Double, anchor: String = "start",
                       weight: String? = nil, fill: String = ink, cls: String, rotate: Bool = false) {
      var attrs = "class=\"\(cls)\" x=\"\(n(x))\" y=\"\(n(y))\" font-size=\"\(n(size))\" text-anchor=\"\(anchor)\" fill=\"\(fill)\""
      if let weight { attrs += " font-weight=\"\(weight)\"" }
      if rotate { attrs += " transform=\"rotate(-90 \(n(x)) \(n(y)))\"" }
      body.append("<text \(attrs)>\(XML.escape(s))</text>")
    }

    func finish() -> String { (body + ["</svg>"]).joined(separator: "\n") + "\n" }
  }

  /// One decimal, never "-0.0".
  static func n(_ d: Double) -> String {
    let s = String(format: "%.1f", d)
    return s == "-0.0" ? "0.0" : s
  }

  /// `s` shortened until it is at most `room` wide at `size`.
  static func fit(_ s: String, room: Double, size: Double) -> String {
    var t = s
    while t.count > 1 && TextMetrics.width(t, size: size) > room { t = shorten(t, t.count - 1) }
    return t
  }

  /// The plot area and its mappings, after drawing the title, grid, ticks and axis titles.
  struct Frame {
    var area: Box
    var x: Axis, y: Axis
    func px(_ v: Double) -> Double { area.x0 + x.fraction(v) * (area.x1 - area.x0) }
    func py(_ v: Double) -> Double { area.y1 - y.fraction(v) * (area.y1 - area.y0) }
  }

  static func frame(_ doc: inout Document, title: String, xTitle: String, yTitle: String, x: Axis, y: Axis,
                    top: Double, bottom: Double = 58, xTicks: Bool = true) -> Frame {
    let tickSize = 11.0
    let yLabels = y.ticks.map(y.label)
    let labelWidth = yLabels.map { TextMetrics.width($0, size: tickSize) }.max() ?? 0
    let area = Box(x0: 36 + labelWidth + 8, y0: top, x1: doc.width - 28, y1: doc.height - bottom)
    let f = Frame(area: area, x: x, y: y)
    doc.text(fit(title, room: doc.width - 24, size: 16), x: doc.width / 2, y: 26, size: 16, anchor: "middle",
             weight: "bold", cls: "title")
    for (t, label) in zip(y.ticks, yLabels) {
      let py = f.py(t)
      doc.add("<line x1=\"\(n(area.x0))\" y1=\"\(n(py))\" x2=\"\(n(area.x1))\" y2=\"\(n(py))\" stroke=\"#e4e7eb\"/>")
      doc.text(label, x: area.x0 - 6, y: py + 4, size: tickSize, anchor: "end", fill: "#52606d", cls: "tick")
    }
    if xTicks {
      for t in x.ticks {
        let px = f.px(t)
        doc.add("<line x1=\"\(n(px))\" y1=\"\(n(area.y0))\" x2=\"\(n(px))\" y2=\"\(n(area.y1))\" stroke=\"#e4e7eb\"/>")
        doc.text(x.label(t), x: px, y: area.y1 + 16, size: tickSize, anchor: "middle", fill: "#52606d", cls: "tick")
      }
    }
    doc.add("<rect x=\"\(n(area.x0))\" y=\"\(n(area.y0))\" width=\"\(n(area.x1 - area.x0))\" "
            + "height=\"\(n(area.y1 - area.y0))\" fill=\"none\" stroke=\"#7b8794\"/>")
    doc.text(fit(xTitle, room: area.x1 - area.x0, size: 13), x: (area.x0 + area.x1) / 2, y: doc.height - 18,
             size: 13, anchor: "middle", cls: "axis-title")
    doc.text(fit(yTitle, room: area.y1 - area.y0, size: 13), x: 20, y: (area.y0 + area.y1) / 2, size: 13,
             anchor: "middle", cls: "axis-title", rotate: true)
    return f
  }

  /// A legend in a row under the title: a swatch and a name per entry, as many as fit.
  static func legendRow(_ doc: inout Document, _ entries: [(name: String, color: String)], y: Double, x: Double) {
    var at = x
    for e in entries {
      let label = fit(e.name, room: 220, size: 12)
      let w = TextMetrics.width(label, size: 12)
      guard at + 14 + w <= doc.width - 8 else { break }
      doc.add("<circle class=\"swatch\" cx=\"\(n(at + 5))\" cy=\"\(n(y - 4))\" r=\"5\" fill=\"\(e.color)\"/>")
      doc.text(label, x: at + 14, y: y, size: 12, cls: "legend")
      at += 14 + w + 22
    }
  }

  /// Axis bounds with a margin of 3% on each side, so points sit inside the frame.
  static func padded(_ values: [Double], count: Int) -> Axis {
    let finite = values.filter(\.isFinite)
    let lo = finite.min() ?? 0, hi = finite.max() ?? 1, pad = (hi - lo) * 0.03
    return Axis(covering: lo - pad, hi + pad, count: count)
  }

  // MARK: - Scatter

  static func scatter(_ s: Scatter) -> String {
    var doc = Document(width: 960, height: 680, title: s.title)
    let legend = !s.groups.isEmpty
    let f = frame(&doc, title: s.title, xTitle: s.xTitle, yTitle: s.yTitle, x: padded(s.points.map(\.x), count: 8),
                  y: padded(s.points.map(\.y), count: 6), top: legend ? 62 : 44)
    func color(_ p: Scatter.Point) -> String {
      if legend { return p.group < 0 ? grey : palette[p.group % palette.count] }
      return palette[0]
    }
    if legend {
      var entries = s.groups.enumerated().map { ($0.element, palette[$0.offset % palette.count]) }
      if s.points.contains(where: { $0.group < 0 }) { entries.append(("other", grey)) }
      legendRow(&doc, entries, y: 48, x: f.area.x0)
    }
    for p in s.points where !p.labelled {
      doc.add("<circle class=\"point\" cx=\"\(n(f.px(p.x)))\" cy=\"\(n(f.py(p.y)))\" r=\"2.5\" fill=\"\(color(p))\" "
              + "fill-opacity=\"0.55\"><title>\(XML.escape(p.name))</title></circle>")
    }
    // Labels: right of the point, else left, above, below; inside the plot area and clear of
    // labels already placed (the most important points come first). A label with no room is
    // left out; its point keeps its name as a hover title.
    let size = 11.0
    // Labelled points are obstacles too: a label never covers another labelled point.
    var placed: [Box] = s.points.filter(\.labelled).map { p in
      Box(x0: f.px(p.x) - 4, y0: f.py(p.y) - 4, x1: f.px(p.x) + 4, y1: f.py(p.y) + 4)
    }
    var labels: [String] = []
    for p in s.points where p.labelled {
      let x = f.px(p.x), y = f.py(p.y)
      doc.add("<circle class=\"point labelled\" cx=\"\(n(x))\" cy=\"\(n(y))\" r=\"4\" fill=\"\(color(p))\" "
              + "stroke=\"#ffffff\" stroke-width=\"0.8\"><title>\(XML.escape(p.name))</title></circle>")
      let text = shorten(p.name, 28), w = TextMetrics.width(text, size: size)
      let candidates: [(Box, Double, Double, String)] = [
        (Box(x0: x + 6, y0: y - 5, x1: x + 6 + w, y1: y + 7), x + 6, y + 4, "start"),
        (Box(x0: x - 6 - w, y0: y - 5, x1: x - 6, y1: y + 7), x - 6, y + 4, "end"),
        (Box(x0: x - w / 2, y0: y - 17, x1: x + w / 2, y1: y - 5), x, y - 8, "middle"),
        (Box(x0: x - w / 2, y0: y + 5, x1: x + w / 2, y1: y + 17), x, y + 14, "middle"),
      ]
      let own = Box(x0: x - 4, y0: y - 4, x1: x + 4, y1: y + 4)
      guard let pick = candidates.first(where: { c in
        c.0.inside(f.area) && !placed.contains { $0 != own && $0.overlaps(c.0) }
      }) else { continue }
      placed.append(pick.0)
      labels.append("<text class=\"label\" x=\"\(n(pick.1))\" y=\"\(n(pick.2))\" font-size=\"\(n(size))\" "
                    + "text-anchor=\"\(pick.3)\" fill=\"\(ink)\" stroke=\"#ffffff\" stroke-width=\"3\" "
                    + "stroke-opacity=\"0.8\" paint-order=\"stroke\">\(XML.escape(text))</text>")
    }
    labels.forEach { doc.add($0) }
    return doc.finish()
  }

  // MARK: - Curves

  static func curves(_ c: Curves) -> String {
    var doc = Document(width: 760, height: 440, title: c.title)
    let f = frame(&doc, title: c.title, xTitle: c.xTitle, yTitle: c.yTitle, x: Axis(covering: c.series.flatMap(\.x).min() ?? 0, c.series.flatMap(\.x).max() ?? 1, count: 8),
                  y: padded(c.series.flatMap(\.y), count: 6), top: 44)
    for (k, s) in c.series.enumerated() {
      let color = palette[k % palette.count]
      let pts = zip(s.x, s.y).filter { $0.0.isFinite && $0.1.isFinite }
      let coords = pts.map { "\(n(f.px($0.0))),\(n(f.py($0.1)))" }.joined(separator: " ")
      doc.add("<polyline class=\"series\" points=\"\(coords)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\"/>")
      if pts.count <= 60 {
        for p in pts {
          doc.add("<circle class=\"point\" cx=\"\(n(f.px(p.0)))\" cy=\"\(n(f.py(p.1)))\" r=\"2.5\" fill=\"\(color)\">"
                  + "<title>\(XML.escape("\(s.name) at \(formatTick(p.0)): \(formatTick(p.1))"))</title></circle>")
        }
      }
    }
    // The legend: a box in the top right corner of the plot area.
    let size = 12.0
    let names = c.series.map { fit($0.name, room: 200, size: size) }
    let w = (names.map { TextMetrics.width($0, size: size) }.max() ?? 0) + 34
    let box = Box(x0: f.area.x1 - w - 8, y0: f.area.y0 + 8, x1: f.area.x1 - 8, y1: f.area.y0 + 8 + 18 * Double(names.count) + 6)
    doc.add("<rect class=\"legend-box\" x=\"\(n(box.x0))\" y=\"\(n(box.y0))\" width=\"\(n(box.x1 - box.x0))\" "
            + "height=\"\(n(box.y1 - box.y0))\" fill=\"#ffffff\" fill-opacity=\"0.85\" stroke=\"#cbd2d9\"/>")
    for (k, name) in names.enumerated() {
      let y = box.y0 + 16 + 18 * Double(k)
      doc.add("<line x1=\"\(n(box.x0 + 6))\" y1=\"\(n(y - 4))\" x2=\"\(n(box.x0 + 24))\" y2=\"\(n(y - 4))\" "
              + "stroke=\"\(palette[k % palette.count])\" stroke-width=\"2\"/>")
      doc.text(name, x: box.x0 + 28, y: y, size: size, cls: "legend")
    }
    return doc.finish()
  }

  // MARK: - Histogram

  static func histogram(_ h: Histogram) -> String {
    var doc = Document(width: 760, height: 440, title: h.title)
    let top = Double(h.bars.map(\.count).max() ?? 0)
    let f = frame(&doc, title: h.title, xTitle: h.xTitle, yTitle: h.yTitle, x: Axis(covering: 0, 1, count: 1),
                  y: Axis(covering: 0, top * 1.08, count: 5), top: 44, bottom: 70, xTicks: false)
    let band = (f.area.x1 - f.area.x0) / Double(max(1, h.bars.count))
    for (k, bar) in h.bars.enumerated() {
      let cx = f.area.x0 + band * (Double(k) + 0.5), y = f.py(Double(bar.count))
      doc.add("<rect class=\"bar\" x=\"\(n(cx - band * 0.35))\" y=\"\(n(y))\" width=\"\(n(band * 0.7))\" "
              + "height=\"\(n(f.area.y1 - y))\" fill=\"\(palette[0])\"><title>\(XML.escape("\(bar.label): \(bar.count)"))</title></rect>")
      let count = String(bar.count)
      if TextMetrics.width(count, size: 10) <= band - 2 {
        doc.text(count, x: cx, y: max(f.area.y0 + 10, y - 4), size: 10, anchor: "middle", fill: "#52606d", cls: "count")
      }
      // A range label too wide for its bar ("[1.01, 2.03)") goes on two lines, split after the comma.
      let parts = TextMetrics.width(bar.label, size: 11) > band - 4 && bar.label.contains(", ")
        ? bar.label.components(separatedBy: ", ").enumerated().map { $0.offset == 0 ? $0.element + "," : $0.element }
        : [bar.label]
      for (line, part) in parts.prefix(2).enumerated() {
        doc.text(fit(part, room: band - 4, size: 11), x: cx, y: f.area.y1 + 16 + 13 * Double(line), size: 11,
                 anchor: "middle", fill: "#52606d", cls: "tick")
      }
    }
    return doc.finish()
  }

  /// A value in a hover title: four significant decimals at most.
  static func formatTick(_ v: Double) -> String {
    v == v.rounded() && abs(v) < 1e9 ? String(Int(v)) : String(format: "%.4g", v)
  }
}
