package io.cloudrig.engines.devstack;

import java.security.SecureRandom;
import java.util.List;
import java.util.Map;

import static io.cloudrig.ssh.RemoteShell.quote;

/**
 * The shell scripts the engine runs with {@code sh -e -s}. Each starts with a prelude that defines {@code as_user}
 * (run a command as the deploy user: directly, via {@code su} as root, or via {@code sudo -n -H}) and {@code SUDO}.
 * Every command that could read stdin gets {@code </dev/null}: stdin is the script itself.
 */
final class DevstackScripts {
    private static final SecureRandom RANDOM = new SecureRandom();

    private DevstackScripts() {
    }

    static String prelude(String user) {
        return "DEPLOY_USER=" + quote(user) + "\n"
                + "if [ \"$(id -u)\" = 0 ]; then SUDO=; else SUDO='sudo -n'; fi\n"
                + "as_user() {\n"
                + "  if [ \"$(id -un)\" = \"$DEPLOY_USER\" ]; then sh -c \"$1\"\n"
                + "  elif [ \"$(id -u)\" = 0 ]; then su \"$DEPLOY_USER\" -s /bin/sh -c \"$1\"\n"
                + "  else sudo -n -H -u \"$DEPLOY_USER\" sh -c \"$1\"; fi\n"
                + "}\n";
    }

    /** Prints the ADMIN_PASSWORD of an existing local.conf written for this deployment, or nothing. */
    static String readAdminPassword(String user, String marker) {
        return prelude(user)
                + "id \"$DEPLOY_USER\" >/dev/null 2>&1 || exit 0\n"
                + "f=\"$(getent passwd \"$DEPLOY_USER\" | cut -d: -f6)/devstack/local.conf\"\n"
                + "$SUDO test -f \"$f\" || exit 0\n"
                + "$SUDO grep -qxF " + quote(marker) + " \"$f\" </dev/null || exit 0\n"
                + "$SUDO sed -n 's/^ADMIN_PASSWORD=//p' \"$f\" </dev/null | head -n 1\n";
    }

    /** Creates the deploy user (with passwordless sudo, as Rally's install.sh), installs git, clones DevStack. */
    static String install(String user, String repo, String branch) {
        String clone = "set -e; cd \"$HOME\"; if [ -d devstack/.git ]; then echo \"reusing $HOME/devstack\"; "
                + "git -C devstack checkout -q " + quote(branch) + "; else git clone -q --branch " + quote(branch) + " "
                + quote(repo) + " devstack; echo \"cloned into $HOME/devstack\"; fi";
        return prelude(user)
                + "if ! id \"$DEPLOY_USER\" >/dev/null 2>&1; then\n"
                + "  $SUDO useradd -m -s /bin/bash \"$DEPLOY_USER\" </dev/null\n"
                + "  echo \"created user $DEPLOY_USER\"\n"
                + "fi\n"
                + "if [ -d /etc/sudoers.d ] && [ \"$(id -un)\" != \"$DEPLOY_USER\" ]; then\n"
                + "  echo \"$DEPLOY_USER ALL=(ALL) NOPASSWD: ALL\" | $SUDO tee /etc/sudoers.d/50_cloudrig_$DEPLOY_USER >/dev/null\n"
                + "  $SUDO chmod 0440 /etc/sudoers.d/50_cloudrig_$DEPLOY_USER\n"
                + "fi\n"
                + "if ! command -v git >/dev/null 2>&1; then\n"
                + "  echo 'installing git'\n"
                + "  if command -v apt-get >/dev/null 2>&1; then\n"
                + "    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -q </dev/null\n"
                + "    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q git </dev/null\n"
                + "  elif command -v dnf >/dev/null 2>&1; then $SUDO dnf install -y git </dev/null\n"
                + "  elif command -v yum >/dev/null 2>&1; then $SUDO yum install -y git </dev/null\n"
                + "  else echo 'git is missing and there is no apt-get, dnf or yum to install it' >&2; exit 1; fi\n"
                + "fi\n"
                + "as_user " + quote(clone) + " </dev/null\n";
    }

    /** Writes local.conf (mode 600, owned by the deploy user) through a heredoc; the content is never echoed. */
    static String writeLocalConf(String user, String content) {
        String delim = "CLOUDRIG_EOF_" + Long.toHexString(RANDOM.nextLong() & Long.MAX_VALUE);
        return prelude(user)
                + "as_user 'umask 077; cat > \"$HOME/devstack/local.conf\"' <<'" + delim + "'\n"
                + content + (content.endsWith("\n") ? "" : "\n")
                + delim + "\n"
                + "echo \"wrote local.conf\"\n";
    }

    /** Runs stack.sh as the deploy user, under {@code timeout} when the host has it. */
    static String stack(String user, long timeoutSeconds) {
        String run = "cd \"$HOME/devstack\" && if command -v timeout >/dev/null 2>&1; then exec timeout -k 30 "
                + timeoutSeconds + " ./stack.sh; else exec ./stack.sh; fi";
        return prelude(user) + "as_user " + quote(run) + " </dev/null\n";
    }

    /** Runs unstack.sh (and clean.sh) when the clone is there; a missing clone or user counts as already undone. */
    static String unstack(String user, boolean clean) {
        String run = "cd \"$HOME/devstack\" 2>/dev/null || { echo 'no devstack clone: nothing to undo'; exit 0; }; "
                + "if [ -x ./unstack.sh ]; then ./unstack.sh; else echo 'no unstack.sh'; fi"
                + (clean ? "; if [ -x ./clean.sh ]; then ./clean.sh; else echo 'no clean.sh'; fi" : "");
        return prelude(user)
                + "if ! id \"$DEPLOY_USER\" >/dev/null 2>&1; then echo \"no user $DEPLOY_USER: nothing to undo\"; exit 0; fi\n"
                + "as_user " + quote(run) + " </dev/null\n";
    }

    /** local.conf: a marker naming the deployment, then a {@code [[local|localrc]]} section. */
    static String localConf(String marker, Map<String, String> settings, List<String> plugins) {
        StringBuilder sb = new StringBuilder();
        sb.append(marker).append('\n').append("[[local|localrc]]\n");
        settings.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
        plugins.forEach(p -> sb.append("enable_plugin ").append(p).append('\n'));
        return sb.toString();
    }
}
