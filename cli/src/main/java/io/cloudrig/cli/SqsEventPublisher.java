package io.cloudrig.cli;

import io.cloudevents.CloudEvent;
import io.cloudrig.model.events.DeploymentEvents;
import io.cloudrig.model.events.SqsQueues;
import io.cloudrig.model.events.EventPublisher;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Publishes deployment events to the SQS queues of the Lambda deployment, by the rule the functions use
 * ({@link SqsQueues}): {@code requested} to {@code <prefix>createServers}, {@code destroy_requested} to
 * {@code <prefix>cleanup}. Each message is the structured CloudEvent with the message attributes {@code type} and
 * {@code subject}; a FIFO queue gets the deployment id as message group and the event id as deduplication id. Queue URLs
 * are looked up by name once ({@code GetQueueUrl}), so AWS and ElasticMQ/LocalStack work alike. A failure is a
 * {@link CliFailure} naming the queue and where it was looked for, never the message.
 */
public final class SqsEventPublisher implements EventPublisher, AutoCloseable {
    private final SqsClient client;
    private final String prefix;
    private final String where;
    private final Map<String, String> urls = new ConcurrentHashMap<>();

    /**
     * @param client closed with this publisher
     * @param where  where the queues are, for error messages: {@code at <endpoint>} or {@code in region <region>}
     */
    public SqsEventPublisher(SqsClient client, String prefix, String where) {
        this.client = Objects.requireNonNull(client, "client");
        this.prefix = Objects.requireNonNull(prefix, "prefix");
        this.where = Objects.requireNonNull(where, "where");
    }

    @Override
    public void publish(CloudEvent event) {
        send(SqsQueues.queueFor(prefix, DeploymentEvents.type(event), SqsQueues.DEFAULT_EVENTS_QUEUE), event);
    }

    /** Sends {@code event} to the queue called {@code queue}; returns the SQS message id. */
    String send(String queue, CloudEvent event) {
        try {
            SendMessageRequest.Builder req = SendMessageRequest.builder().queueUrl(url(queue))
                    .messageBody(DeploymentEvents.toJson(event))
                    .messageAttributes(Map.of(SqsQueues.TYPE_ATTRIBUTE, text(event.getType()),
                            SqsQueues.SUBJECT_ATTRIBUTE, text(event.getSubject())));
            if (SqsQueues.isFifo(queue)) {
                req.messageGroupId(event.getSubject()).messageDeduplicationId(event.getId());
            }
            return client.sendMessage(req.build()).messageId();
        } catch (QueueDoesNotExistException e) {
            throw new CliFailure("SQS queue " + queue + " does not exist " + where + ": check CLOUDRIG_SQS_QUEUE_PREFIX "
                    + "(sqs.queue_prefix, now '" + prefix + "') against terraform's name_prefix, and CLOUDRIG_REGION / "
                    + "CLOUDRIG_SQS_ENDPOINT", e);
        } catch (AwsServiceException e) {
            throw new CliFailure("cannot publish to SQS queue " + queue + " " + where + ": "
                    + (e.awsErrorDetails() != null ? e.awsErrorDetails().errorCode() + ": "
                    + e.awsErrorDetails().errorMessage() : "HTTP " + e.statusCode()), e);
        } catch (SdkException e) {
            throw new CliFailure("cannot publish to SQS queue " + queue + " " + where + ": " + e.getMessage(), e);
        }
    }

    private String url(String queue) {
        return urls.computeIfAbsent(queue, q -> client.getQueueUrl(b -> b.queueName(q)).queueUrl());
    }

    private static MessageAttributeValue text(String v) {
        return MessageAttributeValue.builder().dataType("String").stringValue(v).build();
    }

    @Override
    public void close() {
        client.close();
    }
}
