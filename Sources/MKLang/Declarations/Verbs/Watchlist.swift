import MKCore

/// `recommend M USER among=WORD from=DATA`: the talk's "Mangaki prioritizes your watchlist".
/// The candidates are not the items the user has not rated but the user's own items of DATA
/// rated WORD (willsee: the watchlist), ranked by the model's score for the user, the score
/// `predict M USER ITEM` gives.
enum Watchlist {
  static func rank(_ call: Call, model m: Model, labels: Items?, n: Int) throws -> Value {
    guard call.has("among"), call.has("from") else {
      let missing = call.has("among") ? "from" : "among"
      throw call.error(.value, "among= and from= go together: \(call.has("among") ? "among=" : "from=") needs \(missing)=",
                       at: call.has("among") ? "among" : "from",
                       hint: "recommend M USER among=willsee from=DATA ranks the user's willsee items of DATA")
    }
    if case .profile? = call.value("USER") {
      throw call.error(.value, "among= ranks a user's own items of DATA; a profile has none there", at: "USER",
                       hint: "name a user of DATA, or drop among= and from=")
    }
    let data = try call.ratings("from"), name = try call.word("among")
    guard data.scale == .mangakiWords else {
      throw call.error(.value, "'\(data.name)' has \(data.isBinary ? "0/1 outcomes" : "numeric ratings"), not Mangaki's words, so no rating is '\(name)'",
                       at: "from", hint: "among= reads the words of Mangaki data (favorite, like, neutral, dislike, willsee, wontsee)")
    }
    // The option is a fixed choice, so the word is one of Mangaki's.
    let word = MangakiWord(rawValue: name)!
    let used = data.wordsUsed.map(\.rawValue)
    guard used.contains(name) else {
      throw MKError.notAmong("'\(data.name)' has no rating '\(name)'", name, among: used, kind: .value,
                             at: call.location(of: "among"), hint: "its words: " + used.joined(separator: ", "),
                             suggestion: .hint)
    }
    let user = try call.id("USER")
    guard let u = m.userIndex(user), m.info.knows(user: u) else {
      throw call.error(.value, "unknown user '\(user)': the model has no ratings by them", at: "USER",
                       hint: "the watchlist is ranked by the model's score for the user, so the model must know them")
    }
    let own = data.universe.users.lookup(user).map { data.items(of: $0, ratedAs: word) } ?? []
    let raw = own.map { data.universe.items[$0] }
    let indices = raw.map { m.itemIndex($0).flatMap { m.covers(item: $0) ? $0 : nil } ?? -1 }
    let ranked = ModelRankings.rank(indices, user: u, model: m).prefix(n)
    var t = Table(title: "\(name) items of user \(user) in \(data.name), by the model's score",
                  columns: [Table.Column("#")] + Labels.columns(labels) + [Table.Column("score")])
    for (r, p) in ranked.enumerated() {
      t.append([.number(Double(r + 1))] + Labels.cells(raw[p.position], labels) + [.number(Double(p.score))])
    }
    if own.isEmpty { t.title += " (user \(user) rated nothing \(name) there)" }
    return .table(t)
  }
}
