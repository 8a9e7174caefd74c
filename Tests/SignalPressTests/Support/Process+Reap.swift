import Foundation

/// How a child the tests started ended.
struct Reaped {
    /// The exit status, or the signal's number when a signal ended it (as Foundation gives it).
    var status: Int32
    var bySignal: Bool
}

extension Process {
    /// Waits for the child to end, without trusting Foundation alone to notice: on Linux,
    /// `waitUntilExit` learns of the exit when a socket inherited by the child closes, and a
    /// process started meanwhile by another test may hold that socket too (a server that lives
    /// on), so the wait never ends. This reaps the child with `waitpid` as soon as it has exited,
    /// or takes Foundation's status when Foundation reaped it first. Read the status from here,
    /// not from `terminationStatus`, which Foundation never sets for a child reaped here.
    @discardableResult
    func reap() -> Reaped {
        let pid = processIdentifier
        while isRunning {
            var status: Int32 = 0
            let reaped = waitpid(pid, &status, WNOHANG)
            if reaped == pid {
                let signal = status & 0x7F
                return signal == 0 ? Reaped(status: (status >> 8) & 0xFF, bySignal: false) : Reaped(status: signal, bySignal: true)
            }
            if reaped == -1 && errno != EINTR { break }
            usleep(5_000)
        }
        waitUntilExit()
        return Reaped(status: terminationStatus, bySignal: terminationReason == .uncaughtSignal)
    }
}
