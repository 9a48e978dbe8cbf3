import Foundation
import XCTest
@testable import MKCore

/// A split's gathered columns (`userIndices`, `itemIndices`, `values`, features): the parent's
/// values in the split's order, gathered once and shared by every reader, from any thread.
final class GatheredColumnsTests: XCTestCase {
  private func splitOfSix() -> (Ratings, Ratings) {
    let u = Universe()
    for id in ["a", "b", "c"] { _ = u.users.intern(id) }
    for id in ["x", "y"] { _ = u.items.intern(id) }
    let store = RatingStore(user: [0, 0, 1, 1, 2, 2], item: [0, 1, 0, 1, 0, 1], value: [1, 2, 3, 4, 5, 6],
                            featureNames: ["age"], features: [[10, 20, 30, 40, 50, 60]])
    let all = Ratings(universe: u, store: store, name: "six", scale: .numeric)
    return (all, all.subset([5, 1, 2], name: "three of six"))
  }

  private func address<T>(_ a: [T]) -> UnsafeRawPointer? {
    a.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) }
  }

  func testSplitColumnsAreTheParentsInTheSplitsOrder() {
    let (_, split) = splitOfSix()
    XCTAssertEqual(split.userIndices, [2, 0, 1])
    XCTAssertEqual(split.itemIndices, [1, 1, 0])
    XCTAssertEqual(split.values, [6, 2, 3])
    XCTAssertEqual(split.featureColumn(0), [60, 20, 30])
    XCTAssertEqual(split.itemCounts, [1, 2])
    XCTAssertEqual(split.userCounts, [1, 1, 1])
    XCTAssertEqual(split.byItem.length(1), 2)
    XCTAssertEqual(split.itemCounts, [1, 2])  // the same, read from the built view
  }

  func testGatheredOnceAndShared() {
    let (all, split) = splitOfSix()
    // Both arrays are alive at once, so equal addresses mean one buffer, not a reused one.
    let values = (split.values, split.values), users = (split.userIndices, split.userIndices)
    let items = (split.itemIndices, split.itemIndices), ages = (split.featureColumn(0), split.featureColumn(0))
    XCTAssertEqual(address(values.0), address(values.1))
    XCTAssertEqual(address(users.0), address(users.1))
    XCTAssertEqual(address(items.0), address(items.1))
    XCTAssertEqual(address(ages.0), address(ages.1))
    XCTAssertEqual(address(split.byUser.values), address(split.byUser.values))
    // All of a store is the store's own array, not a copy.
    XCTAssertEqual(address(all.values), address(all.store.value))
    XCTAssertEqual(address(all.userIndices), address(all.store.user))
  }

  func testViewsAreBuiltOnceFromAnyThread() {
    let (_, split) = splitOfSix()
    var seen = [UnsafeRawPointer?](repeating: nil, count: 64)
    seen.withUnsafeMutableBufferPointer { out in
      let p = out.baseAddress!  // each iteration writes its own slot
      DispatchQueue.concurrentPerform(iterations: 64) { k in
        p[k] = k % 2 == 0 ? address(split.byUser.columns) : address(split.itemIndices)
      }
    }
    XCTAssertEqual(Set(seen.enumerated().filter { $0.offset % 2 == 0 }.map(\.element)).count, 1)
    XCTAssertEqual(Set(seen.enumerated().filter { $0.offset % 2 == 1 }.map(\.element)).count, 1)
    XCTAssertEqual(split.byUser.length(0), 1)
  }
}
