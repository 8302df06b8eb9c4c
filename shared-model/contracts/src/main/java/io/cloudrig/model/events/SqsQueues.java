package io.cloudrig.model.events;

/**
 * Which SQS queue an event goes to, for everyone who publishes to the Lambda deployment (the functions, the CLI): the
 * queue of the function that consumes its type, {@code <prefix><functionName>} ({@code cloudrig-createServers},
 * {@code cloudrig-deployEngine}, {@code cloudrig-cleanup}), and for outcome-only types (finished, failed, destroyed,
 * cleanup_failed) {@code <prefix><eventsQueue>} ({@code cloudrig-events}). These are the queues terraform creates
 * ({@code <name_prefix>-<function>}, so the prefix is {@code name_prefix + "-"}). Each message carries the event's
 * CloudEvents type and subject as the message attributes {@value #TYPE_ATTRIBUTE} and {@value #SUBJECT_ATTRIBUTE}.
 *
 * <p>The mapping of a CloudEvent to an SQS message (docs/events.md): the body is the event in the CloudEvents JSON
 * format (structured mode), and the message attribute {@value #CONTENT_TYPE_ATTRIBUTE} says so with
 * {@value #STRUCTURED_CONTENT_TYPE}. A receiver reads every body as a structured event: a message sent without
 * attributes (a pipeline's {@code aws sqs send-message --message-body file://request.json}) is taken the same way.
 * Self-contained requests (a create, or a destroy by name) may all go to the {@code createServers} queue.
 */
public final class SqsQueues {
    /** The prefix of terraform's default {@code name_prefix = "cloudrig"}. */
    public static final String DEFAULT_PREFIX = "cloudrig-";
    /** The queue (after the prefix) for outcome-only events. */
    public static final String DEFAULT_EVENTS_QUEUE = "events";
    /** Message attribute holding the CloudEvents type, e.g. {@code cloudrig.deployment.requested}. */
    public static final String TYPE_ATTRIBUTE = "type";
    /** Message attribute holding the content type of the body: {@value #STRUCTURED_CONTENT_TYPE}. */
    public static final String CONTENT_TYPE_ATTRIBUTE = "content-type";
    /** The content type of a structured-mode CloudEvent in JSON (the CloudEvents JSON format). */
    public static final String STRUCTURED_CONTENT_TYPE = "application/cloudevents+json";
    /** Message attribute holding the CloudEvents subject: the deployment id. */
    public static final String SUBJECT_ATTRIBUTE = "subject";

    private SqsQueues() {
    }

    /** The queue of events of {@code type}: its consumer's queue, else {@code prefix + eventsQueue}. */
    public static String queueFor(String prefix, EventType type, String eventsQueue) {
        return type.consumer().map(f -> functionQueue(prefix, f)).orElse(prefix + eventsQueue);
    }

    /** The queue {@code function} is fed from: {@code prefix + functionName}. */
    public static String functionQueue(String prefix, EventType.Function function) {
        return prefix + function.functionName();
    }

    /**
     * True for a FIFO queue (name ending {@code .fifo}): sends to it need a message group (the deployment id, so one
     * deployment's events stay in order) and a deduplication id (the event id).
     */
    public static boolean isFifo(String queue) {
        return queue.endsWith(".fifo");
    }
}
