import Foundation
@testable import MKCore
import XCTest

/// `fit als … engine=spark` against Spark MLlib in local mode (scripts/test installs Java and
/// pyspark with scripts/spark-venv). Two Spark launches in all, each checking several things,
/// since Spark's start alone takes 10-20 s (skipped under the sanitizers, as the other accuracy
/// classes are).
/// Without the venv the launching tests skip, saying so, except under CI=true, where they fail.
final class SparkAccuracyTests: XCTestCase {
  private func requireSpark() throws {
    let runtime = try SparkRuntime.locate()
    let python = exitStatus([runtime.python, "-c", "import pyspark, numpy"]), java = exitStatus(["java", "-version"])
    guard python != 0 || java != 0 else { return }
    let message = "Spark is not set up (\(runtime.python) imports pyspark: \(python == 0), java runs: \(java == 0)); "
      + "run scripts/spark-venv"
    if ProcessInfo.processInfo.environment["CI"] == "true" {
      XCTFail(message)
      throw TestDataMissing(message: message)
    }
    throw XCTSkip(message)
  }

  private let shared: [String: OptionValue] = ["rank": .int(10), "lambda": .double(0.1), "iters": .int(10),
                                               "seed": .int(1), "prior": .double(0)]
  private let spark: [String: OptionValue] = ["engine": .string("spark"), "master": .string("local[2]"), "partitions": .int(2)]

  /// On ml-100k u1 with bias=false prior=0: Spark's model reaches native ALS's test RMSE within
  /// 0.01; its λ is mk's (its user factors solve mk's own half-step given its item factors, to
  /// float precision: Spark's last half-step is the users'); it predicts μ + p·q, recommends
  /// the unseen items of highest score, and saves and reopens to the same predictions.
  func testSparkMatchesNativeALSOnU1AndBehavesAsANativeModel() throws {
    try requireSpark()
    let universe = Universe()
    let train = try Ratings.load(path: try testDataPath("ml-100k/u1.base"), universe: universe)
    let test = try Ratings.load(path: try testDataPath("ml-100k/u1.test"), universe: universe)
    let given = shared.merging(["bias": .bool(false)]) { a, _ in a }
    let native = try ModelRegistry.fit("als", FitInput(data: train, options: try options("als", given)))
    let start = Date()
    let model = try ModelRegistry.fit("als", FitInput(data: train, options: try options("als", given.merging(spark) { a, _ in a }),
                                                      valid: test))
    print("spark als on u1: \(Date().timeIntervalSince(start)) s")
    guard let s = model as? ALSModel else { return XCTFail("engine=spark returned a \(type(of: model))") }
    let nativeRMSE = Metrics.rmse(native.predict(test), test.values), sparkRMSE = Metrics.rmse(s.predict(test), test.values)
    print("u1.test RMSE: native \(nativeRMSE), spark \(sparkRMSE)")
    XCTAssertEqual(sparkRMSE, nativeRMSE, accuracy: 0.01)
    XCTAssertEqual(s.info.history.last("valid_rmse") ?? .nan, sparkRMSE, accuracy: 1e-4)
    XCTAssertEqual(s.userFactors.columns, 10)
    XCTAssertEqual(s.userFactors.rows, train.userCount)

    // The last half-step again, by mk's solver with λ(nᵤ + 0): Spark's regParam·nᵤ is the same.
    var users = Matrix(rows: s.userFactors.rows, columns: 10)
    ALSModel.halfStep(solving: &users, fixed: s.itemFactors, rows: train.byUser, rank: 10, bias: false, lambda: 0.1,
                      prior: 0, biasLambda: 0, mu: s.info.globalMean)
    let gap = zip(users.storage, s.userFactors.storage).map { abs($0 - $1) }.max() ?? .nan
    XCTAssertLessThan(gap, 2e-3, "Spark's user factors are not mk's ridge solution for λ=0.1, prior=0")

    // Prediction is μ + p·q by raw id; recommend ranks the unseen items by it.
    let u = universe.users.lookup("1")!, i = universe.items.lookup("50")!
    var dot: Float = 0
    for c in 0..<10 { dot += s.userFactors[Int(u), c] * s.itemFactors[Int(i), c] }
    XCTAssertEqual(s.score(user: u, item: i), s.info.globalMean + dot, accuracy: 1e-5)
    let seen = ModelRankings.seen(by: u, in: s)
    let picks = ModelRankings.recommend(user: u, model: s, exclude: seen, n: 5)
    let best = (0..<Int32(train.itemCount)).filter { !seen.contains($0) && s.info.knows(item: $0) }
      .max { s.score(user: u, item: $0) < s.score(user: u, item: $1) }
    XCTAssertEqual(picks.first?.item, best)
    XCTAssertTrue(picks.allSatisfy { !seen.contains($0.item) })

    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let path = folder + "/spark.mkm"
    try ModelFile.save(s, to: path)
    let reopened = try ModelFile.open(path)
    XCTAssertTrue(reopened is ALSModel)
    XCTAssertEqual(reopened.predict(test), s.predict(test))
    XCTAssertEqual(reopened.info.options.value("engine"), .string("spark"))
    XCTAssertEqual(reopened.info.options.value("master"), .string("local[2]"))
    XCTAssertEqual(ModelRankings.recommend(user: u, model: reopened, exclude: seen, n: 5).map(\.item), picks.map(\.item))
  }

