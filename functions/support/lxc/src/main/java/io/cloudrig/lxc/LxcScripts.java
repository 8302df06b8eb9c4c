package io.cloudrig.lxc;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import static io.cloudrig.ssh.RemoteShell.quote;

/**
 * The shell scripts {@link LxcHost} runs (as root, with {@code sh -e -s}). Every value that reaches a command line is
 * single-quoted; machine-readable results are lines {@code @@<key> <value>}; every command that could read stdin gets
 * {@code </dev/null} (stdin is the script itself). A container cloudrig finished making carries the file
 * {@code cloudrig-owner} (deployment and resource) in its directory: a container with that name but without the file
 * is one a killed attempt left half-made, and is destroyed and made again.
 */
final class LxcScripts {
    static final String OWNER_FILE = "cloudrig-owner";
    static final String PORT_LOCK = "/run/lock/cloudrig-lxc-ports.lock";

    private LxcScripts() {
    }

    /** Resolves {@code $LXCP}, the LXC path ({@code lxc.lxcpath} unless given), and {@code $D}, the container's directory. */
    static String prelude(String lxcPath, String name) {
        StringBuilder sb = new StringBuilder();
        sb.append("LXCP=").append(quote(lxcPath == null ? "" : lxcPath)).append('\n');
        sb.append("[ -n \"$LXCP\" ] || LXCP=$(lxc-config lxc.lxcpath)\n");
        if (name != null) {
            sb.append("N=").append(quote(name)).append('\n');
            sb.append("D=\"$LXCP/$N\"\n");
        }
        return sb.toString();
    }

    /**
     * Checks what the containers need on the host: LXC 3 or later ({@code lxc-copy}), the template, and per template
     * busybox, sshd, debootstrap; {@code newuidmap} for unprivileged containers. With {@code install} and apt-get, what is
     * missing is installed (as Rally's lxc-install.sh did). Prints the LXC version and path, the host's identity,
     * init.lxc, overlayfs support, root's sub-id ranges, and {@code @@missing <what>} for anything still missing.
     */
    static String probe(String lxcPath, Template template, boolean unprivileged, boolean install) {
        String t = template.name();
        String checks = "check() { # <what> <package> <test...>\n"
                + "  what=$1; pkg=$2; shift 2\n"
                + "  if ! \"$@\" >/dev/null 2>&1; then missing=\"$missing $what\"; pkgs=\"$pkgs $pkg\"; fi\n"
                + "}\n"
                + "run_checks() {\n"
                + "  missing=; pkgs=\n"
                + "  check lxc lxc command -v lxc-create\n"
                + "  check lxc-copy lxc command -v lxc-copy\n"
                + "  check template-" + t + " lxc-templates sh -c " + quote("[ -x /usr/share/lxc/templates/lxc-" + t
                + " ] || [ -x /usr/local/share/lxc/templates/lxc-" + t + " ]") + "\n"
                + (template.isBusybox() ? "  check busybox busybox-static command -v busybox\n" : "")
                + (template.isSshd() ? "  check sshd openssh-server test -x /usr/sbin/sshd\n" : "")
                + (t.equals("debian") || t.equals("ubuntu") ? "  check debootstrap debootstrap command -v debootstrap\n"
                + "  check rsync rsync command -v rsync\n" : "")
                + (unprivileged ? "  check newuidmap uidmap command -v newuidmap\n" : "")
                + "}\n";
        return checks
                + "run_checks\n"
                + "if [ -n \"$missing\" ]" + (install ? "" : " && false") + " && command -v apt-get >/dev/null 2>&1; then\n"
                + "  echo \"installing what the containers need:$pkgs\"\n"
                + "  export DEBIAN_FRONTEND=noninteractive\n"
                + "  apt-get update -q </dev/null >/dev/null 2>&1 || true\n"
                + "  apt-get install -y -q --no-install-recommends $(printf '%s\\n' $pkgs | sort -u) </dev/null >/dev/null 2>&1 "
                + "|| dpkg --configure -a </dev/null >/dev/null 2>&1 || true\n"
                + "  run_checks\n"
                + "fi\n"
                + "for m in $missing; do echo \"@@missing $m\"; done\n"
                + "command -v lxc-create >/dev/null 2>&1 || exit 0\n"
                + prelude(lxcPath, null)
                + "mkdir -p \"$LXCP\"\n"
                + "echo \"@@version $(lxc-create --version 2>/dev/null | head -n 1)\"\n"
                + "echo \"@@lxcpath $LXCP\"\n"
                + "echo \"@@hostname $(hostname)\"\n"
                + "echo \"@@machine $(cat /etc/machine-id 2>/dev/null || hostname)\"\n"
                + "for p in /usr/sbin/init.lxc /sbin/init.lxc /usr/libexec/lxc/init.lxc /usr/lib/lxc/init.lxc; do\n"
                + "  if [ -x \"$p\" ]; then echo \"@@init_lxc $p\"; break; fi\n"
                + "done\n"
                + "if grep -qw overlay /proc/filesystems 2>/dev/null || modprobe overlay 2>/dev/null; then echo '@@overlay yes'; fi\n"
                + "command -v ss >/dev/null 2>&1 && echo '@@ss yes'\n"
                + "for f in subuid subgid; do\n"
                + "  [ ! -f \"/etc/$f\" ] || sed -n \"s/^root:\\([0-9]*\\):\\([0-9]*\\)\\$/@@$f \\1 \\2/p\" \"/etc/$f\"\n"
                + "done\n"
                + "exit 0\n";
    }

