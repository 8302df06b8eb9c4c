package io.cloudrig.delivery.sqs;

import io.cloudevents.CloudEvent;
import io.cloudrig.aws.AwsClients;
import io.cloudrig.aws.AwsEndpoint;
import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.ErrorCode;
import io.cloudrig.model.events.DeploymentEvents;
import io.cloudrig.model.events.EventPublisher;
import io.cloudrig.model.events.EventType;
import io.cloudrig.model.events.SqsQueues;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one SQS publisher, for everyone who sends to the Lambda deployment (the functions, the CLI): each event goes to
 * the queue of the function that consumes its type, outcome events to the events queue ({@link QueueNames}), as the
 * structured CloudEvent (the CloudEvents JSON format) with the message attributes {@value
 * SqsQueues#CONTENT_TYPE_ATTRIBUTE} ({@value SqsQueues#STRUCTURED_CONTENT_TYPE}), {@value SqsQueues#TYPE_ATTRIBUTE}
 * and {@value SqsQueues#SUBJECT_ATTRIBUTE} (the mapping {@link SqsQueues} and docs/events.md describe); a FIFO queue
 * gets the deployment id as message group and the event id as deduplication id; an event asking to be held back
 * ({@link DeploymentEvents#resumeAfter}: a step that goes on in a new Lambda call) is sent with that {@code
 * DelaySeconds} (at most 900; a FIFO queue takes no per-message delay, so it goes at once there). Dead letters go, as
 * they came, to the function queue's dead-letter queue with the {@value #REASON_ATTRIBUTE} attribute. Queue URLs are
 * looked up by name once ({@code GetQueueUrl}), so AWS and ElasticMQ work alike. The SDK's standard retry strategy
 * retries throttling and unreachable endpoints.
 *
 * <p>A failure is a {@link CloudrigException} naming the queue and where it was looked for, never the message:
 * {@link QueueNotFoundException}, {@link ErrorCode#UNREACHABLE} (no answer, throttled, a 5xx),
 * {@link ErrorCode#AUTH_FAILED} (401/403), else {@link ErrorCode#INTERNAL}. Thread-safe.
 */
public final class SqsPublisher implements EventPublisher, AutoCloseable {
    /** The message attribute carrying the reason on a dead letter. */
    public static final String REASON_ATTRIBUTE = "reason";
    /** SQS holds a message back at most 15 minutes ({@code DelaySeconds}). */
    static final int MAX_DELAY_SECONDS = 900;
    private static final Logger LOG = LoggerFactory.getLogger(SqsPublisher.class);

    private final SqsClient client;
    private final QueueNames names;
    private final AwsEndpoint where;
    private final Map<String, String> urls = new ConcurrentHashMap<>();

    /**
     * @param client closed with this publisher
     * @param where  where {@code client} points, for error messages
     */
    public SqsPublisher(SqsClient client, QueueNames names, AwsEndpoint where) {
        this.client = Objects.requireNonNull(client, "client");
        this.names = Objects.requireNonNull(names, "names");
        this.where = Objects.requireNonNull(where, "where");
    }

    /** A publisher with its own client for {@code where} (built by {@link AwsClients}). */
    public static SqsPublisher connect(AwsEndpoint where, QueueNames names) {
        return new SqsPublisher(AwsClients.build(SqsClient.builder(), where), names, where);
    }

    public QueueNames names() {
        return names;
    }

    @Override
    public void publish(CloudEvent event) {
        send(names.queueFor(DeploymentEvents.type(event)), event);
    }

    /** Sends {@code event} to the queue called {@code queue}; returns the SQS message id. */
    public String send(String queue, CloudEvent event) {
        return send(queue, DeploymentEvents.toJson(event), event.getSubject(), event.getId(),
                attributes(event.getType(), event.getSubject(), null), DeploymentEvents.resumeAfter(event));
    }

    /**
     * Sends a message body, as it came, to the dead-letter queue of {@code function}'s queue with its reason.
     *
     * @param messageId the SQS message id it had (the deduplication id on a FIFO dead-letter queue)
     */
    public void deadLetter(EventType.Function function, String body, String reason, String messageId) {
        send(names.deadLetterQueue(function), body, "poison", messageId, attributes(null, null, reason), Duration.ZERO);
    }

    /**
     * Deletes a received message from the queue of {@code queueArn} ({@code arn:aws:sqs:<region>:<account>:<name>}).
     * Best effort: a failure is logged, the message then comes back and is dead-lettered again.
     */
    public void delete(String queueArn, String receiptHandle) {
        if (queueArn == null || receiptHandle == null) {
            LOG.warn("cannot delete a message without its queue ARN and receipt handle ({})", queueArn);
            return;
        }
        String queue = queueArn.substring(queueArn.lastIndexOf(':') + 1);
        try {
            client.deleteMessage(b -> b.queueUrl(url(queue)).receiptHandle(receiptHandle));
        } catch (CloudrigException | SdkException e) {
            LOG.warn("could not delete a dead-lettered message from {} {}: {}", queue, where.describe(), e.getMessage());
        }
    }

    private String send(String queue, String body, String group, String dedupeId, Map<String, MessageAttributeValue> attrs,
                        Duration delay) {
        try {
            SendMessageRequest.Builder req = SendMessageRequest.builder().queueUrl(url(queue)).messageBody(body)
                    .messageAttributes(attrs);
            if (SqsQueues.isFifo(queue)) {
                req.messageGroupId(group).messageDeduplicationId(dedupeId);
            } else if (!delay.isZero()) {
                req.delaySeconds((int) Math.min(MAX_DELAY_SECONDS, delay.toSeconds()));
            }
            return client.sendMessage(req.build()).messageId();
        } catch (SdkException e) {
            throw failure(queue, e);
        }
    }

    private String url(String queue) {
        try {
            return urls.computeIfAbsent(queue, q -> client.getQueueUrl(b -> b.queueName(q)).queueUrl());
        } catch (SdkException e) {
            throw failure(queue, e);
        }
    }

    private CloudrigException failure(String queue, SdkException e) {
        if (e instanceof QueueDoesNotExistException) {
            return new QueueNotFoundException(queue, where.describe(), e);
        }
        String prefix = "cannot publish to SQS queue " + queue + " " + where.describe() + ": ";
        if (e instanceof AwsServiceException) {
            AwsServiceException s = (AwsServiceException) e;
            String detail = s.awsErrorDetails() != null ? s.awsErrorDetails().errorCode() + ": "
                    + s.awsErrorDetails().errorMessage() : "HTTP " + s.statusCode();
            ErrorCode code = s.isThrottlingException() || s.statusCode() >= 500 ? ErrorCode.UNREACHABLE
                    : s.statusCode() == 401 || s.statusCode() == 403 ? ErrorCode.AUTH_FAILED : ErrorCode.INTERNAL;
            return new CloudrigException(code, prefix + detail, e);
        }
        return new CloudrigException(e instanceof SdkClientException ? ErrorCode.UNREACHABLE : ErrorCode.INTERNAL,
                prefix + e.getMessage(), e);
    }

    private static Map<String, MessageAttributeValue> attributes(String type, String subject, String reason) {
        Map<String, MessageAttributeValue> m = new HashMap<>();
        if (type != null) {
            m.put(SqsQueues.CONTENT_TYPE_ATTRIBUTE, text(SqsQueues.STRUCTURED_CONTENT_TYPE));
            m.put(SqsQueues.TYPE_ATTRIBUTE, text(type));
        }
        if (subject != null) {
            m.put(SqsQueues.SUBJECT_ATTRIBUTE, text(subject));
        }
        if (reason != null) {
            m.put(REASON_ATTRIBUTE, text(reason));
        }
        return m;
    }

    private static MessageAttributeValue text(String v) {
        return MessageAttributeValue.builder().dataType("String").stringValue(v).build();
    }

    @Override
    public void close() {
        client.close();
    }
}
