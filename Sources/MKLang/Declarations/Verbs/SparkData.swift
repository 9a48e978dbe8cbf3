import Foundation
import MKCore

/// `fit als "PATH_OR_URI" engine=spark`: data mk does not load, handed to Spark as written.
enum SparkData {
  static func fit(_ call: Call, _ kind: ModelKind) throws -> any Model {
    let written = try call.string("DATA")
    guard kind.name == "als" else {
      throw call.error(.type, "fit \(kind.name) needs ratings, not a path: only als engine=spark reads a path (in Spark)",
                       at: "DATA", hint: "load it first: d = load \"\(written)\"")
    }
    // A URI (hdfs://, s3a://, file://) is Spark's to resolve; a local path is made absolute, as
    // Spark's working directory is not the notebook's.
    let path = written.contains("://") ? written
      : URL(fileURLWithPath: try call.path("DATA")).standardizedFileURL.path
    return try call.pointing(at: "DATA") {
      try SparkALS.fit(path: path, options: call.modelOptions(kind),
                       valid: call.has("valid") ? try call.ratings("valid") : nil,
                       progress: call.progress.relabel("fit als"))
    }
  }
}
