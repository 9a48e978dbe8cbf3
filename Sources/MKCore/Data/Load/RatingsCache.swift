#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// The binary cache of a ratings file (`load PATH cache=true`): the loaded columns and the
/// file's ids, so that the next load of the same file with the same options reads arrays
/// instead of parsing text.
///
/// The cache is `PATH.mkcache` beside the file, or, when that folder cannot be written,
/// `NAME-HASH.mkcache` in `$XDG_CACHE_HOME/mk` (else `~/.cache/mk`). It is keyed by the file's
/// absolute path, size and modification time and by the load's options: any change, and the
/// file is parsed again and the cache rewritten (atomically, `AtomicFile`). Indices in the
/// cache count the file's own ids in order of first appearance; a hit interns those ids in
/// that order into the session's universe, which numbers them as parsing the file would. A
/// cache that does not read back whole and consistent is ignored (and replaced).
enum RatingsCache {
  static let magic: [UInt8] = Array("MKRCACHE".utf8) + [0]
  static let version: UInt32 = 1
  static let suffix = ".mkcache"

  /// What identifies one load of one file.
  struct Key: Equatable {
    var path: String
    var size: Int
    var modified: Int64
    var options: String

    /// The key of `path` now, or nil when it cannot be examined (the load says why).
    init?(path: String, options: RatingsLoadOptions) {
      var st = stat()
      let absolute = URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
      guard stat(absolute, &st) == 0, st.st_mode & S_IFMT == S_IFREG else { return nil }
      self.path = absolute
      size = Int(st.st_size)
      #if canImport(Darwin)
      modified = Int64(st.st_mtimespec.tv_sec) * 1_000_000_000 + Int64(st.st_mtimespec.tv_nsec)
      #else
      modified = Int64(st.st_mtim.tv_sec) * 1_000_000_000 + Int64(st.st_mtim.tv_nsec)
      #endif
      self.options = options.key
    }

    var text: String { "\(path)\n\(size)\n\(modified)\n\(options)" }
  }

  /// Loads `path` from its cache when the cache matches, else parses it and writes the cache.
  static func load(path: String, universe: Universe, options: RatingsLoadOptions) throws
    -> (ratings: Ratings, report: Ratings.LoadReport) {
    guard let key = Key(path: path, options: options) else {
      return try Ratings.load(path: path, universe: universe, options: options)
    }
    let places = RatingsCache.places(for: key.path)
    for place in places where FileManager.default.fileExists(atPath: place) {
      if let hit = read(place, key: key, path: path, universe: universe) { return hit }
    }
    // Parsed with the file's own ids, written, then numbered in the session's universe.
    let own = Universe()
    let (fresh, report) = try Ratings.load(path: path, universe: own, options: options)
    let entry = Entry(key: key, store: fresh.store, scale: fresh.scale, report: report, universe: own)
    for place in places where (try? write(entry, to: place)) != nil { break }
    return entry.adopted(into: universe, path: path, fromCache: false)
  }

