/// A kind's options as a typed value, declared once.
///
/// Each kind has a struct of plain fields whose initial values are the defaults, and a list
/// of `ModelOption` entries that tie each user-facing name to a field by key path:
///
/// ```swift
/// public struct ALSOptions: ModelOptions {
///   public var rank = 20
///   public var lambda = 0.1
///   public static let declaration: [ModelOption<ALSOptions>] = [
///     .int("rank", \.rank, 1...1000, "number of latent dimensions k"),
///     .double("lambda", \.lambda, 0...1e4, "weighted-λ regularization"),
///   ]
/// }
/// ```
///
/// The kind's code reads `options.rank` (a misspelt field does not compile); `help fit KIND`,
/// completion, the binder, model files and `M.hyperparameters` read the declaration.
/// Validation happens once per path, before anything is allocated: the language checks each
/// option as it binds it (`OptionSpec.validate`, with the option's source location), other
/// callers (tests, model files) through `parse(_:kind:)`.
public protocol ModelOptions {
  /// The defaults.
  init()
  static var declaration: [ModelOption<Self>] { get }
  /// The random seed, for kinds that draw random numbers.
  var seed: Int { get }
  /// Defaults that depend on other options, set after the given ones are applied; `given`
  /// holds the names the user set (e.g. ALS's `prior` defaults to 0 under `engine=spark`).
  mutating func settleDefaults(given: Set<String>)
}

extension ModelOptions {
  public var seed: Int { 0 }
  public mutating func settleDefaults(given: Set<String>) {}

  /// The erased declarations, defaults filled from `init()`.
  public static var specs: [OptionSpec] {
    let defaults = Self()
    return declaration.map { $0.spec(defaults: defaults) }
  }

  /// Validates `given` (name → value) against the declaration and applies it over the
  /// defaults, in declaration order (so an alias such as `lambda_user` is applied after the
  /// list it writes into). Unknown names are errors with a did-you-mean.
  public static func parse(_ given: [String: OptionValue], kind: String) throws -> Self {
    let names = declaration.map(\.name)
    for name in given.keys.sorted() where !names.contains(name) {
      throw MKError.unknown("option", name, among: names, for: kind, listHint: "\(kind) takes: \(names.joined(separator: ", "))",
                            suggestion: .hint)
    }
    var o = Self()
    for entry in declaration {
      guard let v = given[entry.name] else { continue }
      entry.set(&o, try entry.spec(defaults: o).validate(v))
    }
    o.settleDefaults(given: Set(given.keys))
    return o
  }

  /// Applies values the language has already validated against `specs`.
  public static func applying(validated given: [String: OptionValue]) -> Self {
    var o = Self()
    for entry in declaration {
      if let v = given[entry.name] { entry.set(&o, v) }
    }
    o.settleDefaults(given: Set(given.keys))
    return o
  }

  /// (name, value) pairs of the hyperparameters set, in declaration order: what a model file
  /// stores and `M.hyperparameters` shows. Absent optional values, aliases and data options
  /// are left out.
  public var pairs: [(String, OptionValue)] {
    Self.declaration.compactMap { entry in entry.get(self).map { (entry.name, $0) } }
  }
}

/// One declared option of the kind whose options are `O`: its erased spec, and how it reads
/// and writes its field.
public struct ModelOption<O> {
  public let name: String
  let kind: OptionSpec.Kind
  let help: String
  /// The field's value as stored and shown; nil when absent (and for aliases and data).
  let get: (O) -> OptionValue?
  /// Writes a validated value.
  let set: (inout O, OptionValue) -> Void

  func spec(defaults: O) -> OptionSpec { OptionSpec(name, kind, default: get(defaults), help) }

  public static func int(_ name: String, _ key: WritableKeyPath<O, Int>, _ range: ClosedRange<Int>, _ help: String) -> ModelOption {
    ModelOption(name: name, kind: .int(range), help: help, get: { .int($0[keyPath: key]) }) { o, v in
      if case .int(let i) = v { o[keyPath: key] = i }
    }
  }

  public static func double(_ name: String, _ key: WritableKeyPath<O, Double>, _ range: ClosedRange<Double>, _ help: String) -> ModelOption {
    ModelOption(name: name, kind: .double(range), help: help, get: { .double($0[keyPath: key]) }) { o, v in
      if let d = v.number { o[keyPath: key] = d }
    }
  }

  /// A number that may be absent (the kind then falls back to another option or to data).
  public static func double(_ name: String, _ key: WritableKeyPath<O, Double?>, _ range: ClosedRange<Double>, _ help: String) -> ModelOption {
    ModelOption(name: name, kind: .double(range), help: help, get: { $0[keyPath: key].map(OptionValue.double) }) { o, v in
      if let d = v.number { o[keyPath: key] = d }
    }
  }

  public static func bool(_ name: String, _ key: WritableKeyPath<O, Bool>, _ help: String) -> ModelOption {
    ModelOption(name: name, kind: .bool, help: help, get: { .bool($0[keyPath: key]) }) { o, v in
      if case .bool(let b) = v { o[keyPath: key] = b }
    }
  }

