import XCTest
@testable import MKCore

/// A reader over `text` and the fields of its first record, for testing the loader's parts on
/// one line without a file.
func firstRecord(_ text: String, separator: FieldSeparator = .byte(44)) -> (DelimitedReader, [FieldSpan]) {
  var reader = DelimitedReader(bytes: Array(text.utf8), separator: separator)
  var fields: [FieldSpan] = []
  precondition((try? reader.next(&fields)) == true, "no record in \(text)")
  return (reader, fields)
}

/// The `MKError` that `body` throws (failing the test when it throws nothing or another error).
func thrownMKError<T>(_ body: @autoclosure () throws -> T, file: StaticString = #filePath,
                      line: UInt = #line) -> MKError? {
  do {
    _ = try body()
    XCTFail("no error thrown", file: file, line: line)
  } catch let e as MKError {
    return e
  } catch {
    XCTFail("not an MKError: \(error)", file: file, line: line)
  }
  return nil
}
