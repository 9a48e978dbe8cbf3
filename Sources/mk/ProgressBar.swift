import Foundation
import MKCore

/// A one-line progress bar on stderr, handed to the session as its `Progress.Reporter`.
///
///     fitting als ████████░░░░░░░ 8/15  53%  train_rmse 0.8123  2.1s  ETA 1.8s
///
/// It redraws in place with `\r` (at most ~15 times a second), and erases itself when a loop
/// reaches its total, when output is about to be printed (`clear()`), or when a statement ends.
/// Use it only when stderr is a terminal; elsewhere the REPL passes no reporter at all.
final class ProgressBar {
  private let lock = NSLock()
  private var visible = false
  private var label = ""
  private var lastDone = 0
  private var started = ContinuousClock.now
  private var lastDrawn: ContinuousClock.Instant?

  /// The closure to put in `Session.Options.progress`.
  var reporter: MKCore.Progress.Reporter {
    { [self] label, done, total, metrics in report(label, done, total, metrics) }
  }

  /// Erases the bar if it is showing; the next report starts a fresh timer.
  func clear() {
    lock.withLock {
      if visible { fputs("\r\u{1B}[2K", stderr); fflush(stderr) }
      visible = false
      lastDrawn = nil
      label = ""
    }
  }

  private func report(_ label: String, _ done: Int, _ total: Int, _ metrics: [(String, Double)]) {
    lock.withLock {
      let now = ContinuousClock.now
      // A new loop: another label, or the count went back (a second fit with the same label).
      if label != self.label || done < lastDone || lastDrawn == nil {
        self.label = label
        started = now
        lastDrawn = nil
      }
      lastDone = done
      if total > 0 && done >= total {
        if visible { fputs("\r\u{1B}[2K", stderr); fflush(stderr) }
        visible = false
        self.label = ""  // finished: a later report starts over
        return
      }
      if let lastDrawn, now - lastDrawn < .milliseconds(66) { return }
      lastDrawn = now
      let line = Self.render(label, done, total, metrics, elapsed: now - started,
                             width: Terminal.width(STDERR_FILENO))
      fputs("\r\u{1B}[2K" + line, stderr)
      fflush(stderr)
      visible = true
    }
  }

  /// The bar's text, at most `width - 1` columns so that it never wraps.
  static func render(_ label: String, _ done: Int, _ total: Int, _ metrics: [(String, Double)],
                     elapsed: Duration, width: Int) -> String {
    var tail = total > 0 ? " \(done)/\(total)  \(done * 100 / total)%" : " \(done)"
    for (name, value) in metrics { tail += "  \(name) \(format(value))" }
    tail += "  " + format(elapsed)
    // The time left at the pace so far: the steps of a fit take about the same time each.
    if total > 0, done > 0, done < total {
      tail += "  ETA " + format(elapsed * Double(total - done) / Double(done))
    }
    var line = label.isEmpty ? "" : label + " "
    if total > 0 {
      let cells = min(30, max(10, width - 1 - line.count - tail.count))
      let filled = min(cells, cells * done / total)
      line += String(repeating: "█", count: filled) + String(repeating: "░", count: cells - filled)
    }
    line += tail
    return line.count < width ? line : String(line.prefix(max(0, width - 1)))
  }

  private static func format(_ value: Double) -> String {
    if value == value.rounded() && abs(value) < 1e9 { return String(Int(value)) }
    return abs(value) < 1e5 ? String(format: "%.4f", value) : String(format: "%.4g", value)
  }

  private static func format(_ elapsed: Duration) -> String {
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    if seconds < 60 { return String(format: "%.1fs", seconds) }
    let whole = Int(seconds)
    return "\(whole / 60)m\(String(format: "%02d", whole % 60))s"
  }
}
