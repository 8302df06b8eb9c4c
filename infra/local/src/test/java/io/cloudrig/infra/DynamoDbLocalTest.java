package io.cloudrig.infra;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class DynamoDbLocalTest {

    private static DynamoDbClient client(DynamoDbLocal ddb) {
        return DynamoDbClient.builder().endpointOverride(ddb.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    @Test
    void onDisk_keepsTablesAcrossRestarts(@TempDir Path dir) {
        try (DynamoDbLocal ddb = DynamoDbLocal.onDisk(dir); DynamoDbClient c = client(ddb)) {
            c.createTable(b -> b.tableName("tbl").billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build())
                    .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build()));
        }
        assertThat(Files.exists(dir.resolve("shared-local-instance.db"))).isTrue();
        try (DynamoDbLocal ddb = DynamoDbLocal.onDisk(dir); DynamoDbClient c = client(ddb)) {
            assertThat(c.listTables().tableNames()).containsExactly("tbl");
        }
    }

    @Test
    void inMemory_startsEmpty() {
        try (DynamoDbLocal ddb = DynamoDbLocal.inMemory(); DynamoDbClient c = client(ddb)) {
            assertThat(ddb.dataDir()).isNull();
            assertThat(c.listTables().tableNames()).isEmpty();
        }
    }
}
