package io.cloudrig.lxc;

import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.ErrorCode;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What {@code lxc-create -t} makes a container from: Rally's {@code distribution} (the template's name, e.g.
 * {@code ubuntu}, {@code debian}, {@code busybox}, {@code sshd}, {@code download}) and {@code release}.
 *
 * <ul>
 * <li>{@code ubuntu}, {@code debian} (and the other debootstrap-like templates): {@code -- -r <release>}. Rally set
 * {@code SUITE=<release>} for debian, which today's lxc-debian reads as {@code -r}.</li>
 * <li>{@code download}: the release is {@code <dist>:<release>[:<arch>]} ({@code -- -d -r -a}, arch {@code amd64}
 * unless given), since the images server needs all three.</li>
 * <li>{@code busybox} and {@code sshd} take no release: one given is refused (they are built from the host's own
 * binaries).</li>
 * </ul>
 *
 * @param name the template ({@code /usr/share/lxc/templates/lxc-<name>})
 * @param args the arguments after {@code --}
 */
public record Template(String name, List<String> args) {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9._-]{0,40}");
    private static final Pattern ARG = Pattern.compile("[A-Za-z0-9._:/+-]{1,80}");
    private static final Set<String> WITH_RELEASE = Set.of("ubuntu", "debian", "devuan", "kali", "alpine",
            "ubuntu-cloud", "archlinux", "voidlinux");
    private static final Set<String> WITHOUT_RELEASE = Set.of("busybox", "sshd");

    /** Checks the name and the arguments (they end up on a command line). */
    public Template {
        Objects.requireNonNull(name, "name");
        args = List.copyOf(args);
        if (!NAME.matcher(name).matches()) {
            throw invalid("distribution", "a template name of [a-z0-9._-] starting with a letter", "'" + name + "'");
        }
        for (String a : args) {
            if (!ARG.matcher(a).matches()) {
                throw invalid("release", "a value of [A-Za-z0-9._:/+-]", "'" + a + "'");
            }
        }
    }

    /**
     * The template for Rally's {@code distribution} and {@code release} (null for none).
     *
     * @throws CloudrigException INVALID_CONFIG naming the field when they do not go together
     */
    public static Template of(String distribution, String release) {
        String d = distribution == null ? "ubuntu" : distribution.trim();
        if (release == null || release.isBlank()) {
            if (d.equals("download")) {
                throw invalid("release", "<dist>:<release>[:<arch>] for the download template (e.g. "
                        + "'debian:bookworm')", "nothing");
            }
            return new Template(d, List.of());
        }
        String r = release.trim();
        if (WITHOUT_RELEASE.contains(d)) {
            throw invalid("release", "none with distribution '" + d + "' (its containers are made from the host's own "
                    + "binaries)", "'" + r + "'");
        }
        if (d.equals("download")) {
            String[] p = r.split(":");
            if (p.length < 2 || p.length > 3) {
                throw invalid("release", "<dist>:<release>[:<arch>] for the download template", "'" + r + "'");
            }
            List<String> args = new ArrayList<>(List.of("-d", p[0], "-r", p[1], "-a", p.length == 3 ? p[2] : "amd64"));
            return new Template(d, args);
        }
        if (!WITH_RELEASE.contains(d)) {
            throw invalid("release", "none with distribution '" + d + "' (cloudrig passes a release only to the templates "
                    + WITH_RELEASE.stream().sorted().toList() + " and download)", "'" + r + "'");
        }
        return new Template(d, List.of("-r", r));
    }

    /**
     * A template from a {@code createServers} image: {@code <distribution>} or {@code <distribution>:<release>} (or
     * {@code /} instead of {@code :}); for {@code download}, {@code download:<dist>:<release>[:<arch>]}.
     */
    public static Template ofImage(String image) {
        String i = image.trim();
        int sep = i.indexOf(':') >= 0 ? i.indexOf(':') : i.indexOf('/');
        if (sep < 0) {
            return of(i, null);
        }
        return of(i.substring(0, sep), i.substring(sep + 1));
    }

    /** The {@code sshd} template: a container that runs only OpenSSH's sshd, the host's binaries bind-mounted. */
    public boolean isSshd() {
        return name.equals("sshd");
    }

    /** The {@code busybox} template: busybox's init and shell, no SSH server. */
    public boolean isBusybox() {
        return name.equals("busybox");
    }

    /** Whether the container boots a full distribution's init (everything but busybox and sshd). */
    public boolean bootsFullInit() {
        return !isSshd() && !isBusybox();
    }

    /** Whether containers of this template run an SSH server someone can log in to. */
    public boolean hasSshServer() {
        return !isBusybox();
    }

    private static CloudrigException invalid(String field, String expected, String found) {
        return new CloudrigException(ErrorCode.INVALID_CONFIG, field + ": expected " + expected + " but was " + found);
    }

    @Override
    public String toString() {
        return name + (args.isEmpty() ? "" : " " + String.join(" ", args));
    }
}
