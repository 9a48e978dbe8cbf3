/// Little-endian binary writer for model files.
public struct ModelWriter {
  public private(set) var bytes: [UInt8] = []
  public init() {}

  public mutating func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { bytes += $0 } }
  public mutating func u64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { bytes += $0 } }
  public mutating func int(_ v: Int) { u64(UInt64(bitPattern: Int64(v))) }
  public mutating func float(_ v: Float) { u32(v.bitPattern) }
  public mutating func double(_ v: Double) { u64(v.bitPattern) }
  public mutating func bool(_ v: Bool) { bytes.append(v ? 1 : 0) }
  public mutating func string(_ s: String) {
    let u = Array(s.utf8)
    int(u.count)
    bytes += u
  }
  public mutating func floats(_ a: [Float]) {
    int(a.count)
    a.withUnsafeBytes { bytes += $0 }  // Float32 little-endian on every platform mk supports
  }
  public mutating func doubles(_ a: [Double]) {
    int(a.count)
    a.withUnsafeBytes { bytes += $0 }
  }
  public mutating func int32s(_ a: [Int32]) {
    int(a.count)
    a.withUnsafeBytes { bytes += $0 }
  }
  public mutating func strings(_ a: [String]) {
    int(a.count)
    for s in a { string(s) }
  }
  /// Raw bytes with their length (a nested model file, for `blend`).
  public mutating func blob(_ b: [UInt8]) {
    int(b.count)
    bytes += b
  }
  public mutating func matrix(_ m: Matrix) {
    int(m.rows); int(m.columns); floats(m.storage)
  }
  public mutating func sparse(_ s: SparseRows) {
    int(s.offsets.count)
    for o in s.offsets { int(o) }
    int32s(s.columns)
    floats(s.values)
  }
  public mutating func options(_ o: FitOptions) {
    int(o.pairs.count)
    for (name, v) in o.pairs {
      string(name)
      switch v {
      case .int(let i): bytes.append(0); int(i)
      case .double(let d): bytes.append(1); double(d)
      case .bool(let b): bytes.append(2); bool(b)
      case .string(let s): bytes.append(3); string(s)
      case .ints(let list): bytes.append(4); int(list.count); for i in list { int(i) }
      case .named(let pairs): bytes.append(5); int(pairs.count); for p in pairs { string(p.name); double(p.value) }
      }
    }
  }
  public mutating func history(_ h: History) {
    strings(h.columns)
    int(h.rows.count)
    for r in h.rows { doubles(r) }
  }
  public mutating func info(_ i: FitInfo) {
    options(i.options)
    strings(Array(i.userIds.names.prefix(i.userCount)))
    strings(Array(i.itemIds.names.prefix(i.itemCount)))
    string(i.scale.rawValue)
    float(i.range.lowerBound); float(i.range.upperBound)
    float(i.globalMean)
    sparse(i.seen)
    int32s(i.itemCounts)
    string(i.trainedOn)
    int(i.trainCount)
    history(i.history)
    double(i.seconds)
  }
}

/// Reader matching `ModelWriter`; every read is bounds-checked and throws on a short file.
public struct ModelReader {
  let bytes: [UInt8]
  let path: String
  public var position = 0
  /// The model file's format version (`ModelFile.version` when written by this mk): readers of
  /// parts whose format changed branch on it.
  public var version: UInt32 = ModelFile.version

  public init(bytes: [UInt8], path: String) {
    self.bytes = bytes
    self.path = path
  }

  private mutating func take(_ n: Int) throws -> ArraySlice<UInt8> {
    guard n >= 0, position + n <= bytes.count else {
      throw MKError(.io, "'\(path)' is not a readable mk model file: truncated payload")
    }
    defer { position += n }
    return bytes[position..<(position + n)]
  }

