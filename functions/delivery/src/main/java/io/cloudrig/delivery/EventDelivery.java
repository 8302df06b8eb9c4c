package io.cloudrig.delivery;

import io.cloudevents.CloudEvent;
import io.cloudrig.delivery.DeliveryResult.DeadLettered;
import io.cloudrig.delivery.DeliveryResult.Delivered;
import io.cloudrig.delivery.DeliveryResult.Retry;
import io.cloudrig.delivery.DeliveryResult.Skipped;
import io.cloudrig.model.ErrorCode;
import io.cloudrig.model.events.DeploymentEvents;
import io.cloudrig.model.events.EventPublisher;
import io.cloudrig.model.events.EventType;
import io.cloudrig.model.events.PoisonEventException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The delivery policy, once for every transport. For one received record:
 * <ol>
 * <li>parse it as one of our CloudEvents; a record that is not one is dead-lettered with the reason
 * ({@link DeploymentEvents#parse} never quotes the body);</li>
 * <li>skip outcome types (finished, failed, destroyed, cleanup_failed): they are for observers;</li>
 * <li>run the function and publish every event it returns through the {@link EventPublisher} (each acknowledged, or
 * its acknowledgement handed to the caller to await);</li>
 * <li>on failure: a poison event is dead-lettered with its reason; a code that {@link ErrorCode#retryable()} says can
 * be retried is tried again per {@link RetryPolicy} (the function is idempotent: a repeat re-emits the recorded
 * outcome with the same event ids); any other failure is dead-lettered with a reason.</li>
 * </ol>
 * The result says what became of it; the transport adapter turns that into a commit, an ack, a dead-letter record or a
 * batch item failure. Thread-safe; one instance serves every worker of a transport.
 */
public final class EventDelivery {
    private static final Logger LOG = LoggerFactory.getLogger(EventDelivery.class);

    private final EventPublisher publisher;
    private final RetryPolicy policy;

    public EventDelivery(EventPublisher publisher, RetryPolicy policy) {
        this.publisher = Objects.requireNonNull(publisher, "publisher");
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    public RetryPolicy policy() {
        return policy;
    }

    /**
     * Delivers {@code received} to {@code function} (e.g. {@code orchestrator::handle}, or one function for a queue
     * that feeds only that one). Never throws for a failure of the record or the function: that is the result.
     */
    public DeliveryResult deliver(Received received, Function<CloudEvent, List<CloudEvent>> function) {
        return deliver(received, function, null);
    }

    /**
     * {@link #deliver(Received, Function)}, except that the events the function returns are only started
     * ({@link EventPublisher#publishPending}): each acknowledgement goes to {@code pending}, and the caller awaits
     * them all before the record counts as done with. For a consumer that has more to do meanwhile (a follow-up
     * handled in process); an acknowledgement that fails then is the caller's to turn into a redelivery.
     */
    public DeliveryResult deliver(Received received, Function<CloudEvent, List<CloudEvent>> function,
            Consumer<EventPublisher.Acknowledgement> pending) {
        CloudEvent event;
        try {
            event = DeploymentEvents.parse(received.body());
        } catch (PoisonEventException e) {
            return deadLetter(received, ErrorCode.POISON_EVENT, e.getMessage(), null);
        }
        return handle(received, event, function, pending);
    }

    /**
     * {@link #deliver(Received, Function)} of an event parsed already (one a function of this process just emitted and
     * published, handed on in the same process: {@code received} names where it came from, for logs).
     */
    public DeliveryResult deliver(Received received, CloudEvent event, Function<CloudEvent, List<CloudEvent>> function) {
        return handle(received, event, function, null);
    }

    /** @param pending where the acknowledgements of events only started go; null: each publish waits for its own */
    private DeliveryResult handle(Received received, CloudEvent event, Function<CloudEvent, List<CloudEvent>> function,
            Consumer<EventPublisher.Acknowledgement> pending) {
        EventType type = DeploymentEvents.type(event);
        if (type.isOutcome()) {
            return new Skipped(type);
        }
        for (int attempt = 1; ; attempt++) {
            try {
                List<CloudEvent> out = function.apply(event);
                if (pending == null) {
                    out.forEach(publisher::publish);
                } else {
                    out.forEach(e -> pending.accept(publisher.publishPending(e)));
                }
                return new Delivered(out);
            } catch (RuntimeException e) {
                ErrorCode code = Failures.codeOf(e);
                if (code == ErrorCode.POISON_EVENT) {
                    return deadLetter(received, code, Failures.describe(e), event);
                }
                if (Thread.currentThread().isInterrupted()) {
                    return retry(received, code, Failures.stopping(code, e));
                }
                if (!code.retryable()) {
                    logFailure(received, event, code, e);
                    return deadLetter(received, code, Failures.notRetryable(code, e), event);
                }
                if (attempt >= policy.attempts()) {
                    String reason = Failures.exhausted(code, e, attempt);
                    return policy.deadLetterWhenExhausted() ? deadLetter(received, code, reason, event)
                            : retry(received, code, reason);
                }
                LOG.warn("{} ({} of {}): attempt {} failed, retrying: {}: {}", received.origin(), type.type(),
                        event.getSubject(), attempt, code, Failures.describe(e));
                if (!pause(policy.backoffAfter(attempt))) {
                    return retry(received, code, Failures.stopping(code, e));
                }
            }
        }
    }

    private static DeliveryResult deadLetter(Received r, ErrorCode code, String reason, CloudEvent event) {
        LOG.warn("dead-lettering {}{}: {}", r.origin(), event == null ? "" : " (event " + event.getId() + " of "
                + event.getSubject() + ")", reason);
        return new DeadLettered(code, reason, Optional.ofNullable(event));
    }

    private static DeliveryResult retry(Received r, ErrorCode code, String reason) {
        LOG.warn("{} left for redelivery: {}", r.origin(), reason);
        return new Retry(code, reason);
    }

    /** A bug needs its stack trace; its message stays out, as it may quote the input. */
    private static void logFailure(Received r, CloudEvent event, ErrorCode code, RuntimeException e) {
        if (code == ErrorCode.INTERNAL) {
            LOG.error("{}: event {} of {} failed: {}", r.origin(), event.getId(), event.getSubject(),
                    Failures.describe(e), Failures.withoutMessage(e));
        }
    }

    /** Sleeps; false when interrupted (the worker is stopping). */
    private static boolean pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
