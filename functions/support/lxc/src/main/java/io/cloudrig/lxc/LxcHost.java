package io.cloudrig.lxc;

import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.ErrorCode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The LXC command layer for one host: {@code lxc-create}, {@code lxc-copy}, {@code lxc-start}, {@code lxc-attach},
 * {@code lxc-info}, {@code lxc-stop}, {@code lxc-destroy}, run through a {@link HostShell} (this machine or SSH) as
 * root. Each operation is one script ({@link LxcScripts}) that first looks at what exists, so every operation can be
 * repeated: a create finds the container a previous attempt finished, a destroy of a container that is gone is done.
 *
 * <p>Failures are classified by what the scripts found, never by LXC's messages: {@code COMMAND_FAILED} (an LXC tool
 * exited non-zero; the message has its last lines), {@code CONFLICT} (the container belongs to another deployment,
 * or snapshot clones depend on it), {@code PROVIDER_FAILED} (something is missing on the host); the shell adds
 * {@code UNREACHABLE}, {@code AUTH_FAILED} and {@code TIMEOUT}.
 */
public final class LxcHost implements AutoCloseable {
    /** How long {@code lxc-create} may take (a debootstrap of a full distribution the first time: minutes). */
    public static final Duration CREATE_TIMEOUT = Duration.ofMinutes(20);
    static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(3);

    private final HostShell shell;
    private final String lxcPath;

    private LxcHost(HostShell shell, String lxcPath) {
        this.shell = Objects.requireNonNull(shell, "shell");
        this.lxcPath = lxcPath;
    }

    /**
     * LXC on the host {@code shell} reaches.
     *
     * @param lxcPath where the containers live, or null for LXC's {@code lxc.lxcpath}
     */
    public static LxcHost on(HostShell shell, String lxcPath) {
        if (lxcPath != null && !lxcPath.matches("/[A-Za-z0-9_./-]*")) {
            throw new CloudrigException(ErrorCode.INVALID_CONFIG, "lxc_path: expected an absolute path of "
                    + "[A-Za-z0-9_./-] but was '" + lxcPath + "'");
        }
        return new LxcHost(shell, lxcPath);
    }

    /** Where the commands run, safe to print. */
    public String where() {
        return shell.where();
    }

    /** Whether the commands run on this machine. */
    public boolean isLocal() {
        return shell instanceof LocalShell;
    }

    /** What a create or copy did. */
    public enum Made {
        /** The container was made now. */
        CREATED,
        /** A previous attempt had made it (it carries this owner's mark): nothing was done. */
        EXISTED
    }

    /**
     * Checks the host for what containers of {@code template} need (installing it when {@code install} and the host
     * has apt-get) and reports what it found.
     *
     * @throws CloudrigException PROVIDER_FAILED naming what is still missing
     */
    public HostProbe probe(Template template, boolean unprivileged, boolean install) {
        ShellResult r = run("checking LXC", LxcScripts.probe(lxcPath, template, unprivileged, install), CREATE_TIMEOUT);
        List<String> missing = r.values("missing");
        if (!missing.isEmpty()) {
            throw new CloudrigException(ErrorCode.PROVIDER_FAILED, "LXC host " + where() + " lacks " + missing
                    + (install ? " and they could not be installed (no apt-get, or it failed)"
                    : " (install_lxc is false)") + lastLines(r));
        }
        return new HostProbe(first(r, "version"), first(r, "lxcpath"), first(r, "hostname"), first(r, "machine"),
                r.values("init_lxc").stream().findFirst().orElse(null), r.has("overlay"), ranges(r, "subuid"),
                ranges(r, "subgid"), missing);
    }

    private static List<long[]> ranges(ShellResult r, String key) {
        List<long[]> out = new ArrayList<>();
        for (String v : r.values(key)) {
            String[] p = v.split("\\s+");
            if (p.length == 2) {
                out.add(new long[]{Long.parseLong(p[0]), Long.parseLong(p[1])});
            }
        }
        return out;
    }