  /// Where the cache of the file at `absolute` may be: beside it when its folder is writable,
  /// then in the user's cache folder.
  static func places(for absolute: String) -> [String] {
    let url = URL(fileURLWithPath: absolute)
    var out: [String] = []
    if access(url.deletingLastPathComponent().path, W_OK) == 0 { out.append(absolute + suffix) }
    let env = ProcessInfo.processInfo.environment
    let base = env["XDG_CACHE_HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil }
      ?? (env["HOME"] ?? NSHomeDirectory()) + "/.cache"
    let hash = String(ModelFile.fnv1a(Array(absolute.utf8)), radix: 16)
    out.append(base + "/mk/" + url.lastPathComponent + "-" + hash + suffix)
    return out
  }

  // MARK: - The entry

  /// A load as the cache holds it: the columns with the file's own indices, its ids, its report.
  struct Entry {
    var key: Key
    var store: RatingStore
    var scale: Ratings.Scale
    var report: Ratings.LoadReport
    var userNames: [String]
    var itemNames: [String]
    var levelNames: [[String]]

    init(key: Key, store: RatingStore, scale: Ratings.Scale, report: Ratings.LoadReport, universe own: Universe) {
      self.key = key
      self.store = store
      self.scale = scale
      self.report = report
      userNames = own.users.names
      itemNames = own.items.names
      levelNames = store.categoryNames.map { own.categories(named: $0).names }
    }

    init(key: Key, store: RatingStore, scale: Ratings.Scale, report: Ratings.LoadReport, userNames: [String],
         itemNames: [String], levelNames: [[String]]) {
      (self.key, self.store, self.scale, self.report) = (key, store, scale, report)
      (self.userNames, self.itemNames, self.levelNames) = (userNames, itemNames, levelNames)
    }

    /// The ratings with the session's indices: the file's ids interned in their order.
    func adopted(into universe: Universe, path: String, fromCache: Bool) -> (ratings: Ratings, report: Ratings.LoadReport) {
      func remap(_ a: [Int32], _ names: [String], _ map: IdMap) -> [Int32] {
        let global = names.map { map.intern($0) }
        // A session that numbers the file's ids as the file does (the first load of a session) keeps the column.
        if global.indices.allSatisfy({ global[$0] == Int32($0) }) { return a }
        return a.map { $0 < 0 ? -1 : global[Int($0)] }
      }
      let s = store
      let global = RatingStore(
        user: remap(s.user, userNames, universe.users), item: remap(s.item, itemNames, universe.items), value: s.value,
        time: s.time, timeBase: s.timeBase, featureNames: s.featureNames, features: s.features,
        categoryNames: s.categoryNames,
        categories: s.categories.enumerated().map { c, a in remap(a, levelNames[c], universe.categories(named: s.categoryNames[c])) })
      var report = self.report
      report.path = path
      report.fromCache = fromCache
      let ratings = Ratings(universe: universe, store: global, name: URL(fileURLWithPath: path).lastPathComponent, scale: scale)
      return (ratings, report)
    }
  }

  // MARK: - Bytes

  /// The header: everything but the columns, which follow it raw.
  static func header(_ e: Entry) -> [UInt8] {
    var w = ModelWriter()
    let r = e.report, s = e.store
    w.string(e.key.text)
    w.string(e.scale.rawValue)
    w.int(s.count); w.int(Int(s.timeBase)); w.bool(s.time != nil)
    w.strings(s.featureNames); w.strings(s.categoryNames)
    w.strings(e.userNames); w.strings(e.itemNames)
    for names in e.levelNames { w.strings(names) }
    w.int(r.rowsRead); w.int(r.duplicatesDropped); w.int(r.blankLinesSkipped)
    switch r.separator {
    case .byte(let b): w.int(0); w.blob([b])
    case .whitespace: w.int(1); w.blob([])
    case .bytes(let b): w.int(2); w.blob(b)
    }
    w.bool(r.header != nil); w.strings(r.header ?? [])
    w.int(r.userColumn); w.int(r.itemColumn); w.int(r.ratingColumn); w.int(r.timeColumn ?? -1)
    w.int32s(r.featureColumns.map { Int32($0) }); w.strings(r.featureNames)
    w.int32s(r.categoryColumns.map { Int32($0) }); w.strings(r.categoryNames)
    w.string(r.duplicates.rawValue)
    w.int(r.sequenceLines ?? -1); w.int(r.students)
    return w.bytes
  }

  /// The bytes every cache file starts with: the magic and the version.
  static var prologue: ModelWriter {
    var w = ModelWriter()
    w.blob(magic)
    w.u32(version)
    return w
  }

  /// Writes `e` to `place` (creating its folder), atomically.
  static func write(_ e: Entry, to place: String) throws {
    try FileManager.default.createDirectory(atPath: (place as NSString).deletingLastPathComponent,
                                            withIntermediateDirectories: true)
    var head = prologue
    head.blob(header(e))
    let s = e.store
    try AtomicFile.write(to: place) { put in
      try head.bytes.withUnsafeBytes { try put($0) }
      try s.user.withUnsafeBytes { try put($0) }
      try s.item.withUnsafeBytes { try put($0) }
      try s.value.withUnsafeBytes { try put($0) }
      if let t = s.time { try t.withUnsafeBytes { try put($0) } }
      for f in s.features { try f.withUnsafeBytes { try put($0) } }
      for c in s.categories { try c.withUnsafeBytes { try put($0) } }
    }
  }

  /// The entry at `place` when it is whole, consistent and of `key`, adopted into `universe`;
  /// nil otherwise.
  static func read(_ place: String, key: Key, path: String, universe: Universe) -> (ratings: Ratings, report: Ratings.LoadReport)? {
    guard let file = FileHandle(forReadingAtPath: place) else { return nil }
    defer { try? file.close() }
    guard let e = try? decode(file, key: key) else { return nil }
    return e.adopted(into: universe, path: path, fromCache: true)
  }

  private struct Unreadable: Error {}

  static func decode(_ file: FileHandle, key: Key) throws -> Entry {
    func bytes(_ n: Int) throws -> [UInt8] {
      guard n >= 0, let d = try file.read(upToCount: n), d.count == n else { throw Unreadable() }
      return [UInt8](d)
    }
    func count(_ b: [UInt8]) -> Int { b.enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) } }
    guard try bytes(prologue.bytes.count) == prologue.bytes else { throw Unreadable() }
    let headerLength = count(try bytes(8))
    guard headerLength > 0, headerLength < 1 << 34 else { throw Unreadable() }
    var r = ModelReader(bytes: try bytes(headerLength), path: "cache")
    guard try r.string() == key.text, let scale = Ratings.Scale(rawValue: try r.string()) else { throw Unreadable() }
    let n = try r.int(), timeBase = Int64(try r.int()), hasTime = try r.bool()
    let featureNames = try r.strings(), categoryNames = try r.strings()
    let userNames = try r.strings(), itemNames = try r.strings()
    let levelNames = try categoryNames.map { _ in try r.strings() }
    let rowsRead = try r.int(), dropped = try r.int(), blank = try r.int()
    let sepKind = try r.int(), sepBytes = try r.blob()
    let separator: FieldSeparator
    switch (sepKind, sepBytes.count) {
    case (0, 1): separator = .byte(sepBytes[0])
    case (1, 0): separator = .whitespace
    case (2, 2...): separator = .bytes(sepBytes)
    default: throw Unreadable()
    }
    let hasHeader = try r.bool(), header = try r.strings()
    let userColumn = try r.int(), itemColumn = try r.int(), ratingColumn = try r.int(), timeColumn = try r.int()
    let featureColumns = try r.int32s().map { Int($0) }, reportFeatureNames = try r.strings()
    let categoryColumns = try r.int32s().map { Int($0) }, reportCategoryNames = try r.strings()
    guard let policy = DuplicatePolicy(rawValue: try r.string()) else { throw Unreadable() }
    let sequenceLines = try r.int(), students = try r.int()
    guard n >= 0, n <= key.size, rowsRead >= n, dropped == rowsRead - n else { throw Unreadable() }

