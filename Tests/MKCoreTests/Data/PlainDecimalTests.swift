import Foundation
@testable import MKCore
import XCTest

/// The reader's numbers (`DelimitedReader.parseNumber`, whose plain decimals `mk_parse_plain_decimal`
/// reads in C) against the Swift loop it replaced, kept here as the reference: on random
/// fields of digits, signs, points and other bytes, both must give the same double, bit for
/// bit, or both no number.
final class PlainDecimalTests: XCTestCase {

  /// The Swift parser the reader had before the C one, unchanged.
  private static func reference(_ b: [UInt8], _ start: Int, _ end: Int) -> Double? {
    guard start < end else { return nil }
    var p = start
    var negative = false
    if b[p] == 45 || b[p] == 43 { negative = b[p] == 45; p += 1 }
    var mantissa: UInt64 = 0
    var digits = 0, fraction = 0
    while p < end, b[p] >= 48, b[p] <= 57 {
      mantissa = mantissa &* 10 &+ UInt64(b[p] - 48); digits += 1; p += 1
    }
    if p < end, b[p] == 46 {
      p += 1
      while p < end, b[p] >= 48, b[p] <= 57 {
        mantissa = mantissa &* 10 &+ UInt64(b[p] - 48); digits += 1; fraction += 1; p += 1
      }
    }
    if p == end, digits > 0, digits <= 15 {
      let x = fraction == 0 ? Double(mantissa) : Double(mantissa) / pow10[fraction]
      return negative ? -x : x
    }
    let s = String(decoding: b[start..<end], as: UTF8.self)
    guard let x = Double(s), x.isFinite else { return nil }
    return x
  }

  private static let pow10: [Double] = (0...15).map { Foundation.pow(10, Double($0)) }

  private func assertSame(_ text: [UInt8], _ start: Int, _ end: Int, file: StaticString = #filePath, line: UInt = #line) {
    let got = DelimitedReader.parseNumber(text, start, end), want = PlainDecimalTests.reference(text, start, end)
    let shown = String(decoding: text[start..<max(start, end)], as: UTF8.self).debugDescription
    XCTAssertEqual(got?.bitPattern, want?.bitPattern, shown, file: file, line: line)
  }

  func testRandomFieldsReadAsTheSwiftLoopReadThem() {
    let alphabet = Array("0123456789012345678901234567890123456789..--+e x".utf8)
    var r = RandomStream(seed: 11)
    for _ in 0..<20000 {
      // A field inside a longer text, so that the bytes around it must not count.
      var text: [UInt8] = []
      for _ in 0..<r.below(24) { text.append(alphabet[r.below(alphabet.count)]) }
      let start = r.below(text.count + 1), end = start + r.below(text.count - start + 1)
      assertSame(text, start, end)
    }
  }

  func testDecimalsAtTheLimits() {
    let cases = ["5", "0", "-0", "+0", "-3.5", "4.", ".25", "-.5", "1043023200", "999999999999999", "9999999999999999",
                 "0.000000000000001", "123456789.012345", "1234567890.123456", "00000000000000001", "-", "+", ".", "-.",
                 "1e3", "inf", "nan", "1.2.3", "12a", " 1", "1 ", "18446744073709551616"]
    for c in cases {
      let b = Array(c.utf8)
      assertSame(b, 0, b.count)
    }
    XCTAssertEqual(DelimitedReader.parseNumber(Array("-0".utf8), 0, 2)?.sign, .minus)
    XCTAssertEqual(DelimitedReader.parseNumber(Array("0.1".utf8), 0, 3), 0.1)
    XCTAssertEqual(DelimitedReader.parseNumber(Array("x12,".utf8), 1, 3), 12)
  }
}
