package io.cloudrig.deployed;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudrig.model.Json;
import io.cloudrig.testkit.Await;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What Lambda's SQS event source mapping does for a function, on a real queue (ElasticMQ): receive a batch, hand it to
 * the function as the SQS event JSON Lambda sends ("Using Lambda with Amazon SQS": {@code Records} of
 * {@code messageId}, {@code receiptHandle}, {@code body}, {@code attributes}, {@code messageAttributes},
 * {@code md5OfBody}, {@code eventSource}, {@code eventSourceARN}, {@code awsRegion}), and with
 * {@code ReportBatchItemFailures} delete the messages the response does not list in {@code batchItemFailures}.
 */
final class SqsEventSource {
    private final SqsClient sqs;

    SqsEventSource(SqsClient sqs) {
        this.sqs = sqs;
    }

    /** A batch received from one queue. */
    record Batch(String queue, String url, String arn, List<Message> messages) {

        List<String> ids() {
            return messages.stream().map(Message::messageId).toList();
        }

        /** The SQS event Lambda invokes the function with. */
        String event() {
            String region = arn.split(":")[3];
            List<Map<String, Object>> records = new ArrayList<>();
            for (Message m : messages) {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("messageId", m.messageId());
                r.put("receiptHandle", m.receiptHandle());
                r.put("body", m.body());
                r.put("attributes", new LinkedHashMap<>(m.attributesAsStrings()));
                Map<String, Object> attrs = new LinkedHashMap<>();
                m.messageAttributes().forEach((k, v) -> attrs.put(k, attribute(v)));
                r.put("messageAttributes", attrs);
                r.put("md5OfBody", m.md5OfBody());
                if (m.md5OfMessageAttributes() != null) {
                    r.put("md5OfMessageAttributes", m.md5OfMessageAttributes());
                }
                r.put("eventSource", "aws:sqs");
                r.put("eventSourceARN", arn);
                r.put("awsRegion", region);
                records.add(r);
            }
            return Json.write(Map.of("Records", records));
        }

        private static Map<String, Object> attribute(MessageAttributeValue v) {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("stringValue", v.stringValue());
            a.put("stringListValues", List.of());
            a.put("binaryListValues", List.of());
            a.put("dataType", v.dataType());
            return a;
        }
    }

    /**
     * Receives {@code expected} messages of {@code queue} that {@code match} (others are left alone, visible again at
     * once), each hidden for {@code visibility} as the mapping's receive hides them.
     */
    Batch receive(String queue, int expected, Predicate<Message> match, Duration visibility) {
        String url = sqs.getQueueUrl(b -> b.queueName(queue)).queueUrl();
        String arn = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN)).attributes()
                .get(QueueAttributeName.QUEUE_ARN);
        Map<String, Message> batch = new LinkedHashMap<>();
        Await.until(expected + " message(s) in " + queue, Duration.ofSeconds(30), () -> {
            for (Message m : sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1)
                    .visibilityTimeout((int) visibility.toSeconds()).messageAttributeNames("All")
                    .messageSystemAttributeNamesWithStrings("All")).messages()) {
                if (match.test(m) && batch.size() < expected) {
                    batch.put(m.messageId(), m);
                } else {
                    sqs.changeMessageVisibility(b -> b.queueUrl(url).receiptHandle(m.receiptHandle()).visibilityTimeout(0));
                }
            }
            return batch.size() >= expected;
        }, () -> "received " + batch.size());
        return new Batch(queue, url, arn, List.copyOf(batch.values()));
    }

    /**
     * The message ids the function's response lists in {@code batchItemFailures}; the others are deleted from the queue,
     * as the mapping deletes what succeeded.
     */
    List<String> settle(Batch batch, String response) {
        JsonNode r = Json.parse(response, "the function's response to an SQS event");
        List<String> failed = new ArrayList<>();
        r.path("batchItemFailures").forEach(f -> failed.add(f.path("itemIdentifier").asText()));
        Set<String> failedIds = new HashSet<>(failed);
        batch.messages().stream().filter(m -> !failedIds.contains(m.messageId()))
                .forEach(m -> sqs.deleteMessage(b -> b.queueUrl(batch.url()).receiptHandle(m.receiptHandle())));
        return failed;
    }

    /** Receives (and deletes) messages of {@code queue} until one matches. */
    Message takeOne(String queue, Predicate<Message> match) {
        String url = sqs.getQueueUrl(b -> b.queueName(queue)).queueUrl();
        return Await.until("a matching message in " + queue, Duration.ofSeconds(30), () -> {
            for (Message m : sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1)
                    .messageAttributeNames("All")).messages()) {
                if (match.test(m)) {
                    sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(m.receiptHandle()));
                    return java.util.Optional.of(m);
                }
                sqs.changeMessageVisibility(b -> b.queueUrl(url).receiptHandle(m.receiptHandle()).visibilityTimeout(0));
            }
            return java.util.Optional.empty();
        });
    }

    /** Messages in {@code queue}, visible, in flight or delayed. */
    int count(String queue) {
        String url = sqs.getQueueUrl(b -> b.queueName(queue)).queueUrl();
        Map<QueueAttributeName, String> a = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributes();
        return a.values().stream().mapToInt(Integer::parseInt).sum();
    }
}
