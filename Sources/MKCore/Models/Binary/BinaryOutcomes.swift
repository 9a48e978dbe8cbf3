import Foundation

/// The check the binary-outcome kinds (`lr`, `irt`, `elo`, `logmf`) make before fitting: they
/// model P(y = 1), so ratings on another scale are an error, never silently thresholded.
enum BinaryOutcomes {
  static func require(_ data: Ratings, kind: String) throws {
    guard data.isBinary else {
      throw MKError(.value, "\(kind) models 0/1 outcomes, and '\(data.name)' holds ratings, not 0/1 outcomes",
                    hint: "load binary outcomes (a 'correct' column of 0 and 1), or fit a rating model (fm, deep, als)")
    }
  }

  /// Logit of a probability, kept off 0 and 1.
  static func logit(_ p: Double) -> Double {
    let q = min(max(p, 1e-6), 1 - 1e-6)
    return Foundation.log(q / (1 - q))
  }

  @inline(__always) static func sigmoid(_ z: Double) -> Double { LogisticNewton.sigmoid(z) }
}
