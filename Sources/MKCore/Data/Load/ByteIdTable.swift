import CKernels

/// Interns the ids one worker of the parallel loader reads (`RatingBlocks`), by their bytes:
/// no `String` and no shared state per record, so that workers intern at once.
///
/// Local indices count the distinct ids in the order this worker first read them. A worker
/// parses its blocks in file order, so the ids first read in one block are the contiguous
/// range of local indices it added; the merge interns those ranges block by block in file
/// order, which gives every id the global index a sequential read would (`IdMap`, first
/// appearance in the file). Two spellings of one `String` (a quoted `"a""b"` and an unquoted
/// `a"b`, latin-1 and UTF-8 bytes of one text) get two local indices and the same global one.
///
/// A lookup touches one slot: an id of at most 7 bytes (most ids) is stored in its slot, packed
/// with its length, and compared there; a longer or escaped one is compared with its bytes in
/// the arena. Random ids of a large file miss the cache on every lookup, so one miss, not four,
/// is what makes interning fast (`bench/load.sh`).
struct ByteIdTable: IdInterner {
  /// One slot of the open-addressing table: the packed key, the hash, the local index (-1 empty).
  struct Slot {
    var key: UInt64 = 0
    var hash: UInt32 = 0
    var index: Int32 = -1
  }

  /// The bytes of each distinct id, one after the other: id i is `arena[starts[i]..<starts[i + 1]]`.
  private var arena: [UInt8] = []
  private var starts: [Int] = [0]
  /// Id i's bytes hold doubled quotes (`""`) that its text undoes.
  private var escaped: [Bool] = []
  /// A power of two, at most half full.
  private var slots = [Slot](repeating: Slot(), count: 1 << 10)
  private var shift = 64 - 10
  /// Local index of each canonical number below 2^20 read so far, -1 where not read.
  private var small: [Int32] = []
  /// The last id looked up: sorted files repeat a user on consecutive lines.
  private var lastKey: UInt64 = .max
  private var lastIndex: Int32 = -1

  var count: Int { escaped.count }

  /// The text of local id `i`, as `DelimitedReader.text` gives it.
  func text(_ i: Int) -> String {
    let s = DelimitedReader.decode(arena[starts[i]..<starts[i + 1]])
    return escaped[i] ? s.replacingOccurrences(of: "\"\"", with: "\"") : s
  }

  mutating func index(_ reader: DelimitedReader, _ f: FieldSpan) -> Int32 {
    let bytes = reader.bytes
    let length = max(0, f.end - f.start)
    if let k = reader.canonicalInteger(f), k < 1 << 20 {
      let i = Int(k)
      if i < small.count, small[i] >= 0 { return small[i] }
      if i >= small.count {
        small.append(contentsOf: repeatElement(-1, count: max(i + 1, small.count * 2) - small.count))
      }
      let v = find(bytes, f, length: length)
      small[i] = v
      return v
    }
    return find(bytes, f, length: length)
  }

  /// The packed key of the id in field `f` (`length` bytes): up to 7 bytes and the length,
  /// or, for a longer or escaped id, its first 7 bytes under 0xFF (0xFE escaped) in the top
  /// byte, with the FNV-1a hash of all its bytes (0 for a packed id).
  @inline(__always)
  private static func key(_ b: [UInt8], _ f: FieldSpan, length: Int) -> (key: UInt64, hash: UInt32, inline: Bool) {
    var key: UInt64 = 0
    for k in 0..<min(length, 7) { key |= UInt64(b[f.start + k]) << (8 * k) }
    let inline = length <= 7 && !f.hasEscapes
    key |= (inline ? UInt64(length) : f.hasEscapes ? 0xFE : 0xFF) << 56
    var h: UInt32 = 0
    if !inline {
      h = 0x811C_9DC5
      for p in f.start..<f.start + length { h = (h ^ UInt32(b[p])) &* 0x0100_0193 }
    }
    return (key, h, inline)
  }

  /// The slot where the probe for a key starts.
  @inline(__always)
  private func home(_ key: UInt64, _ hash: UInt32) -> Int {
    Int(truncatingIfNeeded: ((key ^ UInt64(hash)) &* 0x9E37_79B9_7F4A_7C15) >> UInt64(shift))
  }

