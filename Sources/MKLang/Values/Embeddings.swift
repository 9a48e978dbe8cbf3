import MKCore

/// A model's embeddings as a table (`M.items`, `M.users`): one row per user or item the model
/// learned from (those with training ratings, the ones `similar` compares), in the model's
/// order; the id as written in the data, then `dim1`, `dim2`, …, each value the model's own
/// 32-bit number. A display shows the first rows; `export` writes them all.
enum Embeddings {
  enum Side { case users, items }

  /// Rows a display shows of an embedding table.
  static let shownRows = 10

  static func table(of model: any Model, _ side: Side) throws -> Table {
    let what = side == .users ? "user" : "item"
    guard let e = side == .users ? model.userEmbeddings : model.itemEmbeddings else {
      throw MKError(.value, "a \(model.kindName) model has no \(what) embeddings",
                    hint: "factor models have them: als, sgd, logmf, fm, deepfm, bayesfm")
    }
    let info = model.info
    let ids = side == .users ? info.userIds : info.itemIds
    var rows: [[Table.Cell]] = []
    var norm = 0.0
    for r in 0..<e.rows {
      let known = side == .users ? info.knows(user: Int32(r)) : info.knows(item: Int32(r))
      guard known, r < ids.count else { continue }
      var row: [Table.Cell] = [.text(ids[r])]
      row.reserveCapacity(e.columns + 1)
      var squares = 0.0
      for v in e.row(r) {
        row.append(.float(v))
        squares += Double(v) * Double(v)
      }
      norm += squares.squareRoot()
      rows.append(row)
    }
    let meanNorm = rows.isEmpty ? 0 : norm / Double(rows.count)
    let title = "\(model.kindName) \(what) embeddings: \(rows.count) \(what)s × \(e.columns) dimensions, "
      + "mean norm \(formatNumber(meanNorm))"
    let columns = [Table.Column(what, alignment: .left)] + (0..<e.columns).map { Table.Column("dim\($0 + 1)") }
    return Table(title: title, columns: columns, rows: rows, shownRows: shownRows)
  }
}
