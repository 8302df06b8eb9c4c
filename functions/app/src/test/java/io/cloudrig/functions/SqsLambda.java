package io.cloudrig.functions;

import io.cloudrig.model.Json;
import io.restassured.path.json.JsonPath;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
        bodiesByMessageId.forEach((id, body) -> records.add(record(id, "rh-" + id, body)));
        return Json.write(Map.of("Records", records));
    }

    private static Map<String, Object> record(String id, String receiptHandle, String body) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("messageId", id);
        r.put("receiptHandle", receiptHandle);
        r.put("body", body);
        r.put("eventSource", "aws:sqs");
        r.put("eventSourceARN", "arn:aws:sqs:us-east-1:000000000000:queue");
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
            Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
            while (batch.size() < expected && Instant.now().isBefore(deadline)) {
                for (Message m : sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1)
                        .visibilityTimeout(30).messageAttributeNames("All")).messages()) {
                    if (match.test(m)) {
                        batch.put(m.messageId(), m);
                    } else {
                        sqs.changeMessageVisibility(b -> b.queueUrl(url).receiptHandle(m.receiptHandle()).visibilityTimeout(0));
                    }
                }
            }
            if (batch.size() < expected) {
                throw new AssertionError("expected " + expected + " message(s) in " + queue + " but found " + batch.size());
            }
            List<Map<String, Object>> records = batch.values().stream()
                    .map(m -> record(m.messageId(), m.receiptHandle(), m.body())).collect(Collectors.toList());
            List<String> failed = invoke(Json.write(Map.of("Records", records))).getList("batchItemFailures.itemIdentifier");
            Set<String> failedIds = new HashSet<>(failed);
            batch.values().stream().filter(m -> !failedIds.contains(m.messageId()))
                    .forEach(m -> sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(m.receiptHandle())));
            return failed;
        }
    }

    /** Receives (and deletes) messages of {@code queue} until one matches; the others become visible again. */
    static Message receiveOne(String queue, Predicate<Message> match) {
        try (SqsClient sqs = CloudrigInfra.sqsClient()) {
            String url = sqs.getQueueUrl(b -> b.queueName(queue)).queueUrl();
            Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
            while (Instant.now().isBefore(deadline)) {
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
                if (found != null) {
                    return found;
                }
            }
            throw new AssertionError("no matching message in " + queue + " within 15 s");
        }
    }
}
