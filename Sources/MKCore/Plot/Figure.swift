import Foundation

/// A plot, described independently of how it is drawn: the same figure renders as ASCII for
/// the terminal (`ascii(width:)`) and as an SVG file or inline picture (`svg()`).
public enum Figure: Equatable {
  case scatter(Scatter)
  case curves(Curves)
  case histogram(Histogram)

  public var title: String {
    switch self {
    case .scatter(let s): return s.title
    case .curves(let c): return c.title
    case .histogram(let h): return h.title
    }
  }

  /// The figure as text at most `width` columns wide (clamped to 40...240).
  public func ascii(width: Int = 80) -> String {
    let w = min(240, max(40, width))
    switch self {
    case .scatter(let s): return ASCIIPlot.scatter(s, width: w)
    case .curves(let c): return ASCIIPlot.curves(c, width: w)
    case .histogram(let h): return ASCIIPlot.histogram(h, width: w)
    }
  }

  /// The figure as a standalone SVG document (deterministic: same figure, same bytes).
  public func svg() -> String {
    switch self {
    case .scatter(let s): return SVGPlot.scatter(s)
    case .curves(let c): return SVGPlot.curves(c)
    case .histogram(let h): return SVGPlot.histogram(h)
    }
  }
}

/// Labelled points in 2-D: an embedding projected by PCA.
public struct Scatter: Equatable {
  public struct Point: Equatable {
    public var x: Double
    public var y: Double
    /// The full name, shown on hover in SVG.
    public var name: String
    /// Whether the point carries a visible label (its name, shortened if long).
    public var labelled: Bool
    /// Index into `groups`; -1 for a point in none of them ("other" in the legend).
    public var group: Int
    public init(x: Double, y: Double, name: String, labelled: Bool = false, group: Int = -1) {
      self.x = x
      self.y = y
      self.name = name
      self.labelled = labelled
      self.group = group
    }
  }

  public var title: String
  public var xTitle: String
  public var yTitle: String
  /// Points in drawing order; labelled points are placed in this order (put the important first).
  public var points: [Point]
  /// Legend entries when points are coloured by group; empty for one plain group. Points in
  /// no group are drawn grey and listed last as "other".
  public var groups: [String]

  public init(title: String, xTitle: String, yTitle: String, points: [Point], groups: [String] = []) {
    self.title = title
    self.xTitle = xTitle
    self.yTitle = yTitle
    self.points = points
    self.groups = groups
  }
}

/// Several series of (x, y) points drawn as lines: training curves.
public struct Curves: Equatable {
  public struct Series: Equatable {
    public var name: String
    public var x: [Double]
    public var y: [Double]
    public init(name: String, x: [Double], y: [Double]) {
      self.name = name
      self.x = x
      self.y = y
    }
  }

  public var title: String
  public var xTitle: String
  public var yTitle: String
  public var series: [Series]

  public init(title: String, xTitle: String, yTitle: String, series: [Series]) {
    self.title = title
    self.xTitle = xTitle
    self.yTitle = yTitle
    self.series = series
  }
}

/// Counts per labelled bin: a rating distribution.
public struct Histogram: Equatable {
  public struct Bar: Equatable {
    public var label: String
    public var count: Int
    public init(label: String, count: Int) {
      self.label = label
      self.count = count
    }
  }

  public var title: String
  public var xTitle: String
  public var yTitle: String
  public var bars: [Bar]

  public init(title: String, xTitle: String, yTitle: String, bars: [Bar]) {
    self.title = title
    self.xTitle = xTitle
    self.yTitle = yTitle
    self.bars = bars
  }
}

// MARK: - Axes

/// A linear axis over "nice" round ticks (1, 2 or 5 times a power of ten) covering the data.
struct Axis {
  var lo: Double
  var hi: Double
  var ticks: [Double]
  /// Decimals that tell the ticks apart.
  var decimals: Int

  /// About `count` ticks covering `lo...hi`; a single value gets a unit span around it.
  init(covering lo: Double, _ hi: Double, count: Int = 5) {
    var a = lo.isFinite ? lo : 0, b = hi.isFinite ? hi : 1
    if b < a { swap(&a, &b) }
    if b - a < 1e-12 * max(1, abs(a)) {
      let pad = a == 0 ? 1 : abs(a) * 0.5
      a -= pad
      b += pad
    }
    let raw = (b - a) / Double(max(1, count))
    let magnitude = pow(10, floor(log10(raw)))
    // The round step nearest the raw one (in ratio): 0.52 gives 0.5, not 1.
    let step = [1.0, 2, 5, 10].map { $0 * magnitude }.min { abs(log($0 / raw)) < abs(log($1 / raw)) } ?? magnitude
    let first = floor(a / step) * step, last = ceil(b / step) * step
    let n = Int(((last - first) / step).rounded())
    self.lo = first
    self.hi = last
    self.ticks = (0...max(0, n)).map { first + Double($0) * step }
    self.decimals = max(0, Int(-floor(log10(step) + 1e-9)))
  }

  /// Where `v` falls, 0 at `lo` and 1 at `hi`.
  func fraction(_ v: Double) -> Double { hi > lo ? (v - lo) / (hi - lo) : 0.5 }

  func label(_ v: Double) -> String {
    let s = String(format: "%.\(decimals)f", v)
    return s.hasPrefix("-") && Double(s) == 0 ? String(s.dropFirst()) : s  // never "-0.0"
  }
}

/// A label shortened to `max` characters with an ellipsis.
func shorten(_ s: String, _ max: Int) -> String {
  s.count <= max ? s : String(s.prefix(Swift.max(1, max - 1))) + "…"
}
