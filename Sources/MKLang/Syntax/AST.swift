import MKCore

// MARK: - Statements

/// One statement of a notebook or REPL entry: `[NAME, ... =] VERB ARG ... KEY=VALUE ...` or a
/// bare expression. `location` spans the whole statement; `lines` its first and last line.
public enum Statement {
  case command(targets: [Target], Command, SourceLocation)
  case expression(targets: [Target], Expr, SourceLocation)
  /// `time STATEMENT`: runs it and then shows its wall time.
  indirect case timed(Statement, SourceLocation)
  /// `exit` or `quit`: leaves the REPL, ends a notebook run (successfully).
  case exit(SourceLocation)

  public var location: SourceLocation {
    switch self {
    case .command(_, _, let l), .expression(_, _, let l), .timed(_, let l), .exit(let l): return l
    }
  }
  public var targets: [Target] {
    switch self {
    case .command(let t, _, _), .expression(let t, _, _): return t
    case .timed(let s, _): return s.targets
    case .exit: return []
    }
  }
}

/// A variable name on the left of `=`.
public enum Target {
  case name(String, SourceLocation)
  public var name: String { switch self { case .name(let n, _): return n } }
  public var location: SourceLocation { switch self { case .name(_, let l): return l } }
}

/// `VERB ARG ... KEY=VALUE ...`. `location` is the verb name's.
public enum Command {
  case call(verb: String, arguments: [Argument], SourceLocation)

  public var verb: String { switch self { case .call(let v, _, _): return v } }
  public var arguments: [Argument] { switch self { case .call(_, let a, _): return a } }
  public var location: SourceLocation { switch self { case .call(_, _, let l): return l } }
}

/// One argument of a command: a positional value, or `KEY=VALUE` (location: the key's).
public enum Argument {
  case positional(Expr)
  case option(String, Expr, SourceLocation)
}

// MARK: - Expressions

public enum BinaryOperator: String {
  case add = "+", subtract = "-", multiply = "*", divide = "/"
  case less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">=", equal = "==", notEqual = "!="

  public var isComparison: Bool {
    switch self {
    case .add, .subtract, .multiply, .divide: return false
    default: return true
    }
  }
}

/// A value-producing expression. Each case carries where it was written.
public indirect enum Expr {
  /// A number literal and its text as written (`1e9`), for messages.
  case number(Double, text: String, SourceLocation)
  case string(String, SourceLocation)
  case bool(Bool, SourceLocation)
  /// A bare name: a variable, or a word where the slot takes words.
  case name(String, SourceLocation)
  case list([ListElement], SourceLocation)
  /// `base.member`; the location is the member name's.
  case member(Expr, String, SourceLocation)
  case negate(Expr, SourceLocation)
  /// `first op operand op operand …` of one precedence, applied left to right. The chain is flat
  /// (not a left-deep tree) so that a 4,600-term `1 + 1 + … + 1` is built, evaluated and freed
  /// in loops; every other nesting is bounded by `Parser.maxDepth`.
  case binary(Expr, [Operation])
  /// `( command )`.
  case command(Command, SourceLocation)

  public var location: SourceLocation {
    switch self {
    case .number(_, _, let l), .string(_, let l), .bool(_, let l), .name(_, let l), .list(_, let l),
      .member(_, _, let l), .negate(_, let l), .command(_, let l):
      return l
    case .binary(let first, let operations):
      return operations.last?.location ?? first.location
    }
  }

  /// The span from the leftmost to the rightmost token, for carets under a whole operand.
  public var span: SourceLocation {
    switch self {
    case .member(let base, _, let l): return base.span.through(l)
    case .binary(let first, let operations):
      return first.span.through(operations.last?.operand.span ?? first.span)
    case .negate(let e, let l): return l.through(e.span)
    default: return location
    }
  }
}

/// One `op operand` of a binary chain; the location is the operator's.
public struct Operation {
  public var op: BinaryOperator
  public var operand: Expr
  public var location: SourceLocation

  public init(_ op: BinaryOperator, _ operand: Expr, at location: SourceLocation) {
    self.op = op
    self.operand = operand
    self.location = location
  }
}

/// An element of a list: `value` or `key=value` (key a word or a string).
public enum ListElement {
  case element(key: String?, Expr, SourceLocation)
  public var key: String? { switch self { case .element(let k, _, _): return k } }
  public var value: Expr { switch self { case .element(_, let e, _): return e } }
}

extension SourceLocation {
  /// The span from this location to the end of `other` when both are on one line.
  public func through(_ other: SourceLocation) -> SourceLocation {
    guard other.line == line, other.column >= column else { return self }
    var l = self
    l.length = other.column + other.length - column
    return l
  }
}
