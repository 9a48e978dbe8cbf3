/// The model kinds `fit` knows. Adding a kind: write `Models/X.swift`, add it here, and add it
/// to the behaviour suite's list in `Tests/MKCoreTests/Models/BehaviourTests.swift`.
public enum ModelRegistry {
  public static let kinds: [ModelKind] = [
    MeanModel.kind,
    BaselineModel.kind,
    ALSModel.kind,
    SGDModel.kind,
    FMModel.kind,
    DeepFMModel.kind,
    BayesFMModel.kind,
    LassoModel.kind,
    LRModel.kind,
    IRTModel.kind,
    EloModel.kind,
    LogMFModel.kind,
    DeepModel.kind,
    BlendModel.kind,
  ]

  public static var names: [String] { kinds.map(\.name) }

  public static func kind(named name: String) -> ModelKind? { kinds.first { $0.name == name } }

  /// Fits a model, timing it and checking the result for NaNs.
  public static func fit(_ kindName: String, _ input: FitInput) throws -> Model {
    guard let kind = kind(named: kindName) else {
      throw MKError.unknown("model kind", kindName, among: names, listHint: "kinds: \(names.joined(separator: ", "))",
                            suggestion: .hint)
    }
    guard input.data.count > 0 else { throw MKError(.value, "cannot fit \(kindName) on an empty data set") }
    if input.data.isBareDesign, let table = input.side?.name ?? input.users?.name {
      throw MKError(.value, "'\(input.data.name)' is a libFM design: its groups are its features, and it has no items or users for side= ('\(table)')",
                    hint: "fit it without side=; to add side features, write the ratings with side= (write DATA PATH format=libfm side=…)")
    }
    if !FitInput.fitsBareDesigns(kindName) {
      try input.data.requireUsersAndItems(for: "fit \(kindName)")
      try input.valid?.requireUsersAndItems(for: "fit \(kindName) valid=")
    }
    // An item table of titles only would silently add nothing to the design.
    try input.side?.requireTags(for: kindName == "lasso" ? "lasso" : "\(kindName) side=")
    if let users = input.users, !FitInput.readsUserSide(kindName) {
      throw MKError(.value, "\(kindName) does not read user side information ('\(users.name)')",
                    hint: "fm, deepfm and bayesfm read a user table: side=[ITEMS, USERS]")
    }
    let start = Clock.now
    let model = try kind.fit(input)
    model.info.seconds = Clock.seconds(since: start)
    model.info.side = input.side
    model.info.users = input.users
    for m in [model.userEmbeddings, model.itemEmbeddings].compactMap({ $0 }) where m.storage.contains(where: { !$0.isFinite }) {
      let knobs = kind.declares("lr") ? "lower lr or raise lambda" : "raise lambda"
      throw MKError(.model, "\(kindName) diverged: its factors contain NaN or infinity", hint: knobs)
    }
    return model
  }
}
