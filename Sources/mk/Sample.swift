import ArgumentParser
import MKCore

/// `mk sample FOLDER [--seed N]`: writes the generated anime-flavoured sample data set
/// (`ratings.csv` with Mangaki words, `works.csv` with genre tags) that the notebooks use.
/// `Samples/anime` in the repository is exactly `mk sample Samples/anime --seed 0`, and
/// `Samples/anime-tagged` (tags that carry the cold-start signal) `mk sample Samples/anime-tagged --tagged`.
struct Sample: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Write the generated anime sample data set (ratings.csv, works.csv) into a folder.",
    discussion: "The data is invented: titles, users and ratings come from a seeded generator with planted tastes.")

  @ArgumentParser.Argument(help: "The folder to write (created if missing).")
  var folder: String

  @Option(help: "Random seed; the same seed writes the same files.")
  var seed: UInt64 = 0

  @Flag(help: "Let the genre tags carry the cold-start signal (genre qualities shared by all users).")
  var tagged = false

  func run() throws {
    do {
      try FileManagerShim.createDirectory(folder)
      try AnimeSample.write(to: folder, seed: seed, tagged: tagged)
      print("wrote \(folder)/ratings.csv and \(folder)/works.csv")
    } catch let e as MKError {
      Terminal.err("mk: \(e)\n")
      throw ExitCode(1)
    }
  }
}

import Foundation
enum FileManagerShim {
  static func createDirectory(_ path: String) throws {
    do {
      try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    } catch {
      throw MKError(.io, "cannot create folder '\(path)': \(error.localizedDescription)")
    }
  }
}