    func int32s(below limit: Int, missing: Bool = false) throws -> [Int32] {
      let a = try scalars(Int32.self, n)
      guard a.allSatisfy({ (missing ? -1 : 0) <= $0 && Int($0) < limit }) else { throw Unreadable() }
      return a
    }
    // Read by read(2) straight into the column: through `Data` every column would be copied
    // once more (bench/README.md, "Loading a large file").
    func scalars<T>(_: T.Type, _ count: Int) throws -> [T] {
      let fd = file.fileDescriptor
      return try [T](unsafeUninitializedCapacity: count) { buffer, initialized in
        let raw = UnsafeMutableRawBufferPointer(buffer)
        var done = 0
        while done < raw.count {
          let got = systemRead(fd, raw.baseAddress! + done, raw.count - done)
          if got < 0, errno == EINTR { continue }
          guard got > 0 else { throw Unreadable() }
          done += got
        }
        initialized = count
      }
    }
    let user = try int32s(below: userNames.count), item = try int32s(below: itemNames.count)
    let value = try scalars(Float.self, n)
    let time = hasTime ? try scalars(Int32.self, n) : nil
    let features = try featureNames.map { _ in try scalars(Float.self, n) }
    let categories = try levelNames.map { try int32s(below: $0.count, missing: true) }
    guard try file.read(upToCount: 1)?.isEmpty ?? true else { throw Unreadable() }
    let store = RatingStore(user: user, item: item, value: value, time: time, timeBase: timeBase, featureNames: featureNames,
                            features: features, categoryNames: categoryNames, categories: categories)
    let report = Ratings.LoadReport(
      path: key.path, rowsRead: rowsRead, duplicatesDropped: dropped, blankLinesSkipped: blank, separator: separator,
      header: hasHeader ? header : nil, userColumn: userColumn, itemColumn: itemColumn, ratingColumn: ratingColumn,
      timeColumn: timeColumn < 0 ? nil : timeColumn, scale: scale, featureColumns: featureColumns,
      featureNames: reportFeatureNames, categoryColumns: categoryColumns, categoryNames: reportCategoryNames,
      duplicates: policy, sequenceLines: sequenceLines < 0 ? nil : sequenceLines, students: students)
    return Entry(key: key, store: store, scale: scale, report: report, userNames: userNames, itemNames: itemNames,
                 levelNames: levelNames)
  }
}
