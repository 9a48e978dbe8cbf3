/// Data that is a bare design (`load format=libfm`): rows of features with targets, and no
/// users or items. The FM kinds and `lr` fit it; what needs users and items — factorization
/// of users and items, `recommend`, `split by=user`, per-item subsets and rankings — refuses
/// it here, with one message.
extension Ratings {
  /// Whether the data is a libFM design, with no users and items.
  public var isBareDesign: Bool { encoding?.scheme == .libfm }

  /// Throws when the data is a bare design: `what` needs users and items ("als",
  /// "split by=user", "recommend").
  public func requireUsersAndItems(for what: String, hint: String? = nil) throws {
    guard isBareDesign else { return }
    throw MKError(.value, "'\(name)' is a libFM design, which has no users and items; \(what) needs them",
                  hint: hint ?? "fit fm, deepfm, deep, bayesfm or lr on it; for users and items, load the ratings themselves (user,item,rating)")
  }
}

extension FitInfo {
  /// Whether the model was fitted on a bare design: its one user and item are the design's
  /// placeholder (kept in model files, so an opened model knows it too).
  public var fittedOnBareDesign: Bool {
    userCount == 1 && itemCount == 1 && userIds[0] == LibFMFile.placeholderId && itemIds[0] == LibFMFile.placeholderId
  }

  /// Throws when the model was fitted on a bare design: `what` needs its users and items.
  public func requireUsersAndItems(for what: String) throws {
    guard fittedOnBareDesign else { return }
    throw MKError(.value, "this \(kind) model was fitted on a libFM design ('\(trainedOn)'), which has no users and items; \(what) needs them",
                  hint: "predict and evaluate it on a design read the same way: rmse M (load \"test.libfm\" format=libfm)")
  }
}
