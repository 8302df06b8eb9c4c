package io.cloudrig.infra;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Who can reach DynamoDB Local: only this machine (127.0.0.1), and with credentials only their holder. */
class DynamoDbLocalAccessTest {
    private static final String KEY_ID = "CLOUDRIGTESTKEY00001";
    private static final String SECRET = "s3cr3t-Of-This-Runtime-Only";
    private static DynamoDbLocal guarded;

    @BeforeAll
    static void start() {
        guarded = DynamoDbLocal.builder().credentials(KEY_ID, SECRET).start();
    }

    @AfterAll
    static void stop() {
        guarded.close();
    }

    private static DynamoDbClient client(DynamoDbLocal ddb, String keyId, String secret) {
        return DynamoDbClient.builder().endpointOverride(ddb.endpoint()).region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(keyId, secret)))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    private static void createTable(DynamoDbClient c, String name) {
        c.createTable(b -> b.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build())
                .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build()));
    }

    @Test
    void withCredentials_theirHolderWorks() {
        try (DynamoDbClient c = client(guarded, KEY_ID, SECRET)) {
            createTable(c, "owned");
            c.putItem(b -> b.tableName("owned").item(Map.of("pk", AttributeValue.fromS("a/b c+d~e"), "v",
                    AttributeValue.fromS("x".repeat(70_000)))));
            assertThat(c.getItem(b -> b.tableName("owned").key(Map.of("pk", AttributeValue.fromS("a/b c+d~e")))
                    .consistentRead(true)).item().get("v").s()).hasSize(70_000);
        }
    }

    @Test
    void withCredentials_aWrongSecretIsRefusedAsABadSignature() {
        try (DynamoDbClient c = client(guarded, KEY_ID, "guessed")) {
            assertThatThrownBy(c::listTables).isInstanceOf(DynamoDbException.class)
                    .satisfies(e -> assertThat(((DynamoDbException) e).awsErrorDetails().errorCode())
                            .isEqualTo("InvalidSignatureException"))
                    .satisfies(e -> assertThat(((DynamoDbException) e).statusCode()).isEqualTo(400));
        }
    }

    @Test
    void withCredentials_anotherKeyIsUnrecognized() {
        try (DynamoDbClient c = client(guarded, "local", "local")) {
            assertThatThrownBy(c::listTables).isInstanceOf(DynamoDbException.class)
                    .satisfies(e -> assertThat(((DynamoDbException) e).awsErrorDetails().errorCode())
                            .isEqualTo("UnrecognizedClientException"));
        }
    }

    @Test
    void withCredentials_anUnsignedRequestIsRefused() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(guarded.endpoint())
                .header("X-Amz-Target", "DynamoDB_20120810.ListTables").header("Content-Type", "application/x-amz-json-1.0")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("UnrecognizedClientException").doesNotContain("TableNames");
    }

    @Test
    void listensOnLoopbackOnly() throws IOException {
        List<InetAddress> others = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .flatMap(i -> Collections.list(i.getInetAddresses()).stream())
                .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress()).collect(Collectors.toList());
        assertThat(answers(InetAddress.getByName("127.0.0.1"), guarded.port())).isTrue();
        for (InetAddress a : others) {
            assertThat(answers(a, guarded.port())).as("port %d on %s", guarded.port(), a).isFalse();
        }
    }

    private static boolean answers(InetAddress a, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(a, port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void onDisk_dataDirectoryAndDatabaseAreTheOwnersOnly(@TempDir Path parent) throws IOException {
        Path dir = parent.resolve("dynamodb");
        try (DynamoDbLocal ddb = DynamoDbLocal.onDisk(dir); DynamoDbClient c = client(ddb, "any", "any")) {
            createTable(c, "tbl");
            c.putItem(b -> b.tableName("tbl").item(Map.of("pk", AttributeValue.fromS("k"))));
            assertThat(mode(dir)).isEqualTo("rwx------");
            try (Stream<Path> files = Files.list(dir)) {
                assertThat(files).isNotEmpty().allSatisfy(f -> assertThat(mode(f)).as(f.toString()).isEqualTo("rw-------"));
            }
        }
    }

    @Test
    void onDisk_anExistingSharedDirectoryIsMadePrivate(@TempDir Path parent) throws IOException {
        Path dir = Files.createDirectories(parent.resolve("dynamodb"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createFile(dir.resolve(DynamoDbLocal.DATABASE_FILE));
        Files.setPosixFilePermissions(dir.resolve(DynamoDbLocal.DATABASE_FILE), PosixFilePermissions.fromString("rw-r--r--"));

        try (DynamoDbLocal ddb = DynamoDbLocal.onDisk(dir); DynamoDbClient c = client(ddb, "any", "any")) {
            assertThat(c.listTables().tableNames()).isEmpty();
        }
        assertThat(mode(dir)).isEqualTo("rwx------");
        assertThat(mode(dir.resolve(DynamoDbLocal.DATABASE_FILE))).isEqualTo("rw-------");
    }

    @Test
    void onDisk_deletedRowsLeaveTheFile_whenItStops(@TempDir Path dir) throws IOException {
        try (DynamoDbLocal ddb = DynamoDbLocal.onDisk(dir); DynamoDbClient c = client(ddb, "any", "any")) {
            createTable(c, "tbl");
            for (int i = 0; i < 40; i++) {
                String k = "k" + i;
                c.putItem(b -> b.tableName("tbl").item(Map.of("pk", AttributeValue.fromS(k),
                        "v", AttributeValue.fromS("DELETED-ROW-MARK-" + k + "x".repeat(300)))));
            }
            c.putItem(b -> b.tableName("tbl").item(Map.of("pk", AttributeValue.fromS("kept"), "v",
                    AttributeValue.fromS("LIVE-ROW-MARK"))));
            for (int i = 0; i < 40; i++) {
                String k = "k" + i;
                c.deleteItem(b -> b.tableName("tbl").key(Map.of("pk", AttributeValue.fromS(k))));
            }
        }
        String file = new String(Files.readAllBytes(dir.resolve(DynamoDbLocal.DATABASE_FILE)), StandardCharsets.ISO_8859_1);
        assertThat(file).doesNotContain("DELETED-ROW-MARK").contains("LIVE-ROW-MARK");
        try (DynamoDbLocal ddb = DynamoDbLocal.onDisk(dir); DynamoDbClient c = client(ddb, "any", "any")) {
            assertThat(c.scan(b -> b.tableName("tbl")).items()).singleElement()
                    .satisfies(i -> assertThat(i.get("v").s()).isEqualTo("LIVE-ROW-MARK"));
        }
    }

    @Test
    void sharedDatabase_theAccessKeyDoesNotPickADatabase() {
        try (DynamoDbLocal ddb = DynamoDbLocal.inMemory(); DynamoDbClient a = client(ddb, "a", "a");
             DynamoDbClient b = client(ddb, "b", "b")) {
            createTable(a, "one");
            assertThat(b.listTables().tableNames()).containsExactly("one");
            assertThat(URI.create(ddb.endpoint().toString()).getHost()).isEqualTo("127.0.0.1");
        }
    }

    private static String mode(Path p) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
