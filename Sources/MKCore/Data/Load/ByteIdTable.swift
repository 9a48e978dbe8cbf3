/// Interns the ids one worker of the parallel loader reads (`RatingBlocks`), by their bytes:
/// no `String` and no shared state per record, so that workers intern at once.
///
/// Local indices count the distinct ids in the order this worker first read them. A worker
/// parses its blocks in file order, so the ids first read in one block are the contiguous
/// range of local indices it added; the merge interns those ranges block by block in file
/// order, which gives every id the global index a sequential read would (`IdMap`, first
/// appearance in the file). Two spellings of one `String` (a quoted `"a""b"` and an unquoted
/// `a"b`, latin-1 and UTF-8 bytes of one text) get two local indices and the same global one.
struct ByteIdTable: IdInterner {
  /// The bytes of each distinct id, one after the other: id i is `arena[starts[i]..<starts[i + 1]]`.
  private var arena: [UInt8] = []
  private var starts: [Int] = [0]
  /// Id i's bytes hold doubled quotes (`""`) that its text undoes.
  private var escaped: [Bool] = []
  /// Open addressing over local indices, -1 empty; a power of two, at most half full.
  private var slots = [Int32](repeating: -1, count: 1 << 10)
  private var hashes: [UInt32] = []
  /// Local index of each canonical number below 2^20 read so far, -1 where not read.
  private var small: [Int32] = []

  var count: Int { escaped.count }

  /// The text of local id `i`, as `DelimitedReader.text` gives it.
  func text(_ i: Int) -> String {
    let s = DelimitedReader.decode(arena[starts[i]..<starts[i + 1]])
    return escaped[i] ? s.replacingOccurrences(of: "\"\"", with: "\"") : s
  }

  mutating func index(_ reader: DelimitedReader, _ f: FieldSpan) -> Int32 {
    let bytes = reader.bytes
    if let k = reader.canonicalInteger(f), k < 1 << 20 {
      let i = Int(k)
      if i < small.count, small[i] >= 0 { return small[i] }
      if i >= small.count {
        small.append(contentsOf: repeatElement(-1, count: max(i + 1, small.count * 2) - small.count))
      }
      let v = add(bytes, f, hash: hash(bytes, f))
      small[i] = v
      return v
    }
    let h = hash(bytes, f)
    let mask = slots.count - 1
    var s = Int(h &* 0x9E37_79B1) & mask
    while true {
      let e = slots[s]
      if e < 0 { break }
      if hashes[Int(e)] == h, matches(Int(e), bytes, f) { return e }
      s = (s + 1) & mask
    }
    return add(bytes, f, hash: h)
  }

  private func hash(_ b: [UInt8], _ f: FieldSpan) -> UInt32 {
    var h: UInt32 = f.hasEscapes ? 0x811C_9DC5 ^ 0x5A : 0x811C_9DC5
    for p in f.start..<max(f.start, f.end) { h = (h ^ UInt32(b[p])) &* 0x0100_0193 }
    return h
  }

  private func matches(_ e: Int, _ b: [UInt8], _ f: FieldSpan) -> Bool {
    let lo = starts[e], hi = starts[e + 1]
    guard hi - lo == f.end - f.start, escaped[e] == f.hasEscapes else { return false }
    var p = f.start
    for q in lo..<hi {
      if arena[q] != b[p] { return false }
      p += 1
    }
    return true
  }

  private mutating func add(_ b: [UInt8], _ f: FieldSpan, hash h: UInt32) -> Int32 {
    let v = Int32(count)
    arena.append(contentsOf: b[f.start..<max(f.start, f.end)])
    starts.append(arena.count)
    escaped.append(f.hasEscapes)
    hashes.append(h)
    if count * 2 > slots.count { grow() } else { place(v, h) }
    return v
  }

  private mutating func place(_ v: Int32, _ h: UInt32) {
    let mask = slots.count - 1
    var s = Int(h &* 0x9E37_79B1) & mask
    while slots[s] >= 0 { s = (s + 1) & mask }
    slots[s] = v
  }

  private mutating func grow() {
    slots = [Int32](repeating: -1, count: slots.count * 2)
    for e in 0..<count { place(Int32(e), hashes[e]) }
  }
}

/// What reading a record needs of an id table: the index of a field's id.
protocol IdInterner {
  mutating func index(_ reader: DelimitedReader, _ f: FieldSpan) -> Int32
}

extension IdCache: IdInterner {}
