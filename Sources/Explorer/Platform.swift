#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif

/// Processors online (at least 1).
func onlineProcessorCount() -> Int {
    max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
}

/// The process's peak resident set in bytes: `VmHWM` from /proc/self/status
/// on Linux, else `getrusage`'s `ru_maxrss`; nil if neither is available.
@usableFromInline
func peakResidentBytes() -> Int? {
    #if os(Linux)
    if let kib = procStatusKiB("VmHWM:") { return kib * 1024 }
    #endif
    var usage = rusage()
    #if os(Linux)
    let who = Int32(RUSAGE_SELF.rawValue)
    #else
    let who = RUSAGE_SELF
    #endif
    guard getrusage(who, &usage) == 0 else { return nil }
    #if canImport(Darwin)
    return Int(usage.ru_maxrss)  // bytes on Darwin
    #else
    return Int(usage.ru_maxrss) * 1024  // KiB on Linux
    #endif
}

#if os(Linux)
/// The value in KiB of the line of /proc/self/status starting with `key`.
private func procStatusKiB(_ key: String) -> Int? {
    guard let file = fopen("/proc/self/status", "r") else { return nil }
    defer { fclose(file) }
    var line = [CChar](repeating: 0, count: 256)
    while fgets(&line, Int32(line.count), file) != nil {
        let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard text.hasPrefix(key) else { continue }
        let digits = text.dropFirst(key.count).filter(\.isNumber)
        return Int(digits)
    }
    return nil
}
#endif
