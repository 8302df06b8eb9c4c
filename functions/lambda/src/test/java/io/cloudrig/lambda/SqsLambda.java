package io.cloudrig.lambda;

import io.cloudrig.model.Json;
import io.cloudrig.testkit.Await;
import io.restassured.path.json.JsonPath;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;

/**
 * Test support for the Lambda binding: SQS event JSON, and a small stand-in for Lambda's SQS event source mapping
 * (ElasticMQ delivers nothing to a Lambda by itself): receive from a queue, POST the batch to the mock event server,
 * delete what succeeded.
 */
final class SqsLambda {
    private SqsLambda() {
    }

    /** An SQS event whose records carry these bodies, by message id. */
    static String sqsEvent(Map<String, String> bodiesByMessageId) {
        List<Map<String, Object>> records = new ArrayList<>();
        bodiesByMessageId.forEach((id, body) -> records.add(record("queue", id, "rh-" + id, body)));
        return Json.write(Map.of("Records", records));
    }

    private static Map<String, Object> record(String queue, String id, String receiptHandle, String body) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("messageId", id);
        r.put("receiptHandle", receiptHandle);
        r.put("body", body);
        r.put("eventSource", "aws:sqs");
        r.put("eventSourceARN", "arn:aws:sqs:us-east-1:000000000000:" + queue);
        r.put("awsRegion", "us-east-1");
        return r;
    }

    /** POSTs an SQS event to the Lambda mock event server (REST Assured's default port under funqy-amazon-lambda). */
    static JsonPath invoke(String sqsEventJson) {
        return given().contentType("application/json").body(sqsEventJson).post()
                .then().statusCode(200).extract().jsonPath();
    }

    /**
     * Like the SQS event source mapping: receives the messages of {@code queue} that match, invokes the Lambda with
     * them as one batch and deletes those not reported in {@code batchItemFailures}.
     *
     * @return the ids of the messages that failed
     */
    static List<String> deliver(String queue, Predicate<Message> match, int expected) {
        try (SqsClient sqs = CloudrigInfra.sqsClient()) {
            String url = sqs.getQueueUrl(b -> b.queueName(queue)).queueUrl();
            Map<String, Message> batch = new LinkedHashMap<>();
            Await.until(expected + " message(s) in " + queue, Duration.ofSeconds(15), () -> {
                for (Message m : sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1)
                        .visibilityTimeout(30).messageAttributeNames("All")).messages()) {
                    if (match.test(m)) {
                        batch.put(m.messageId(), m);
                    } else {
                        sqs.changeMessageVisibility(b -> b.queueUrl(url).receiptHandle(m.receiptHandle()).visibilityTimeout(0));
                    }
                }
                return batch.size() >= expected;
            }, () -> "found " + batch.size());
            return invokeAndDelete(sqs, url, batch.values());
        }
    }

    /**
     * Invokes the Lambda with {@code batch} (messages received from the queue at {@code url}) as one SQS event and
     * deletes the messages not reported in {@code batchItemFailures}, as the event source mapping does.
     *
     * @return the ids of the messages that failed (they stay in the queue, visible again after their timeout)
     */
    static List<String> invokeAndDelete(SqsClient sqs, String url, Collection<Message> batch) {
        String queue = url.substring(url.lastIndexOf('/') + 1);
        List<Map<String, Object>> records = batch.stream()
                .map(m -> record(queue, m.messageId(), m.receiptHandle(), m.body())).collect(Collectors.toList());
        List<String> failed = invoke(Json.write(Map.of("Records", records))).getList("batchItemFailures.itemIdentifier");
        Set<String> failedIds = new HashSet<>(failed);
        batch.stream().filter(m -> !failedIds.contains(m.messageId()))
                .forEach(m -> sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(m.receiptHandle())));
        return failed;
    }

    /**
     * Creates the queues of {@code prefix} as terraform/main.tf does: one per function and one for outcome events,
     * each with a redrive policy to its own {@code -dlq} after {@code maxReceiveCount} receives.
     */
    static void createQueues(String prefix, int maxReceiveCount) {
        try (SqsClient sqs = CloudrigInfra.sqsClient()) {
            for (String q : List.of("createServers", "deployEngine", "cleanup", "events")) {
                String dlqUrl = sqs.createQueue(b -> b.queueName(prefix + q + "-dlq")).queueUrl();
                String dlqArn = sqs.getQueueAttributes(b -> b.queueUrl(dlqUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                        .attributes().get(QueueAttributeName.QUEUE_ARN);
                String redrive = Json.write(Map.of("deadLetterTargetArn", dlqArn,
                        "maxReceiveCount", String.valueOf(maxReceiveCount)));
                sqs.createQueue(b -> b.queueName(prefix + q).attributes(Map.of(QueueAttributeName.REDRIVE_POLICY, redrive)));
            }
        }
    }

    /** Receives (and deletes) every message of {@code queue} until {@code done} holds for those received. */
    static List<Message> receiveUntil(String queue, Predicate<List<Message>> done) {
        List<Message> received = new ArrayList<>();
        try (SqsClient sqs = CloudrigInfra.sqsClient()) {
            String url = sqs.getQueueUrl(b -> b.queueName(queue)).queueUrl();
            Await.until("the messages awaited in " + queue, Duration.ofSeconds(30), () -> {
                if (!done.test(received)) {
                    for (Message m : sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1)
                            .messageAttributeNames("All")).messages()) {
                        sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(m.receiptHandle()));
                        received.add(m);
                    }
                }
                return done.test(received);
            }, () -> "received " + received.stream().map(Message::body).collect(Collectors.toList()));
        }
        return received;
    }

    /** Receives (and deletes) messages of {@code queue} until one matches; the others become visible again. */
    static Message receiveOne(String queue, Predicate<Message> match) {
        try (SqsClient sqs = CloudrigInfra.sqsClient()) {
            String url = sqs.getQueueUrl(b -> b.queueName(queue)).queueUrl();
            return Await.until("a matching message in " + queue, Duration.ofSeconds(15), () -> {
                Message found = null;
                for (Message m : sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1)
                        .visibilityTimeout(30).messageAttributeNames("All")).messages()) {
                    if (found == null && match.test(m)) {
                        sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(m.receiptHandle()));
                        found = m;
                    } else {
                        sqs.changeMessageVisibility(b -> b.queueUrl(url).receiptHandle(m.receiptHandle()).visibilityTimeout(0));
                    }
                }
                return Optional.ofNullable(found);
            });
        }
    }

    /** Messages in {@code queue}, visible or in flight (ApproximateNumberOfMessages + ...NotVisible). */
    static int messagesIn(String queue) {
        try (SqsClient sqs = CloudrigInfra.sqsClient()) {
            String url = sqs.getQueueUrl(b -> b.queueName(queue)).queueUrl();
            Map<QueueAttributeName, String> a = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(
                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
            return Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                    + Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
        }
    }
}
