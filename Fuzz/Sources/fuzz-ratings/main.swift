import FuzzSupport
import MKCore

// The ratings loader on arbitrary bytes. The first byte picks the format and whether the
// columns are named, so the fuzzer explores the options as well as the data. Any MKError is
// a correct answer; a crash, trap or sanitizer report is a bug.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRatings(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  guard size > 0 else { return 0 }
  let mode = data[0]
  let path = ScratchFile.write(UnsafeBufferPointer(start: data + 1, count: size - 1), name: "ratings.csv")
  let formats: [RatingsFormat] = [.auto, .csv, .tsv, .ml100k]
  let format = formats[Int(mode & 3)]
  let header: Bool? = mode & 4 == 0 ? nil : (mode & 8 != 0)
  let named = mode & 16 != 0
  _ = try? Ratings.loadWithReport(
    path: path, universe: Universe(), format: format, header: header,
    userColumn: named ? "user" : nil, itemColumn: named ? "item" : nil,
    ratingColumn: named ? "rating" : nil, timeColumn: mode & 32 != 0 ? "4" : nil,
    featureColumns: mode & 64 != 0 ? ["5"] : [])
  return 0
}
