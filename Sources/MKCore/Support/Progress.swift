import Synchronization

/// Progress and cancellation, handed down to every long loop.
///
/// A fit calls `step` once per iteration with the metrics it records; the REPL's reporter draws
/// a bar, tests and pipes pass `Progress.silent`. Ctrl-C only sets `Progress.interruptFlag`
/// (the signal handler must not touch anything else); loops call `checkCancelled()` between
/// iterations and unwind with `MKError.interrupted`.
public final class Progress {
  /// Set by the SIGINT handler; cleared by whoever starts a new command.
  public static let interruptFlag = Atomic<Bool>(false)

  public typealias Reporter = (_ label: String, _ done: Int, _ total: Int, _ metrics: [(String, Double)]) -> Void

  public let label: String
  private let reporter: Reporter?
  /// True at the REPL: a fit stopped by Ctrl-C returns the model of its last finished
  /// iteration (marked interrupted) instead of failing; `mk run` leaves it false and stops.
  public let keepsInterruptedFits: Bool

  public init(label: String = "", reporter: Reporter? = nil, keepsInterruptedFits: Bool = false) {
    self.label = label
    self.reporter = reporter
    self.keepsInterruptedFits = keepsInterruptedFits
  }

  public static var silent: Progress { Progress() }

  /// A progress object with the same reporter and a new label.
  public func relabel(_ label: String) -> Progress {
    Progress(label: label, reporter: reporter, keepsInterruptedFits: keepsInterruptedFits)
  }

  /// True when the user asked to stop (Ctrl-C).
  public var isInterrupted: Bool { Progress.interruptFlag.load(ordering: .relaxed) }

  public func step(_ done: Int, of total: Int, metrics: [(String, Double)] = []) {
    reporter?(label, done, total, metrics)
  }

  public func checkCancelled() throws {
    if Progress.interruptFlag.load(ordering: .relaxed) { throw MKError.interrupted }
  }

  public static func clearInterrupt() { interruptFlag.store(false, ordering: .relaxed) }
  public static func interrupt() { interruptFlag.store(true, ordering: .relaxed) }
}
