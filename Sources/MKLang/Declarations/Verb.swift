import MKCore

// MARK: - Declarations

/// The type a slot or option accepts. Binding, errors, `help` and completion read it.
public indirect enum ArgType {
  /// Any number.
  case number
  /// A whole number within a range.
  case int(ClosedRange<Int>)
  /// A number within a range.
  case double(ClosedRange<Double>)
  case bool
  case string
  /// A string naming a file (completed as a path).
  case path
  /// One of a fixed set of words: a bare word here is that choice, never a variable.
  case choice([String])
  /// A model kind from `ModelRegistry` (a fixed choice).
  case kind
  /// Any bare word, not resolved as a variable (`help VERB`).
  case word
  /// A file column: a header name (a bare word is the name, not a variable) or a number from 1.
  case column
  /// A user or item as written in the data: a string or a number.
  case id
  case ratings, items, model, table
  /// A user side table, from `users`.
  case users
  /// A new user's ratings, from `profile`.
  case profile
  /// A list; `words` says which bare names inside it are words rather than variables.
  case list(words: ListWords)
  /// Any one of several types (`plot M` or `plot M.history`).
  case either([ArgType])
  /// Anything.
  case any

  /// How a list slot treats bare names.
  public enum ListWords {
    /// Bare names must be variables.
    case none
    /// These words are words (even when a variable has the name); other names are variables.
    case only([String])
    /// Any bare name that is not a variable is a word.
    case any
    /// Every bare name is a word, even when a variable has the name (column names).
    case all
  }

  /// "ratings", "a whole number in 1...1000", for help and errors.
  public var description: String {
    switch self {
    case .number: return "a number"
    case .int(let r): return r == Int.min...Int.max ? "a whole number" : "a whole number in \(r.lowerBound)...\(r.upperBound)"
    case .double(let r): return "a number in \(compact(.number(r.lowerBound)))...\(compact(.number(r.upperBound)))"
    case .bool: return "true or false"
    case .string: return "a string"
    case .path: return "a file path"
    case .choice(let cs): return cs.joined(separator: "|")
    case .kind: return "a model kind"
    case .word: return "a word"
    case .column: return "a column name or number"
    case .id: return "an id"
    case .ratings: return "ratings"
    case .items: return "items"
    case .users: return "users"
    case .model: return "a model"
    case .table: return "a table"
    case .profile: return "a profile"
    case .list: return "a list"
    case .either(let ts): return ts.map(\.description).joined(separator: " or ")
    case .any: return "a value"
    }
  }

  /// The placeholder in a usage line: `N`, `F`, `PATH`, `random|user`.
  public var placeholder: String {
    switch self {
    case .int: return "N"
    case .double, .number: return "F"
    case .bool: return "true|false"
    case .string: return "TEXT"
    case .path: return "PATH"
    case .choice(let cs): return cs.joined(separator: "|")
    case .kind: return "KIND"
    case .column: return "COL"
    case .ratings: return "DATA"
    case .items: return "ITEMS"
    case .users: return "USERS"
    case .model: return "M"
    case .list: return "[...]"
    default: return "X"
    }
  }

  /// The fixed words a slot accepts, for completion.
  public var choices: [String] {
    switch self {
    case .choice(let cs): return cs
    case .kind: return ModelRegistry.names
    case .bool: return ["true", "false"]
    case .either(let ts): return ts.flatMap(\.choices)
    default: return []
    }
  }
}

/// A positional argument of a verb: `DATA`, `MODEL`, `PATH`.
public struct Slot {
  public let name: String
  public let type: ArgType
  public let optional: Bool
  /// For a list slot, what its elements are (`compare [M1, M2]`: models): completion offers
  /// variables of this type inside the list.
  public let elements: ArgType
  public let help: String

  public init(_ name: String, _ type: ArgType, optional: Bool = false, elements: ArgType = .any, _ help: String) {
    self.name = name
    self.type = type
    self.optional = optional
    self.elements = elements
    self.help = help
  }
}

/// A `key=value` option of a verb. `defaultValue` fills it when not given (nil: absent).
public struct VerbOption {
  public let name: String
  public let type: ArgType
  public let defaultValue: Value?
  public let help: String
  /// For a model option: its declaration, which validates the value as it is bound (once,
  /// with the option's location) instead of the type's range.
  public let spec: OptionSpec?
  /// Whether a list of values makes a grid, one run per value (`cv … rank=[10, 20]`).
  public let grid: Bool

  public init(_ name: String, _ type: ArgType, default defaultValue: Value? = nil, _ help: String) {
    self.name = name
    self.type = type
    self.defaultValue = defaultValue
    self.help = help
    self.spec = nil
    self.grid = false
  }

