package io.cloudrig.infra;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ElasticMqTest {
    static ElasticMq mq;
    static SqsClient sqs;

    @BeforeAll
    static void start() {
        long t0 = System.nanoTime();
        mq = ElasticMq.start();
        System.out.printf("ElasticMq started in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        sqs = Clients.sqs(mq);
    }

    @AfterAll
    static void stop() {
        sqs.close();
        mq.close();
    }

    @Test
    void queueUrlsMatchWhatTheServerReturns() {
        String url = sqs.createQueue(b -> b.queueName("urls")).queueUrl();
        assertThat(url).isEqualTo(mq.queueUrl("urls")).isEqualTo("http://127.0.0.1:" + mq.port() + "/000000000000/urls");
        assertThat(sqs.getQueueUrl(b -> b.queueName("urls")).queueUrl()).isEqualTo(url);
        String arn = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        assertThat(arn).isEqualTo(mq.queueArn("urls"));
    }

    @Test
    void sendReceiveDeleteRoundTrip() {
        String url = sqs.createQueue(b -> b.queueName("work")).queueUrl();
        sqs.sendMessage(b -> b.queueUrl(url).messageBody("{\"deployment\":\"d1\"}")
                .messageAttributes(Map.of("type", MessageAttributeValue.builder().dataType("String").stringValue("create").build())));

        List<Message> got = sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(5)
                .messageAttributeNames("All")).messages();
        assertThat(got).hasSize(1);
        assertThat(got.get(0).body()).isEqualTo("{\"deployment\":\"d1\"}");
        assertThat(got.get(0).messageAttributes().get("type").stringValue()).isEqualTo("create");

        sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(got.get(0).receiptHandle()));
        Map<QueueAttributeName, String> attrs = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                .attributes();
        assertThat(attrs).containsEntry(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, "0")
                .containsEntry(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE, "0");
    }

    @Test
    void aMessageReceivedMaxReceiveCountTimesWithoutDeleteMovesToTheDeadLetterQueue() {
        String dlq = sqs.createQueue(b -> b.queueName("work-dlq")).queueUrl();
        String redrive = "{\"deadLetterTargetArn\":\"" + mq.queueArn("work-dlq") + "\",\"maxReceiveCount\":\"2\"}";
        String url = sqs.createQueue(b -> b.queueName("work-redrive")
                .attributes(Map.of(QueueAttributeName.REDRIVE_POLICY, redrive))).queueUrl();
        assertThat(sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.REDRIVE_POLICY))
                .attributes().get(QueueAttributeName.REDRIVE_POLICY)).contains("work-dlq");

        sqs.sendMessage(b -> b.queueUrl(url).messageBody("poison"));
        for (int attempt = 1; attempt <= 2; attempt++) {
            // visibility 0: the failed consumer "gives up" at once, so the message is visible again straight away
            List<Message> got = sqs.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(2).visibilityTimeout(0)
                    .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)).messages();
            assertThat(got).as("receive #" + attempt).hasSize(1);
            assertThat(got.get(0).attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)).isEqualTo(String.valueOf(attempt));
        }
        // the third receive finds the count exhausted: the message goes to the DLQ instead of being delivered
        assertThat(sqs.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(1)).messages()).isEmpty();
        List<Message> dead = sqs.receiveMessage(b -> b.queueUrl(dlq).waitTimeSeconds(5)).messages();
        assertThat(dead).extracting(Message::body).containsExactly("poison");
    }
}