  /// `fit als "PATH" engine=spark`: Spark reads a CSV with a header and string ids that mk
  /// never loads; the model's users and items are the file's ids, its biases are fitted around
  /// Spark's factors (bias=true), and its u1.test RMSE is within 0.02 of native ALS with the
  /// same options (which fits the biases jointly). The biases are the 3 alternating ridge passes
  /// recomputed here; recommend leaves out each user's rated items.
  func testAPathGoesToSparkWithoutMkLoadingIt() throws {
    try requireSpark()
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    func relabel(_ source: String, _ target: String) throws {
      let lines = try String(contentsOfFile: source, encoding: .utf8).split(separator: "\n").map { line in
        let f = line.split(separator: "\t")
        return "u\(f[0]),i\(f[1]),\(f[2])"
      }
      try ("user,item,rating\n" + lines.joined(separator: "\n") + "\n").write(toFile: target, atomically: true, encoding: .utf8)
    }
    try relabel(try testDataPath("ml-100k/u1.base"), folder + "/train.csv")
    try relabel(try testDataPath("ml-100k/u1.test"), folder + "/test.csv")
    let universe = Universe()
    let test = try Ratings.load(path: folder + "/test.csv", universe: universe)

    let given = shared.merging(spark) { a, _ in a }
    let s = try SparkALS.fit(path: folder + "/train.csv", options: try options("als", given), valid: test, progress: .silent)
    XCTAssertEqual(s.info.trainCount, 80_000)
    XCTAssertEqual(s.info.userCount, 943)
    XCTAssertEqual(s.info.itemCount, 1650)
    XCTAssertEqual(s.userFactors.columns, 11)
    XCTAssertEqual(s.info.trainedOn, folder + "/train.csv")
    XCTAssertEqual(Double(s.info.globalMean), 3.52835, accuracy: 1e-5)

    // The same data in mk, for the checks (the fit above never saw it).
    let trainUniverse = Universe()
    let train = try Ratings.load(path: folder + "/train.csv", universe: trainUniverse)
    let native = try ModelRegistry.fit("als", FitInput(data: train, options: try options("als", shared)))
    let nativeRMSE = Metrics.rmse(native.predict(test), test.values), sparkRMSE = Metrics.rmse(s.predict(test), test.values)
    print("u1.test RMSE with biases: native \(nativeRMSE), spark (biases around it) \(sparkRMSE)")
    XCTAssertEqual(sparkRMSE, nativeRMSE, accuracy: 0.02)
    XCTAssertEqual(s.info.history.last("valid_rmse") ?? .nan, sparkRMSE, accuracy: 1e-4)
    XCTAssertLessThan(s.info.history.last("train_rmse") ?? .nan, 0.85)

    // Three passes: items given users' biases, then users given items'; penalty bias_lambda=2.
    let mu = Double(s.info.globalMean)
    var bu = [Double](repeating: 0, count: train.userCount), bi = [Double](repeating: 0, count: train.itemCount)
    for _ in 0..<SparkALS.biasRounds {
      var sum = [Double](repeating: 0, count: train.itemCount), n = sum
      for k in 0..<train.count {
        sum[Int(train.item(k))] += Double(train.value(k)) - mu - bu[Int(train.user(k))]
        n[Int(train.item(k))] += 1
      }
      bi = zip(sum, n).map { $0 / ($1 + 2) }
      var su = [Double](repeating: 0, count: train.userCount), nu = su
      for k in 0..<train.count {
        su[Int(train.user(k))] += Double(train.value(k)) - mu - bi[Int(train.item(k))]
        nu[Int(train.user(k))] += 1
      }
      bu = zip(su, nu).map { $0 / ($1 + 2) }
    }
    for id in ["1", "50", "1500"] {
      let here = trainUniverse.items.lookup("i" + id)!, there = s.info.itemIds.lookup("i" + id)!
      XCTAssertEqual(Double(s.itemFactors[Int(there), 10]), bi[Int(here)], accuracy: 1e-4, "bias of item i\(id)")
    }
    let u = s.info.userIds.lookup("u1")!
    XCTAssertEqual(Double(s.userFactors[Int(u), 10]), bu[Int(trainUniverse.users.lookup("u1")!)], accuracy: 1e-4)

    let seen = ModelRankings.seen(by: u, in: s)
    XCTAssertEqual(seen.count, train.byUser.length(Int(trainUniverse.users.lookup("u1")!)))
    let picks = ModelRankings.recommend(user: u, model: s, exclude: seen, n: 10)
    XCTAssertEqual(picks.count, 10)
    XCTAssertTrue(picks.allSatisfy { !seen.contains($0.item) })
  }
}

