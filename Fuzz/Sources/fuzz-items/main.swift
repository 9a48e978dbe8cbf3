import FuzzSupport
import MKCore

// The items loader on arbitrary bytes. The first byte picks the format, and for u.item files
// whether a u.genre (the rest of the input after the first 0xFF byte) sits beside it.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzItems(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  guard size > 0 else { return 0 }
  let mode = data[0]
  let rest = UnsafeBufferPointer(start: data + 1, count: size - 1)
  let cut = rest.firstIndex(of: 0xFF) ?? rest.count
  let ml100k = mode & 1 != 0
  let name = ml100k ? "u.item" : "items.csv"
  let path = ScratchFile.write(UnsafeBufferPointer(rebasing: rest[..<cut]), name: name)
  if ml100k && mode & 2 != 0 && cut < rest.count {
    _ = ScratchFile.write(UnsafeBufferPointer(rebasing: rest[(cut + 1)...]), name: "u.genre")
  } else {
    ScratchFile.remove("u.genre")
  }
  let formats: [ItemsFormat] = [.auto, .ml100k]
  _ = try? Items.load(path: path, universe: Universe(), format: formats[Int(mode >> 7)])
  return 0
}