  public static func choice<C: RawRepresentable & CaseIterable>(_ name: String, _ key: WritableKeyPath<O, C>, _ help: String) -> ModelOption
  where C.RawValue == String {
    ModelOption(name: name, kind: .choice(C.allCases.map(\.rawValue)), help: help, get: { .string($0[keyPath: key].rawValue) }) { o, v in
      if case .string(let s) = v, let c = C(rawValue: s) { o[keyPath: key] = c }
    }
  }

  public static func ints(_ name: String, _ key: WritableKeyPath<O, [Int]>, _ range: ClosedRange<Int>, count: ClosedRange<Int>,
                          _ help: String) -> ModelOption {
    ModelOption(name: name, kind: .ints(range, count: count), help: help, get: { .ints($0[keyPath: key]) }) { o, v in
      if case .ints(let list) = v { o[keyPath: key] = list }
    }
  }

  /// Numbers by name (a penalty per feature group); shown only when some are set.
  public static func named(_ name: String, _ key: WritableKeyPath<O, [String: Double]>, _ range: ClosedRange<Double>,
                           _ help: String) -> ModelOption {
    ModelOption(name: name, kind: .namedNumbers(range), help: help, get: { o in
      let d = o[keyPath: key]
      return d.isEmpty ? nil : .named(d.keys.sorted().map { NamedNumber($0, d[$0]!) })
    }) { o, v in
      if case .named(let pairs) = v { for p in pairs { o[keyPath: key][p.name] = p.value } }
    }
  }

  /// An older name for one entry of a `named` option (`lambda_user=0.5` is
  /// `lambda_groups=[user=0.5]`); never stored under its own name.
  public static func alias(_ name: String, entry: String, of key: WritableKeyPath<O, [String: Double]>,
                           _ range: ClosedRange<Double>, _ help: String) -> ModelOption {
    ModelOption(name: name, kind: .double(range), help: help, get: { _ in nil }) { o, v in
      if let d = v.number { o[keyPath: key][entry] = d }
    }
  }

  /// `seed=`: the random seed every random kind takes.
  public static func seed(_ key: WritableKeyPath<O, Int>) -> ModelOption {
    .int("seed", key, 0...Int(Int32.max), "random seed")
  }

  /// `valid=`: data scored after each iteration, a column of the history.
  public static var validation: ModelOption { .ratings("valid", "data for a validation curve in history") }

  /// `valid=` of the kinds that stop early (`EarlyStopping`): the validation curve, and the
  /// iteration with the best validation metric kept.
  public static var earlyStoppingValidation: ModelOption {
    .ratings("valid", "data for the validation curve and early stopping (best iteration kept)")
  }

  /// `patience=`: with `valid=`, iterations without improvement before stopping.
  public static func patience(_ key: WritableKeyPath<O, Int>) -> ModelOption {
    .int("patience", key, 1...10000, "with valid=: iterations without improvement before stopping")
  }

  /// A data set the language binds (`valid=`): declared for help and completion, handed to the
  /// kind in `FitInput`, not stored with the model.
  public static func ratings(_ name: String, _ help: String) -> ModelOption {
    ModelOption(name: name, kind: .ratings, help: help, get: { _ in nil }) { _, _ in }
  }

  /// Side tables the language binds (`side=works`, `side=[works, people]`), handed to the
  /// kind in `FitInput` (`side`, `users`).
  public static func sides(_ name: String, _ help: String) -> ModelOption {
    ModelOption(name: name, kind: .sides, help: help, get: { _ in nil }) { _, _ in }
  }

  /// An item table the language binds (`side=`), handed to the kind in `FitInput`.
  public static func items(_ name: String, _ help: String) -> ModelOption {
    ModelOption(name: name, kind: .items, help: help, get: { _ in nil }) { _, _ in }
  }
}

extension OptionValue {
  /// The value as a number, for numeric options.
  var number: Double? {
    switch self {
    case .int(let i): return Double(i)
    case .double(let d): return d
    default: return nil
    }
  }
}

/// A kind's validated options, erased so that `FitInput` and `FitInfo` can carry any kind's:
/// the kind reads its typed value back with `typed()`.
public struct FitOptions {
  public let kind: String
  let value: any ModelOptions
  /// The hyperparameters set, in declaration order (model files, `M.hyperparameters`).
  public let pairs: [(String, OptionValue)]

  public init<O: ModelOptions>(kind: String, _ value: O) {
    self.kind = kind
    self.value = value
    self.pairs = value.pairs
  }

  /// The kind's own options. A kind only ever receives its own (`ModelKind` builds them), so
  /// a mismatch is a programming error.
  public func typed<O: ModelOptions>(_: O.Type = O.self) -> O {
    guard let o = value as? O else { preconditionFailure("\(kind) options read as \(O.self)") }
    return o
  }

  /// The value of a hyperparameter by name, for displays.
  public func value(_ name: String) -> OptionValue? { pairs.first { $0.0 == name }?.1 }

  /// The random seed.
  public var seed: UInt64 { UInt64(truncatingIfNeeded: value.seed) }
}

/// The options of a kind that has none (`mean`).
public struct NoOptions: ModelOptions {
  public init() {}
  public static let declaration: [ModelOption<NoOptions>] = []
}
