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
import java.nio.file.attribute.FileTime;
import java.util.stream.Stream;

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
    void nativeLibrary_isCopiedOnceIntoTheDataDirectory_andNamedToDynamoDbLocal(@TempDir Path dir) throws Exception {
        String path = System.getProperty("org.sqlite.lib.path");
        String name = System.getProperty("org.sqlite.lib.name");
        try {
            System.clearProperty("org.sqlite.lib.path");

            DynamoDbLocal.nativeLibrary(dir);

            Path lib = dir.resolve(System.getProperty("org.sqlite.lib.name"));
            assertThat(System.getProperty("org.sqlite.lib.path")).isEqualTo(dir.toString());
            assertThat(Files.size(lib)).isGreaterThan(100_000);
            FileTime copied = Files.getLastModifiedTime(lib);
            System.clearProperty("org.sqlite.lib.path");
            Files.setLastModifiedTime(lib, FileTime.fromMillis(copied.toMillis() - 60_000));

            DynamoDbLocal.nativeLibrary(dir); // the same size: kept, not copied again

            assertThat(Files.getLastModifiedTime(lib).toMillis()).isEqualTo(copied.toMillis() - 60_000);
            try (Stream<Path> files = Files.list(dir)) {
                assertThat(files).containsExactly(lib);
            }
        } finally {
            restore("org.sqlite.lib.path", path);
            restore("org.sqlite.lib.name", name);
        }
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
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