    /** Every container whose name starts with {@code namePrefix}, with its state ({@code @@c <name> <state>}). */
    static String list(String lxcPath, String namePrefix) {
        return prelude(lxcPath, null)
                + "P=" + quote(namePrefix) + "\n"
                + "for n in $(lxc-ls -P \"$LXCP\" -1 </dev/null); do\n"
                + "  case \"$n\" in \"$P\"*) echo \"@@c $n $(lxc-info -P \"$LXCP\" -n \"$n\" -sH </dev/null 2>/dev/null || echo UNKNOWN)\";; esac\n"
                + "done\n";
    }

    /** {@code @@state <state>} when the container is defined, {@code @@absent} when not. */
    static String state(String lxcPath, String name) {
        return prelude(lxcPath, name)
                + "if [ -f \"$D/config\" ]; then echo \"@@state $(lxc-info -P \"$LXCP\" -n \"$N\" -sH </dev/null 2>/dev/null || echo UNKNOWN)\"\n"
                + "else echo '@@absent'; fi\n";
    }

    /**
     * The part of create and copy that decides: prints {@code @@existed} (ours, complete) or {@code @@foreign <owner>}
     * and exits; removes what a killed attempt left half-made; else goes on to make it.
     */
    private static String adoptOrClear(String owner) {
        return "OWNER=" + quote(owner) + "\n"
                + "if [ -f \"$D/" + OWNER_FILE + "\" ]; then\n"
                + "  if [ \"$(cat \"$D/" + OWNER_FILE + "\")\" = \"$OWNER\" ]; then echo '@@existed'; exit 0; fi\n"
                + "  echo \"@@foreign $(head -c 200 \"$D/" + OWNER_FILE + "\")\"; exit 0\n"
                + "fi\n"
                + "if [ -d \"$D\" ]; then\n"
                + "  echo \"container '$N' has no mark of completion: an attempt that did not finish left it; making it again\"\n"
                + "  lxc-stop -P \"$LXCP\" -n \"$N\" -k </dev/null >/dev/null 2>&1 || true\n"
                + "  lxc-destroy -P \"$LXCP\" -n \"$N\" </dev/null >/dev/null 2>&1 || true\n"
                + "  [ ! -d \"$D\" ] || rm -rf -- \"$D\"\n"
                + "fi\n";
    }

