/// The hierarchical priors of Bayesian factorization machines (Freudenthaler, Rendle &
/// Schmidt-Thieme, "Bayesian Factorization Machines", NIPS workshop 2011; Rendle, "Factorization
/// Machines with libFM", TIST 2012, §4.3):
///
///   y | x, Θ ~ N(ŷ(x, Θ), 1/α)                       α ~ Gamma(α₀, β₀)        (noise)
///   w₀ ~ N(μ₀, 1/λ₀)                                  (λ₀ = 0: flat, as libFM)
///   wᵢ ~ N(μ_w^g, 1/λ_w^g),  v_{i,f} ~ N(μ_{v,f}^g, 1/λ_{v,f}^g)   for column i in group g
///   λ ~ Gamma(α_λ, β_λ),  μ | λ ~ N(μ₀, 1/(γ₀ λ))    (Normal-Gamma, per group and per factor)
///
/// Gamma(a, b) has rate b (mean a/b). Defaults are libFM's model: α₀ = β₀ = α_λ = β_λ = ½,
/// γ₀ = 1, μ₀ = 0. libFM (fm_learn_mcmc.h) sets its constants α₀ = β₀ = γ₀ = 1 but writes every
/// Gamma in degrees-of-freedom form, Gamma((α₀ + n)/2, (γ₀ + Σ…)/2) — for λ, shape (α₀ + n + 1)/2
/// and rate (γ₀ + β₀(μ − μ₀)² + Σ(θ − μ)²)/2 — that is a Gamma(½, ½) prior (a χ²₁) on λ and α
/// with μ | λ ~ N(μ₀, 1/λ); myFM uses the same ½, ½. (mk first read libFM's 1s as Gamma(1, 1):
/// twice the prior rate on λ, which matters only for small groups — with the 19 genre columns
/// it shrank them too little; on ml-100k u1 with genres, seeds 0–4, RMSE went from
/// 0.9000–0.9026 to 0.8989–0.9001, bench/README.md.) Columns without training data are left
/// out of n and the sums: integrated out, they leave this posterior unchanged (libFM draws
/// them from the prior instead).
public struct BayesFMPriors: Equatable {
  public var alpha0 = 0.5, beta0 = 0.5
  public var alphaLambda = 0.5, betaLambda = 0.5, gamma0 = 1.0, mu0 = 0.0
  /// Prior on the global bias w₀: N(biasMean, 1/biasPrecision); precision 0 is flat.
  public var biasMean = 0.0, biasPrecision = 0.0

  public init() {}

  /// Draws the noise precision α from its conditional Gamma(α₀ + N/2, β₀ + ½ Σ eₙ²).
  public func drawNoisePrecision(count: Int, squaredError: Double, rng: inout RandomStream) -> Double {
    rng.gamma(shape: alpha0 + Double(count) / 2, rate: beta0 + squaredError / 2)
  }

  /// Draws (μ, λ) jointly from the Normal-Gamma posterior given n parameters θ₁…θₙ that share
  /// them, from Σθ and Σθ²: with θ̄ the mean,
  ///   λ ~ Gamma(α_λ + n/2, β_λ + ½ Σ(θᵢ − θ̄)² + γ₀ n (θ̄ − μ₀)² / (2(γ₀ + n)))
  ///   μ | λ ~ N((γ₀ μ₀ + Σθ)/(γ₀ + n), 1/((γ₀ + n) λ))
  /// A blocked draw of both (libFM draws λ given μ, then μ given λ; both leave the same
  /// posterior invariant).
  public func drawNormalGamma(count n: Int, sum: Double, sumOfSquares: Double,
                              rng: inout RandomStream) -> (mu: Double, lambda: Double) {
    let nd = Double(n)
    let mean = n > 0 ? sum / nd : 0
    let scatter = max(0, sumOfSquares - nd * mean * mean)
    let shape = alphaLambda + nd / 2
    let rate = betaLambda + scatter / 2 + gamma0 * nd * (mean - mu0) * (mean - mu0) / (2 * (gamma0 + nd))
    let lambda = rng.gamma(shape: shape, rate: rate)
    let muMean = (gamma0 * mu0 + sum) / (gamma0 + nd)
    let mu = muMean + rng.normal() / ((gamma0 + nd) * lambda).squareRoot()
    return (mu, lambda)
  }
}

/// The prior means and precisions of one column group: for the weights, and for each factor.
public struct GroupHyper: Equatable {
  public var muW: Double
  public var lambdaW: Double
  public var muV: [Double]
  public var lambdaV: [Double]

  public init(rank: Int, mu: Double = 0, lambda: Double = 1) {
    muW = mu
    lambdaW = lambda
    muV = [Double](repeating: mu, count: rank)
    lambdaV = [Double](repeating: lambda, count: rank)
  }

  /// Flattened as [μ_w, λ_w, μ_v…, λ_v…] (2 + 2k numbers), as kept with each sample.
  public var flat: [Double] { [muW, lambdaW] + muV + lambdaV }

  public init(flat a: ArraySlice<Float>, rank k: Int) {
    let b = a.startIndex
    muW = Double(a[b]); lambdaW = Double(a[b + 1])
    muV = (0..<k).map { Double(a[b + 2 + $0]) }
    lambdaV = (0..<k).map { Double(a[b + 2 + k + $0]) }
  }
}
