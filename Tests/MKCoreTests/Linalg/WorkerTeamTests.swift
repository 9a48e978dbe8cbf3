import XCTest
@testable import MKCore

/// `WorkerTeam` (`mk_team.h`): every slot of every run exactly once, its writes visible when
/// the run returns, with members that spin or that sleep between runs, more members than
/// cores, and teams dropped while their members sleep.
final class WorkerTeamTests: XCTestCase {
  /// Runs of every size up to the most a run holds, many times in a row: each slot once per
  /// run, and what the slots wrote seen by the caller (a lost slot, a slot run twice or a run
  /// returning early shows as a wrong count or a stale value).
  func testEverySlotRunsOnceAndItsWritesAreSeen() {
    for (members, spin) in [(2, WorkerTeam.defaultSpin), (2, 1), (3, 50), (5, 1)] {
      let team = WorkerTeam(members: members, spin: spin)
      XCTAssertEqual(team.members, members)
      let counts = UnsafeMutablePointer<Int>.allocate(capacity: WorkerTeam.maxSlots)
      defer { counts.deallocate() }
      var runs = 0
      for round in 0..<300 {
        for slots in 1...WorkerTeam.maxSlots {
          counts.initialize(repeating: 0, count: WorkerTeam.maxSlots)
          team.forEachSlot(slots) { s in counts[s] += round + 1 }  // each slot writes only its own entry
          runs += 1
          let got = (0..<WorkerTeam.maxSlots).map { counts[$0] }
          let want = (0..<WorkerTeam.maxSlots).map { $0 < slots ? round + 1 : 0 }
          if got != want { XCTFail("members \(members) spin \(spin), run \(runs) of \(slots) slots: \(got)"); return }
        }
      }
    }
  }

  /// The members do take slots: with the caller busy in slot 0, slot 1 runs on the other
  /// member's thread in many runs (not all: on a busy machine it may be descheduled, and then
  /// the caller takes it).
  func testSlotsRunOnOtherThreadsToo() {
    let team = WorkerTeam(members: 2, spin: 100_000)
    var onOther = 0
    let caller = pthread_self()
    let others = UnsafeMutablePointer<Bool>.allocate(capacity: 2)
    defer { others.deallocate() }
    for _ in 0..<200 {
      others.initialize(repeating: false, count: 2)
      team.forEachSlot(2) { s in
        others[s] = pthread_equal(pthread_self(), caller) == 0
        if s == 0 { usleep(200) }  // the caller is busy with slot 0 while slot 1 is claimed
      }
      if others[1] { onOther += 1 }
    }
    XCTAssertGreaterThanOrEqual(onOther, 10, "the second member took slot 1 in \(onOther) of 200 runs")
  }

  /// The team's blocks are `Parallel.forEachBlock`'s, which the FM learner's bits depend on.
  func testBlocksAreTheSameAsParallelForEachBlock() {
    let team = WorkerTeam(members: 2)
    for count in [1, 2, 3, 7, 64, 100, 257] {
      for blocks in [1, 2, 3, 4, 5, 32] {
        let lock = NSLock()
        var viaTeam: [Int: Range<Int>] = [:], viaDispatch: [Int: Range<Int>] = [:]
        team.forEachBlock(count, blocks: blocks) { r, b in lock.lock(); viaTeam[b] = r; lock.unlock() }
        Parallel.forEachBlock(count, blocks: blocks) { r, b in lock.lock(); viaDispatch[b] = r; lock.unlock() }
        XCTAssertEqual(viaTeam, viaDispatch, "\(count) rows in \(blocks) blocks")
        XCTAssertEqual(viaTeam.values.map(\.count).reduce(0, +), count)
      }
    }
  }

  /// Teams made and dropped at once, with members spinning, asleep, or not yet started.
  func testTeamsCanBeDroppedAtAnyTime() {
    for spin in [1, 1000] {
      for _ in 0..<50 {
        let team = WorkerTeam(members: 3, spin: spin)
        var sum = 0
        let lock = NSLock()
        team.forEachSlot(3) { s in lock.lock(); sum += s; lock.unlock() }
        XCTAssertEqual(sum, 3)
      }
      for _ in 0..<50 { _ = WorkerTeam(members: 2, spin: spin) }
    }
  }

  /// One member is no team: runs go to Dispatch or the calling thread.
  func testOneMemberRunsEverySlot() {
    let team = WorkerTeam(members: 1)
    XCTAssertEqual(team.members, 1)
    let lock = NSLock()
    var seen = Set<Int>()
    team.forEachSlot(40) { s in lock.lock(); seen.insert(s); lock.unlock() }
    XCTAssertEqual(seen, Set(0..<40))
  }
}