    /**
     * Creates the container from {@code template} with {@code configLines} (after the host's default.conf, without
     * its network lines when {@code dropDefaultNetwork}); prints {@code @@created}, {@code @@existed} or
     * {@code @@foreign}.
     */
    static String create(String lxcPath, String name, String owner, Template template, List<String> configLines,
                         boolean dropDefaultNetwork) {
        StringBuilder args = new StringBuilder();
        for (String a : template.args()) {
            args.append(' ').append(quote(a));
        }
        return prelude(lxcPath, name)
                + adoptOrClear(owner)
                + "CONF=$(mktemp)\n"
                + "trap 'rm -f \"$CONF\"' EXIT\n"
                + "{\n"
                + "  if [ -f /etc/lxc/default.conf ]; then "
                + (dropDefaultNetwork ? "grep -v '^[[:space:]]*lxc\\.net\\.' /etc/lxc/default.conf || true; "
                : "cat /etc/lxc/default.conf; ") + "fi\n"
                + heredoc(configLines)
                + "} > \"$CONF\"\n"
                + "lxc-create -P \"$LXCP\" -n \"$N\" -t " + quote(template.name()) + " -f \"$CONF\""
                + (args.length() > 0 ? " --" + args : "") + " </dev/null >\"$CONF.out\" 2>&1 "
                + "|| { st=$?; tail -n 30 \"$CONF.out\"; rm -f \"$CONF.out\"; echo \"@@failed lxc-create $st\"; exit 0; }\n"
                + "rm -f \"$CONF.out\"\n"
                + "echo '@@created'\n";
    }

    /**
     * Adjusts a base container made from a template before it is cloned (its rootfs is a plain directory): the fixes
     * the {@code sshd} template needs on Debian 12 (no {@code UsePrivilegeSeparation}, no DHCP of its own) and, for
     * busybox without a network of its own, no {@code udhcpc} in its rcS (it would ask the host's network).
     */
    static String fixBase(String lxcPath, String name, Template template, boolean sharesOrLacksNetwork) {
        StringBuilder sb = new StringBuilder(prelude(lxcPath, name));
        sb.append("R=\"$D/rootfs\"\n");
        if (template.isSshd()) {
            sb.append("[ ! -f \"$R/etc/ssh/sshd_config\" ] || sed -i '/^[[:space:]]*UsePrivilegeSeparation/d' \"$R/etc/ssh/sshd_config\"\n");
            sb.append("rm -f \"$R/run-dhcp\"\n");
        }
        if (template.isBusybox() && sharesOrLacksNetwork) {
            sb.append("[ ! -f \"$R/etc/init.d/rcS\" ] || sed -i 's|^\\([^#]*udhcpc.*\\)$|# \\1 (off: cloudrig gives this "
                    + "container no network of its own)|' \"$R/etc/init.d/rcS\"\n");
        }
        sb.append("echo '@@fixed'\n");
        return sb.toString();
    }

    /** Copies {@code source} (stopped) to the container; prints {@code @@created}, {@code @@existed}, {@code @@foreign}. */
    static String copy(String lxcPath, String source, String name, String owner, boolean snapshot) {
        return prelude(lxcPath, name)
                + adoptOrClear(owner)
                + "S=" + quote(source) + "\n"
                + "if [ ! -f \"$LXCP/$S/config\" ]; then echo \"@@no_source\"; exit 0; fi\n"
                + "st=$(lxc-info -P \"$LXCP\" -n \"$S\" -sH </dev/null 2>/dev/null || echo UNKNOWN)\n"
                + "if [ \"$st\" != STOPPED ]; then echo \"@@source_running $st\"; exit 0; fi\n"
                + "OUT=$(mktemp)\n"
                + "lxc-copy -P \"$LXCP\" -n \"$S\" -N \"$N\"" + (snapshot ? " -s -B overlayfs" : "")
                + " </dev/null >\"$OUT\" 2>&1 || { st=$?; tail -n 30 \"$OUT\"; rm -f \"$OUT\"; echo \"@@failed lxc-copy $st\"; exit 0; }\n"
                + "rm -f \"$OUT\"\n"
                + "echo '@@created'\n";
    }

