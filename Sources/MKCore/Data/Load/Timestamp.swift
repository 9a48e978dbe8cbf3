/// Conversions between ISO-8601 dates and seconds since the Unix epoch (UTC).
public enum Timestamp {
  /// Seconds since 1970-01-01T00:00:00Z of an ISO-8601 date or date-time.
  ///
  /// Accepts `2016-04-09`, `2016-04-09T13:59:48Z`, `2016-04-09 13:59`, fractional seconds
  /// (dropped) and offsets such as `+02:00`. Returns nil for anything else.
  public static func parse(_ s: String) -> Int64? {
    let b = Array(s.utf8)
    return parse(b, 0, b.count)
  }

  static func parse(_ b: [UInt8], _ start: Int, _ end: Int) -> Int64? {
    var p = start
    func digits(_ n: Int) -> Int? {
      guard p + n <= end else { return nil }
      var v = 0
      for _ in 0..<n {
        let d = Int(b[p]) - 48
        guard d >= 0, d <= 9 else { return nil }
        v = v * 10 + d
        p += 1
      }
      return v
    }
    func expect(_ c: UInt8) -> Bool {
      guard p < end, b[p] == c else { return false }
      p += 1
      return true
    }
    guard let y = digits(4), expect(45), let m = digits(2), expect(45), let d = digits(2),
          (1...12).contains(m), (1...31).contains(d) else { return nil }
    var seconds = days(year: y, month: m, day: d) * 86_400
    if p == end { return seconds }
    guard b[p] == 84 || b[p] == 32 else { return nil }  // 'T' or ' '
    p += 1
    guard let hh = digits(2), expect(58), let mm = digits(2), hh < 24, mm < 60 else { return nil }
    seconds += Int64(hh * 3600 + mm * 60)
    if expect(58) {
      guard let ss = digits(2), ss <= 60 else { return nil }
      seconds += Int64(ss)
      if expect(46) { while p < end, b[p] >= 48, b[p] <= 57 { p += 1 } }
    }
    if p == end || expect(90) { return p == end ? seconds : nil }  // 'Z'
    guard b[p] == 43 || b[p] == 45 else { return nil }
    let sign: Int64 = b[p] == 43 ? 1 : -1
    p += 1
    guard let oh = digits(2) else { return nil }
    _ = expect(58)
    let om = digits(2) ?? 0
    guard p == end else { return nil }
    return seconds - sign * Int64(oh * 3600 + om * 60)
  }

  /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`).
  static func days(year: Int, month: Int, day: Int) -> Int64 {
    let y = Int64(month <= 2 ? year - 1 : year)
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let mp = Int64((month + 9) % 12)
    let doy = (153 * mp + 2) / 5 + Int64(day) - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146_097 + doe - 719_468
  }

  /// `YYYY-MM-DD` of seconds since the epoch, with `THH:MM:SSZ` when not midnight.
  public static func format(_ seconds: Int64) -> String {
    let z = (seconds >= 0 ? seconds : seconds - 86_399) / 86_400
    let rest = Int(seconds - z * 86_400)
    let zz = z + 719_468
    let era = (zz >= 0 ? zz : zz - 146_096) / 146_097
    let doe = zz - era * 146_097
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let d = doy - (153 * mp + 2) / 5 + 1
    let m = mp < 10 ? mp + 3 : mp - 9
    let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
    func two(_ v: Int64) -> String { v < 10 ? "0\(v)" : "\(v)" }
    var s = "\(y)-\(two(m))-\(two(d))"
    if rest != 0 {
      s += "T\(two(Int64(rest / 3600))):\(two(Int64(rest / 60 % 60))):\(two(Int64(rest % 60)))Z"
    }
    return s
  }
}
