import CKernels
import Dispatch

/// A team of threads, one a core, for parallel loops too short for Dispatch (`mk_team.h`): the
/// minibatch learner runs two passes a batch of about 100 µs each, and on this project's VM a
/// `concurrentPerform` spent tens of µs waking its threads through the kernel, so the second
/// core idled half the fit (bench/README.md, "fm: a team instead of Dispatch"). The team's
/// members spin a while for the next run before they sleep, and member m takes its own slots
/// (m, m + members, …) first, so the columns an owner steps stay in one core's cache. A member
/// that is late (asleep, or descheduled on a busy machine) is not waited for: the others take
/// its slots. So which thread runs a slot varies, and the work of a slot must not depend on it.
public final class WorkerTeam: @unchecked Sendable {  // used by one thread at a time
  public let members: Int
  private let team: OpaquePointer?

  /// Polls (a pause each, some tens of ns) before a waiting member sleeps: about 0.1–0.3 ms,
  /// longer than the serial work between a batch's passes.
  public static let defaultSpin = 4000

  /// Most slots a run can have (the bits of the C team's claim word).
  public static let maxSlots = 32

  public init(members: Int = Parallel.workers, spin: Int = WorkerTeam.defaultSpin) {
    let team = members > 1 ? mk_team_create(Int32(members), spin) : nil
    self.team = team
    self.members = team == nil ? 1 : members
  }

  deinit { if let team { mk_team_destroy(team) } }

  /// Runs `body(slot)` for each slot in 0..<slots on the team (on Dispatch beyond `maxSlots`),
  /// returning when all have returned.
  public func forEachSlot(_ slots: Int, _ body: (Int) -> Void) {
    guard slots > 1 else {
      if slots == 1 { body(0) }
      return
    }
    guard let team, slots <= WorkerTeam.maxSlots else {
      DispatchQueue.concurrentPerform(iterations: slots, execute: body)
      return
    }
    withoutActuallyEscaping(body) { body in
      var task = body
      withUnsafeMutablePointer(to: &task) { context in
        mk_team_run(team, { context, slot in
          context!.assumingMemoryBound(to: ((Int) -> Void).self).pointee(Int(slot))
        }, context, Int32(slots))
      }
    }
  }

  /// `Parallel.forEachBlock` on the team: the same blocks of `0..<count`.
  public func forEachBlock(_ count: Int, blocks: Int, _ body: (Range<Int>, Int) -> Void) {
    guard count > 0 else { return }
    let n = min(count, blocks)
    if n == 1 { body(0..<count, 0); return }
    forEachSlot(n) { b in
      let range = Parallel.block(b, of: n, count: count)
      if !range.isEmpty { body(range, b) }
    }
  }
}