    /** Marks the container complete: from now on a retry adopts it instead of making it again. */
    static String markOwned(String lxcPath, String name, String owner) {
        return prelude(lxcPath, name)
                + "[ -f \"$D/config\" ] || { echo '@@absent'; exit 0; }\n"
                + "printf '%s\\n' " + quote(owner) + " > \"$D/" + OWNER_FILE + "\"\n"
                + "echo '@@marked'\n";
    }

    /**
     * Rewrites the container's cloudrig block in its config: its network lines (replacing every {@code lxc.net.*}
     * line when {@code networkLines} is not null) and, for an sshd container, the port sshd listens on and its
     * {@code lxc.init.cmd}. The port is kept when the block is already this container's, else the lowest one from
     * {@code portStart} that nothing listens on and no other container's block holds, chosen under a host-wide lock.
     * Prints {@code @@port <port>} for an sshd container.
     */
    static String configure(String lxcPath, String name, List<String> networkLines, SshdLaunch sshd) {
        StringBuilder sb = new StringBuilder(prelude(lxcPath, name));
        sb.append("CFG=\"$D/config\"\n");
        sb.append("[ -f \"$CFG\" ] || { echo '@@absent'; exit 0; }\n");
        boolean replaceNet = networkLines != null;
        if (sshd != null) {
            sb.append("mkdir -p \"$(dirname " + quote(PORT_LOCK) + ")\"\n");
            sb.append("exec 9>" + quote(PORT_LOCK) + "\n");
            sb.append("flock -w 60 9 || { echo '@@config_failed the port lock was not free within 60 s'; exit 0; }\n");
            sb.append("port=$(awk -v b=\"# cloudrig begin $N\" '$0 == b {inb=1; next} /^# cloudrig end/ {inb=0} "
                    + "inb && $1 == \"#\" && $2 == \"cloudrig.ssh_port\" {print $4}' \"$CFG\" | tail -n 1)\n");
            sb.append("if [ -z \"$port\" ]; then\n");
            sb.append("  used=$( { ss -ltnH 2>/dev/null | awk '{print $4}' | sed 's/.*://'; for f in \"$LXCP\"/*/config; do "
                    + "[ \"$f\" = \"$CFG\" ] || awk '$1 == \"#\" && $2 == \"cloudrig.ssh_port\" {print $4}' \"$f\" 2>/dev/null; "
                    + "done; } | sort -un)\n");
            sb.append("  port=" + sshd.portStart() + "\n");
            sb.append("  while printf '%s\\n' \"$used\" | grep -qx \"$port\"; do port=$((port + 1)); done\n");
            sb.append("  [ \"$port\" -le 65535 ] || { echo '@@config_failed no free port'; exit 0; }\n");
            sb.append("fi\n");
        }
        sb.append("awk -v rn=" + (replaceNet ? 1 : 0) + " '/^# cloudrig begin/ {skip=1} "
                + "!skip && !/^[[:space:]]*lxc\\.init\\.cmd[[:space:]]*=/ && !(rn && /^[[:space:]]*lxc\\.net\\./) {print} "
                + "/^# cloudrig end/ {skip=0}' \"$CFG\" > \"$CFG.cloudrig\"\n");
        sb.append("{\n");
        sb.append("  echo \"# cloudrig begin $N\"\n");
        if (sshd != null) {
            sb.append("  echo \"# cloudrig.ssh_port = $port\"\n");
        }
        List<String> lines = new ArrayList<>();
        if (replaceNet) {
            lines.addAll(networkLines);
        }
        for (String l : lines) {
            sb.append("  echo ").append(quote(l)).append('\n');
        }
        if (sshd != null) {
            sb.append("  echo \"lxc.init.cmd = " + sshd.initLxc() + " --name $N -- /usr/sbin/sshd -D -p $port -o ListenAddress="
                    + sshd.listenAddress() + "\"\n");
        }
        sb.append("  echo '# cloudrig end'\n");
        sb.append("} >> \"$CFG.cloudrig\"\n");
        sb.append("mv \"$CFG.cloudrig\" \"$CFG\"\n");
        if (sshd != null) {
            sb.append("echo \"@@port $port\"\n");
        }
        sb.append("echo '@@configured'\n");
        return sb.toString();
    }

