/// Interns the ids of a file being read, skipping the `String` for canonical numeric ids
/// already seen (most ids of MovieLens-like files), which makes interning a table look-up.
struct IdCache {
  let map: IdMap
  /// Index of each small numeric id seen so far, -1 where not seen.
  var small: [Int32] = []
  var large: [UInt64: Int32] = [:]

  init(map: IdMap) { self.map = map }

  mutating func index(_ reader: DelimitedReader, _ f: FieldSpan) -> Int32 {
    guard let k = reader.canonicalInteger(f) else { return map.intern(reader.text(f)) }
    if k < 1 << 20 {
      let i = Int(k)
      if i < small.count, small[i] >= 0 { return small[i] }
      if i >= small.count {
        small.append(contentsOf: repeatElement(-1, count: max(i + 1, small.count * 2) - small.count))
      }
      let v = map.intern(String(k))
      small[i] = v
      return v
    }
    if let v = large[k] { return v }
    let v = map.intern(String(k))
    large[k] = v
    return v
  }
}
