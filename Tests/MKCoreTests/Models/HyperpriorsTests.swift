import XCTest
import MKCore

/// The conjugate draws of `bayesfm` (Hyperpriors.swift) against their posteriors' moments,
/// written here from the textbook updates (Murphy, "Conjugate Bayesian analysis of the
/// Gaussian distribution", 2007, §3): many draws, mean and variance within a few standard errors.
final class HyperpriorsTests: XCTestCase {
  let draws = 200_000

  /// Sample mean and variance of `x`, and the standard errors of both given the true moments
  /// (variance of s² ≈ (μ₄ − σ⁴)/N, μ₄ = (3 + excess kurtosis) σ⁴).
  func check(_ x: [Double], mean: Double, variance: Double, excessKurtosis: Double, _ what: String,
             file: StaticString = #filePath, line: UInt = #line) {
    let n = Double(x.count)
    let m = x.reduce(0, +) / n
    let v = x.map { ($0 - m) * ($0 - m) }.reduce(0, +) / (n - 1)
    let seMean = (variance / n).squareRoot()
    let seVar = ((2 + excessKurtosis) * variance * variance / n).squareRoot()
    XCTAssertEqual(m, mean, accuracy: 5 * seMean, "mean of \(what)", file: file, line: line)
    XCTAssertEqual(v, variance, accuracy: 5 * seVar, "variance of \(what)", file: file, line: line)
  }

  func testNormalGammaDrawMatchesThePosteriorMoments() {
    var priors = BayesFMPriors()
    priors.mu0 = 0.3
    priors.gamma0 = 2
    var data = RandomStream(seed: 9)
    for n in [0, 3, 20] {
      let theta = (0..<n).map { _ in 0.8 + 0.5 * data.normal() }
      let sum = theta.reduce(0, +), s2 = theta.map { $0 * $0 }.reduce(0, +)
      // Posterior NG(m', κ', a', b') from the prior NG(μ₀, γ₀, α_λ, β_λ).
      let nd = Double(n), mean = n > 0 ? sum / nd : 0
      let kappa = priors.gamma0 + nd
      let m = (priors.gamma0 * priors.mu0 + sum) / kappa
      let a = priors.alphaLambda + nd / 2
      let scatter = theta.map { ($0 - mean) * ($0 - mean) }.reduce(0, +)
      let b = priors.betaLambda + scatter / 2 + priors.gamma0 * nd * (mean - priors.mu0) * (mean - priors.mu0) / (2 * kappa)
      var rng = RandomStream(seed: 1, stream: UInt64(n))
      var mus: [Double] = [], lambdas: [Double] = []
      for _ in 0..<draws {
        let (mu, lambda) = priors.drawNormalGamma(count: n, sum: sum, sumOfSquares: s2, rng: &rng)
        mus.append(mu); lambdas.append(lambda)
      }
      // λ ~ Gamma(a', b'): mean a'/b', variance a'/b'², excess kurtosis 6/a'.
      check(lambdas, mean: a / b, variance: a / (b * b), excessKurtosis: 6 / a, "λ with n=\(n)")
      // μ ~ Student t with 2a' degrees of freedom, location m', scale² b'/(a'κ'): variance
      // b'/(κ'(a' − 1)) when a' > 1, excess kurtosis 6/(2a' − 4) when 2a' > 4.
      if a > 2.5 {
        check(mus, mean: m, variance: b / (kappa * (a - 1)), excessKurtosis: 6 / (2 * a - 4), "μ with n=\(n)")
      } else {  // heavy tails: the median is m' (standard error at most π/2 · scale/√N, Cauchy's)
        let median = mus.sorted()[draws / 2]
        XCTAssertEqual(median, m, accuracy: 0.02 * (b / (a * kappa)).squareRoot(), "median of μ with n=\(n)")
      }
    }
  }

  func testNoisePrecisionDrawMatchesItsGammaPosterior() {
    let priors = BayesFMPriors()
    for (count, sse) in [(0, 0.0), (10, 3.5), (5000, 420.0)] {
      let a = priors.alpha0 + Double(count) / 2, b = priors.beta0 + sse / 2
      var rng = RandomStream(seed: 2, stream: UInt64(count))
      let x = (0..<draws).map { _ in priors.drawNoisePrecision(count: count, squaredError: sse, rng: &rng) }
      check(x, mean: a / b, variance: a / (b * b), excessKurtosis: 6 / a, "α with N=\(count)")
    }
  }
}