    /** Starts the container unless it runs and waits until it does; prints {@code @@state RUNNING} or the failure. */
    static String start(String lxcPath, String name, int waitSeconds) {
        return prelude(lxcPath, name)
                + "[ -f \"$D/config\" ] || { echo '@@absent'; exit 0; }\n"
                + "st=$(lxc-info -P \"$LXCP\" -n \"$N\" -sH </dev/null 2>/dev/null || echo UNKNOWN)\n"
                + "if [ \"$st\" != RUNNING ]; then\n"
                + "  OUT=$(mktemp)\n"
                + "  lxc-start -P \"$LXCP\" -n \"$N\" </dev/null >\"$OUT\" 2>&1 || { st=$?; tail -n 30 \"$OUT\"; rm -f \"$OUT\"; "
                + "echo \"@@failed lxc-start $st\"; exit 0; }\n"
                + "  rm -f \"$OUT\"\n"
                + "fi\n"
                + "lxc-wait -P \"$LXCP\" -n \"$N\" -s RUNNING -t " + waitSeconds + " </dev/null >/dev/null 2>&1 || true\n"
                + "echo \"@@state $(lxc-info -P \"$LXCP\" -n \"$N\" -sH </dev/null 2>/dev/null || echo UNKNOWN)\"\n";
    }

    /** Stops the container (gracefully for {@code graceSeconds}, then killed; at once when 0); absent or stopped is fine. */
    static String stop(String lxcPath, String name, int graceSeconds) {
        return prelude(lxcPath, name)
                + "[ -f \"$D/config\" ] || { echo '@@absent'; exit 0; }\n"
                + "st=$(lxc-info -P \"$LXCP\" -n \"$N\" -sH </dev/null 2>/dev/null || echo UNKNOWN)\n"
                + "if [ \"$st\" != STOPPED ]; then\n"
                + (graceSeconds > 0
                ? "  lxc-stop -P \"$LXCP\" -n \"$N\" -t " + graceSeconds + " </dev/null >/dev/null 2>&1 || "
                + "lxc-stop -P \"$LXCP\" -n \"$N\" -k </dev/null >/dev/null 2>&1 || true\n"
                : "  lxc-stop -P \"$LXCP\" -n \"$N\" -k </dev/null >/dev/null 2>&1 || true\n")
                + "fi\n"
                + "echo \"@@state $(lxc-info -P \"$LXCP\" -n \"$N\" -sH </dev/null 2>/dev/null || echo UNKNOWN)\"\n";
    }

    /**
     * Stops and destroys the container: {@code @@destroyed} or {@code @@absent} (already gone), {@code @@foreign
     * <owner>} (another deployment's: left alone) or {@code @@clones <names>} (snapshot clones depend on it: left
     * alone). A directory LXC no longer knows (a create killed half-way) is removed.
     */
    static String destroy(String lxcPath, String name, String owner) {
        return prelude(lxcPath, name)
                + "OWNER=" + quote(owner) + "\n"
                + "if [ -f \"$D/" + OWNER_FILE + "\" ] && [ \"$(cat \"$D/" + OWNER_FILE + "\")\" != \"$OWNER\" ]; then\n"
                + "  echo \"@@foreign $(head -c 200 \"$D/" + OWNER_FILE + "\")\"; exit 0\n"
                + "fi\n"
                + "if [ -f \"$D/config\" ]; then\n"
                + "  st=$(lxc-info -P \"$LXCP\" -n \"$N\" -sH </dev/null 2>/dev/null || echo UNKNOWN)\n"
                + "  [ \"$st\" = STOPPED ] || lxc-stop -P \"$LXCP\" -n \"$N\" -k </dev/null >/dev/null 2>&1 || true\n"
                + "  if [ -s \"$D/lxc_snapshots\" ]; then echo \"@@clones $(sed -n '2~2p' \"$D/lxc_snapshots\" | tr '\\n' ' ')\"; exit 0; fi\n"
                + "  OUT=$(mktemp)\n"
                + "  lxc-destroy -P \"$LXCP\" -n \"$N\" </dev/null >\"$OUT\" 2>&1 || { st=$?; tail -n 30 \"$OUT\"; rm -f \"$OUT\"; "
                + "echo \"@@failed lxc-destroy $st\"; exit 0; }\n"
                + "  rm -f \"$OUT\"\n"
                + "  echo '@@destroyed'\n"
                + "elif [ -d \"$D\" ]; then\n"
                + "  rm -rf -- \"$D\"; echo '@@destroyed'\n"
                + "else\n"
                + "  echo '@@absent'\n"
                + "fi\n";
    }

