package io.cloudrig.model.spi;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudrig.model.Credentials;

import java.util.List;
import java.util.Objects;

/** What a deploy step produced: the cloud's credentials, or child deployments to run before the next step. */
public final class DeployOutcome {
    private final Credentials credentials;
    private final List<ChildSpec> children;
    private final String engineState;

    private DeployOutcome(Credentials credentials, List<ChildSpec> children, String engineState) {
        this.credentials = credentials;
        this.children = children;
        this.engineState = engineState;
    }

    /** The cloud is up. */
    public static DeployOutcome finished(Credentials credentials) {
        return new DeployOutcome(Objects.requireNonNull(credentials, "credentials"), List.of(), null);
    }

    /**
     * Run these child deployments, then call {@link DeployEngine#deploy} again.
     *
     * @param engineState what the engine wants back in {@link PluginContext#engineState()} next time (JSON), or null
     */
    public static DeployOutcome subdeploy(List<ChildSpec> children, String engineState) {
        if (children.isEmpty()) {
            throw new IllegalArgumentException("children: expected at least one child deployment but got none");
        }
        return new DeployOutcome(null, List.copyOf(children), engineState);
    }

    public boolean isFinished() {
        return credentials != null;
    }

    public Credentials credentials() {
        return credentials;
    }

    public List<ChildSpec> children() {
        return children;
    }

    public String engineState() {
        return engineState;
    }

    /** A child deployment to create: a name suffix unique within the parent and its full config. */
    public static final class ChildSpec {
        private final String suffix;
        private final JsonNode config;

        public ChildSpec(String suffix, JsonNode config) {
            this.suffix = Objects.requireNonNull(suffix, "suffix");
            this.config = Objects.requireNonNull(config, "config").deepCopy();
        }

        public String suffix() {
            return suffix;
        }

        public JsonNode config() {
            return config.deepCopy();
        }
    }
}
