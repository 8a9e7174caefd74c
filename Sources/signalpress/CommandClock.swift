import Core
import Foundation

/// The one place a command reads the date: `--today`, else `SOURCE_DATE_EPOCH` (the
/// reproducible-builds convention), else the system clock. Everything below the command line
/// is handed the resulting `Clock`.
enum CommandClock {
    static func resolve(today: Day?, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Clock {
        if let today { return Clock(today: today) }
        if let epoch = environment["SOURCE_DATE_EPOCH"], !epoch.isEmpty {
            guard let seconds = Int(epoch), seconds >= 0 else {
                throw CommandError.badSourceDateEpoch(epoch)
            }
            return Clock(now: Date(timeIntervalSince1970: TimeInterval(seconds)))
        }
        return Clock(now: Date())
    }
}