    /** Every container whose name starts with {@code namePrefix}, with its state, by name. */
    public Map<String, LxcState> list(String namePrefix) {
        ShellResult r = run("listing containers", LxcScripts.list(lxcPath, namePrefix), COMMAND_TIMEOUT);
        Map<String, LxcState> out = new LinkedHashMap<>();
        for (String v : r.values("c")) {
            String[] p = v.split("\\s+", 2);
            out.put(p[0], LxcState.parse(p.length > 1 ? p[1] : null));
        }
        return out;
    }

    /** The container's state, or empty when it does not exist. */
    public Optional<LxcState> state(String name) {
        ShellResult r = run("reading the state of container '" + name + "'", LxcScripts.state(lxcPath, name), COMMAND_TIMEOUT);
        return r.has("absent") ? Optional.empty() : Optional.of(LxcState.parse(first(r, "state")));
    }

    /**
     * Makes container {@code name} from {@code template} ({@code lxc-create -t}), or finds the one a previous attempt
     * finished for the same {@code owner}.
     *
     * @param configLines config lines after the host's default.conf (network, id map)
     * @param dropDefaultNetwork whether default.conf's {@code lxc.net.*} lines are left out (the lines bring their own)
     * @throws CloudrigException CONFLICT when a container of that name belongs to someone else
     */
    public Made create(String name, String owner, Template template, List<String> configLines, boolean dropDefaultNetwork) {
        ContainerNames.check(name);
        ShellResult r = run("creating container '" + name + "'", LxcScripts.create(lxcPath, name, owner, template,
                configLines, dropDefaultNetwork), CREATE_TIMEOUT);
        return made(r, name, "lxc-create -t " + template.name());
    }

    /** The fixes a base container of {@code template} needs before it is cloned (see {@link LxcScripts#fixBase}). */
    public void fixBase(String name, Template template, ContainerNetwork network) {
        boolean noOwnNetwork = network.kind() == ContainerNetwork.Kind.NONE || network.kind() == ContainerNetwork.Kind.EMPTY;
        run("adjusting base container '" + name + "'", LxcScripts.fixBase(lxcPath, name, template, noOwnNetwork),
                COMMAND_TIMEOUT);
    }

    /**
     * Makes container {@code name} as a copy of the stopped container {@code source}: a snapshot on overlayfs
     * ({@code lxc-copy -s -B overlayfs}, what Rally's {@code lxc-clone --snapshot} became) or a full copy.
     *
     * @throws CloudrigException CONFLICT when {@code name} belongs to someone else or {@code source} is not stopped;
     *                           PROVIDER_FAILED when {@code source} does not exist; COMMAND_FAILED when lxc-copy fails
     */
    public Made copy(String source, String name, String owner, boolean snapshot) {
        ContainerNames.check(name);
        ShellResult r = run("copying container '" + source + "' to '" + name + "'",
                LxcScripts.copy(lxcPath, source, name, owner, snapshot), CREATE_TIMEOUT);
        if (r.has("no_source")) {
            throw new CloudrigException(ErrorCode.PROVIDER_FAILED, "cannot copy container '" + source + "' to '" + name
                    + "' on " + where() + ": expected container '" + source + "' to exist but it does not");
        }
        if (r.has("source_running")) {
            throw new CloudrigException(ErrorCode.CONFLICT, "cannot copy container '" + source + "' to '" + name + "' on "
                    + where() + ": expected '" + source + "' to be STOPPED but it is " + first(r, "source_running"));
        }
        return made(r, name, "lxc-copy" + (snapshot ? " -s -B overlayfs" : ""));
    }

