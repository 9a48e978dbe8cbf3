import Foundation
/// Wall-clock timing for fits and benchmarks.
public enum Clock {
  public static var now: Double { Date().timeIntervalSinceReferenceDate }
  public static func seconds(since start: Double) -> Double { now - start }
}