/// engine=spark's errors: what Spark cannot express, and what is missing, without starting a JVM.
final class SparkALSTests: XCTestCase {

  /// Spark has no pseudo-count: `prior` defaults to 0 under engine=spark, stays 30 natively, and
  /// a prior the user gives is kept (then refused by the Spark fit, below).
  func testPriorDefaultsToZeroUnderSpark() throws {
    let spark = try ALSModel.Options.parse(["engine": .string("spark")], kind: "als")
    XCTAssertEqual(spark.prior, 0)
    XCTAssertEqual((try ALSModel.Options.parse([:], kind: "als")).prior, 30)
    XCTAssertEqual((try ALSModel.Options.parse(["engine": .string("spark"), "prior": .double(5)], kind: "als")).prior, 5)
    XCTAssertEqual(ALSModel.Options.applying(validated: ["engine": .string("spark")]).prior, 0)
  }

  /// What Spark cannot express, and what is missing, fail at once with what to do; no JVM starts.
  func testClearErrorsWithoutStartingSpark() throws {
    let d = try Ratings.generate(users: 10, items: 10, ratings: 60, seed: 1)
    func fitError(_ extra: [String: OptionValue]) -> MKError? {
      do {
        let o = try options("als", ["engine": .string("spark"), "prior": .double(0)].merging(extra) { _, b in b })
        _ = try ModelRegistry.fit("als", FitInput(data: d, options: o))
        return nil
      } catch let e as MKError { return e } catch { return MKError(.internalError, "\(error)") }
    }
    let prior = fitError(["prior": .double(30)])
    XCTAssertEqual(prior?.message.hasPrefix("engine=spark needs prior=0"), true, "\(String(describing: prior))")

    // A Python without pyspark: the system's, run through a venv-less name.
    try withEnvironment(["MK_PYTHON": "/usr/bin/python3"]) {
      guard exitStatus(["/usr/bin/python3", "-c", "import pyspark"]) != 0 else { throw XCTSkip("/usr/bin/python3 has pyspark") }
      let e = fitError([:])
      XCTAssertEqual(e?.message.hasPrefix("engine=spark needs pyspark"), true, "\(String(describing: e))")
      XCTAssertEqual(e?.hint?.contains("scripts/spark-venv"), true)
    }
    // No java on the PATH and no JAVA_HOME (the venv's Python, when there is one).
    let runtime = try SparkRuntime.locate()
    guard exitStatus([runtime.python, "-c", "import pyspark"]) == 0 else { return }
    try withEnvironment(["MK_PYTHON": runtime.python, "PATH": "/nonexistent", "JAVA_HOME": nil]) {
      let e = fitError([:])
      XCTAssertEqual(e?.message.hasPrefix("engine=spark needs Java"), true, "\(String(describing: e))")
      XCTAssertEqual(e?.hint?.contains("openjdk-17-jre-headless"), true)
    }
  }

