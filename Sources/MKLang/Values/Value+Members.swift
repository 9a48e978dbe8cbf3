import MKCore

/// A member of a value's type, reached with `x.name`.
public struct Member {
  public let name: String
  public let help: String
  public let get: (Value) throws -> Value

  public init(_ name: String, _ help: String, _ get: @escaping (Value) throws -> Value) {
    self.name = name
    self.help = help
    self.get = get
  }
}

/// The member tables, one per value type. Adding a member: one entry in its type's table.
public enum Members {
  public static let ratings: [Member] = [
    Member("count", "number of ratings") { .number(Double(try r($0).count)) },
    Member("users", "number of users with ratings") { .number(Double(try r($0).userCounts.filter { $0 > 0 }.count)) },
    Member("itemCount", "number of items with ratings") { .number(Double(try r($0).itemCounts.filter { $0 > 0 }.count)) },
    Member("items", "the items (titles, tags) attached to the data") {
      guard let it = try r($0).items else {
        throw MKError(.value, "these ratings have no items attached", hint: "'.itemCount' counts the rated items")
      }
      return .items(it)
    },
    Member("mean", "mean rating") { .number(try r($0).mean) },
    Member("min", "smallest rating") { .number(Double(try r($0).range.lowerBound)) },
    Member("max", "largest rating") { .number(Double(try r($0).range.upperBound)) },
    Member("binary", "whether ratings are 0/1 outcomes") { .bool(try r($0).isBinary) },
    Member("name", "where the ratings came from") { .string(try r($0).name) },
  ]

  public static let items: [Member] = [
    Member("count", "number of items listed") { v in guard case .items(let it) = v else { return .nothing }; return .number(Double(it.count)) },
    Member("tags", "the tag names") { v in
      guard case .items(let it) = v else { return .nothing }
      return .list(it.tagNames.map { Value.Element(.string($0)) })
    },
    Member("name", "where the items came from") { v in guard case .items(let it) = v else { return .nothing }; return .string(it.name) },
  ]

  public static let users: [Member] = [
    Member("count", "number of users listed") { v in guard case .users(let us) = v else { return .nothing }; return .number(Double(us.count)) },
    Member("attributes", "the attribute names (columns of the file)") { v in
      guard case .users(let us) = v else { return .nothing }
      return .list(us.attributes.map { Value.Element(.string($0)) })
    },
    Member("columns", "the design's columns: a numeric attribute, or attribute=level") { v in
      guard case .users(let us) = v else { return .nothing }
      return .list(us.columnNames.map { Value.Element(.string($0)) })
    },
    Member("name", "where the users came from") { v in guard case .users(let us) = v else { return .nothing }; return .string(us.name) },
  ]

  public static let model: [Member] = [
    Member("kind", "the model kind") { .word(try m($0).kindName) },
    Member("history", "per-iteration metrics recorded while fitting") { v in
      let model = try m(v), h = model.info.history
      return .table(Table(title: "\(model.kindName) history" + (h.keptNote.map { " (\($0))" } ?? ""),
                          columns: h.columns.map { Table.Column($0) },
                          rows: h.rows.map { $0.map { .number($0) } }))
    },
    Member("hyperparameters", "the options the model was fitted with") { v in
      let info = try m(v).info
      var t = Table(title: "\(info.kind) hyperparameters", headers: ["option", "value"])
      for (name, value) in info.options.pairs { t.append([.text(name), .text(value.description)]) }
      return .table(t)
    },
    Member("users", "the user embeddings: a table user, dim1, dim2, … (export writes it)") { v in
      .table(try Embeddings.table(of: m(v), .users))
    },
    Member("items", "the item embeddings: a table item, dim1, dim2, … (export writes it, labels= adds titles)") { v in
      .table(try Embeddings.table(of: m(v), .items))
    },
    Member("groups", "the named column groups of the design a factorization machine read") { v in
      let model = try m(v)
      guard !model.featureGroups.isEmpty else {
        throw MKError(.value, "a \(model.kindName) model reads no design matrix", hint: "groups belong to fm, deepfm and bayesfm")
      }
      var t = Table(title: "\(model.kindName) design groups", headers: ["group", "columns"])
      for g in model.featureGroups { t.append([.text(g.name), .number(Double(g.columns.count))]) }
      return .table(t)
    },
    Member("seconds", "time spent fitting") { .number(try m($0).info.seconds) },
    Member("trainedOn", "the data it was fitted on") { .string(try m($0).info.trainedOn) },
    Member("gate", "a blend's gate σ(β(R − γ)): β, γ and the weight of A against the rating count R") { v in
      guard let blend = try m(v) as? BlendModel else {
        throw MKError(.value, "a \(try m(v).kindName) model has no gate", hint: "gates belong to blends: balse = blend als lasso train")
      }
      var t = Table(title: "gate of \(blend.a.kindName) (A) and \(blend.b.kindName) (B): σ(β(R − γ)) with "
                      + "β = \(formatNumber(blend.beta, digits: 6)), γ = \(formatNumber(blend.gamma, digits: 2))",
                    columns: [Table.Column("count"), Table.Column("weight")])
      for (r, w) in blend.gateCurve() { t.append([.number(r), .number(w)]) }
      return .table(t)
    },
  ]

