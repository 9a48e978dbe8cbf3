import FuzzSupport
import MKCore

// The ratings loader on arbitrary bytes, then `encode` on what loaded. The first byte picks
// the format (delimited text or knowledge-tracing sequences), whether the header and columns
// are given, a time, a numeric and a categorical column, and the duplicates policy, so the
// fuzzer explores the options as well as the data. Any MKError is a correct answer; a crash,
// trap or sanitizer report is a bug.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRatings(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  guard size > 0 else { return 0 }
  let mode = Int(data[0])
  let path = ScratchFile.write(UnsafeBufferPointer(start: data + 1, count: size - 1), name: "ratings.csv")
  let formats: [RatingsFormat] = [.auto, .csv, .tsv, .ml100k, .sequences, .auto, .csv, .sequences]
  let format = formats[mode & 7]
  let header: Bool? = mode & 8 == 0 ? nil : (mode & 16 != 0)
  let named = mode & 16 != 0
  let extra = mode & 32 != 0
  let duplicates: DuplicatePolicy? = mode & 64 == 0 ? nil : (mode & 128 == 0 ? .mean : .first)
  guard let ratings = try? Ratings.loadWithReport(
    path: path, universe: Universe(), format: format, header: header,
    userColumn: named ? "user" : nil, itemColumn: named ? "item" : nil,
    ratingColumn: named ? "rating" : nil, timeColumn: extra ? "4" : nil,
    featureColumns: extra && mode & 128 != 0 ? ["5"] : [], categoryColumns: extra && mode & 128 == 0 ? ["5"] : [],
    duplicates: duplicates).ratings, ratings.isBinary else { return 0 }
  // Encode what loaded: the data's own categorical column as the skills, when it has one.
  let skills = ratings.categoryNames.first.flatMap { name -> KnowledgeTracingEncoder.SkillMap? in
    guard let c = ratings.categoryNames.firstIndex(of: name) else { return nil }
    return .column(name, codes: ratings.categoryColumn(c), levels: ratings.universe.categories(named: name).names)
  }
  for scheme in Encoding.Scheme.allCases {
    guard let encoded = try? KnowledgeTracingEncoder.encode(ratings, as: scheme, skills: skills) else { continue }
    let layout = FeatureLayout.make(training: encoded, userCount: encoded.userCount, itemCount: encoded.itemCount,
                                    side: nil, standardize: true)
    _ = DesignMatrix(training: encoded, layout: layout)
  }
  return 0
}
