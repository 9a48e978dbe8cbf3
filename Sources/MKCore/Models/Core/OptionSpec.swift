import Foundation

/// A model option, declared once: name, type and range, default, help line.
///
/// `fit`'s option parsing, its error messages, `help fit`, tab completion and `M.hyperparameters`
/// all read these declarations. Options are validated before anything is allocated, so
/// `rank=1e9` is an error, not an out-of-memory kill.
public struct OptionSpec {
  public enum Kind {
    case int(ClosedRange<Int>)
    case double(ClosedRange<Double>)
    case bool
    case choice([String])
    /// A list of whole numbers (e.g. `layers=[64,32]`), each within the range, with a count
    /// within `count`; carried as `OptionValue.string("64,32")`.
    case intList(ClosedRange<Int>, count: ClosedRange<Int>)
    /// Another data set (e.g. `valid=` for validation curves); bound by the language.
    case ratings
    /// An item table (e.g. `side=` for side features); bound by the language.
    case items
  }

  public let name: String
  public let kind: Kind
  public let defaultValue: OptionValue?
  public let help: String

  public init(_ name: String, _ kind: Kind, default defaultValue: OptionValue?, _ help: String) {
    self.name = name
    self.kind = kind
    self.defaultValue = defaultValue
    self.help = help
  }

  /// Checks a value against this declaration and converts it (an integral double to an int).
  public func validate(_ v: OptionValue) throws -> OptionValue {
    switch (kind, v) {
    case (.int(let r), .int(let i)):
      guard r.contains(i) else { throw MKError(.value, "\(name)=\(i) is out of range \(r.lowerBound)...\(r.upperBound)") }
      return v
    case (.int(let r), .double(let d)):
      guard d.rounded() == d, abs(d) < 1e15 else {
        if abs(d) >= 1e15 { throw MKError(.value, "\(name)=\(OptionValue.double(d)) is out of range \(r.lowerBound)...\(r.upperBound)") }
        throw MKError(.type, "\(name) must be a whole number, got \(d)")
      }
      return try validate(.int(Int(d)))
    case (.double(let r), .double(let d)):
      guard d.isFinite, r.contains(d) else { throw MKError(.value, "\(name)=\(OptionValue.double(d)) is out of range \(OptionValue.double(r.lowerBound))...\(OptionValue.double(r.upperBound))") }
      return v
    case (.double, .int(let i)):
      return try validate(.double(Double(i)))
    case (.bool, .bool): return v
    case (.intList(let r, let counts), .string(let s)):
      let parts = s.trimmingCharacters(in: CharacterSet(charactersIn: "[] ")).split(separator: ",", omittingEmptySubsequences: false)
      var list: [Int] = []
      for p in parts {
        guard let i = Int(p.trimmingCharacters(in: .whitespaces)) else {
          throw MKError(.type, "\(name) expects \(kindDescription), got '\(s)'")
        }
        guard r.contains(i) else { throw MKError(.value, "\(name)=[\(s)] has \(i), out of range \(r.lowerBound)...\(r.upperBound)") }
        list.append(i)
      }
      guard counts.contains(list.count) else {
        throw MKError(.value, "\(name) has \(list.count) numbers, and takes \(counts.lowerBound)...\(counts.upperBound)")
      }
      return .string(list.map(String.init).joined(separator: ","))
    case (.choice(let cs), .string(let s)):
      guard cs.contains(s) else {
        throw MKError(.value, "\(name)=\(s) is not one of \(cs.joined(separator: ", "))",
                      hint: Suggest.closest(s, in: cs).map { "did you mean '\($0)'?" })
      }
      return v
    default:
      throw MKError(.type, "\(name) expects \(kindDescription), got \(v)")
    }
  }

  /// The numbers of a validated `.intList` value ("64,32" → [64, 32]).
  public static func intList(_ s: String) -> [Int] { s.split(separator: ",").compactMap { Int($0) } }

  /// "a whole number in 1...1000", for help and errors.
  public var kindDescription: String {
    switch kind {
    case .int(let r): return "a whole number in \(r.lowerBound)...\(r.upperBound)"
    case .double(let r): return "a number in \(OptionValue.double(r.lowerBound))...\(OptionValue.double(r.upperBound))"
    case .bool: return "true or false"
    case .choice(let cs): return "one of " + cs.joined(separator: "|")
    case .intList(let r, _): return "a list of whole numbers in \(r.lowerBound)...\(r.upperBound), e.g. [64,32]"
    case .ratings: return "a ratings data set"
    case .items: return "an item table"
    }
  }
}

/// A plain option value, as written in a model file and shown in `M.hyperparameters`.
public enum OptionValue: Equatable, CustomStringConvertible {
  case int(Int)
  case double(Double)
  case bool(Bool)
  case string(String)

  public var description: String {
    switch self {
    case .int(let i): return String(i)
    case .double(let d):
      if d == d.rounded(), abs(d) < 1e9 { return String(Int(d)) }
      return String(d)
    case .bool(let b): return b ? "true" : "false"
    case .string(let s): return s
    }
  }
}

/// Options given to `fit`, after validation, with defaults filled in.
public struct OptionValues {
  public private(set) var values: [String: OptionValue] = [:]
  public private(set) var order: [String] = []

  public init() {}

  /// Validates `given` against `specs`, fills defaults, and rejects unknown names.
  public init(specs: [OptionSpec], given: [String: OptionValue], kind: String) throws {
    for (name, _) in given where !specs.contains(where: { $0.name == name }) {
      let names = specs.map(\.name)
      throw MKError(.name, "unknown option '\(name)' for \(kind)",
                    hint: Suggest.closest(name, in: names).map { "did you mean '\($0)'?" }
                      ?? "\(kind) takes: \(names.joined(separator: ", "))")
    }
    for spec in specs {
      if let v = given[spec.name] {
        set(spec.name, try spec.validate(v))
      } else if let d = spec.defaultValue {
        set(spec.name, d)
      }
    }
  }

  public mutating func set(_ name: String, _ v: OptionValue) {
    if values[name] == nil { order.append(name) }
    values[name] = v
  }

  public func int(_ name: String) -> Int {
    switch values[name] {
    case .int(let i): return i
    case .double(let d): return Int(d)
    default: preconditionFailure("option \(name) is not declared as a number")
    }
  }
  public func double(_ name: String) -> Double {
    switch values[name] {
    case .double(let d): return d
    case .int(let i): return Double(i)
    default: preconditionFailure("option \(name) is not declared as a number")
    }
  }
  public func bool(_ name: String) -> Bool {
    if case .bool(let b) = values[name] { return b }
    preconditionFailure("option \(name) is not declared as a bool")
  }
  public func string(_ name: String) -> String {
    if case .string(let s) = values[name] { return s }
    preconditionFailure("option \(name) is not declared as a choice")
  }

  /// (name, value) pairs in declaration order, for displays and model files.
  public var pairs: [(String, OptionValue)] { order.map { ($0, values[$0]!) } }
}