  public static let list: [Member] = [
    Member("count", "number of elements") { v in .number(Double(elements(v).count)) },
    Member("first", "the first element") { v in try element(v, elements(v).first) },
    Member("last", "the last element") { v in try element(v, elements(v).last) },
  ]

  public static let table: [Member] = [
    Member("rows", "number of rows") { v in guard case .table(let t) = v else { return .nothing }; return .number(Double(t.rows.count)) },
    Member("columns", "the column headers") { v in
      guard case .table(let t) = v else { return .nothing }
      return .list(t.columns.map { Value.Element(.string($0.header)) })
    },
  ]

  public static let string: [Member] = [
    Member("length", "number of characters") { v in
      guard case .string(let s) = v else { return .nothing }
      return .number(Double(s.count))
    },
  ]

  /// The members of a value's type.
  public static func of(_ v: Value) -> [Member] {
    switch v {
    case .ratings: return ratings
    case .items: return items
    case .users: return users
    case .model(let mo): return model + mo.info.options.pairs.map { name, value in Member(name, "option") { _ in Value(value) } }
    case .list(let es): return list + keyMembers(es)
    case .tuple: return list
    case .table(let t): return table + t.columnMembers
    case .string: return string
    default: return []
    }
  }

  /// `v.name`, or an error naming the members that exist.
  public static func get(_ name: String, of v: Value, at loc: SourceLocation) throws -> Value {
    // A keyed list's element, found without building a member for every key of a long column.
    if case .list(let es) = v, !list.contains(where: { $0.name == name }),
       let e = es.first(where: { $0.key == name }) ?? es.first(where: { $0.key.map(Table.asWord) == name }) {
      return e.value
    }
    let members = of(v)
    guard let member = members.first(where: { $0.name == name }) else {
      let names = members.map(\.name)
      throw MKError.notAmong("\(v.typeName) has no member '\(MessageText.quoted(name))'", MessageText.quoted(name), among: names, kind: .name, at: loc,
                             hint: names.isEmpty ? "\(v.article) has no members"
                               : "members of \(v.typeName): " + names.prefix(30).joined(separator: ", ") + (names.count > 30 ? ", …" : ""))
    }
    do {
      return try member.get(v)
    } catch var e as MKError {
      if e.location == nil { e.location = loc }
      throw e
    }
  }

  /// A keyed list's elements by key (`[a=1, b=2].a`, a table column's `t.rmse.als`): the key
  /// as written, or as a word when it is not one (`Toy_Story_1995`). Built-in members win.
  private static func keyMembers(_ es: [Value.Element]) -> [Member] {
    var out: [Member] = []
    var names = Set(list.map(\.name))
    for e in es {
      guard let key = e.key else { continue }
      for name in [key, Table.asWord(key)] where !name.isEmpty && names.insert(name).inserted {
        let value = e.value
        out.append(Member(name, "the element keyed '\(key)'") { _ in value })
      }
    }
    return out
  }

  // MARK: - Helpers

  private static func r(_ v: Value) throws -> Ratings {
    guard case .ratings(let r) = v else { throw MKError(.internalError, "not ratings") }
    return r
  }
  private static func m(_ v: Value) throws -> any Model {
    guard case .model(let m) = v else { throw MKError(.internalError, "not a model") }
    return m
  }
  private static func elements(_ v: Value) -> [Value] {
    switch v {
    case .list(let es): return es.map(\.value)
    case .tuple(let vs): return vs
    default: return []
    }
  }
  private static func element(_ v: Value, _ e: Value?) throws -> Value {
    guard let e else { throw MKError(.value, "the \(v.typeName) is empty") }
    return e
  }
}
