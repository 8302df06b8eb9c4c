package io.cloudrig.lambda;

import io.cloudrig.model.events.EventType;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in for Lambda's SQS event source mappings on the three function queues of a prefix (ElasticMQ delivers to
 * nobody by itself): a thread polls each queue, invokes the Lambda with what it received as one batch and deletes what
 * succeeded ({@link SqsLambda#invokeAndDelete}). A failed message becomes visible again after the visibility timeout
 * and the queue's redrive policy moves it to its DLQ after maxReceiveCount receives, as on AWS. Every invocation is
 * recorded for the test to look at.
 */
final class EventSourceMappings implements AutoCloseable {
    /** One Lambda invocation: the queue, the batch it carried and the message ids reported as failed. */
    record Invocation(String queue, List<Message> batch, List<String> failed) {
    }

    private final Map<String, String> queues = new LinkedHashMap<>();
    private final Duration visibilityTimeout;
    private final List<Invocation> invocations = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Throwable error;

    private EventSourceMappings(String prefix, Duration visibilityTimeout) {
        this.visibilityTimeout = visibilityTimeout;
        for (EventType.Function f : EventType.Function.values()) {
            queues.put(prefix + f.functionName(), null);
        }
        this.thread = new Thread(this::run, "event-source-mappings");
        thread.setDaemon(true);
    }

    /** Starts polling {@code <prefix>createServers}, {@code <prefix>deployEngine} and {@code <prefix>cleanup}. */
    static EventSourceMappings start(String prefix, Duration visibilityTimeout) {
        EventSourceMappings m = new EventSourceMappings(prefix, visibilityTimeout);
        m.thread.start();
        return m;
    }

    List<Invocation> invocations() {
        return List.copyOf(invocations);
    }

    private void run() {
        try (SqsClient sqs = CloudrigInfra.sqsClient()) {
            queues.replaceAll((q, url) -> sqs.getQueueUrl(b -> b.queueName(q)).queueUrl());
            int timeout = (int) visibilityTimeout.toSeconds();
            while (running) {
                boolean idle = true;
                for (Map.Entry<String, String> q : queues.entrySet()) {
                    List<Message> batch = sqs.receiveMessage(b -> b.queueUrl(q.getValue()).maxNumberOfMessages(10)
                            .waitTimeSeconds(0).visibilityTimeout(timeout)).messages();
                    if (!batch.isEmpty()) {
                        idle = false;
                        invocations.add(new Invocation(q.getKey(), batch, SqsLambda.invokeAndDelete(sqs, q.getValue(), batch)));
                    }
                }
                if (idle) {
                    Thread.sleep(100);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            error = t;
        }
    }

    /** Stops polling after the invocation in flight (idempotent); fails if the poller itself broke. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(10_000);
        if (error != null) {
            throw new AssertionError("the event source mapping stand-in failed", error);
        }
    }
}
