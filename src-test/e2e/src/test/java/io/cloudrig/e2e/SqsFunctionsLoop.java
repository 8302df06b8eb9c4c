package io.cloudrig.e2e;

import io.cloudevents.CloudEvent;
import io.cloudrig.delivery.sqs.QueueNames;
import io.cloudrig.delivery.sqs.SqsFunctionHandler;
import io.cloudrig.delivery.sqs.SqsPublisher;
import io.cloudrig.delivery.sqs.SqsRecord;
import io.cloudrig.infra.ElasticMq;
import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.events.EventType;
import io.cloudrig.orchestration.DeploymentOrchestrator;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The three functions fed from their SQS queues on a real ElasticMQ, as the Lambda event source mappings feed them:
 * each received message goes through the delivery module's {@link SqsFunctionHandler} (what the Lambda artifact calls)
 * to the orchestrator's function of that queue, and is deleted once handled (a batch item failure leaves it to come
 * back). This loop stands in for the AWS Lambda service, which does not run here; the handler and everything under it
 * are the real ones.
 */
final class SqsFunctionsLoop implements AutoCloseable {
    private final SqsClient sqs;
    private final ElasticMq mq;
    private final QueueNames names;
    private final SqsFunctionHandler handler;
    private final Map<EventType.Function, Function<CloudEvent, List<CloudEvent>>> functions;
    private final Thread thread;
    private volatile boolean running = true;

    SqsFunctionsLoop(SqsClient sqs, ElasticMq mq, QueueNames names, SqsPublisher publisher, DeploymentOrchestrator o) {
        this.sqs = sqs;
        this.mq = mq;
        this.names = names;
        this.handler = new SqsFunctionHandler(publisher, publisher);
        this.functions = Map.of(EventType.Function.CREATE_SERVERS, o::createServers,
                EventType.Function.DEPLOY_ENGINE, o::deployEngine, EventType.Function.CLEANUP, o::cleanup);
        this.thread = new Thread(this::loop, "sqs-functions");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        while (running) {
            for (EventType.Function f : EventType.Function.values()) {
                String queue = names.functionQueue(f);
                String url = mq.queueUrl(queue);
                for (Message m : sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(0)
                        .visibilityTimeout(30)).messages()) {
                    try {
                        handler.handle(new SqsRecord(m.messageId(), m.body(), mq.queueArn(queue), m.receiptHandle()), f,
                                functions.get(f));
                        sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(m.receiptHandle()));
                    } catch (CloudrigException batchItemFailure) {
                        // left on the queue: it comes back after its visibility timeout, as with Lambda
                    }
                }
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(10_000);
    }
}
