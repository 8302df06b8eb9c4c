package io.cloudrig.model.events;

import java.util.Optional;

/**
 * The event types, all under {@value #PREFIX}, and which function consumes each. Outcome events (finished, failed,
 * destroyed, cleanup_failed, rejected) are for observers (the CLI, pipelines) and feed no function, except that a child's
 * outcome is turned into {@link #CHILDREN_FINISHED} / {@link #DESTROY_REQUESTED} for its parent by the functions.
 * The {@code *_continued} types are a function's message to itself: a step that reached the time limit of one function
 * call (Lambda) goes on in the next ({@link #continuationOf}).
 */
public enum EventType {
    DEPLOYMENT_REQUESTED("requested", Function.CREATE_SERVERS),
    SERVERS_CREATED("servers_created", Function.DEPLOY_ENGINE),
    CHILDREN_FINISHED("children_finished", Function.DEPLOY_ENGINE),
    DEPLOYMENT_FINISHED("finished", null),
    DEPLOYMENT_FAILED("failed", null),
    DESTROY_REQUESTED("destroy_requested", Function.CLEANUP),
    DEPLOYMENT_DESTROYED("destroyed", null),
    CLEANUP_FAILED("cleanup_failed", null),
    /**
     * A self-contained request ({@link DeploymentRequestEvents}) refused before anything was stored: invalid data or
     * config (every error with its JSON path), secrets in clear where sealed ones are required, a name taken by another
     * deployment, a destroy naming no deployment.
     */
    DEPLOYMENT_REJECTED("rejected", null),
    /** createServers goes on in a new function call: its time ran out while it waited for servers. */
    CREATE_SERVERS_CONTINUED("create_servers_continued", Function.CREATE_SERVERS),
    /** deployEngine goes on in a new function call (the engine's state and waits kept). */
    DEPLOY_ENGINE_CONTINUED("deploy_engine_continued", Function.DEPLOY_ENGINE),
    /** cleanup goes on in a new function call (what it destroyed is forgotten already). */
    CLEANUP_CONTINUED("cleanup_continued", Function.CLEANUP);

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

    /** The type by which {@code function} has itself called again: {@link #DEPLOY_ENGINE_CONTINUED} and its kin. */
    public static EventType continuationOf(Function function) {
        switch (function) {
            case CREATE_SERVERS:
                return CREATE_SERVERS_CONTINUED;
            case DEPLOY_ENGINE:
                return DEPLOY_ENGINE_CONTINUED;
            default:
                return CLEANUP_CONTINUED;
        }
    }

    /** True for a function's message to itself to go on with a step ({@link #continuationOf}). */
    public boolean isContinuation() {
        return this == CREATE_SERVERS_CONTINUED || this == DEPLOY_ENGINE_CONTINUED || this == CLEANUP_CONTINUED;
    }
}
