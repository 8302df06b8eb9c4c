package io.cloudrig.cli;

import io.cloudrig.cli.seams.CredentialChecker;
import io.cloudrig.cli.seams.FromEnvConfigSource;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a CLI invocation reads from its surroundings: {@code CLOUDRIG_HOME}, the environment, the two output
 * streams and the seams other branches fill in. Injectable so tests drive {@link Main} in-process.
 */
public final class CliEnv {
    public static final String HOME_VARIABLE = io.cloudrig.embedded.RuntimeHome.VARIABLE;

    private final Map<String, String> env;
    private final Path home;
    private final PrintStream out;
    private final PrintStream err;
    private final CredentialChecker checker;
    private final FromEnvConfigSource fromEnv;
    private final Terminal terminal;
    private final Path cwd;
    private final LocalServices local;

    private CliEnv(Builder b) {
        this.env = Map.copyOf(b.env);
        this.home = b.home != null ? b.home : defaultHome(env);
        this.out = Objects.requireNonNull(b.out, "out");
        this.err = Objects.requireNonNull(b.err, "err");
        this.checker = b.checker != null ? b.checker : CredentialChecker.load();
        this.fromEnv = b.fromEnv != null ? b.fromEnv : FromEnvConfigSource.load();
        this.terminal = b.terminal != null ? b.terminal : Terminal.none();
        this.cwd = (b.cwd != null ? b.cwd : Path.of("")).toAbsolutePath();
        this.local = b.local;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The real process: {@code System.getenv()}, {@code System.out}/{@code err}, its terminal if it has one. */
    public static CliEnv system() {
        return builder().env(System.getenv()).out(System.out).err(System.err).terminal(Terminal.system()).build();
    }

    static Path defaultHome(Map<String, String> env) {
        return io.cloudrig.embedded.RuntimeHome.resolve(env);
    }

    public Map<String, String> env() {
        return env;
    }

    /** {@code $CLOUDRIG_HOME}, default {@code ~/.cloudrig}. */
    public Path home() {
        return home;
    }

    public PrintStream out() {
        return out;
    }

    public PrintStream err() {
        return err;
    }

    public CredentialChecker checker() {
        return checker;
    }

    public FromEnvConfigSource fromEnv() {
        return fromEnv;
    }

    /** Who confirms a destructive command: the process's terminal, or none (the default, as in scripts). */
    public Terminal terminal() {
        return terminal;
    }

    /** The directory relative paths the user gives (e.g. {@code --file}) are resolved against: the caller's own. */
    public Path cwd() {
        return cwd;
    }

    /** A user-given path as the caller means it: relative ones against {@link #cwd()}. */
    public Path resolve(Path userPath) {
        return cwd.resolve(userPath);
    }

    /**
     * The store and publisher of the local runtime this invocation runs in (a command served by the runtime), used
     * instead of new clients when the config is not external; empty in a CLI process of its own.
     */
    public java.util.Optional<LocalServices> local() {
        return java.util.Optional.ofNullable(local);
    }

    public static final class Builder {
        private Map<String, String> env = Map.of();
        private Path home;
        private PrintStream out = System.out;
        private PrintStream err = System.err;
        private CredentialChecker checker;
        private FromEnvConfigSource fromEnv;
        private Terminal terminal;
        private Path cwd;
        private LocalServices local;

        private Builder() {
        }

        public Builder env(Map<String, String> v) {
            this.env = Objects.requireNonNull(v);
            return this;
        }

        /** Overrides {@code CLOUDRIG_HOME} from {@link #env}. */
        public Builder home(Path v) {
            this.home = v;
            return this;
        }

        public Builder out(PrintStream v) {
            this.out = v;
            return this;
        }

        public Builder err(PrintStream v) {
            this.err = v;
            return this;
        }

        public Builder checker(CredentialChecker v) {
            this.checker = v;
            return this;
        }

        public Builder fromEnv(FromEnvConfigSource v) {
            this.fromEnv = v;
            return this;
        }

        public Builder terminal(Terminal v) {
            this.terminal = v;
            return this;
        }

        /** The caller's working directory (default: this process's). */
        public Builder cwd(Path v) {
            this.cwd = v;
            return this;
        }

        public Builder local(LocalServices v) {
            this.local = v;
            return this;
        }

        public CliEnv build() {
            return new CliEnv(this);
        }
    }
}