    /** Runs {@code script} with {@code sh -s} inside the running container (a clean environment, root's PATH). */
    static String attach(String lxcPath, String name, String script) {
        String delim = "CLOUDRIG_ATTACH_" + Integer.toHexString(Objects.hash(script, name)).replace('-', 'x');
        return prelude(lxcPath, name)
                + "lxc-attach -P \"$LXCP\" -n \"$N\" --clear-env --set-var PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:"
                + "/usr/bin:/sbin:/bin --set-var HOME=/root -- /bin/sh -s <<'" + delim + "'\n"
                + script + (script.endsWith("\n") ? "" : "\n")
                + delim + "\n";
    }

    /** The container's IPv4 addresses ({@code @@ip <address>}), not loopback. */
    static String addresses(String lxcPath, String name) {
        return prelude(lxcPath, name)
                + "for ip in $(lxc-info -P \"$LXCP\" -n \"$N\" -iH </dev/null 2>/dev/null); do\n"
                + "  case \"$ip\" in 127.*|*:*) ;; *) echo \"@@ip $ip\";; esac\n"
                + "done\n";
    }

    /** Root's SSH key in the container (kept once, mode 600). */
    static String authorizeKey(String publicKey) {
        return "mkdir -p /root/.ssh\nchmod 700 /root/.ssh\ntouch /root/.ssh/authorized_keys\n"
                + "chmod 600 /root/.ssh/authorized_keys\n"
                + "grep -qxF " + quote(publicKey) + " /root/.ssh/authorized_keys || printf '%s\\n' " + quote(publicKey)
                + " >> /root/.ssh/authorized_keys\n";
    }

    /**
     * Makes a container and completes it in one round trip: {@code make} (a {@link #create} or {@link #copy} script),
     * then, when it made the container, {@code fix} (may be null); then, when the container is this owner's,
     * {@code configure} and {@code mark}. Each part runs in a subshell of its own, so its early exits end only that
     * part.
     */
    static String makeAndComplete(String make, String fix, String configure, String mark) {
        return "OUTCOME=$( (\n" + make + ") 2>&1 )\n"
                + "printf '%s\\n' \"$OUTCOME\"\n"
                + "case \"$OUTCOME\" in\n"
                + "  *@@created*|*@@existed*)\n"
                + (fix == null ? "" : "    case \"$OUTCOME\" in *@@created*) (\n" + fix + "    ) ;; esac\n")
                + "    (\n" + configure + "    )\n"
                + "    (\n" + mark + "    )\n"
                + "    ;;\n"
                + "esac\n";
    }

    /** Starts the container ({@link #start}) and, once it runs, runs {@code script} in it ({@link #attach}). */
    static String startAndAttach(String lxcPath, String name, int waitSeconds, String script) {
        return "OUTCOME=$( (\n" + start(lxcPath, name, waitSeconds) + ") 2>&1 )\n"
                + "printf '%s\\n' \"$OUTCOME\"\n"
                + "case \"$OUTCOME\" in\n"
                + "  *'@@state RUNNING'*)\n"
                + "    (\n" + attach(lxcPath, name, script) + "    ) || { st=$?; echo \"@@attach_failed $st\"; }\n"
                + "    ;;\n"
                + "esac\n";
    }

    private static String heredoc(List<String> lines) {
        if (lines.isEmpty()) {
            return "";
        }
        return "  cat <<'CLOUDRIG_CONF'\n" + String.join("\n", lines) + "\nCLOUDRIG_CONF\n";
    }
}
