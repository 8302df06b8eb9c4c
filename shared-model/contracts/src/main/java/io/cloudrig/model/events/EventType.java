package io.cloudrig.model.events;

import java.util.Optional;

/**
 * The event types, all under {@value #PREFIX}, and which function consumes each. Outcome events (finished, failed,
 * destroyed, cleanup_failed) are for observers (the CLI, pipelines) and feed no function, except that a child's
 * outcome is turned into {@link #CHILDREN_FINISHED} / {@link #DESTROY_REQUESTED} for its parent by the functions.
 */
public enum EventType {
    DEPLOYMENT_REQUESTED("requested", Function.CREATE_SERVERS),
    SERVERS_CREATED("servers_created", Function.DEPLOY_ENGINE),
    CHILDREN_FINISHED("children_finished", Function.DEPLOY_ENGINE),
    DEPLOYMENT_FINISHED("finished", null),
    DEPLOYMENT_FAILED("failed", null),
    DESTROY_REQUESTED("destroy_requested", Function.CLEANUP),
    DEPLOYMENT_DESTROYED("destroyed", null),
    CLEANUP_FAILED("cleanup_failed", null);

    public static final String PREFIX = "cloudrig.deployment.";

    /** The three functions. */
    public enum Function {
        CREATE_SERVERS("createServers"), DEPLOY_ENGINE("deployEngine"), CLEANUP("cleanup");

        private final String functionName;

        Function(String functionName) {
            this.functionName = functionName;
        }

        public String functionName() {
            return functionName;
        }
    }

    private final String type;
    private final Function consumer;

    EventType(String suffix, Function consumer) {
        this.type = PREFIX + suffix;
        this.consumer = consumer;
    }

    /** The CloudEvents {@code type}, e.g. {@code cloudrig.deployment.requested}. */
    public String type() {
        return type;
    }

    /** The function that handles this event, if any. */
    public Optional<Function> consumer() {
        return Optional.ofNullable(consumer);
    }

    /** True for the events that end a request (the CLI waits for these). */
    public boolean isOutcome() {
        return consumer == null;
    }

    public static Optional<EventType> fromType(String type) {
        for (EventType t : values()) {
            if (t.type.equals(type)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