  /// The local index of the id in field `f`, added when new.
  private mutating func find(_ b: [UInt8], _ f: FieldSpan, length: Int) -> Int32 {
    let (key, h, inline) = ByteIdTable.key(b, f, length: length)
    if inline, key == lastKey { return lastIndex }
    let mask = slots.count - 1
    var s = home(key, h)
    while true {
      let slot = slots[s]
      if slot.index < 0 { break }
      if slot.key == key, inline || (slot.hash == h && matches(Int(slot.index), b, f)) {
        if inline { (lastKey, lastIndex) = (key, slot.index) }
        return slot.index
      }
      s = (s + 1) & mask
    }
    let v = Int32(count)
    arena.append(contentsOf: b[f.start..<f.start + length])
    starts.append(arena.count)
    escaped.append(f.hasEscapes)
    slots[s] = Slot(key: key, hash: h, index: v)
    if count * 2 > slots.count { grow() }
    if inline { (lastKey, lastIndex) = (key, v) }
    return v
  }

  // MARK: - Many ids at once

  /// Appends to `out` the local index of the id in each of `fields` (read by `reader`), what
  /// `index` called on each in turn gives (the same indices, new ids added in the same order).
  ///
  /// Faster on a large table, where each lookup is a cache miss: every key is made first, its
  /// home slot prefetched as soon as it is known (`mk_prefetch`: 30% fewer CPU samples here
  /// than the read loop alone, `bench/README.md`), then every home slot is read in one short
  /// loop whose reads do not wait on each other, then the ids are resolved in order from what
  /// was read. An id not found in its home slot (new, or its slot taken by another) and a long
  /// id whose bytes differ go through `index`. The scratch arrays are local: the
  /// compiler then checks their uniqueness once, not at every append (`perf` showed the calls).
  mutating func appendIndices(_ fields: [FieldSpan], _ reader: DelimitedReader, to out: inout [Int32]) {
    let b = reader.bytes
    let m = fields.count
    // Each id's home slot (or, for a small number, -1 - the number), key and hash.
    var homes = [Int](), keys = [UInt64](), hashes = [UInt32]()
    homes.reserveCapacity(m); keys.reserveCapacity(m); hashes.reserveCapacity(m)
    // Each home slot is prefetched as soon as it is known, so that its miss is under way
    // while the next keys are made (and more misses overlap than the read loop's own).
    slots.withUnsafeBufferPointer { table in
      for f in fields {
        if let k = reader.canonicalInteger(f), k < 1 << 20 {
          homes.append(-1 - Int(k))
          keys.append(0)
          hashes.append(0)
          continue
        }
        let (key, h, _) = ByteIdTable.key(b, f, length: max(0, f.end - f.start))
        let s = home(key, h)
        mk_prefetch(table.baseAddress! + s)
        homes.append(s)
        keys.append(key)
        hashes.append(h)
      }
    }
    // The index each home slot holds for its key (-1: none).
    var found = [Int32](repeating: -1, count: m)
    do {
      // Read-only copies, gone before `index` below may add to the table (no copy on write).
      let slots = self.slots, small = self.small
      for j in 0..<m {
        let s = homes[j]
        if s >= 0 {
          let slot = slots[s]
          if slot.key == keys[j], slot.hash == hashes[j] { found[j] = slot.index }
        } else if -1 - s < small.count {
          found[j] = small[-1 - s]
        }
      }
    }
    var resolved = [Int32]()
    resolved.reserveCapacity(m)
    for j in 0..<m {
      let v = found[j]
      // A found long id is the one when its bytes match; a packed key or a small number is the id.
      if v >= 0, keys[j] >> 56 < 8 || matches(Int(v), b, fields[j]) {
        resolved.append(v)
      } else {
        resolved.append(index(reader, fields[j]))
      }
    }
    out.append(contentsOf: resolved)
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

  private mutating func grow() {
    let old = slots
    slots = [Slot](repeating: Slot(), count: old.count * 2)
    shift -= 1
    let mask = slots.count - 1
    for slot in old where slot.index >= 0 {
      var s = Int(truncatingIfNeeded: ((slot.key ^ UInt64(slot.hash)) &* 0x9E37_79B9_7F4A_7C15) >> UInt64(shift))
      while slots[s].index >= 0 { s = (s + 1) & mask }
      slots[s] = slot
    }
  }
}

/// What reading a record needs of an id table: the field's id indexed into its column, now or
/// (`BatchedIds`) with the next records'.
protocol IdColumnWriter {
  mutating func add(_ reader: DelimitedReader, _ f: FieldSpan, to column: inout [Int32])
}

/// An id table that indexes one field at a time.
protocol IdInterner: IdColumnWriter {
  mutating func index(_ reader: DelimitedReader, _ f: FieldSpan) -> Int32
}

extension IdInterner {
  @inline(__always)
  mutating func add(_ reader: DelimitedReader, _ f: FieldSpan, to column: inout [Int32]) {
    column.append(index(reader, f))
  }
}

extension IdCache: IdInterner {}
