import MKCore

/// One bound invocation of a verb, handed to its `run` closure.
///
/// Arguments are already type-checked against the declaration (slots and options, with
/// defaults filled in); the typed accessors throw only when a verb asks for a name it did not
/// declare or an optional argument that was not given.
public final class Call {
  public let verb: Verb
  public let session: Session
  /// The verb name in the source; errors without a location of their own point here.
  public let location: SourceLocation
  /// Progress and cancellation for long loops, labelled with the verb's name.
  public let progress: Progress
  /// Slot and option values by name (options include defaults).
  public internal(set) var arguments: [String: Value] = [:]
  /// Names given explicitly in the source.
  public internal(set) var given: Set<String> = []
  /// For an expression slot holding a comparison (`assert a < b`): both sides, evaluated.
  public internal(set) var comparison: (lhs: Value, op: BinaryOperator, rhs: Value)?
  var locations: [String: SourceLocation] = [:]
  /// Model options given in the source, validated by their declarations (`OptionSpec`).
  var boundOptions: [String: OptionValue] = [:]
  /// Grid options (`cv … rank=[10, 20]`): each option given as a list of values, in source order.
  var gridOptions: [(name: String, values: [OptionValue])] = []
  let emitter: (String) -> Void

  init(verb: Verb, session: Session, location: SourceLocation, emit: @escaping (String) -> Void) {
    self.verb = verb
    self.session = session
    self.location = location
    self.emitter = emit
    self.progress = Progress(label: verb.name, reporter: session.options.progress,
                             keepsInterruptedFits: session.options.keepsInterruptedFits)
  }

  // MARK: - Access

  /// Whether `name` was written in the source (not only defaulted).
  public func has(_ name: String) -> Bool { given.contains(name) }
  /// The value bound to a slot or option, if any.
  public func value(_ name: String) -> Value? { arguments[name] }
  /// Where the argument `name` was written; the verb's place when it was not.
  public func location(of name: String) -> SourceLocation { locations[name] ?? location }
  /// An error pointing at the argument `name` (or at the verb).
  public func error(_ kind: MKError.Kind, _ message: String, at name: String? = nil, hint: String? = nil) -> MKError {
    MKError(kind, message, at: name.map { location(of: $0) } ?? location, hint: hint)
  }
  /// Writes a line of output now (`print`), before the statement's own result.
  public func emit(_ text: String) { emitter(text) }
  /// Runs `body`, pointing errors that carry no place of their own (a missing file, a damaged
  /// model) at the argument `name` instead of at the verb.
  public func pointing<T>(at name: String, _ body: () throws -> T) throws -> T {
    do {
      return try body()
    } catch var e as MKError where e.location == nil {
      e.location = location(of: name)
      throw e
    }
  }

  /// A path resolved against the session's working directory.
  /// A path resolved against the session's working directory, its environment variables
  /// (`$MK_DATA`) replaced; an unset variable is an error at the argument.
  public func path(_ name: String) throws -> String {
    let written = try string(name)
    return try pointing(at: name) { try session.resolvePath(written) }
  }

  private func get<T>(_ name: String, _ what: String, _ extract: (Value) -> T?) throws -> T {
    guard let v = arguments[name] else {
      throw error(.usage, "\(verb.name) needs \(name)", hint: "usage: \(verb.usage())")
    }
    guard let x = extract(v) else { throw error(.type, "\(verb.name) expects \(what) for \(name), got \(v.article)", at: name) }
    return x
  }

  public func ratings(_ name: String) throws -> Ratings { try get(name, "ratings") { if case .ratings(let r) = $0 { return r }; return nil } }
  public func items(_ name: String) throws -> Items { try get(name, "items") { if case .items(let i) = $0 { return i }; return nil } }
  public func users(_ name: String) throws -> Users { try get(name, "users") { if case .users(let u) = $0 { return u }; return nil } }
  public func model(_ name: String) throws -> any Model { try get(name, "a model") { if case .model(let m) = $0 { return m }; return nil } }
  public func table(_ name: String) throws -> Table { try get(name, "a table") { if case .table(let t) = $0 { return t }; return nil } }
  public func number(_ name: String) throws -> Double { try get(name, "a number") { if case .number(let d) = $0 { return d }; return nil } }
  public func int(_ name: String) throws -> Int { Int(try number(name)) }
  public func bool(_ name: String) throws -> Bool { try get(name, "true or false") { if case .bool(let b) = $0 { return b }; return nil } }
  public func list(_ name: String) throws -> [Value.Element] { try get(name, "a list") { if case .list(let l) = $0 { return l }; return nil } }
  /// A string or a word.
  public func string(_ name: String) throws -> String {
    try get(name, "a string") {
      switch $0 {
      case .string(let s), .word(let s): return s
      default: return nil
      }
    }
  }
  /// The word in a fixed-choice slot or option (`by=user` gives "user").
  public func word(_ name: String) throws -> String { try string(name) }
  /// A user or item as written in the data: a string, or a number written as digits.
  public func id(_ name: String) throws -> String {
    try get(name, "an id") {
      switch $0 {
      case .string(let s), .word(let s): return s
      case .number(let d): return formatNumber(d)
      default: return nil
      }
    }
  }

  /// The model options of this call, as `kind` reads them: the ones given, validated by their
  /// declarations as they were bound, over the kind's defaults.
  public func modelOptions(_ kind: ModelKind) -> FitOptions { kind.validatedOptions(boundOptions) }

  /// Every combination of the grid options (`cv`), each over the single options given and the
  /// kind's defaults, with the grid's values of the combination (for labels). One combination,
  /// with no grid values, when no option is a grid. The first grid option varies slowest.
  /// `extra` adds options the verb sets itself (cv's `seed`).
  public func modelOptionGrid(_ kind: ModelKind, extra: [String: OptionValue] = [:])
    -> [(options: FitOptions, values: [(String, OptionValue)])] {
    var combinations: [[(String, OptionValue)]] = [[]]
    for (name, values) in gridOptions {
      combinations = combinations.flatMap { c in values.map { c + [(name, $0)] } }
    }
    return combinations.map { c in
      var bound = boundOptions.merging(extra) { given, _ in given }
      for (name, v) in c { bound[name] = v }
      return (kind.validatedOptions(bound), c)
    }
  }

  /// A metric's options (`ndcg … k=5`), validated as they were bound, over their defaults.
  public func metricOptions(_ specs: [OptionSpec]) -> MetricOptions {
    var o = MetricOptions(specs: specs)
    for spec in specs { if let v = boundOptions[spec.name] { o.set(spec.name, v) } }
    return o
  }
}
