import XCTest
import MKCore

/// Typed options: one declaration per kind drives defaults, validation, the stored pairs and
/// the typed value a kind reads; per-group penalties are one option checked against the design.
final class OptionsTests: XCTestCase {
  /// Every kind's declaration is consistent: names unique, the stored pairs are declared
  /// options, and the defaults survive a round trip through validation unchanged.
  func testEveryKindsDeclarationRoundTrips() throws {
    for kind in ModelRegistry.kinds {
      let names = kind.options.map(\.name)
      XCTAssertEqual(Set(names).count, names.count, "\(kind.name) declares a name twice")
      let defaults = kind.defaults
      XCTAssertTrue(defaults.pairs.allSatisfy { names.contains($0.0) }, kind.name)
      let again = try kind.parseOptions(Dictionary(uniqueKeysWithValues: defaults.pairs))
      XCTAssertEqual(again.pairs.map(\.0), defaults.pairs.map(\.0), kind.name)
      XCTAssertEqual(again.pairs.map(\.1), defaults.pairs.map(\.1), kind.name)
      for spec in kind.options where !spec.isData {
        if let d = spec.defaultValue { XCTAssertEqual(try spec.validate(d), d, "\(kind.name) \(spec.name)") }
      }
    }
  }

  func testTypedValuesAndDefaults() throws {
    let als = try options("als", ["rank": .double(7), "bias": .bool(false)]).typed(ALSModel.Options.self)
    XCTAssertEqual(als.rank, 7)
    XCTAssertFalse(als.bias)
    XCTAssertEqual(als.lambda, 0.1)
    XCTAssertEqual(try options("deepfm").typed(DeepFMOptions.self).fm.iters, 14)
    XCTAssertEqual(try options("fm").typed(FMOptions.self).iters, 6)
    XCTAssertThrowsError(try options("als", ["rank": .double(2.5)])) { e in
      XCTAssertEqual((e as? MKError)?.message, "rank must be a whole number, got 2.5")
    }
    XCTAssertThrowsError(try options("als", ["rnak": .int(2)])) { e in
      XCTAssertEqual((e as? MKError)?.hint, "did you mean 'rank'?")
    }
  }

  /// `lambda_groups` and its aliases write the same typed field; a name that is not a group
  /// of the design is refused before anything is fitted.
  func testGroupPenaltiesAndAliases() throws {
    let listed = try options("fm", ["lambda_groups": .named([NamedNumber("item", 0.5), NamedNumber("user", 0.2)])])
    XCTAssertEqual(listed.typed(FMOptions.self).lambdaGroups, ["item": 0.5, "user": 0.2])
    XCTAssertEqual(listed.value("lambda_groups"), .named([NamedNumber("item", 0.5), NamedNumber("user", 0.2)]))
    let aliased = try options("fm", ["lambda_item": .double(0.5), "lambda_user": .double(0.2)])
    XCTAssertEqual(aliased.typed(FMOptions.self).lambdaGroups, ["item": 0.5, "user": 0.2])
    XCTAssertNil(aliased.value("lambda_item"), "aliases are stored under lambda_groups")
    XCTAssertThrowsError(try options("fm", ["lambda_groups": .named([NamedNumber("item", -1)])]))
    XCTAssertThrowsError(try options("fm", ["lambda_groups": .named([NamedNumber("item", 1), NamedNumber("item", 2)])]))

    let (train, test) = plantedRatings(users: 40, items: 30, perUser: 10, rank: 2, noise: 0.3, seed: 5)
    func fit(_ o: FitOptions) throws -> Model { try ModelRegistry.fit("fm", FitInput(data: train, options: o)) }
    let a = try fit(listed), b = try fit(aliased), plain = try fit(try options("fm"))
    XCTAssertEqual(a.predict(test).map(\.bitPattern), b.predict(test).map(\.bitPattern))
    XCTAssertNotEqual(a.predict(test).map(\.bitPattern), plain.predict(test).map(\.bitPattern))
    let back = try ModelFile.decode(ModelFile.encode(a), path: "m.mkm")
    XCTAssertEqual(back.info.options.typed(FMOptions.self).lambdaGroups, ["item": 0.5, "user": 0.2])
    XCTAssertEqual(back.predict(test).map(\.bitPattern), a.predict(test).map(\.bitPattern))

    XCTAssertThrowsError(try fit(try options("fm", ["lambda_groups": .named([NamedNumber("tag", 1)])]))) { e in
      XCTAssertEqual((e as? MKError)?.message, "lambda_groups names 'tag', which is not a group of this design")
      XCTAssertEqual((e as? MKError)?.hint, "its groups: user, item")
    }
  }

  /// A model file whose stored options break the declaration does not open.
  func testStoredOptionsAreValidatedOnOpen() throws {
    let (train, _) = plantedRatings(users: 20, items: 15, perUser: 5, rank: 2, noise: 0.3, seed: 2)
    let m = try ModelRegistry.fit("baseline", FitInput(data: train, options: try options("baseline")))
    var bytes = ModelFile.encode(m)
    // "iters" is stored as an int (tag 0) right after its name: make it 0, outside 1...1000.
    let name = Array("iters".utf8)
    let at = (0...(bytes.count - name.count)).first { Array(bytes[$0..<($0 + name.count)]) == name }!
    XCTAssertEqual(bytes[at + name.count], 0)
    for b in 0..<8 { bytes[at + name.count + 1 + b] = 0 }
    // A crafted file: the checksum recomputed over the changed payload (FNV-1a 64).
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for b in bytes[20..<(bytes.count - 8)] { hash = (hash ^ UInt64(b)) &* 0x100_0000_01b3 }
    for k in 0..<8 { bytes[bytes.count - 8 + k] = UInt8(truncatingIfNeeded: hash >> (8 * UInt64(k))) }
    XCTAssertThrowsError(try ModelFile.decode(bytes, path: "m.mkm")) { e in
      XCTAssertTrue("\(e)".contains("iters=0 is out of range 1...1000"), "\(e)")
    }
  }
}
