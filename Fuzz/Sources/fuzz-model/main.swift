import MKCore

// Model file decoding on arbitrary payloads. A mutated file almost never passes the checksum,
// so the input is the payload (kind name, FitInfo, the kind's parameters) and this target
// wraps it in a valid header and checksum; the first byte picks the format version (0: the
// current one, 1 and 2 the older ones still read).
// Any MKError is a correct answer; a crash, trap or sanitizer report is a bug.

func fnv1a(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
  var h: UInt64 = 0xcbf2_9ce4_8422_2325
  for b in bytes { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
  return h
}

func littleEndian<T: FixedWidthInteger>(_ v: T) -> [UInt8] { withUnsafeBytes(of: v.littleEndian) { Array($0) } }

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzModel(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  guard size > 0 else { return 0 }
  let version: UInt32 = [ModelFile.version, 1, 2][Int(data[0] % 3)]
  let payload = UnsafeBufferPointer(start: data + 1, count: size - 1)
  var file = ModelFile.magic
  file += littleEndian(version)
  file += littleEndian(UInt64(payload.count))
  file += payload
  file += littleEndian(fnv1a(payload))
  _ = try? ModelFile.decode(file, path: "fuzz.mkm")
  return 0
}
