#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Starting, watching and stopping child processes (command tasks, detached runners).
enum ChildProcess {
    /// How a watched process ended.
    enum Ending: Equatable {
        /// It exited with this status.
        case exited(Int32)
        /// A signal killed it.
        case signaled(Int32)
        /// It was stopped (timeout or cancel) and killed.
        case stopped
    }

    /// Starts `arguments[0]` (searched in PATH) with its output appended to `outputPath`
    /// (stdin from /dev/null). `newSession` detaches it from our session and terminal;
    /// otherwise it leads its own process group, so ``stop(_:)`` reaches its children.
    static func spawn(_ arguments: [String], environment: [String: String]? = nil, workingDirectory: String? = nil,
                      outputPath: String, newSession: Bool = false) throws -> pid_t {
        guard !arguments.isEmpty else { throw JobsError(.invalidArgument, "empty command") }
        var arguments = arguments
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        if let workingDirectory {
            guard FileSystem.isDirectory(workingDirectory) else {
                throw JobsError(.notFound, "working directory does not exist", at: workingDirectory)
            }
            // Change directory in a shell that then execs the program (no addchdir in Swift's Glibc).
            arguments = ["/bin/sh", "-c", "cd \"$0\" && exec \"$@\"", workingDirectory] + arguments
        }
        let program = arguments[0]
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var signals = sigset_t()
        sigemptyset(&signals)
        posix_spawnattr_setsigmask(&attributes, &signals)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGPIPE)
        sigaddset(&defaults, SIGTERM)
        sigaddset(&defaults, SIGINT)
        sigaddset(&defaults, SIGCHLD)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        let sessionFlag: Int32 = 0x80  // POSIX_SPAWN_SETSID (glibc 2.26+)
        let flags = Int32(POSIX_SPAWN_SETSIGMASK) | Int32(POSIX_SPAWN_SETSIGDEF) | (newSession ? sessionFlag : Int32(POSIX_SPAWN_SETPGROUP))
        posix_spawnattr_setflags(&attributes, Int16(flags))
        if !newSession { posix_spawnattr_setpgroup(&attributes, 0) }

        var env = environment.map { e in e.map { "\($0.key)=\($0.value)" } } ?? currentEnvironment()
        env.sort()
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = env.map { strdup($0) } + [nil]
        defer {
            for p in argv { free(p) }
            for p in envp { free(p) }
        }
        markInheritedDescriptorsCloseOnExec()
        var pid: pid_t = 0
        let rc = posix_spawnp(&pid, program, &actions, &attributes, argv, envp)
        guard rc == 0 else {
            throw JobsError(.notFound, "cannot start '\(program)': \(String(cString: strerror(rc)))")
        }
        return pid
    }

    /// Sets close-on-exec on every descriptor above 2, so a child gets only its stdin, stdout
    /// and stderr: a descriptor this process inherited (say, the write end of a pipe whose
    /// reader waits for EOF) must not stay open in a long-running task or background runner.
    static func markInheritedDescriptorsCloseOnExec() {
        #if os(Linux)
        for name in FileSystem.list("/proc/self/fd") {
            guard let fd = Int32(name), fd > 2 else { continue }
            let flags = fcntl(fd, F_GETFD)
            if flags >= 0 && flags & FD_CLOEXEC == 0 { _ = fcntl(fd, F_SETFD, flags | FD_CLOEXEC) }
        }
        #endif
    }

    /// This process's environment as `KEY=value` strings.
    static func currentEnvironment() -> [String] {
        var out: [String] = []
        var p = environ
        while let entry = p.pointee {
            out.append(String(cString: entry))
            p += 1
        }
        return out
    }

    /// This process's environment as a dictionary.
    static func environmentDictionary() -> [String: String] {
        var out: [String: String] = [:]
        for entry in currentEnvironment() {
            guard let eq = entry.firstIndex(of: "=") else { continue }
            out[String(entry[..<eq])] = String(entry[entry.index(after: eq)...])
        }
        return out
    }

    /// Waits for `pid`, polling `shouldStop` every `pollMillis`; when it says stop, the
    /// process group gets SIGTERM, then SIGKILL after `graceMillis`.
    static func wait(_ pid: pid_t, pollMillis: Int64 = 20, graceMillis: Int64 = 2000, shouldStop: () -> Bool) -> Ending {
        var status: Int32 = 0
        var stopping = false
        var killAt: Int64 = 0
        while true {
            let r = waitpid(pid, &status, WNOHANG)
            if r == pid {
                if stopping { return .stopped }
                if status & 0x7f == 0 { return .exited((status >> 8) & 0xff) }
                return .signaled(status & 0x7f)
            }
            if r < 0 && errno != EINTR { return stopping ? .stopped : .exited(-1) }
            if !stopping && shouldStop() {
                stopping = true
                kill(-pid, SIGTERM)
                kill(pid, SIGTERM)
                killAt = Clock.monotonicMillis() + graceMillis
            } else if stopping && Clock.monotonicMillis() >= killAt {
                kill(-pid, SIGKILL)
                kill(pid, SIGKILL)
                killAt = Int64.max
            }
            Clock.sleep(millis: pollMillis)
        }
    }
}

extension RunnerProcess {
    /// This process.
    static func current() -> RunnerProcess {
        let pid = getpid()
        return RunnerProcess(pid: pid, startTicks: procStat(pid)?.startTicks ?? 0)
    }

    /// `/proc/PID/stat`'s state letter and start time (Linux), nil when unreadable.
    static func procStat(_ pid: Int32) -> (state: Character, startTicks: Int64)? {
        guard let text = try? FileSystem.readText("/proc/\(pid)/stat"), let close = text.lastIndex(of: ")") else { return nil }
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 19, let state = fields[0].first, let ticks = Int64(fields[19]) else { return nil }
        return (state, ticks)
    }

    /// Whether the process still runs (and is the same process: same start time).
    public var isAlive: Bool {
        guard pid > 0 else { return false }
        if kill(pid, 0) != 0 && errno == ESRCH { return false }
        #if os(Linux)
        guard let stat = Self.procStat(pid) else { return false }
        if stat.state == "Z" || stat.state == "X" { return false }
        if startTicks != 0 && stat.startTicks != startTicks { return false }
        #endif
        return true
    }
}
