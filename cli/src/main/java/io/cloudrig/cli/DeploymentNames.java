package io.cloudrig.cli;

import io.cloudrig.model.store.DeploymentStore;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a deployment name may be, so that a name always selects the deployment it names and prints as itself: 1 to
 * {@value #MAX_LENGTH} characters (Rally's column was as long), not blank and without leading or trailing white space,
 * no control or invisible formatting characters ({@link Text#isUnsafe}: line breaks, terminal escapes, bidirectional
 * overrides), not shaped like a deployment id (a UUID) and not equal to an existing deployment's id, since
 * {@code --deployment X} tries X as an id first.
 */
public final class DeploymentNames {
    public static final int MAX_LENGTH = 255;
    /** The longest id or name ever stored: {@value #MAX_LENGTH} characters of up to 4 UTF-8 bytes. */
    private static final int MAX_SELECTOR_BYTES = MAX_LENGTH * 4;
    private static final Pattern UUID_SHAPED = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private DeploymentNames() {
    }

    /** What is wrong with {@code name} on its own (without looking at the store), if anything. */
    public static Optional<String> problem(String name) {
        if (name == null || name.isEmpty()) {
            return Optional.of("an empty name");
        }
        int length = name.codePointCount(0, name.length());
        if (length > MAX_LENGTH) {
            return Optional.of(length + " characters");
        }
        if (name.isBlank()) {
            return Optional.of("a name of only white space");
        }
        for (int i = 0; i < name.length(); i++) {
            if (Text.isUnsafe(name.charAt(i))) {
                return Optional.of("'" + Text.visible(name) + "', with the control or invisible character "
                        + String.format("U+%04X", (int) name.charAt(i)) + " at position " + (i + 1));
            }
        }
        if (!name.strip().equals(name)) {
            return Optional.of("'" + name + "', with white space at its start or end");
        }
        if (UUID_SHAPED.matcher(name).matches()) {
            return Optional.of("'" + name + "', shaped like a deployment id (a UUID), which would select by id");
        }
        return Optional.empty();
    }

    /** Fails (a usage error) when {@code name} is no valid name, or is the id of an existing deployment. */
    public static void check(String name, DeploymentStore store) {
        checkShape(name);
        if (store.get(name).isPresent()) {
            throw new UsageFailure("--name: expected a name that is not another deployment's id, found '" + name
                    + "', the id of an existing deployment");
        }
    }

    /** Fails (a usage error) when {@code name} is no valid name; does not look at the store. */
    public static void checkShape(String name) {
        problem(name).ifPresent(p -> {
            throw new UsageFailure("--name: expected 1 to " + MAX_LENGTH + " characters, not blank, without control "
                    + "characters or white space at either end, and not shaped like a deployment id; found " + p);
        });
    }

    /**
     * Whether {@code selector} could be the id or name of a stored deployment at all, so that a 3,000-character or
     * blank selector is answered "no such deployment" without a query the store would refuse. Lenient on purpose: a
     * name an older version stored (with white space or a control character) must stay selectable.
     */
    public static boolean couldSelect(String selector) {
        return !selector.isBlank() && selector.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= MAX_SELECTOR_BYTES;
    }
}
