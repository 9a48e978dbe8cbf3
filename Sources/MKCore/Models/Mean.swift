/// The global mean: r̂ = μ. The floor every other model must beat.
public final class MeanModel: Model {
  public static let kind = ModelKind(
    name: "mean", summary: "the global mean rating", reference: "r̂ = μ",
    options: NoOptions.self,
    fit: { input, _ in MeanModel(info: FitInfo(kind: "mean", input: input)) },
    decode: { _, info, _ in MeanModel(info: info) })

  public let info: FitInfo
  init(info: FitInfo) { self.info = info }

  public func score(user: Int32, item: Int32) -> Float { info.globalMean }
  public func foldIn(_ ratings: [(item: Int32, value: Float)]) throws -> (Int32) -> Float {
    let mu = info.globalMean
    return { _ in mu }
  }
  public func encode(to w: inout ModelWriter) {}
}
