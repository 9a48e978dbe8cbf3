import Foundation

/// The draws the Gibbs sampler of `bayesfm` needs beyond the standard normal: Gamma (noise and
/// prior precisions) and the one-sided truncated normal (the probit's latent targets), plus
/// the normal CDF Φ that turns probit scores into probabilities.
extension RandomStream {
  /// Gamma(shape, rate), mean shape/rate: Marsaglia & Tsang, "A simple method for generating
  /// gamma variables" (ACM TOMS 2000); a shape below 1 is boosted by U^{1/shape}.
  public mutating func gamma(shape: Double, rate: Double) -> Double {
    if shape < 1 {
      var u = uniform()
      while u <= 0 { u = uniform() }
      return gamma(shape: shape + 1, rate: rate) * Foundation.pow(u, 1 / shape)
    }
    let d = shape - 1.0 / 3, c = 1 / (9 * d).squareRoot()
    while true {
      var x: Double, v: Double
      repeat {
        x = normal()
        v = 1 + c * x
      } while v <= 0
      v = v * v * v
      let u = uniform()
      if u < 1 - 0.0331 * x * x * x * x { return d * v / rate }
      if u > 0, Foundation.log(u) < 0.5 * x * x + d * (1 - v + Foundation.log(v)) { return d * v / rate }
    }
  }

  /// A standard normal conditioned on z > a (Robert, "Simulation of truncated normal
  /// variables", Statistics and Computing 1995): plain rejection while a < 0.45 (acceptance
  /// ≥ 1/3), above that an exponential proposal with the optimal rate λ = (a + √(a² + 4))/2.
  public mutating func normalAbove(_ a: Double) -> Double {
    if a < 0.45 {
      while true {
        let z = gaussian()
        if z > a { return z }
      }
    }
    let lambda = (a + (a * a + 4).squareRoot()) / 2
    while true {
      var u = uniform()
      while u <= 0 { u = uniform() }
      let z = a - Foundation.log(u) / lambda
      let d = z - lambda
      if uniform() <= Foundation.exp(-0.5 * d * d) { return z }
    }
  }

  /// N(mean, 1) conditioned on the sign: above 0 when `positive`, below 0 otherwise.
  @inline(__always) public mutating func probitLatent(mean: Double, positive: Bool) -> Double {
    positive ? mean + normalAbove(-mean) : mean - normalAbove(mean)
  }
}

/// Standard normal CDF Φ(x).
@inline(__always) public func normalCDF(_ x: Double) -> Double { 0.5 * erfc(-x / 2.0.squareRoot()) }
