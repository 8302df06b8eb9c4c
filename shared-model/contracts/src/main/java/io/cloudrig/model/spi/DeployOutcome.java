package io.cloudrig.model.spi;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudrig.model.Credentials;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What a deploy step produced: the cloud's credentials ({@link #finished}), or child deployments to run before the
 * next step ({@link #subdeploy}); never both.
 *
 * @param credentials the cloud's credentials when finished, else null. Secrets inside: never log them
 * @param children the child deployments to run first (a copy); empty when finished
 * @param engineState what the engine wants back in {@link PluginContext#engineState()} next time (JSON), or null
 */
public record DeployOutcome(Credentials credentials, List<ChildSpec> children, String engineState) {

    /** Checks that it is either finished or a sub-deployment step; copies the children. */
    public DeployOutcome {
        children = children == null ? List.of() : List.copyOf(children);
        if (credentials == null && children.isEmpty()) {
            throw new IllegalArgumentException("children: expected at least one child deployment but got none");
        }
        if (credentials != null && !children.isEmpty()) {
            throw new IllegalArgumentException("children: expected none with credentials (a finished deploy) but got "
                    + children.size());
        }
    }

    /** The cloud is up. */
    public static DeployOutcome finished(Credentials credentials) {
        return new DeployOutcome(Objects.requireNonNull(credentials,
                "credentials: expected the cloud's credentials but was null"), List.of(), null);
    }

    /**
     * Run these child deployments, then call {@link DeployEngine#deploy} again.
     *
     * @param engineState what the engine wants back in {@link PluginContext#engineState()} next time (JSON), or null
     */
    public static DeployOutcome subdeploy(List<ChildSpec> children, String engineState) {
        return new DeployOutcome(null, children, engineState);
    }

    public boolean isFinished() {
        return credentials != null;
    }

    /** Which kind of outcome, and the children's suffixes; never the credentials, configs or engine state. */
    @Override
    public String toString() {
        return isFinished() ? "DeployOutcome{finished}"
                : "DeployOutcome{subdeploy " + children.stream().map(ChildSpec::suffix).collect(Collectors.joining(", ",
                "[", "]")) + "}";
    }

    /**
     * A child deployment to create.
     *
     * @param suffix a name suffix unique within the parent
     * @param config the child's full config (kept as a copy; may hold secrets: never log it)
     */
    public record ChildSpec(String suffix, JsonNode config) {

        /** Checks both fields and copies the config. */
        public ChildSpec {
            Objects.requireNonNull(suffix, "suffix: expected a name suffix but was null");
            config = Objects.requireNonNull(config, "config: expected the child's config but was null").deepCopy();
        }

        /** A copy (the JSON node is mutable). */
        @Override
        public JsonNode config() {
            return config.deepCopy();
        }

        /** The suffix only: the config may hold passwords. */
        @Override
        public String toString() {
            return "ChildSpec{suffix=" + suffix + "}";
        }
    }
}
