/// One model option as the outside sees it: name, type and range, default, help line.
///
/// A kind declares its options once, as `ModelOption<KindOptions>` entries over a typed struct
/// (`ModelOptions.swift`); `OptionSpec` is the erased view of one entry that `help fit KIND`,
/// tab completion, the language's binder and model files read. `validate` is the one place a
/// value is checked against the declaration.
public struct OptionSpec {
  public enum Kind {
    case int(ClosedRange<Int>)
    case double(ClosedRange<Double>)
    case bool
    case choice([String])
    /// Free text (e.g. a Spark master URL, `master="local[2]"`).
    case text
    /// A list of whole numbers (e.g. `layers=[64,32]`), each within the range, with a count
    /// within `count`.
    case ints(ClosedRange<Int>, count: ClosedRange<Int>)
    /// Numbers by name (e.g. `lambda_groups=[user=1, tags=0.1]`), each within the range; the
    /// names are checked by the kind against its data (a design's groups) when it fits.
    case namedNumbers(ClosedRange<Double>)
    /// Another data set (e.g. `valid=` for validation curves); bound by the language.
    case ratings
    /// An item table (e.g. `side=` for side features); bound by the language.
    case items
    /// An item table, a user table, or a list of one of each (the FM kinds' `side=`); bound
    /// by the language.
    case sides
  }

  public let name: String
  public let kind: Kind
  /// The value a fit gets when the option is not given; nil: absent (an optional option, or
  /// a data option).
  public let defaultValue: OptionValue?
  public let help: String

  public init(_ name: String, _ kind: Kind, default defaultValue: OptionValue?, _ help: String) {
    self.name = name
    self.kind = kind
    self.defaultValue = defaultValue
    self.help = help
  }

  /// Whether the option names data the language binds (`valid=`, `side=`) rather than a
  /// hyperparameter.
  public var isData: Bool {
    switch kind {
    case .ratings, .items, .sides: return true
    default: return false
    }
  }

  /// Whether the option's value is itself a list (`layers=[64, 32]`, `lambda_groups=[…]`).
  public var takesList: Bool {
    switch kind {
    case .ints, .namedNumbers: return true
    default: return false
    }
  }

  /// Checks a value against this declaration and normalizes it (an integral double to an int,
  /// a legacy "64,32" string to a list). `written` is the value as the user wrote it, for the
  /// message (`rank=1e9 is out of range`); without it the value is shown as stored.
  public func validate(_ v: OptionValue, written: String? = nil) throws -> OptionValue {
    let shown = written ?? v.description
    switch (kind, v) {
    case (.int(let r), .int(let i)):
      guard r.contains(i) else { throw MKError(.value, "\(name)=\(shown) is out of range \(r.lowerBound)...\(r.upperBound)") }
      return v
    case (.int(let r), .double(let d)):
      guard d.rounded() == d else { throw MKError(.type, "\(name) must be a whole number, got \(shown)") }
      guard abs(d) < 1e15 else { throw MKError(.value, "\(name)=\(shown) is out of range \(r.lowerBound)...\(r.upperBound)") }
      return try validate(.int(Int(d)), written: written)
    case (.double(let r), .double(let d)):
      guard d.isFinite, r.contains(d) else {
        throw MKError(.value, "\(name)=\(shown) is out of range \(OptionValue.double(r.lowerBound))...\(OptionValue.double(r.upperBound))")
      }
      return v
    case (.double, .int(let i)):
      return try validate(.double(Double(i)), written: written)
    case (.bool, .bool): return v
    case (.text, .string): return v
    case (.ints, .string(let legacy)):
      // Model files before format 4 carried integer lists as "64,32".
      let parts = legacy.split(separator: ",", omittingEmptySubsequences: false)
      let list = parts.compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
      guard list.count == parts.count else { throw MKError(.type, "\(name) expects \(kindDescription), got '\(legacy)'") }
      return try validate(.ints(list), written: written)
    case (.ints(let r, let counts), .ints(let list)):
      let text = list.map(String.init).joined(separator: ",")
      if let bad = list.first(where: { !r.contains($0) }) {
        throw MKError(.value, "\(name)=[\(text)] has \(bad), out of range \(r.lowerBound)...\(r.upperBound)")
      }
      guard counts.contains(list.count) else {
        throw MKError(.value, "\(name) has \(list.count) numbers, and takes \(counts.lowerBound)...\(counts.upperBound)")
      }
      return v
    case (.namedNumbers(let r), .named(let pairs)):
      var seen: Set<String> = []
      for p in pairs {
        guard seen.insert(p.name).inserted else { throw MKError(.value, "\(name) names '\(p.name)' twice") }
        guard p.value.isFinite, r.contains(p.value) else {
          throw MKError(.value, "\(name): \(p.name)=\(OptionValue.double(p.value)) is out of range "
                          + "\(OptionValue.double(r.lowerBound))...\(OptionValue.double(r.upperBound))")
        }
      }
      return v
    case (.choice(let cs), .string(let s)):
      guard cs.contains(s) else {
        throw MKError.notAmong("\(name)=\(s) is not one of \(cs.joined(separator: ", "))", s, among: cs, kind: .value,
                               suggestion: .hint)
      }
      return v
    default:
      throw MKError(.type, "\(name) expects \(kindDescription), got \(v)")
    }
  }

  /// "a whole number in 1...1000", for help and errors.
  public var kindDescription: String {
    switch kind {
    case .int(let r): return "a whole number in \(r.lowerBound)...\(r.upperBound)"
    case .double(let r): return "a number in \(OptionValue.double(r.lowerBound))...\(OptionValue.double(r.upperBound))"
    case .bool: return "true or false"
    case .text: return "a string"
    case .choice(let cs): return "one of " + cs.joined(separator: "|")
    case .ints(let r, _): return "a list of whole numbers in \(r.lowerBound)...\(r.upperBound), e.g. [64,32]"
    case .namedNumbers(let r):
      return "a list of name=number in \(OptionValue.double(r.lowerBound))...\(OptionValue.double(r.upperBound)), e.g. [user=1, tags=0.1]"
    case .ratings: return "a ratings data set"
    case .items: return "an item table"
    case .sides: return "an item table, a user table, or [ITEMS, USERS]"
    }
  }
}

/// A plain option value, as written in a model file and shown in `M.hyperparameters`.
public enum OptionValue: Equatable, CustomStringConvertible {
  case int(Int)
  case double(Double)
  case bool(Bool)
  case string(String)
  case ints([Int])
  case named([NamedNumber])

  public var description: String {
    switch self {
    case .int(let i): return String(i)
    case .double(let d):
      if d == d.rounded(), abs(d) < 1e9 { return String(Int(d)) }
      return String(d)
    case .bool(let b): return b ? "true" : "false"
    case .string(let s): return s
    case .ints(let list): return list.map(String.init).joined(separator: ",")
    case .named(let pairs): return "[" + pairs.map { "\($0.name)=\(OptionValue.double($0.value))" }.joined(separator: ", ") + "]"
    }
  }
}

/// One `name=number` entry of a `.namedNumbers` option.
public struct NamedNumber: Equatable {
  public let name: String
  public let value: Double
  public init(_ name: String, _ value: Double) {
    self.name = name
    self.value = value
  }
}