    private Made made(ShellResult r, String name, String tool) {
        if (r.has("foreign")) {
            throw new CloudrigException(ErrorCode.CONFLICT, "container '" + name + "' on " + where() + " exists and belongs "
                    + "to '" + first(r, "foreign") + "', not to this deployment: left alone");
        }
        if (r.has("failed")) {
            throw new CloudrigException(ErrorCode.COMMAND_FAILED, tool + " of container '" + name + "' on " + where()
                    + " failed (" + first(r, "failed") + ")" + lastLines(r));
        }
        if (r.has("existed")) {
            return Made.EXISTED;
        }
        if (r.has("created")) {
            return Made.CREATED;
        }
        throw unexpected("making container '" + name + "'", r);
    }

    /** What {@link #makeFromTemplate} and {@link #makeCopy} did, and the sshd port when the container has one. */
    public record Completed(Made made, OptionalInt sshPort) {
    }

    /**
     * {@link #create}, {@link #fixBase} (when it was created now), {@link #configure} and {@link #markOwned} in one
     * round trip to the host.
     *
     * @param networkLines the network lines to write into the container's config, or null to keep what it has
     * @param sshd how its sshd starts, or null
     */
    public Completed makeFromTemplate(String name, String owner, Template template, List<String> createLines,
                                      ContainerNetwork network, List<String> networkLines, SshdLaunch sshd) {
        ContainerNames.check(name);
        boolean noOwnNetwork = network.kind() == ContainerNetwork.Kind.NONE || network.kind() == ContainerNetwork.Kind.EMPTY;
        String script = LxcScripts.makeAndComplete(
                LxcScripts.create(lxcPath, name, owner, template, createLines, network.replacesHostDefault()),
                LxcScripts.fixBase(lxcPath, name, template, noOwnNetwork),
                LxcScripts.configure(lxcPath, name, networkLines, sshd), LxcScripts.markOwned(lxcPath, name, owner));
        ShellResult r = run("creating container '" + name + "'", script, CREATE_TIMEOUT);
        return completed(r, name, "lxc-create -t " + template.name(), sshd != null);
    }

    /** {@link #copy}, {@link #configure} and {@link #markOwned} in one round trip to the host. */
    public Completed makeCopy(String source, String name, String owner, boolean snapshot, List<String> networkLines,
                              SshdLaunch sshd) {
        ContainerNames.check(name);
        String script = LxcScripts.makeAndComplete(LxcScripts.copy(lxcPath, source, name, owner, snapshot), null,
                LxcScripts.configure(lxcPath, name, networkLines, sshd), LxcScripts.markOwned(lxcPath, name, owner));
        ShellResult r = run("copying container '" + source + "' to '" + name + "'", script, CREATE_TIMEOUT);
        if (r.has("no_source")) {
            throw new CloudrigException(ErrorCode.PROVIDER_FAILED, "cannot copy container '" + source + "' to '" + name
                    + "' on " + where() + ": expected container '" + source + "' to exist but it does not");
        }
        if (r.has("source_running")) {
            throw new CloudrigException(ErrorCode.CONFLICT, "cannot copy container '" + source + "' to '" + name + "' on "
                    + where() + ": expected '" + source + "' to be STOPPED but it is " + first(r, "source_running"));
        }
        return completed(r, name, "lxc-copy" + (snapshot ? " -s -B overlayfs" : ""), sshd != null);
    }

    private Completed completed(ShellResult r, String name, String tool, boolean hasSshd) {
        Made made = made(r, name, tool);
        if (r.has("config_failed")) {
            throw new CloudrigException(ErrorCode.PROVIDER_FAILED, "cannot configure container '" + name + "' on "
                    + where() + ": " + first(r, "config_failed"));
        }
        if (!r.has("configured") || !r.has("marked")) {
            throw unexpected("completing container '" + name + "'", r);
        }
        return new Completed(made, hasSshd ? OptionalInt.of(Integer.parseInt(first(r, "port"))) : OptionalInt.empty());
    }

