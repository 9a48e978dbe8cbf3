import MKCore

/// The `side=` option of `fit`: an item table (`side=works`), a user table (`side=people`),
/// or a list of at most one of each (`side=[works, people]`).
enum SideTables {
  static func of(_ call: Call) throws -> (items: Items?, users: Users?) {
    guard call.has("side"), let value = call.value("side") else { return (nil, nil) }
    var items: Items?, users: Users?
    let elements: [Value]
    switch value {
    case .list(let es): elements = es.map(\.value)
    default: elements = [value]
    }
    for (k, v) in elements.enumerated() {
      let place = elements.count > 1 || value.isList ? "element \(k + 1) of side=" : "side="
      switch v {
      case .items(let t):
        guard items == nil else {
          throw call.error(.value, "side= holds two item tables", at: "side", hint: "give one item table and one user table: side=[works, people]")
        }
        items = t
      case .users(let t):
        guard users == nil else {
          throw call.error(.value, "side= holds two user tables", at: "side", hint: "give one item table and one user table: side=[works, people]")
        }
        users = t
      default:
        throw call.error(.type, "\(place) is \(v.article); side= takes item tables (`items PATH`) and user tables (`users PATH`)",
                         at: "side", hint: "write side=works, side=people or side=[works, people]")
      }
    }
    return (items, users)
  }
}

extension Value {
  var isList: Bool { if case .list = self { return true }; return false }
}
