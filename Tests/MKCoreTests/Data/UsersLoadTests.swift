import Foundation
@testable import MKCore
import XCTest

/// `users PATH`: user side information, categorical columns one-hot, numeric standardized.
final class UsersLoadTests: XCTestCase {
  func testMovieLensUsers() throws {
    let path = try testDataPath("ml-100k/u.user")
    let u = Universe()
    let people = try Users.load(path: path, universe: u)
    XCTAssertEqual(people.count, 943)
    XCTAssertEqual(people.attributes, ["age", "gender", "occupation", "zip"])
    XCTAssertEqual(people.numeric, [true, false, false, false], "some zip codes have letters")
    XCTAssertEqual(people.columnNames.filter { $0.hasPrefix("gender=") }.sorted(), ["gender=F", "gender=M"])
    XCTAssertEqual(people.columnNames.filter { $0.hasPrefix("occupation=") }.count, 21)
    // Line 1: 1|24|M|technician|85711.
    let one = try XCTUnwrap(u.users.lookup("1"))
    XCTAssertEqual(people.line(ofUser: one), 1)
    let r = try XCTUnwrap(people.row(ofUser: one))
    let names = people.values.range(r).map { people.columnNames[Int(people.values.columns[$0])] }
    XCTAssertEqual(names, ["age", "gender=M", "occupation=technician", "zip=85711"])
    // Age standardized over the table: an independent mean and standard deviation.
    let ages = try String(contentsOfFile: path, encoding: .isoLatin1).split(separator: "\n")
      .map { Double($0.split(separator: "|")[1])! }
    let mean = ages.reduce(0, +) / 943, std = (ages.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 943).squareRoot()
    let age = people.values.values[people.values.range(r).first!]
    XCTAssertEqual(Double(age), (24 - mean) / std, accuracy: 1e-5)
  }

  /// MovieLens u1 with u.item and u.user, end to end: the design has both side groups and
  /// the fit predicts the held-out fold.
  func testMovieLensU1WithItemsAndUsers() throws {
    let u = Universe()
    let train = try Ratings.load(path: try testDataPath("ml-100k/u1.base"), universe: u, format: .ml100k)
    let test = try Ratings.load(path: try testDataPath("ml-100k/u1.test"), universe: u, format: .ml100k)
    let movies = try Items.load(path: try testDataPath("ml-100k/u.item"), universe: u)
    let people = try Users.load(path: try testDataPath("ml-100k/u.user"), universe: u)
    let m = try ModelRegistry.fit("fm", FitInput(data: train, options: try options("fm", ["rank": .int(4), "iters": .int(3)]),
                                                 side: movies, users: people))
    XCTAssertEqual(m.featureGroups.map(\.name), ["user", "item", "tags", "attributes"])
    XCTAssertEqual(m.featureGroups[3].columns.count, 1 + 2 + 21 + people.columnNames.filter { $0.hasPrefix("zip=") }.count)
    let rmse = Metrics.rmse(m.predict(test), test.values)
    print("ml-100k u1 fm rank 4, 3 iterations, side=[u.item, u.user]: rmse \(rmse)")
    XCTAssertLessThan(rmse, 0.96, "measured 0.947 (the global mean gives 1.154)")
  }

  func testCSVWithHeaderAndMissingValues() throws {
    let path = try temporaryFolder() + "/people.csv"
    try "user_id,country,income\na,FR,10\nb,JP,\nc,,30\na,US,20\n".write(toFile: path, atomically: true, encoding: .utf8)
    let u = Universe()
    let p = try Users.load(path: path, universe: u)
    XCTAssertEqual(p.count, 3)
    XCTAssertEqual(p.attributes, ["country", "income"])
    XCTAssertEqual(p.columnNames, ["country=US", "country=JP", "income"], "a's last line wins; levels in order of the rows kept")
    XCTAssertEqual(p.line(ofUser: u.users.lookup("a")!), 5)
    // Incomes 20 (a), 30 (c): mean 25, std 5; b's is missing: no entry.
    let m = p.attributeMatrix(userCount: u.users.count)
    func row(_ id: String) -> [String: Float] {
      let r = Int(u.users.lookup(id)!)
      return Dictionary(uniqueKeysWithValues: m.range(r).map { (p.columnNames[Int(m.columns[$0])], m.values[$0]) })
    }
    XCTAssertEqual(row("a"), ["country=US": 1, "income": -1])
    XCTAssertEqual(row("b"), ["country=JP": 1])
    XCTAssertEqual(row("c"), ["income": 1])
  }

