package io.cloudrig.infra;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** DynamoDB Local, the Kafka broker and ElasticMQ share one JVM (one classpath) and all work. */
class AllTogetherTest {

    @Test
    void dynamoDbLocalKafkaAndElasticMqRunSideBySideInOneJvm(@TempDir Path dir) throws Exception {
        long t0 = System.nanoTime();
        try (DynamoDbLocal ddb = DynamoDbLocal.inMemory();
             KafkaBroker kafka = KafkaBroker.start(dir.resolve("kafka"));
             ElasticMq mq = ElasticMq.start();
             DynamoDbClient dynamo = Clients.dynamoDb(ddb.endpoint());
             SqsClient sqs = Clients.sqs(mq)) {
            System.out.printf("DynamoDbLocal + KafkaBroker + ElasticMq started in %d ms%n", (System.nanoTime() - t0) / 1_000_000);

            dynamo.createTable(b -> b.tableName("deployments").billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(AttributeDefinition.builder().attributeName("id").attributeType(ScalarAttributeType.S).build())
                    .keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build()));
            dynamo.putItem(b -> b.tableName("deployments").item(Map.of(
                    "id", AttributeValue.fromS("d1"), "status", AttributeValue.fromS("INIT"))));
            assertThat(dynamo.getItem(b -> b.tableName("deployments").key(Map.of("id", AttributeValue.fromS("d1"))))
                    .item().get("status").s()).isEqualTo("INIT");

            try (KafkaProducer<String, String> producer = Clients.producer(kafka)) {
                producer.send(new ProducerRecord<>("deploy-requests", "d1", "create")).get();
            }
            try (KafkaConsumer<String, String> consumer = Clients.consumer(kafka, "together")) {
                consumer.subscribe(List.of("deploy-requests"));
                assertThat(Clients.pollUntil(consumer, 1, Duration.ofSeconds(30)))
                        .extracting(ConsumerRecord::key, ConsumerRecord::value).containsExactly(org.assertj.core.groups.Tuple.tuple("d1", "create"));
            }

            String url = sqs.createQueue(b -> b.queueName("deploy-requests")).queueUrl();
            sqs.sendMessage(b -> b.queueUrl(url).messageBody("create d1"));
            List<Message> got = sqs.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(5)).messages();
            assertThat(got).extracting(Message::body).containsExactly("create d1");
            sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(got.get(0).receiptHandle()));
        }
    }
}
