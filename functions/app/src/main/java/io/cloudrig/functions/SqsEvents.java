package io.cloudrig.functions;

import io.cloudevents.CloudEvent;
import io.cloudrig.model.events.DeploymentEvents;
import io.cloudrig.model.events.EventType;
import io.cloudrig.model.events.SqsQueues;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Publishes to SQS for the Lambda deployment: each event goes to the queue of the function that consumes its type
 * ({@code <prefix>createServers}, {@code <prefix>deployEngine}, {@code <prefix>cleanup}); outcome-only types go to
 * {@code <prefix>events} (the rule is {@link SqsQueues}, shared with the CLI); poison messages to the dead-letter queue of the function's queue
 * ({@code <prefix><function>-dlq}) with a {@code reason} message attribute.
 * Queue URLs are looked up by name once ({@code GetQueueUrl}), so they work for AWS and ElasticMQ alike. FIFO queues
 * (names ending {@code .fifo}, given through the prefix/suffix) get the deployment id as message group.
 */
@ApplicationScoped
public class SqsEvents {
    private static final Logger LOG = Logger.getLogger(SqsEvents.class);
    public static final String REASON_ATTRIBUTE = "reason";

    @Inject
    CloudrigConfig config;

    private volatile SqsClient client;
    private final Map<String, String> urls = new ConcurrentHashMap<>();

    /** The queue name for events of {@code type}. */
    public String queueFor(EventType type) {
        CloudrigConfig.Sqs c = config.sqs();
        return SqsQueues.queueFor(c.queuePrefix(), type, c.eventsQueue());
    }

    /** The dead-letter queue of {@code function}'s queue. */
    public String deadLetterQueue(EventType.Function function) {
        return SqsQueues.functionQueue(config.sqs().queuePrefix(), function) + config.sqs().deadLetterSuffix();
    }

    public void publish(CloudEvent event) {
        send(queueFor(DeploymentEvents.type(event)), event.getSubject(), event.getId(), DeploymentEvents.toJson(event),
                attributes(event.getType(), event.getSubject(), null));
    }

    /**
     * Sends a poison message body, as it came, to the dead-letter queue with its reason.
     *
     * @param messageId the SQS message id it had (dedupe id on a FIFO DLQ)
     */
    public void deadLetter(EventType.Function function, String body, String reason, String messageId) {
        send(deadLetterQueue(function), "poison", messageId, body, attributes(null, null, reason));
    }

    /**
     * Deletes a received message from the queue of {@code eventSourceArn} ({@code arn:aws:sqs:<region>:<account>:<name>}).
     * Best effort: a failure is logged (the message then comes back and is dead-lettered again).
     */
    public void delete(String eventSourceArn, String receiptHandle) {
        if (eventSourceArn == null || receiptHandle == null) {
            LOG.warnf("cannot delete a message without its queue ARN and receipt handle (%s)", eventSourceArn);
            return;
        }
        String queue = eventSourceArn.substring(eventSourceArn.lastIndexOf(':') + 1);
        try {
            client().deleteMessage(b -> b.queueUrl(url(queue)).receiptHandle(receiptHandle));
        } catch (SdkException e) {
            LOG.warnf("could not delete a dead-lettered message from %s: %s", queue, e.getMessage());
        }
    }

    private void send(String queue, String group, String dedupeId, String body, Map<String, MessageAttributeValue> attrs) {
        SendMessageRequest.Builder req = SendMessageRequest.builder().queueUrl(url(queue)).messageBody(body)
                .messageAttributes(attrs);
        if (SqsQueues.isFifo(queue)) {
            req.messageGroupId(group).messageDeduplicationId(dedupeId);
        }
        client().sendMessage(req.build());
        LOG.debugf("sent to %s", queue);
    }

    private static Map<String, MessageAttributeValue> attributes(String type, String subject, String reason) {
        Map<String, MessageAttributeValue> m = new HashMap<>();
        if (type != null) {
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

    private String url(String queue) {
        return urls.computeIfAbsent(queue, q -> client().getQueueUrl(b -> b.queueName(q)).queueUrl());
    }

    private SqsClient client() {
        SqsClient c = client;
        if (c == null) {
            synchronized (this) {
                if (client == null) {
                    client = build();
                }
                c = client;
            }
        }
        return c;
    }

    private SqsClient build() {
        CloudrigConfig.Sqs c = config.sqs();
        SqsClientBuilder b = SqsClient.builder().httpClient(UrlConnectionHttpClient.create());
        if (c.endpoint().isPresent()) {
            b.endpointOverride(URI.create(c.endpoint().get()))
                    .region(Region.of(c.region().orElse("us-east-1")))
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")));
        } else {
            c.region().ifPresent(r -> b.region(Region.of(r)));
        }
        return b.build();
    }

    @PreDestroy
    void close() {
        if (client != null) {
            client.close();
        }
    }
}
