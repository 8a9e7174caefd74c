import Build
import Foundation

extension BuildOptions {
    /// `SIGNALPRESS_KILL_AFTER_STEP=<step>`: the process kills itself with SIGKILL as soon as that
    /// step has run, as a power loss or the OOM killer would. How the tests prove that a build
    /// stopped at any step boundary loses nothing published and changes nothing sealed.
    static func killAfterStep(_ environment: [String: String]) -> (@Sendable (String) -> Void)? {
        guard let target = environment["SIGNALPRESS_KILL_AFTER_STEP"], !target.isEmpty else { return nil }
        return { step in if step == target { kill(getpid(), SIGKILL) } }
    }
}