    /**
     * {@link #start} and, once the container runs, {@code script} in it, in one round trip to the host.
     *
     * @throws CloudrigException as {@link #start}; COMMAND_FAILED when the script exits non-zero
     */
    public LxcState startAndRun(String name, Duration wait, String what, String script) {
        ShellResult r = run("starting container '" + name + "'", LxcScripts.startAndAttach(lxcPath, name,
                (int) Math.max(1, wait.toSeconds()), script), COMMAND_TIMEOUT.plus(wait));
        LxcState s = started(r, name);
        if (r.has("attach_failed")) {
            throw new CloudrigException(ErrorCode.COMMAND_FAILED, what + " in container '" + name + "' on " + where()
                    + " exited with status " + first(r, "attach_failed") + lastLines(r));
        }
        return s;
    }

    /** Marks the container as finished by {@code owner}: a retry adopts it from now on. */
    public void markOwned(String name, String owner) {
        ShellResult r = run("marking container '" + name + "'", LxcScripts.markOwned(lxcPath, name, owner), COMMAND_TIMEOUT);
        if (r.has("absent")) {
            throw new CloudrigException(ErrorCode.PROVIDER_FAILED, "container '" + name + "' on " + where()
                    + " disappeared right after it was made");
        }
    }

    /**
     * Writes the container's own settings into its config: its network lines (when not null: every {@code lxc.net.*}
     * line is replaced) and, with {@code sshd}, the port sshd listens on and the init that starts it.
     *
     * @return the container's sshd port with {@code sshd}, else empty
     */
    public OptionalInt configure(String name, List<String> networkLines, SshdLaunch sshd) {
        ShellResult r = run("configuring container '" + name + "'", LxcScripts.configure(lxcPath, name, networkLines, sshd),
                COMMAND_TIMEOUT);
        if (r.has("absent")) {
            throw new CloudrigException(ErrorCode.PROVIDER_FAILED, "cannot configure container '" + name + "' on "
                    + where() + ": it does not exist");
        }
        if (r.has("config_failed")) {
            throw new CloudrigException(ErrorCode.PROVIDER_FAILED, "cannot configure container '" + name + "' on "
                    + where() + ": " + first(r, "config_failed"));
        }
        if (!r.has("configured")) {
            throw unexpected("configuring container '" + name + "'", r);
        }
        return sshd == null ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(first(r, "port")));
    }

    /**
     * Starts the container unless it runs.
     *
     * @throws CloudrigException COMMAND_FAILED when lxc-start fails, PROVIDER_FAILED when it is not RUNNING after
     *                           {@code wait}
     */
    public LxcState start(String name, Duration wait) {
        ShellResult r = run("starting container '" + name + "'", LxcScripts.start(lxcPath, name,
                (int) Math.max(1, wait.toSeconds())), COMMAND_TIMEOUT.plus(wait));
        return started(r, name);
    }

    private LxcState started(ShellResult r, String name) {
        if (r.has("absent")) {
            throw new CloudrigException(ErrorCode.PROVIDER_FAILED, "cannot start container '" + name + "' on " + where()
                    + ": it does not exist");
        }
        if (r.has("failed")) {
            throw new CloudrigException(ErrorCode.COMMAND_FAILED, "lxc-start of container '" + name + "' on " + where()
                    + " failed (" + first(r, "failed") + ")" + lastLines(r));
        }
        LxcState s = LxcState.parse(first(r, "state"));
        if (s != LxcState.RUNNING) {
            throw new CloudrigException(ErrorCode.PROVIDER_FAILED, "container '" + name + "' on " + where()
                    + ": expected RUNNING after lxc-start but was " + s);
        }
        return s;
    }

    /**
     * Stops the container: gracefully for {@code grace} (killed after that), at once when {@code grace} is zero. A
     * container that is stopped or gone is fine.
     *
     * @return its state after, or empty when it does not exist
     */
    public Optional<LxcState> stop(String name, Duration grace) {
        ShellResult r = run("stopping container '" + name + "'", LxcScripts.stop(lxcPath, name, (int) grace.toSeconds()),
                COMMAND_TIMEOUT.plus(grace));
        if (r.has("absent")) {
            return Optional.empty();
        }
        LxcState s = LxcState.parse(first(r, "state"));
        if (s != LxcState.STOPPED) {
            throw new CloudrigException(ErrorCode.PROVIDER_FAILED, "container '" + name + "' on " + where()
                    + ": expected STOPPED after lxc-stop but was " + s);
        }
        return Optional.of(s);
    }

    /**
     * Stops (killing it) and destroys the container, whatever its state.
     *
     * @return true when it was destroyed now, false when it was already gone
     * @throws CloudrigException CONFLICT when it belongs to another owner or snapshot clones depend on it;
     *                           COMMAND_FAILED when lxc-destroy fails
     */
    public boolean destroy(String name, String owner) {
        ShellResult r = run("destroying container '" + name + "'", LxcScripts.destroy(lxcPath, name, owner), COMMAND_TIMEOUT);
        if (r.has("foreign")) {
            throw new CloudrigException(ErrorCode.CONFLICT, "container '" + name + "' on " + where() + " belongs to '"
                    + first(r, "foreign") + "', not to this deployment: left alone");
        }
        if (r.has("clones")) {
            throw new CloudrigException(ErrorCode.CONFLICT, "container '" + name + "' on " + where() + " cannot be "
                    + "destroyed while snapshot clones depend on it: " + first(r, "clones").trim());
        }
        if (r.has("failed")) {
            throw new CloudrigException(ErrorCode.COMMAND_FAILED, "lxc-destroy of container '" + name + "' on " + where()
                    + " failed (" + first(r, "failed") + ")" + lastLines(r));
        }
        if (r.has("destroyed")) {
            return true;
        }
        if (r.has("absent")) {
            return false;
        }
        throw unexpected("destroying container '" + name + "'", r);
    }

    /** Runs {@code script} in the running container ({@code lxc-attach}); the result has its exit status and lines. */
    public ShellResult attach(String name, String script, Duration timeout) {
        return shell.run("running a script in container '" + name + "'", LxcScripts.attach(lxcPath, name, script), timeout);
    }

    /** {@link #attach}, failing with COMMAND_FAILED (and the last lines) when the script exits non-zero. */
    public ShellResult attachChecked(String what, String name, String script, Duration timeout) {
        ShellResult r = attach(name, script, timeout);
        if (!r.succeeded()) {
            throw new CloudrigException(ErrorCode.COMMAND_FAILED, what + " in container '" + name + "' on " + where()
                    + " exited with status " + r.exitStatus() + lastLines(r));
        }
        return r;
    }

    /** The container's IPv4 addresses (not loopback), as LXC reports them; empty while it has none. */
    public List<String> ipv4(String name) {
        return run("reading the addresses of container '" + name + "'", LxcScripts.addresses(lxcPath, name),
                COMMAND_TIMEOUT).values("ip");
    }

    /** Runs a script of the caller's (host preparation: tunnels, forwarded ports) as root on the host. */
    public ShellResult script(String what, String script, Duration timeout) {
        return shell.run(what, script, timeout);
    }

    private ShellResult run(String what, String script, Duration timeout) {
        ShellResult r = shell.run(what, script, timeout);
        if (!r.succeeded()) {
            throw new CloudrigException(ErrorCode.COMMAND_FAILED, what + " on " + where() + ": the script exited with status "
                    + r.exitStatus() + lastLines(r));
        }
        return r;
    }

    private CloudrigException unexpected(String what, ShellResult r) {
        return new CloudrigException(ErrorCode.INTERNAL, what + " on " + where() + ": the script reported no outcome"
                + lastLines(r));
    }

    private static String first(ShellResult r, String key) {
        return r.values(key).stream().findFirst().orElse("");
    }

    static String lastLines(ShellResult r) {
        List<String> tail = r.tail(15);
        return tail.isEmpty() ? "" : "; last lines:\n  " + String.join("\n  ", tail);
    }

    @Override
    public void close() {
        shell.close();
    }

    @Override
    public String toString() {
        return "LxcHost{" + where() + (lxcPath != null ? ", " + lxcPath : "") + "}";
    }
}