  /// A model option declared in MKCore, as a verb option; with `grid`, a list of values is a
  /// grid (`cv`).
  public init(_ spec: OptionSpec, grid: Bool = false) {
    self.grid = grid
    switch spec.kind {
    case .int(let r): type = .int(r)
    case .double(let r): type = .double(r)
    case .bool: type = .bool
    case .choice(let cs): type = .choice(cs)
    case .text: type = .string
    case .ints, .namedNumbers: type = .list(words: .none)
    case .ratings: type = .ratings
    case .items: type = .items
    case .sides: type = .either([.items, .users, .list(words: .none)])
    }
    name = spec.name
    defaultValue = spec.defaultValue.map(Value.init)
    help = spec.help
    self.spec = spec
  }

  /// Each model kind's options as verb options, built once (`fit KIND`, help, completion).
  public static let ofKind: [String: [VerbOption]] = Dictionary(
    uniqueKeysWithValues: ModelRegistry.kinds.map { ($0.name, $0.options.map { VerbOption($0) }) })

  /// The same options where a list of values makes a grid (`cv KIND …`).
  public static let gridOfKind: [String: [VerbOption]] = Dictionary(
    uniqueKeysWithValues: ModelRegistry.kinds.map { ($0.name, $0.options.map { VerbOption($0, grid: !$0.isData) }) })
}

/// One verb, declared once: parsing, binding, errors, `help` and completion all read this.
///
/// ```swift
/// Verb("split", family: "data", summary: "split ratings into train and test",
///      slots: [Slot("DATA", .ratings, "the ratings"),
///              Slot("FRACTION", .double(0...1), optional: true, "the part kept for training")],
///      options: [VerbOption("seed", .int(0...Int(Int32.max)), default: .number(0), "random seed"),
///                VerbOption("by", .choice(["random", "user", "item", "time"]), default: .word("random"), "what is held out")],
///      examples: ["train, test = split ratings 0.8 seed=42"]) { call in
///   let r = try call.ratings("DATA")
///   let f = call.has("FRACTION") ? try call.number("FRACTION") : 0.8
///   ... try call.int("seed"), try call.word("by") ...
///   return .tuple([.ratings(train), .ratings(test)])
/// }
/// ```
/// Arguments arrive checked (types, ranges, choices); errors a verb throws without a location
/// point at the verb, or use `call.error(_:_:at: "SLOT")` to point at one argument.
public struct Verb {
  public let name: String
  /// "data", "models", "evaluation", "rankings", "plots", "session": `help` groups by it.
  public let family: String
  public let summary: String
  public let slots: [Slot]
  public let options: [VerbOption]
  /// Options that depend on the word in a fixed-choice slot: `fit KIND` takes the kind's.
  public let dependentOptions: (slot: String, options: (String) -> [VerbOption]?)?
  public let examples: [String]
  /// The first argument is a full expression (`assert x < 1`, `print 1 + 2`).
  public let expressionSlot: Bool
  /// Runs the verb. Return `.tuple` for several results, `.nothing` for none.
  public let run: (Call) throws -> Value

  public init(_ name: String, family: String, summary: String, slots: [Slot] = [],
              options: [VerbOption] = [],
              dependentOptions: (slot: String, options: (String) -> [VerbOption]?)? = nil,
              examples: [String] = [], expressionSlot: Bool = false,
              run: @escaping (Call) throws -> Value) {
    self.name = name
    self.family = family
    self.summary = summary
    self.slots = slots
    self.options = options
    self.dependentOptions = dependentOptions
    self.examples = examples
    self.expressionSlot = expressionSlot
    self.run = run
  }

  /// `split DATA [FRACTION] [seed=N] [by=random|user|item|time]`
  public func usage(kind: String? = nil) -> String {
    var parts = [name]
    for s in slots {
      if let kind, s.name == dependentOptions?.slot { parts.append(kind); continue }
      parts.append(s.optional ? "[\(s.name)]" : s.name)
    }
    for o in options { parts.append("[\(o.name)=\(o.type.placeholder)]") }
    if let dep = dependentOptions {
      if let kind, let extra = dep.options(kind) {
        for o in extra { parts.append("[\(o.name)=\(o.type.placeholder)]") }
      } else {
        parts.append("[options of \(dep.slot)]")
      }
    }
    return parts.joined(separator: " ")
  }
}

// MARK: - The registry

/// Every verb, by family. Adding a verb: one entry in its family file under `Verbs/`.
public enum Verbs {
  public static let families = ["data", "models", "evaluation", "rankings", "plots", "session"]
  public static let all: [Verb] = data + knowledgeTracing + models + evaluation + crossValidation + rankings + plots
    + session + coldStart + export + write
  public static let byName: [String: Verb] = Dictionary(all.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
}
