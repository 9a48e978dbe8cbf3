import XCTest
import Foundation
import MKCore

/// `elo`: the update is the formula, step by step in time order; on planted data it comes
/// close to the offline IRT.
final class EloTests: XCTestCase {
  /// Attempts (user, item, correct, time), deliberately not in time order, two at the same time.
  private let attempts: [(String, String, Float, Int32)] = [
    ("ann", "q1", 1, 50), ("bob", "q1", 0, 10), ("ann", "q2", 0, 30), ("bob", "q2", 1, 30),
    ("cat", "q1", 1, 20), ("ann", "q1", 0, 5), ("cat", "q3", 0, 40), ("bob", "q3", 1, 60),
  ]

  private func data(timed: Bool) -> Ratings {
    let u = Universe()
    let store = RatingStore(user: attempts.map { u.users.intern($0.0) }, item: attempts.map { u.items.intern($0.1) },
                            value: attempts.map(\.2), time: timed ? attempts.map(\.3) : nil)
    return Ratings(universe: u, store: store, name: "attempts", scale: .binary)
  }

  /// The slide's update, written out: for each attempt in `order`, p then both ratings.
  private func byHand(_ order: [Int], k: Double, chess: Bool) -> (users: [String: Double], items: [String: Double]) {
    var theta: [String: Double] = [:], d: [String: Double] = [:]
    for n in order {
      let (u, i, r, _) = attempts[n]
      let t = theta[u, default: 0], di = d[i, default: 0]
      let p = chess ? 1 / (1 + pow(10, (di - t) / 400)) : 1 / (1 + exp(-(t - di)))
      theta[u] = t + k * (Double(r) - p)
      d[i] = di - k * (Double(r) - p)
    }
    return (theta, d)
  }

  private func check(_ m: Model, against expected: (users: [String: Double], items: [String: Double]),
                     file: StaticString = #filePath, line: UInt = #line) throws {
    let elo = try XCTUnwrap(m as? EloModel)
    for (u, t) in expected.users {
      XCTAssertEqual(Double(elo.userRating[Int(try XCTUnwrap(elo.userIndex(u)))]), t, accuracy: 1e-5, u, file: file, line: line)
    }
    for (i, d) in expected.items {
      XCTAssertEqual(Double(elo.itemRating[Int(try XCTUnwrap(elo.itemIndex(i)))]), d, accuracy: 1e-5, i, file: file, line: line)
    }
  }

  func testUpdatesFollowTheFormulaInTimeOrder() throws {
    // Time order, equal times (30) in data order: rows 5, 1, 4, 2, 3, 6, 0, 7.
    let timeOrder = [5, 1, 4, 2, 3, 6, 0, 7]
    try check(try fitKind("elo", data(timed: true), ["k": .double(0.3)]), against: byHand(timeOrder, k: 0.3, chess: false))
    try check(try fitKind("elo", data(timed: true), ["k": .double(24), "scale": .string("chess")]),
              against: byHand(timeOrder, k: 24, chess: true))
    // Without a time column: data order.
    try check(try fitKind("elo", data(timed: false), ["k": .double(0.3)]), against: byHand(Array(0..<8), k: 0.3, chess: false))
    // The order matters: data order gives other ratings than time order here.
    let a = byHand(timeOrder, k: 0.3, chess: false), b = byHand(Array(0..<8), k: 0.3, chess: false)
    let differences = a.users.map { abs($0.value - b.users[$0.key]!) } + a.items.map { abs($0.value - b.items[$0.key]!) }
    XCTAssertGreaterThan(differences.max()!, 1e-3)
  }

  func testPredictionUsesTheFinalRatings() throws {
    let m = try fitKind("elo", data(timed: true), ["k": .double(0.3)])
    let final = byHand([5, 1, 4, 2, 3, 6, 0, 7], k: 0.3, chess: false)
    let z = final.users["bob"]! - final.items["q3"]!
    XCTAssertEqual(Double(m.predict(user: "bob", item: "q3").value), 1 / (1 + exp(-z)), accuracy: 1e-6)
    // A user never seen starts at 0.
    XCTAssertEqual(Double(m.predict(user: "dan", item: "q3").value), 1 / (1 + exp(final.items["q3"]!)), accuracy: 1e-6)
    XCTAssertEqual(m.info.history.columns, ["iter", "online_nll", "online_auc"])
  }

  func testComesWithinFivePointsOfIRTOnPlantedTimedData() throws {
    let plant = PlantedIRT(users: 300, items: 80, perUser: 60, timed: true, seed: 9)
    let (train, test) = try plant.data.split(fraction: 0.8, seed: 9)
    let elo = testAUC(try fitKind("elo", train), test), irt = testAUC(try fitKind("irt", train), test)
    print("planted timed 1PL: test AUC elo \(elo), irt \(irt)")
    XCTAssertGreaterThan(irt, 0.7)
    XCTAssertLessThanOrEqual(abs(elo - irt), 0.05)
  }
}
