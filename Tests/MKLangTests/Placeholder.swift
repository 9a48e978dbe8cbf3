import XCTest
final class LangPlaceholderTests: XCTestCase { func testNothingYet() { XCTAssertTrue(true) } }