  /// Ctrl-C during a fit ends the driver and what it started (the JVM, here a `sleep`), within
  /// seconds; the phases it printed reached the progress bar first.
  func testCtrlCEndsTheWholeProcessGroup() throws {
    let folder = URL(fileURLWithPath: try temporaryFolder())
    defer { try? FileManager.default.removeItem(at: folder) }
    let script = "import subprocess, sys, time; c = subprocess.Popen(['sleep', '60']); print(c.pid, flush=True); "
      + "print('MKSPARK phase 1/6 start 0.1s', file=sys.stderr, flush=True); time.sleep(60)"
    let process = SparkProcess(executable: "python3", arguments: ["-c", script],
                               environment: ProcessInfo.processInfo.environment, folder: folder)
    var phases: [String] = []
    DispatchQueue.global().asyncAfter(deadline: .now() + 2) { Progress.interrupt() }
    defer { Progress.clearInterrupt() }
    let start = Date()
    XCTAssertThrowsError(try process.run(progress: .silent) { _, _, name in phases.append(name) }) {
      XCTAssertEqual(($0 as? MKError)?.kind, .interrupted)
    }
    XCTAssertLessThan(Date().timeIntervalSince(start), 10)
    XCTAssertEqual(phases, ["start"])
    let child = try String(contentsOf: folder.appendingPathComponent("stdout.txt"), encoding: .utf8)
      .trimmingCharacters(in: .whitespacesAndNewlines)
    XCTAssertFalse(child.isEmpty)
    // Gone, or a zombie waiting for its new parent to reap it: either way not running.
    let state = (try? String(contentsOfFile: "/proc/\(child)/stat", encoding: .utf8))?.split(separator: " ")[2]
    XCTAssertTrue(state == nil || state == "Z", "sleep \(child) is still \(state ?? "")")
  }

  /// A failed job shows the exception's lines, not the JVM's stack frames.
  func testAFailureShowsTheExceptionNotTheStackFrames() {
    let log = """
      MKSPARK phase 2/6 read 3.1s
      26/12/01 14:58:25 WARN NativeCodeLoader: Unable to load native-hadoop library for your platform
      Traceback (most recent call last):
        File "/x/spark_als.py", line 90, in main
          raw = spark.read.csv(path, header=True)
      pyspark.errors.exceptions.captured.AnalysisException: [PATH_NOT_FOUND] Path does not exist: file:/nowhere.csv.
      \tat org.apache.spark.sql.errors.QueryCompilationErrors$.dataPathNotExistError(QueryCompilationErrors.scala:1500)
      \t... 42 more
      """
    XCTAssertEqual(SparkProcess.tail(log.split(separator: "\n").map(String.init)),
                   ["Traceback (most recent call last):", "    raw = spark.read.csv(path, header=True)",
                    "pyspark.errors.exceptions.captured.AnalysisException: [PATH_NOT_FOUND] Path does not exist: file:/nowhere.csv."])
  }

  private func withEnvironment(_ values: [String: String?], _ body: () throws -> Void) throws {
    let old = values.keys.map { ($0, ProcessInfo.processInfo.environment[$0]) }
    for (k, v) in values { if let v { setenv(k, v, 1) } else { unsetenv(k) } }
    defer { for (k, v) in old { if let v { setenv(k, v, 1) } else { unsetenv(k) } } }
    try body()
  }
}

/// The exit status of a command found on PATH, its output dropped.
private func exitStatus(_ arguments: [String]) -> Int32 {
  let p = Process()
  p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
  p.arguments = arguments
  p.standardOutput = FileHandle.nullDevice
  p.standardError = FileHandle.nullDevice
  do { try p.run() } catch { return 127 }
  p.waitUntilExit()
  return p.terminationStatus
}
