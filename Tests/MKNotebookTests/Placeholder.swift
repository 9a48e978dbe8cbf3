import XCTest
final class NotebookPlaceholderTests: XCTestCase { func testNothingYet() { XCTAssertTrue(true) } }
