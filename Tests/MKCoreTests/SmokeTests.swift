import XCTest
import MKCore
final class SmokeTests: XCTestCase { func testIdMapInterns() { let m = IdMap(); XCTAssertEqual(m.intern("a"), 0); XCTAssertEqual(m.intern("b"), 1); XCTAssertEqual(m.intern("a"), 0) } }
