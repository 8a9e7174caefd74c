import Foundation

/// Runs a program in its own process group with a small environment and input on stdin,
/// collecting stdout and stderr, and kills the whole group at the deadline: a hook's own
/// children (a `sleep`, a model client) must not outlive it. A descendant that escaped the
/// group (a new session) and keeps the pipes open is not waited for: reading stops a second
/// after the program ended.
struct ChildProcess {
    struct Outcome {
        var status: Int32
        var timedOut: Bool
        var stdout: Data
        var stderr: Data
    }

    var executable: String
    var arguments: [String] = []
    var directory: String
    /// `NAME=value` strings, the whole environment the program gets.
    var environment: [String]

    /// PATH, HOME, LANG and TZ, plus the `passing` variables that are set here.
    static func environment(passing names: [String], from current: [String: String] = ProcessInfo.processInfo.environment) -> [String] {
        (["PATH", "HOME", "LANG", "TZ"] + names).reduce(into: [String]()) { result, name in
            if let value = current[name], !result.contains(where: { $0.hasPrefix(name + "=") }) { result.append("\(name)=\(value)") }
        }
    }

    func run(input: Data, timeout: Double, outputLimit: Int) throws -> Outcome {
        var stdinPipe: [Int32] = [0, 0], stdoutPipe: [Int32] = [0, 0], stderrPipe: [Int32] = [0, 0]
        // Close-on-exec, so that no other child started meanwhile (by another build in this
        // process) inherits them: one holding the input's write end would keep the hook from ever
        // seeing the end of its input. The child gets its own copies as 0, 1 and 2.
        func cloexecPipe(_ ends: inout [Int32]) -> Bool {
            guard pipe(&ends) == 0 else { return false }
            return ends.allSatisfy { fcntl($0, F_SETFD, FD_CLOEXEC) == 0 }
        }
        guard cloexecPipe(&stdinPipe), cloexecPipe(&stdoutPipe), cloexecPipe(&stderrPipe) else { throw HookProblem("cannot create pipes") }
        let inputEnd = stdinPipe[1]
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, stdinPipe[0], 0)
        posix_spawn_file_actions_adddup2(&actions, stdoutPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, stderrPipe[1], 2)
        for fd in stdinPipe + stdoutPipe + stderrPipe { posix_spawn_file_actions_addclose(&actions, fd) }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        posix_spawnattr_setpgroup(&attributes, 0)
        var none = sigset_t(), all = sigset_t()
        sigemptyset(&none)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)

        // Through the shell only to start in `directory`; `exec` leaves the program itself as the child.
        let argv = (["/bin/sh", "-c", "cd \"$1\" && shift && exec \"$@\"", "sh", directory, executable] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        let environment = self.environment.map { strdup($0) } + [nil]
        defer { for pointer in environment { free(pointer) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, "/bin/sh", &actions, &attributes, argv, environment)
        close(stdinPipe[0]); close(stdoutPipe[1]); close(stderrPipe[1])
        guard spawned == 0 else {
            close(stdinPipe[1]); close(stdoutPipe[0]); close(stderrPipe[0])
            throw HookProblem("could not start: \(String(cString: strerror(spawned)))")
        }

        let out = OutputBuffer(limit: outputLimit), err = OutputBuffer(limit: 64 * 1024)
        let finished = ReadingDeadline()
        let group = DispatchGroup()
        for (fd, buffer) in [(stdoutPipe[0], out), (stderrPipe[0], err)] {
            DispatchQueue.global().async(group: group) {
                var chunk = [UInt8](repeating: 0, count: 65536)
                var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                while !finished.passed {
                    guard poll(&poller, 1, 50) > 0 else { continue }
                    let count = read(fd, &chunk, chunk.count)
                    if count <= 0 { break }
                    buffer.append(Data(chunk[0..<count]))
                }
                close(fd)
            }
        }
        DispatchQueue.global().async {
            input.withUnsafeBytes { raw in
                var offset = 0
                while offset < raw.count {
                    let written = write(inputEnd, raw.baseAddress! + offset, raw.count - offset)
                    if written <= 0 { break }
                    offset += written
                }
            }
            close(inputEnd)
        }

        let deadline = Date().addingTimeInterval(timeout)
        var status: Int32 = 0
        var timedOut = false
        while waitpid(pid, &status, WNOHANG) == 0 {
            if Date() >= deadline {
                timedOut = true
                kill(-pid, SIGKILL)
                waitpid(pid, &status, 0)
                break
            }
            usleep(5_000)
        }
        kill(-pid, SIGKILL) // anything the program left behind in its group
        finished.start(seconds: 1)
        group.wait()
        let exited = (status & 0x7f) == 0
        return Outcome(status: exited ? (status >> 8) & 0xff : -1, timedOut: timedOut, stdout: out.data, stderr: err.data)
    }
}

/// When the readers of a finished program's pipes give up: never, until `start`.
final class ReadingDeadline: @unchecked Sendable {
    private let lock = NSLock()
    private var deadline: Date?

    func start(seconds: Double) {
        lock.lock()
        deadline = Date().addingTimeInterval(seconds)
        lock.unlock()
    }

    var passed: Bool {
        lock.lock()
        defer { lock.unlock() }
        return deadline.map { Date() >= $0 } ?? false
    }
}
