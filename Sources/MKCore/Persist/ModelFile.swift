import Foundation

/// Versioned model files: magic, format version, kind, payload, checksum; written atomically.
///
/// Layout: "MKMODEL\0" (8 bytes), format version (UInt32 LE), payload length (UInt64 LE),
/// payload, FNV-1a 64 checksum of the payload (UInt64 LE). The payload starts with the kind
/// name and the shared `FitInfo`, then the kind's own parameters.
public enum ModelFile {
  public static let magic: [UInt8] = Array("MKMODEL".utf8) + [0]
  /// 2: the feature layout of the FM models is a list of named groups (FeatureLayout+Coding.swift).
  /// 3: a category group names its levels.
  public static let version: UInt32 = 3
  /// The oldest version this mk still reads.
  public static let oldestReadable: UInt32 = 1

  /// Serializes a model to bytes.
  public static func encode(_ model: Model) -> [UInt8] {
    var w = ModelWriter()
    w.string(model.kindName)
    w.info(model.info)
    model.encode(to: &w)
    var out = magic
    var header = ModelWriter()
    header.u32(version)
    header.u64(UInt64(w.bytes.count))
    out += header.bytes
    out += w.bytes
    var tail = ModelWriter()
    tail.u64(fnv1a(w.bytes))
    out += tail.bytes
    return out
  }

  /// Rebuilds a model from bytes; `path` is used only in error messages.
  public static func decode(_ bytes: [UInt8], path: String) throws -> Model {
    func bad(_ why: String) -> MKError {
      MKError(.io, "'\(path)' is not a readable mk model file: \(why)")
    }
    guard bytes.count >= 28, Array(bytes[0..<8]) == magic else { throw bad("wrong magic bytes") }
    var r = ModelReader(bytes: bytes, path: path)
    r.position = 8
    let v = try r.u32()
    guard (oldestReadable...version).contains(v) else {
      throw bad("format version \(v); this mk reads versions \(oldestReadable) to \(version)")
    }
    guard let length = Int(exactly: try r.u64()), length <= bytes.count, 20 + length + 8 == bytes.count else { throw bad("truncated or damaged (its length field does not match its \(bytes.count) bytes)") }
    let payload = Array(bytes[20..<(20 + length)])
    r.position = 20 + length
    guard try r.u64() == fnv1a(payload) else { throw bad("checksum mismatch (the file is damaged)") }
    var p = ModelReader(bytes: payload, path: path)
    p.version = v
    let kindName = try p.string()
    guard let kind = ModelRegistry.kind(named: kindName) else { throw bad("unknown model kind '\(kindName)'") }
    let info = try p.info(kind: kind)
    return try kind.decode(&p, info)
  }

  public static func save(_ model: Model, to path: String) throws {
    try AtomicFile.write(encode(model), to: path)
  }

  public static func open(_ path: String) throws -> Model {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw MKError(.io, "cannot read '\(path)'", hint: "check the path; models are written by 'save M \"file.mkm\"'")
    }
    return try decode([UInt8](data), path: path)
  }

  static func fnv1a(_ bytes: [UInt8]) -> UInt64 {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    for b in bytes { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
    return h
  }
}
