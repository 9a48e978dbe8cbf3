import MKCore
import MKLang
import XCTest

final class LexerTests: XCTestCase {
  private func kinds(_ s: String) -> [Token.Kind] {
    var l = Lexer(s, file: "t.mk")
    return l.tokenize().map(\.kind)
  }

  func testTokens() {
    XCTAssertEqual(kinds("x = fit als r rank=20 # comment"),
                   [.name("x"), .equals, .name("fit"), .name("als"), .name("r"), .name("rank"), .equals, .number(20), .end])
    XCTAssertEqual(kinds("0.1 1e-3 2E+2 -2"), [.number(0.1), .number(0.001), .number(200), .minus, .number(2), .end])
    XCTAssertEqual(kinds(#""a\"b\\c""#), [.string("a\"b\\c"), .end])
    XCTAssertEqual(kinds("a.b < <= > >= == != + - * /"),
                   [.name("a"), .dot, .name("b"), .less, .lessEqual, .greater, .greaterEqual, .equalEqual, .bangEqual,
                    .plus, .minus, .star, .slash, .end])
    XCTAssertEqual(kinds("[a, b]\n(c)"), [.leftBracket, .name("a"), .comma, .name("b"), .rightBracket, .newline,
                                         .leftParen, .name("c"), .rightParen, .end])
  }

  func testContinuations() {
    XCTAssertEqual(kinds("f (a\nb)\nc"), [.name("f"), .leftParen, .name("a"), .name("b"), .rightParen, .newline, .name("c"), .end])
    XCTAssertEqual(kinds("f a \\\n  b"), [.name("f"), .name("a"), .name("b"), .end])
    XCTAssertEqual(kinds("[1,\n 2]"), [.leftBracket, .number(1), .comma, .number(2), .rightBracket, .end])
  }

  func testErrorTokensAndPositions() {
    var l = Lexer("x = 1e\ny = \"abc\nz = @ 12ab", file: "t.mk")
    let ts = l.tokenize().filter { if case .error = $0.kind { return true }; return false }
    XCTAssertEqual(ts.map(\.kind), [.error("bad number '1e'"), .error("unterminated string"),
                                    .error("unexpected character '@'"), .error("bad number '12ab'")])
    XCTAssertEqual(ts.map { [$0.location.line, $0.location.column, $0.location.length] },
                   [[1, 5, 2], [2, 5, 4], [3, 5, 1], [3, 7, 4]])
  }

  func testNeedsMoreInput() {
    XCTAssertTrue(Session.needsMoreInput("x = [1, 2"))
    XCTAssertTrue(Session.needsMoreInput("assert (rmse m t"))
    XCTAssertTrue(Session.needsMoreInput("fit als r \\"))
    XCTAssertTrue(Session.needsMoreInput("fit als r \\  # more"))
    XCTAssertFalse(Session.needsMoreInput("x = [1, 2]"))
    XCTAssertFalse(Session.needsMoreInput("x = \"(\""))
    XCTAssertFalse(Session.needsMoreInput("x = 1 # ("))
  }
}
