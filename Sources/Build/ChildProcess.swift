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
        let pipes = try Pipes()
        let pid = try spawn(pipes)
        return communicate(pid: pid, pipes: pipes, input: input, timeout: timeout, outputLimit: outputLimit)
    }

    /// The child's standard input, output and error. Close-on-exec, so that no other child started
    /// meanwhile (by another build in this process) inherits them: one holding the input's write
    /// end would keep the hook from ever seeing the end of its input. The child gets its own
    /// copies as 0, 1 and 2.
    struct Pipes {
        var input: [Int32] = [0, 0], output: [Int32] = [0, 0], error: [Int32] = [0, 0]

        init() throws {
            func cloexecPipe(_ ends: inout [Int32]) -> Bool {
                guard pipe(&ends) == 0 else { return false }
                return ends.allSatisfy { fcntl($0, F_SETFD, FD_CLOEXEC) == 0 }
            }
            guard cloexecPipe(&input), cloexecPipe(&output), cloexecPipe(&error) else { throw HookProblem.cannotCreatePipes(errno: errno) }
        }
    }

    /// Starts the program in its own process group, with default signal handling and nothing
    /// but the three pipes open; closes the child's ends here.
    func spawn(_ pipes: Pipes) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, pipes.input[0], 0)
        posix_spawn_file_actions_adddup2(&actions, pipes.output[1], 1)
        posix_spawn_file_actions_adddup2(&actions, pipes.error[1], 2)
        for fd in pipes.input + pipes.output + pipes.error { posix_spawn_file_actions_addclose(&actions, fd) }
        // Nothing else this process has open (the ledger, a test runner's output) reaches the
        // hook: a descendant it leaves behind would otherwise hold those open for its lifetime.
        _ = Self.closeFrom.map { $0(&actions, 3) }
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
        close(pipes.input[0]); close(pipes.output[1]); close(pipes.error[1])
        guard spawned == 0 else {
            close(pipes.input[1]); close(pipes.output[0]); close(pipes.error[0])
            throw HookProblem.cannotStart(errno: spawned)
        }
        return pid
    }

    /// One poll loop on this thread feeds the input and drains both outputs: no helper threads
    /// to wait for, so a build that runs hooks on a busy thread pool (parallel builds in one
    /// process) cannot starve its own readers. It runs until the program has ended and its pipes
    /// are read: both pipes can close before `waitpid` sees the exit, and the status is only
    /// known from `waitpid`.
    func communicate(pid: pid_t, pipes: Pipes, input: Data, timeout: Double, outputLimit: Int) -> Outcome {
        let out = OutputBuffer(limit: outputLimit), err = OutputBuffer(limit: 64 * 1024)
        var ends = Ends(open: [(pipes.output[0], out), (pipes.error[0], err), (pipes.input[1], nil)], input: input)
        let deadline = DispatchTime.now() + timeout
        var status: Int32 = 0
        var timedOut = false
        var ended: DispatchTime?
        while true {
            if ended == nil {
                if waitpid(pid, &status, WNOHANG) != 0 {
                    ended = DispatchTime.now()
                } else if DispatchTime.now() >= deadline {
                    timedOut = true
                    kill(-pid, SIGKILL)
                    waitpid(pid, &status, 0)
                    ended = DispatchTime.now()
                }
                // Anything the program left behind in its group goes with it.
                if ended != nil { kill(-pid, SIGKILL) }
            }
            if ended != nil && ends.open.isEmpty { break }
            // A descendant that escaped the group (a new session) may hold the pipes open:
            // a second after the program ended, what is in them is read and the rest let go.
            let late = ended.map { DispatchTime.now() >= $0 + 1 } ?? false
            if !ends.pump(wait: late ? 0 : 20) && late { break }
            if late { break }
        }
        for end in ends.open { close(end.fd) }
        let exited = (status & 0x7f) == 0
        return Outcome(status: exited ? (status >> 8) & 0xff : -1, timedOut: timedOut, stdout: out.data, stderr: err.data)
    }

    /// The pipe ends still open: outputs read into their buffers, the input written from `input`.
    struct Ends {
        var open: [(fd: Int32, buffer: OutputBuffer?)]
        let input: Data
        var written = 0
        var chunk = [UInt8](repeating: 0, count: 65536)

        init(open: [(fd: Int32, buffer: OutputBuffer?)], input: Data) {
            (self.open, self.input) = (open, input)
            for end in open { _ = fcntl(end.fd, F_SETFL, fcntl(end.fd, F_GETFL) | O_NONBLOCK) }
        }

        /// Waits up to `wait` milliseconds for an end to be ready and serves every ready one; false when none was.
        mutating func pump(wait: Int32) -> Bool {
            var polls = open.map { pollfd(fd: $0.fd, events: Int16($0.buffer == nil ? POLLOUT : POLLIN), revents: 0) }
            guard poll(&polls, nfds_t(polls.count), wait) > 0 else { return false }
            for index in polls.indices.reversed() where polls[index].revents != 0 {
                if let buffer = open[index].buffer {
                    let count = read(open[index].fd, &chunk, chunk.count)
                    if count > 0 { buffer.append(Data(chunk[0..<count])) } else if count == 0 || errno != EAGAIN { release(index) }
                } else {
                    let (fd, offset) = (open[index].fd, written)
                    let count = input.withUnsafeBytes { raw in
                        offset < raw.count ? write(fd, raw.baseAddress! + offset, raw.count - offset) : 0
                    }
                    if count > 0 { written += count }
                    if written >= input.count || (count < 0 && errno != EAGAIN) { release(index) }
                }
            }
            return true
        }

        mutating func release(_ index: Int) {
            close(open[index].fd)
            open.remove(at: index)
        }
    }

    /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34 and later), which the Glibc
    /// module does not export; nil where the C library lacks it.
    static let closeFrom: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32)? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32).self)
    }()
}