  func testBadFilesNameTheLine() throws {
    let dir = try temporaryFolder()
    try "user,age\na,3\nb\n".write(toFile: dir + "/short.csv", atomically: true, encoding: .utf8)
    XCTAssertEqual(thrownMKError(try Users.load(path: dir + "/short.csv", universe: Universe()))?.location?.line, 3)
    try "user,age\n,3\n".write(toFile: dir + "/empty.csv", atomically: true, encoding: .utf8)
    XCTAssertEqual(thrownMKError(try Users.load(path: dir + "/empty.csv", universe: Universe()))?.message,
                   "empty user id on line 2")
  }

  /// The rating depends on the user's group (an attribute) and on the item; the test users
  /// are new (none of their ratings in training), so only their attributes can place them.
  func testFMWithAUserTableBeatsFMWithout() throws {
    var rng = RandomStream(seed: 3)
    let users = 600, items = 30, effect: [Double] = [-1.2, 0, 1.2]
    let bi = (0..<items).map { _ in 0.5 * rng.normal() }
    let group = (0..<users).map { _ in Int(rng.next() % 3) }
    let dir = try temporaryFolder()
    var people = "user,group,noise\n", ratings = "user,item,rating\n"
    for a in 0..<users {
      people += "u\(a),g\(group[a]),\(rng.normal())\n"
      var chosen = Array(0..<items)
      rng.shuffle(&chosen)
      for b in chosen.prefix(4) { ratings += "u\(a),i\(b),\(3 + effect[group[a]] + bi[b] + 0.3 * rng.normal())\n" }
    }
    try people.write(toFile: dir + "/people.csv", atomically: true, encoding: .utf8)
    try ratings.write(toFile: dir + "/ratings.csv", atomically: true, encoding: .utf8)
    let u = Universe()
    let data = try Ratings.load(path: dir + "/ratings.csv", universe: u)
    let table = try Users.load(path: dir + "/people.csv", universe: u)
    let isNew = (0..<data.count).map { Int(u.users[data.user($0)].dropFirst())! >= 450 }
    let train = data.subset((0..<Int32(data.count)).filter { !isNew[Int($0)] }, name: "old users")
    let test = data.subset((0..<Int32(data.count)).filter { isNew[Int($0)] }, name: "new users")
    var rmse: [String: Double] = [:]
    for kind in ["fm", "bayesfm"] {
      let given: [String: OptionValue] = kind == "fm" ? ["rank": .int(2), "iters": .int(30), "lr": .double(0.02), "lambda": .double(0.01)]
        : ["rank": .int(2), "iters": .int(40)]
      let o = try options(kind, given)
      let with = try ModelRegistry.fit(kind, FitInput(data: train, options: o, users: table))
      let without = try ModelRegistry.fit(kind, FitInput(data: train, options: o))
      XCTAssertEqual(with.featureGroups.map(\.name), ["user", "item", "attributes"])
      XCTAssertTrue(with.readsUserSide)
      rmse[kind + " with"] = Metrics.rmse(with.predict(test), test.values)
      rmse[kind + " without"] = Metrics.rmse(without.predict(test), test.values)
      // The group survives a model file.
      let back = try ModelFile.decode(ModelFile.encode(with), path: "m.mkm")
      XCTAssertEqual(back.predict(test).map(\.bitPattern), with.predict(test).map(\.bitPattern), kind)
    }
    print("user groups planted (effect sd 0.98, noise 0.3): \(rmse.sorted { $0.key < $1.key })")
    // Measured (debug): fm 0.489 with the table, 1.004 without; bayesfm 0.297 and 1.000.
    for kind in ["fm", "bayesfm"] {
      XCTAssertLessThan(rmse[kind + " with"]!, 0.6 * rmse[kind + " without"]!, "\(rmse)")
      XCTAssertLessThan(rmse[kind + " with"]!, 0.55, "\(rmse)")
    }
    // Kinds that do not read a user table refuse one.
    let e = thrownMKError(try ModelRegistry.fit("als", FitInput(data: train, options: try options("als"), users: table)))
    XCTAssertEqual(e?.message, "als does not read user side information ('people.csv')")
  }
}
