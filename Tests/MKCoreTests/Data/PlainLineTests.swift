import Foundation
@testable import MKCore
import XCTest

/// The reader's fast path for plain lines (`mk_split_plain_line`) against the general reader
/// it stands in for: on random text of the bytes that make lines not plain (quotes, CR, spaces,
/// tabs, blank lines, empty fields, long fields, a missing final newline), both readers must
/// give the same fields, line numbers, blank-line count and errors.
final class PlainLineTests: XCTestCase {

  /// Everything one reader gives for `bytes`: each record's fields as (line, start, end,
  /// escapes), then the blank lines, the lines read, and the error's text if it threw.
  private func readAll(_ bytes: [UInt8], _ separator: FieldSeparator, plain: Bool, fieldLimit: Int, recordLimit: Int)
    -> (records: [[Int]], blank: Int, lines: Int, error: String?) {
    var reader = DelimitedReader(bytes: bytes, separator: separator, file: "r.csv")
    reader.splitsPlainLines = plain
    reader.fieldLimit = fieldLimit
    reader.recordLimit = recordLimit
    var fields: [FieldSpan] = []
    var records: [[Int]] = []
    do {
      while try reader.next(&fields) {
        records.append([reader.line] + fields.flatMap { [$0.start, $0.end, $0.hasEscapes ? 1 : 0] })
      }
    } catch {
      return (records, reader.blankLines, reader.linesRead, "\(error)")
    }
    return (records, reader.blankLines, reader.linesRead, nil)
  }

  private func assertSame(_ bytes: [UInt8], _ separator: FieldSeparator, fieldLimit: Int = DelimitedReader.maxFieldBytes,
                          recordLimit: Int = DelimitedReader.maxRecordBytes, file: StaticString = #filePath, line: UInt = #line) {
    let general = readAll(bytes, separator, plain: false, fieldLimit: fieldLimit, recordLimit: recordLimit)
    let fast = readAll(bytes, separator, plain: true, fieldLimit: fieldLimit, recordLimit: recordLimit)
    let shown = String(decoding: bytes, as: UTF8.self).debugDescription
    XCTAssertEqual(fast.records, general.records, shown, file: file, line: line)
    XCTAssertEqual(fast.blank, general.blank, shown, file: file, line: line)
    XCTAssertEqual(fast.lines, general.lines, shown, file: file, line: line)
    XCTAssertEqual(fast.error, general.error, shown, file: file, line: line)
  }

  func testRandomTextReadsAsTheGeneralReaderReadsIt() {
    // Heavy on separators and line ends, with every byte that makes a line not plain.
    let alphabet = Array("ab1,,;\t  \"\r\n\n.".utf8)
    var r = RandomStream(seed: 7)
    for round in 0..<600 {
      var bytes: [UInt8] = []
      for _ in 0..<r.below(120) { bytes.append(alphabet[r.below(alphabet.count)]) }
      if round % 3 == 0 { bytes.append(10) }
      if round % 5 == 0 { bytes += Array(repeating: UInt8(ascii: "x"), count: 20 + r.below(40)) + [44, 10] }
      for separator in [FieldSeparator.byte(44), .byte(59), .byte(9)] {
        assertSame(bytes, separator)
        assertSame(bytes, separator, fieldLimit: 8, recordLimit: 24)
      }
    }
  }

  func testPlainLinesAndTheirNeighbours() {
    let cases = [
      "u1,i2,5,978300760\nu1,i3,4,978300761\n",
      "u1,i2,5\r\nu1,i3,4\r\n",
      "a,,b\n,\n,,\n",
      "a,b\n\n  \n\t\nc,d\n",
      "a, b\na ,b\n a,b\n",
      "a,\"b,c\",d\ne,f,g\n",
      "a,b\r\r\nc\rd,e\n",
      "a,b\nc,d",
      String(repeating: "0123456789abcdef", count: 3) + "," + String(repeating: "z", count: 33) + "\n",
      String(repeating: "x,", count: 40) + "y\n",
      "\u{FEFF}user,item\nu1,i2\n",
    ]
    for text in cases {
      for separator in [FieldSeparator.byte(44), .byte(9)] {
        assertSame(Array(text.utf8), separator)
        assertSame(Array(text.utf8), separator, fieldLimit: 16, recordLimit: 40)
      }
    }
  }
}
