package io.cloudrig.cli;

import io.cloudrig.model.Credential;
import io.cloudrig.model.CredentialSet;
import io.cloudrig.model.Deployment;
import io.cloudrig.openstack.OpenRc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code $CLOUDRIG_HOME/openrc}, as Rally's {@code deployment use} kept {@code ~/.rally/openrc}: the deployment in
 * use's first OpenStack admin (else its first user) as {@code export OS_*=...} lines, written to
 * {@code openrc-<uuid>} and pointed at by the link {@code openrc}. Like Rally's, the file holds {@code OS_PASSWORD}
 * (that is what {@code source ~/.cloudrig/openrc} is for), so it is created with mode 0600 and deleted when its
 * deployment is destroyed.
 *
 * <p>Sourcing it must set variables and do nothing else, whatever the credential holds (a user name with a line break
 * and a command after it, quotes, {@code $(...)}): every value is single-quoted ({@link OpenRc#render}), the comment
 * line is written here with every control character escaped, and the text is checked to be only comments and
 * {@code export NAME='...'} lines before it is written ({@link #checkShellSafe}). Each file is written atomically from
 * its own deployment's credential ({@link HomeFiles#writeAtomically}); the link is replaced atomically, never written
 * through; and the link and the deployment in use change together under {@link HomeFiles#USE_LOCK}.
 */
public final class OpenRcFiles {
    public static final String LINK = "openrc";
    static final String PLATFORM = io.cloudrig.model.Credentials.OPENSTACK;
    /** One {@code export NAME='value'} (a quote inside written as {@code '\''}), or one comment line. */
    private static final Pattern SAFE_LINE = Pattern.compile("\\G(?:export [A-Z][A-Z0-9_]*='(?:[^']|'\\\\'')*'\\n|#[^\\n]*\\n)");

    private final Path home;

    public OpenRcFiles(Path home) {
        this.home = home;
    }

    /** {@code $CLOUDRIG_HOME/openrc}. */
    public Path link() {
        return home.resolve(LINK);
    }

    /** {@code $CLOUDRIG_HOME/openrc-<uuid>}. */
    public Path file(String deploymentId) {
        return home.resolve(LINK + "-" + deploymentId);
    }

    /**
     * Writes the openrc of {@code d} and points {@code openrc} at it. A deployment without an OpenStack credential
     * gets none, and {@code openrc} is removed so that it never names another deployment than the one in use. The
     * caller holds {@link HomeFiles#USE_LOCK} when it changes the deployment in use with it.
     *
     * @return the credential written, if any
     */
    public Optional<Credential> update(Deployment d) {
        Optional<Credential> credential = openStackCredential(d);
        try {
            if (credential.isPresent()) {
                Path file = HomeFiles.writeAtomically(file(d.id()), render(credential.get()));
                try {
                    HomeFiles.linkAtomically(link(), file.getFileName());
                } catch (UnsupportedOperationException | IOException noLinks) {
                    HomeFiles.writeAtomically(link(), render(credential.get()));
                }
            } else {
                Files.deleteIfExists(link());
            }
        } catch (IOException e) {
            throw new CliFailure("cannot write " + link() + ": " + e.getMessage());
        }
        return credential;
    }

    /** After a destroy: deletes {@code openrc-<uuid>}, and {@code openrc} when it points there. */
    public void forget(String deploymentId) {
        Path file = file(deploymentId);
        try (HomeFiles.Lock ignored = HomeFiles.lock(home, HomeFiles.USE_LOCK)) {
            if (Files.isSymbolicLink(link()) && Files.readSymbolicLink(link()).equals(file.getFileName())) {
                Files.delete(link());
            }
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new CliFailure("cannot delete " + file + ": " + e.getMessage());
        }
    }

    /** The openrc text of {@code c}: {@link OpenRc#render}'s exports under a comment line of this class's own. */
    static String render(Credential c) {
        String exports = OpenRc.render(c);
        // render's comment line holds the user name as it is, so a line break in it ends the comment early: it is
        // rebuilt here, escaped (were render's comment ever different from this, the check below refuses the text)
        String theirs = "# cloudrig openrc: " + c.permission().name().toLowerCase() + " " + c.username() + " at "
                + (c.authUrl() == null ? null : c.authUrl().replace('\n', ' ').replace('\r', ' ')) + "\n";
        String body = exports.startsWith(theirs) ? exports.substring(theirs.length()) : exports;
        String text = "# cloudrig openrc: " + c.permission().name().toLowerCase() + " " + Text.visible(c.username())
                + " at " + Text.visible(c.authUrl()) + "\n" + body;
        checkShellSafe(text);
        return text;
    }

    /**
     * Fails unless {@code text} is only comment lines (no control character in them) and {@code export NAME='...'}
     * lines: what a shell runs when it sources that is assignments, nothing else.
     */
    static void checkShellSafe(String text) {
        Matcher m = SAFE_LINE.matcher(text);
        int end = 0;
        while (end < text.length() && m.find() && m.start() == end) {
            String line = m.group();
            if (line.startsWith("#") && line.chars().limit(line.length() - 1).anyMatch(ch -> Text.isUnsafe((char) ch))) {
                break;
            }
            end = m.end();
        }
        if (end != text.length()) {
            throw new CliFailure("refusing to write an openrc whose line " + (text.substring(0, end).split("\n", -1).length)
                    + " is not a plain assignment: sourcing it could run a command");
        }
    }

    /** Rally's choice: the first cloud's admin, else its first user. */
    static Optional<Credential> openStackCredential(Deployment d) {
        if (d.credentials() == null) {
            return Optional.empty();
        }
        List<CredentialSet> sets = d.credentials().forPlatform(PLATFORM);
        if (sets.isEmpty()) {
            return Optional.empty();
        }
        CredentialSet first = sets.get(0);
        if (first.admin() != null) {
            return Optional.of(first.admin());
        }
        return first.users().stream().findFirst();
    }
}