  public mutating func u32() throws -> UInt32 {
    let s = try take(4)
    return s.reversed().reduce(0) { $0 << 8 | UInt32($1) }
  }
  public mutating func u64() throws -> UInt64 {
    let s = try take(8)
    return s.reversed().reduce(0) { $0 << 8 | UInt64($1) }
  }
  public mutating func int() throws -> Int { Int(Int64(bitPattern: try u64())) }
  public mutating func count() throws -> Int {
    let n = try int()
    guard n >= 0, n <= bytes.count - position else {
      throw MKError(.io, "'\(path)' is not a readable mk model file: bad length \(n)")
    }
    return n
  }
  public mutating func float() throws -> Float { Float(bitPattern: try u32()) }
  public mutating func double() throws -> Double { Double(bitPattern: try u64()) }
  public mutating func bool() throws -> Bool { try take(1).first! != 0 }
  public mutating func string() throws -> String {
    let n = try count()
    return String(decoding: try take(n), as: UTF8.self)
  }
  public mutating func floats() throws -> [Float] { try scalars(Float.self) }
  public mutating func doubles() throws -> [Double] { try scalars(Double.self) }
  public mutating func int32s() throws -> [Int32] { try scalars(Int32.self) }
  /// A count, then that many little-endian fixed-width numbers.
  private mutating func scalars<T>(_: T.Type) throws -> [T] {
    let n = try count(), width = MemoryLayout<T>.size
    let s = try take(n * width)
    return s.withUnsafeBytes { raw in (0..<n).map { raw.loadUnaligned(fromByteOffset: $0 * width, as: T.self) } }
  }
  public mutating func strings() throws -> [String] {
    let n = try count()
    return try (0..<n).map { _ in try string() }
  }
  public mutating func blob() throws -> [UInt8] {
    let n = try count()
    return Array(try take(n))
  }
  public mutating func matrix() throws -> Matrix {
    let r = try int(), c = try int()
    let s = try floats()
    let (cells, overflow) = r.multipliedReportingOverflow(by: c)
    guard r >= 0, c >= 0, !overflow, s.count == cells else { throw MKError(.io, "'\(path)': matrix shape does not match its data") }
    return Matrix(rows: r, columns: c, storage: s)
  }
  public mutating func sparse() throws -> SparseRows {
    let n = try count()
    let offsets = try (0..<n).map { _ in try int() }
    let cols = try int32s()
    let vals = try floats()
    guard offsets.first ?? 0 == 0, offsets.last ?? 0 == cols.count, cols.count == vals.count,
          zip(offsets, offsets.dropFirst()).allSatisfy({ $0 <= $1 }) else {
      throw MKError(.io, "'\(path)': sparse block does not match its data")
    }
    return SparseRows(offsets: offsets, columns: cols, values: vals)
  }
  /// The stored hyperparameters, validated against the kind's declaration: a damaged or
  /// crafted file cannot hand a kind an option outside its range.
  public mutating func options(kind: ModelKind) throws -> FitOptions {
    let n = try count()
    var given: [String: OptionValue] = [:]
    for _ in 0..<n {
      let name = try string()
      switch try take(1).first! {
      case 0: given[name] = .int(try int())
      case 1: given[name] = .double(try double())
      case 2: given[name] = .bool(try bool())
      case 3: given[name] = .string(try string())
      case 4: given[name] = .ints(try (0..<count()).map { _ in try int() })
      case 5: given[name] = .named(try (0..<count()).map { _ in NamedNumber(try string(), try double()) })
      case let tag: throw MKError(.io, "'\(path)': option '\(name)' has an unknown type (\(tag))")
      }
    }
    do {
      return try kind.parseOptions(given)
    } catch let e as MKError {
      throw MKError(.io, "'\(path)' holds options that \(kind.name) does not accept: \(e.message)")
    }
  }
  public mutating func history() throws -> History {
    let cols = try strings()
    let n = try count()
    return History(columns: cols, rows: try (0..<n).map { _ in try doubles() })
  }
  public mutating func info(kind: ModelKind) throws -> FitInfo {
    let options = try options(kind: kind)
    let users = IdMap(names: try strings())
    let items = IdMap(names: try strings())
    guard let scale = Ratings.Scale(rawValue: try string()) else { throw MKError(.io, "'\(path)': unknown rating scale") }
    let lo = try float(), hi = try float()
    let mean = try float()
    let seen = try sparse()
    let counts = try int32s()
    let name = try string()
    let trainCount = try int()
    let history = try history()
    let seconds = try double()
    // Every later read indexes by these: they must describe the same users and items.
    guard seen.rowCount == users.count || (seen.rowCount == 0 && seen.nonzeros == 0), counts.count == items.count,
          seen.columns.allSatisfy({ $0 >= 0 && Int($0) < items.count }), counts.allSatisfy({ $0 >= 0 }),
          lo.isFinite, hi.isFinite, mean.isFinite, trainCount >= 0,
          history.rows.allSatisfy({ $0.count == history.columns.count }) else {
      throw MKError(.io, "'\(path)' is not a readable mk model file: its users, items and counts do not match")
    }
    return FitInfo(kind: kind.name, options: options, userIds: users, itemIds: items, userCount: users.count,
                   itemCount: items.count, scale: scale, range: min(lo, hi)...max(lo, hi), globalMean: mean,
                   seen: seen, itemCounts: counts, trainedOn: name, trainCount: trainCount, history: history,
                   seconds: seconds)
  }
}
