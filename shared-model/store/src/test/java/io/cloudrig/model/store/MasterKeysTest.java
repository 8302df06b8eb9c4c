package io.cloudrig.model.store;

import io.cloudrig.aws.AwsClients;
import io.cloudrig.aws.AwsEndpoint;
import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.Deployment;
import io.cloudrig.model.ErrorCode;
import io.cloudrig.testkit.TestStores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kms.KmsClient;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The master keys (a local key file; AWS KMS through its test double) and how a store picks one. */
class MasterKeysTest {
    private static KmsDouble kmsDouble;
    private static KmsClient kms;

    @TempDir
    Path dir;

    @BeforeAll
    static void startKms() throws IOException {
        kmsDouble = KmsDouble.start();
        kms = AwsClients.build(KmsClient.builder(), AwsEndpoint.at(kmsDouble.endpoint()));
    }

    @AfterAll
    static void stopKms() {
        kms.close();
        kmsDouble.close();
    }

    // ------------------------------------------------------------------ local key file

    @Test
    void localKey_isCreatedOnFirstUse_0600InA0700Directory_andReadAgainTheSame() throws IOException {
        Path file = dir.resolve("home/keys/master.key");
        LocalMasterKey first = LocalMasterKey.at(file);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent()))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("home")))).isEqualTo("rwx------");
        LocalMasterKey again = LocalMasterKey.at(file);
        assertThat(again.id()).isEqualTo(first.id());
        MasterKey.DataKey k = first.newDataKey("dep-1");
        assertThat(k.wrapped()).startsWith("local:v1:" + first.id() + ":");
        assertThat(again.unwrap(k.wrapped(), "dep-1")).isEqualTo(k.plaintext());
        assertThat(k.toString()).doesNotContain(k.wrapped().substring(20));
    }

    @Test
    void localKey_createdByManyAtOnce_isOneKey() throws Exception {
        Path file = dir.resolve("race/keys/master.key");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> ids = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                Callable<String> open = () -> LocalMasterKey.at(file).id();
                ids.add(pool.submit(open));
            }
            Set<String> distinct = ids.stream().map(f -> {
                try {
                    return f.get();
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }).collect(Collectors.toSet());
            assertThat(distinct).hasSize(1);
            assertThat(Files.list(file.getParent())).containsExactly(file);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void localKey_readableByOthers_isRefusedNamingTheFix() throws IOException {
        Path file = dir.resolve("keys/master.key");
        LocalMasterKey.at(file);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(() -> LocalMasterKey.at(file)).isInstanceOf(CloudrigException.class)
                .hasMessageContaining("accessible by other users").hasMessageContaining("rw-r--r--")
                .hasMessageContaining("chmod 600 " + file);
    }

    @Test
    void localKey_damaged_isRefusedWithoutQuotingIt() throws IOException {
        Path file = dir.resolve("keys/master.key");
        LocalMasterKey.at(file);
        Files.writeString(file, "c2VjcmV0LWJ1dC1zaG9ydA==\n");

        assertThatThrownBy(() -> LocalMasterKey.at(file)).isInstanceOf(CloudrigException.class)
                .hasMessageContaining("expected one base64 line of a 32-byte master key")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("c2VjcmV0"));
    }

    @Test
    void localKey_unwrapForAnotherDeployment_fails() {
        LocalMasterKey key = LocalMasterKey.at(dir.resolve("keys/master.key"));
        MasterKey.DataKey k = key.newDataKey("dep-1");

        assertThatThrownBy(() -> key.unwrap(k.wrapped(), "dep-2")).isInstanceOf(CloudrigException.class)
                .hasMessageContaining("deployment dep-2").hasMessageContaining("does not open");
    }

    // ------------------------------------------------------------------ KMS

    @Test
    void kmsKey_generatesAndUnwrapsADataKeyBoundToItsDeployment() {
        MasterKey key = MasterKey.kms(kms, KmsDouble.ALIAS);
        MasterKey.DataKey k = key.newDataKey("dep-1");

        assertThat(k.plaintext()).hasSize(32);
        assertThat(k.wrapped()).startsWith("kms:v1:");
        assertThat(key.unwrap(k.wrapped(), "dep-1")).isEqualTo(k.plaintext());
        assertThatThrownBy(() -> key.unwrap(k.wrapped(), "dep-2")).isInstanceOf(CloudrigException.class)
                .hasMessageContaining("AWS KMS key alias/cloudrig-test did not decrypt")
                .hasMessageContaining("InvalidCiphertextException");
    }

    @Test
    void kmsKey_unknown_failsNamingTheKey() {
        assertThatThrownBy(() -> MasterKey.kms(kms, "alias/nope").newDataKey("dep-1")).isInstanceOf(CloudrigException.class)
                .hasMessageContaining("AWS KMS key alias/nope did not generate a data key").hasMessageContaining("not found");
    }

    @Test
    void storeOnKms_generatesOnCreate_andDecryptsOncePerDeploymentPerStore() {
        String table = "t-" + UUID.randomUUID();
        DynamoDbDeploymentStore store = DynamoDbDeploymentStore.builder().client(TestStores.client()).tableName(table)
                .secrets(MasterKey.kms(kms, KmsDouble.ALIAS)).createTableIfMissing(true).build();
        int generated = kmsDouble.generated.get();
        int decrypted = kmsDouble.decrypted.get();
        Deployment d = store.create(Deployment.newDeployment("on-kms", "{\"password\":\"pw-kms-8Yu\"}"));
        store.get(d.id());
        store.get(d.id());
        assertThat(kmsDouble.generated.get() - generated).isEqualTo(1);
        assertThat(kmsDouble.decrypted.get() - decrypted).as("the new key is kept, not decrypted").isZero();

        DynamoDbDeploymentStore other = DynamoDbDeploymentStore.builder().client(TestStores.client()).tableName(table)
                .secrets(MasterKey.kms(kms, KmsDouble.ARN)).build();
        assertThat(other.get(d.id()).orElseThrow().config()).isEqualTo("{\"password\":\"pw-kms-8Yu\"}");
        other.list();
        assertThat(kmsDouble.decrypted.get() - decrypted).isEqualTo(1);
        assertThat(TestStores.client().scan(b -> b.tableName(table)).items().toString()).contains("kms:v1:")
                .doesNotContain("pw-kms-8Yu");
    }

    @Test
    void storeOnKms_readingWhatALocalKeySealed_saysSo() {
        String table = "t-" + UUID.randomUUID();
        DynamoDbDeploymentStore local = DynamoDbDeploymentStore.builder().client(TestStores.client()).tableName(table)
                .secrets(MasterKey.keyFile(dir.resolve("keys/master.key"))).createTableIfMissing(true).build();
        Deployment d = local.create(Deployment.newDeployment("local", "{\"password\":\"p\"}"));
        DynamoDbDeploymentStore onKms = DynamoDbDeploymentStore.builder().client(TestStores.client()).tableName(table)
                .secrets(MasterKey.kms(kms, KmsDouble.ALIAS)).build();

        assertThatThrownBy(() -> onKms.get(d.id())).hasMessageContaining("wrapped by a local key file, but this store"
                + " uses AWS KMS key alias/cloudrig-test");
    }

    // ------------------------------------------------------------------ defaults

    private static DynamoDbClient clientAt(String endpoint) {
        return AwsClients.build(DynamoDbClient.builder(), AwsEndpoint.of(java.util.Optional.of("eu-west-1"),
                java.util.Optional.ofNullable(endpoint)));
    }

    private static Properties props(String... kv) {
        Properties p = new Properties();
        p.setProperty("user.home", "/nonexistent-home-for-test");
        for (int i = 0; i < kv.length; i += 2) {
            p.setProperty(kv[i], kv[i + 1]);
        }
        return p;
    }

    @Test
    void defaults_inAwsWithoutAKmsKey_failClearlyNamingTheSetting() {
        try (DynamoDbClient aws = clientAt(null)) {
            assertThatThrownBy(() -> MasterKeyDefaults.resolve(aws, Map.of(), props()))
                    .isInstanceOf(CloudrigException.class)
                    .satisfies(e -> assertThat(((CloudrigException) e).code()).isEqualTo(ErrorCode.INVALID_CONFIG))
                    .hasMessageContaining("in AWS has no master key").hasMessageContaining("CLOUDRIG_SECRETS_KMS_KEY_ID")
                    .hasMessageContaining("kms:GenerateDataKey and kms:Decrypt");
            assertThatThrownBy(() -> DynamoDbDeploymentStore.builder().client(aws).build())
                    .hasMessageContaining("has no master key");
        }
    }

    @Test
    void defaults_withAKmsKeyConfigured_useKmsInTheTablesRegion() {
        try (DynamoDbClient aws = clientAt(null)) {
            MasterKey key = MasterKeyDefaults.resolve(aws, Map.of("CLOUDRIG_SECRETS_KMS_KEY_ID", "alias/from-env"), props());
            assertThat(key.describe()).isEqualTo("AWS KMS key alias/from-env");
            assertThat(MasterKeyDefaults.resolve(aws, Map.of("CLOUDRIG_SECRETS_KMS_KEY_ID", "alias/from-env"),
                    props("cloudrig.secrets.kms-key-id", "alias/from-property")).describe()).endsWith("alias/from-property");
        }
    }

    @Test
    void defaults_forADynamoDbOnThisMachine_useTheHomesKeyFile() {
        try (DynamoDbClient local = clientAt("http://127.0.0.1:8000")) {
            MasterKey key = MasterKeyDefaults.resolve(local, Map.of("CLOUDRIG_HOME", dir.toString()), props());
            assertThat(key.describe()).startsWith("local key file " + dir.resolve("keys/master.key"));
            assertThat(dir.resolve("keys/master.key")).exists();
            MasterKey named = MasterKeyDefaults.resolve(local, Map.of("CLOUDRIG_SECRETS_KEY_FILE",
                    dir.resolve("elsewhere.key").toString()), props());
            assertThat(named.describe()).startsWith("local key file " + dir.resolve("elsewhere.key"));
        }
        try (DynamoDbClient remote = clientAt("http://dynamodb.internal.example:8000")) {
            assertThatThrownBy(() -> MasterKeyDefaults.resolve(remote, Map.of("CLOUDRIG_HOME", dir.toString()), props()))
                    .hasMessageContaining("at http://dynamodb.internal.example:8000 has no master key");
        }
        assertThat(MasterKeyDefaults.home(Map.of(), props())).isEqualTo(Path.of("/nonexistent-home-for-test/.cloudrig"));
    }

    @Test
    void defaultStore_onTheTestDynamoDbLocal_sealsWithTheHomesKey() {
        DynamoDbDeploymentStore store = TestStores.newStore();
        assertThat(store.masterKey().describe()).startsWith("local key file");
    }
}
