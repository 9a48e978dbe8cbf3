/// The options of one `load` of a ratings file, as given (nil: sniffed or defaulted): what the
/// loader reads by, and what a cached load (`RatingsCache`) must match.
struct RatingsLoadOptions: Equatable {
  var format: RatingsFormat = .auto
  var separator: String? = nil
  var header: Bool? = nil
  var userColumn: String? = nil
  var itemColumn: String? = nil
  var ratingColumn: String? = nil
  var timeColumn: String? = nil
  var featureColumns: [String] = []
  var categoryColumns: [String] = []
  var duplicates: DuplicatePolicy? = nil

  /// Whether the file whose first lines are `head` is read as a sequence file.
  func readsSequences(_ head: [UInt8]) -> Bool {
    format == .sequences || (format == .auto && separator == nil && header == nil && SequenceFile.looksLikeOne(head))
  }

  /// Throws when a column option is given for a sequence file, whose lines are not columns.
  func checkSequenceOptions() throws {
    let columnOptions = [("user", userColumn), ("item", itemColumn), ("rating", ratingColumn), ("time", timeColumn)]
    if let given = columnOptions.first(where: { $0.1 != nil }) ?? (featureColumns.isEmpty ? nil : ("features", ""))
        ?? (categoryColumns.isEmpty ? nil : ("fields", "")) {
      throw MKError(.value, "\(given.0)= does not apply to a sequence file: its lines are not columns",
                    hint: "a sequence file gives users, items (problems or skills), a `skill` field and 0/1 answers by position")
    }
  }

  /// The options as one line of text, for the cache's key.
  var key: String {
    func o(_ s: String?) -> String { s.map { "=" + $0.utf8.count.description + ":" + $0 } ?? "-" }
    return ["format=" + format.rawValue, "sep" + o(separator), "header" + o(header.map { $0 ? "true" : "false" }),
            "user" + o(userColumn), "item" + o(itemColumn), "rating" + o(ratingColumn), "time" + o(timeColumn),
            "features" + o(featureColumns.map { "\($0.utf8.count):\($0)" }.joined()),
            "fields" + o(categoryColumns.map { "\($0.utf8.count):\($0)" }.joined()),
            "duplicates" + o(duplicates?.rawValue)].joined(separator: " ")
  }
}
