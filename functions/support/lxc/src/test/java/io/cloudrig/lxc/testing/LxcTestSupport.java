package io.cloudrig.lxc.testing;

import io.cloudrig.lxc.ContainerNames;
import io.cloudrig.lxc.ContainerNetwork;
import io.cloudrig.lxc.LocalShell;
import io.cloudrig.lxc.LxcHost;
import io.cloudrig.lxc.ShellResult;
import io.cloudrig.lxc.Template;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Real LXC on this machine for the tests (installed by {@code .ci/deps/lxc.sh}). Every container a test JVM makes is
 * named {@code crt-<pid>-...} ({@link #prefix()}), so that it can be found and removed: by the test classes'
 * {@code @AfterAll} ({@link #destroyAllOfThisJvm()}), at JVM exit, and by the next test JVM when this one was killed
 * (containers of a process that no longer runs are swept on first use). The containers get no network of their own
 * ({@code empty}) or share the host's ({@code none}, their sshd on a port of 127.0.0.1); no bridge or veth is made.
 */
public final class LxcTestSupport {
    private static final Pattern OURS = Pattern.compile("crt-(\\d+)-.*");
    private static final String PREFIX = "crt-" + ProcessHandle.current().pid();
    private static String sshdBase;
    private static boolean swept;

    private LxcTestSupport() {
    }

    /** The name prefix of this JVM's containers ({@code crt-<pid>}): a {@code container_name_prefix} for configs. */
    public static String prefix() {
        return PREFIX;
    }

    /** LXC on this machine, run directly. */
    public static LxcHost local() {
        sweepOnce();
        return LxcHost.on(LocalShell.create(), null);
    }

    /** The names of the containers that exist and start with {@code start}. */
    public static Set<String> containers(String start) {
        try (LxcHost lxc = local()) {
            return new TreeSet<>(lxc.list(start).keySet());
        }
    }

    /** The containers of this JVM that exist and were made for deployment {@code deploymentId}. */
    public static Set<String> ofDeployment(String deploymentId) {
        String tag = "-" + ContainerNames.tag(deploymentId) + "-";
        Set<String> out = new TreeSet<>();
        for (String n : containers(PREFIX + "-")) {
            if (n.contains(tag)) {
                out.add(n);
            }
        }
        return out;
    }

    /** Every container of this machine ({@code lxc-ls}), whoever made it. */
    public static Set<String> all() {
        return containers("");
    }

    /**
     * A stopped container of the {@code sshd} template with network {@code none}, made once per JVM (about 6 s: the
     * template generates host keys), for tests to copy with {@code clone_from}: each copy gets its own sshd port.
     */
    public static synchronized String sshdBase() {
        if (sshdBase == null) {
            String name = PREFIX + "-sshd-base";
            try (LxcHost lxc = local()) {
                Template t = Template.of("sshd", null);
                ContainerNetwork none = ContainerNetwork.of(ContainerNetwork.Kind.NONE);
                lxc.create(name, "cloudrig test base", t, none.configLines(), true);
                lxc.fixBase(name, t, none);
                lxc.markOwned(name, "cloudrig test base");
            }
            sshdBase = name;
        }
        return sshdBase;
    }

    /**
     * Destroys the containers this JVM made for deployments (copies before what they were copied from), whatever
     * their marks say, and keeps the shared bases ({@link #sshdBase()}): what a test class's {@code @AfterAll} calls.
     * The bases go at JVM exit.
     */
    public static synchronized void destroyDeploymentContainers() {
        try (LocalShell shell = LocalShell.create()) {
            for (int pass = 0; pass < 4; pass++) {
                ShellResult r = shell.run("removing test containers", destroyScript(PREFIX + "-[0-9a-f]\\{12\\}-"),
                        Duration.ofMinutes(2));
                if (r.values("left").isEmpty()) {
                    return;
                }
            }
        }
        throw new IllegalStateException("test containers are left: " + containers(PREFIX + "-"));
    }

    /** Destroys every container of this JVM (copies before what they were copied from), whatever its mark says. */
    public static synchronized void destroyAllOfThisJvm() {
        destroyAll(PREFIX + "-");
        sshdBase = null;
    }

    private static void destroyAll(String start) {
        try (LocalShell shell = LocalShell.create()) {
            for (int pass = 0; pass < 4; pass++) {
                ShellResult r = shell.run("removing test containers", destroyScript(start), Duration.ofMinutes(2));
                if (r.values("left").isEmpty()) {
                    return;
                }
            }
            throw new IllegalStateException("test containers starting with '" + start + "' are left: "
                    + shell.run("listing", "lxc-ls -1 | grep '^" + start + "' || true\n", Duration.ofSeconds(30)).lines());
        }
    }

    /** One pass: stop and destroy each container starting with {@code start} that nothing depends on. */
    private static String destroyScript(String start) {
        return "P=$(lxc-config lxc.lxcpath)\n"
                + "for n in $(lxc-ls -1 </dev/null | grep '^" + start + "' || true); do\n"
                + "  if [ -s \"$P/$n/lxc_snapshots\" ]; then echo \"@@left $n\"; continue; fi\n"
                + "  lxc-stop -n \"$n\" -k </dev/null >/dev/null 2>&1 || true\n"
                + "  lxc-destroy -n \"$n\" </dev/null >/dev/null 2>&1 || echo \"@@left $n\"\n"
                + "done\n";
    }

    /** Removes what test JVMs that no longer run left behind (a killed run); once per JVM. */
    private static synchronized void sweepOnce() {
        if (swept) {
            return;
        }
        swept = true;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                destroyAllOfThisJvm();
            } catch (RuntimeException e) {
                System.err.println("could not remove this JVM's test containers: " + e.getMessage());
            }
        }, "lxc-test-cleanup"));
        List<String> dead = new ArrayList<>();
        try (LxcHost lxc = LxcHost.on(LocalShell.create(), null)) {
            for (String n : lxc.list("crt-").keySet()) {
                Matcher m = OURS.matcher(n);
                if (m.matches() && ProcessHandle.of(Long.parseLong(m.group(1))).isEmpty()) {
                    dead.add("crt-" + m.group(1) + "-");
                }
            }
        }
        dead.stream().distinct().forEach(LxcTestSupport::destroyAll);
    }
}
