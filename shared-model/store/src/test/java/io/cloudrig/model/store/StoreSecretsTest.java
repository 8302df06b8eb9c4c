package io.cloudrig.model.store;

import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.Credential;
import io.cloudrig.model.Credentials;
import io.cloudrig.model.Deployment;
import io.cloudrig.model.ErrorCode;
import io.cloudrig.model.Server;
import io.cloudrig.testkit.TestStores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.cloudrig.model.DeploymentStatus.DEPLOY_FAILED;
import static io.cloudrig.model.DeploymentStatus.DEPLOY_INIT;
import static io.cloudrig.model.DeploymentStatus.DEPLOY_STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Secrets at rest: the raw table (a Scan, as a copy of it would be read) holds no password of the deployments the store
 * keeps, a destroyed deployment's item and data key are gone, and items of an older store read and get sealed.
 */
class StoreSecretsTest {
    private static final String EXISTING_CLOUD = "{\"type\":\"ExistingCloud\",\"creds\":{\"openstack\":{"
            + "\"auth_url\":\"https://admin:pw-in-url-1Qz@keystone.example:5000/v3\",\"region_name\":\"RegionOne\","
            + "\"admin\":{\"username\":\"admin\",\"password\":\"pw-admin-7Hk\",\"project_name\":\"admin\"},"
            + "\"users\":[{\"username\":\"demo\",\"password\":\"pw-user-3Xe\"}]}},"
            + "\"extra\":{\"api_token\":\"pw-extra-9Vd\"}}";
    private static final String DEVSTACK = "{\"type\":\"DevstackEngine\",\"devstack_repo\":"
            + "\"https://pw-repo-token-5Rt@git.example/devstack.git\",\"local_conf\":{\"ADMIN_PASSWORD\":\"pw-ds-admin-2Wq\","
            + "\"DATABASE_PASSWORD\":\"pw-ds-db-8Lm\",\"RABBIT_PASSWORD\":[\"pw-ds-rabbit-4Nc\"]},"
            + "\"provider\":{\"type\":\"ExistingServers\",\"credentials\":[{\"host\":\"10.0.0.2\",\"user\":\"root\","
            + "\"password\":\"pw-server-6Jy\"}]}}";
    private static final String KEY = "-----BEGIN OPENSSH PRIVATE KEY-----\npw-private-key-0Bx\n"
            + "-----END OPENSSH PRIVATE KEY-----\n";
    private static final List<String> PASSWORDS = List.of("pw-in-url-1Qz", "pw-admin-7Hk", "pw-user-3Xe", "pw-extra-9Vd",
            "pw-repo-token-5Rt", "pw-ds-admin-2Wq", "pw-ds-db-8Lm", "pw-ds-rabbit-4Nc", "pw-server-6Jy", "pw-private-key-0Bx",
            "pw-cred-4Gs", "pw-hmac-1Ua", "pw-cred-url-3Pi", "pw-srv2-7Ok", "pw-recreate-2Ty", "pw-error-5Ee");

    @TempDir
    Path keys;
    private DynamoDbClient client;
    private DynamoDbDeploymentStore store;

    @BeforeEach
    void setUp() {
        client = TestStores.client();
        store = storeOn("t-" + UUID.randomUUID(), MasterKey.keyFile(keys.resolve("master.key")));
    }

    private DynamoDbDeploymentStore storeOn(String table, MasterKey key) {
        return DynamoDbDeploymentStore.builder().client(client).tableName(table).secrets(key).createTableIfMissing(true)
                .build();
    }

    private static Credentials credentials() {
        return Credentials.openstack(Credential.builder().authUrl("https://admin:pw-cred-url-3Pi@keystone.example/v3")
                .username("admin").password("pw-cred-4Gs").profilerHmacKey("pw-hmac-1Ua")
                .permission(Credential.Permission.ADMIN).build(), List.of());
    }

    private static List<Server> servers() {
        return List.of(Server.builder().host("10.0.0.3").password("pw-srv2-7Ok").privateKey(KEY).build());
    }

    /** Every attribute value of every item, as text. */
    private String dump(String table) {
        StringBuilder sb = new StringBuilder();
        client.scanPaginator(b -> b.tableName(table).consistentRead(true)).items()
                .forEach(item -> item.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n')));
        return sb.toString();
    }

    private List<Map<String, AttributeValue>> items(String table, String id) {
        List<Map<String, AttributeValue>> out = new ArrayList<>();
        client.scanPaginator(b -> b.tableName(table).consistentRead(true)).items().forEach(i -> {
            if (i.get("pk").s().equals(ItemKeys.deploymentPartition(id))) {
                out.add(i);
            }
        });
        return out;
    }

    private Map<String, AttributeValue> rawItem(String table, String id) {
        return client.getItem(b -> b.tableName(table).key(ItemKeys.deployment(id)).consistentRead(true)).item();
    }

    @Test
    void tableDump_afterDeploymentsWithDistinctivePasswords_holdsNoneInClear() {
        Deployment cloud = store.create(Deployment.newDeployment("cloud", EXISTING_CLOUD));
        Deployment devstack = store.create(Deployment.newDeployment("devstack", DEVSTACK));
        store.setCredentials(cloud.id(), credentials());
        store.transition(devstack.id(), DEPLOY_INIT, DEPLOY_STARTED, DeploymentStore.Change.builder().servers(servers()));
        Deployment failed = store.transition(devstack.id(), DEPLOY_STARTED, DEPLOY_FAILED, DeploymentStore.Change.builder()
                .error(ErrorCode.UNREACHABLE, "cannot reach https://root:pw-error-5Ee@10.0.0.3/").recreate(
                        DEVSTACK.replace("pw-ds-admin-2Wq", "pw-recreate-2Ty")));

        String dump = dump(store.tableName());
        assertThat(dump).contains("dataKey").contains(SecretBox.PREFIX);
        for (String p : PASSWORDS) {
            assertThat(dump).as(p).doesNotContain(p);
        }
        // the store itself reads them back
        Deployment c = store.get(cloud.id()).orElseThrow();
        assertThat(c.config()).isEqualTo(EXISTING_CLOUD);
        assertThat(c.credentials()).isEqualTo(credentials());
        Deployment d = store.getByName("devstack").orElseThrow();
        assertThat(d.config()).isEqualTo(DEVSTACK);
        assertThat(d.servers()).isEqualTo(servers());
        assertThat(d.recreateConfig()).contains("pw-recreate-2Ty");
        assertThat(d.errorMessage()).isEqualTo("cannot reach https://root:***@10.0.0.3/").isEqualTo(failed.errorMessage());
        assertThat(store.list()).extracting(Deployment::config).containsExactly(EXISTING_CLOUD, DEVSTACK);
    }

    @Test
    void delete_removesTheItemWithItsDataKey_andNothingOfItsSecretsStays() {
        Deployment d = store.create(Deployment.newDeployment("doomed", DEVSTACK));
        store.setCredentials(d.id(), credentials());
        assertThat(rawItem(store.tableName(), d.id())).containsKey(ItemSecrets.DATA_KEY);

        store.delete(d.id());

        assertThat(items(store.tableName(), d.id())).as("only the tombstone: its name and when, no data key")
                .singleElement().satisfies(t -> assertThat(t.keySet())
                        .containsExactlyInAnyOrder("pk", "sk", "name", "deletedAt", "ttl"));
        assertThat(store.wasDeleted(d.id())).isTrue();
        String dump = dump(store.tableName());
        assertThat(dump).doesNotContain(SecretBox.PREFIX).doesNotContain(LocalMasterKey.PREFIX);
        for (String p : PASSWORDS) {
            assertThat(dump).as(p).doesNotContain(p);
        }
    }

    @Test
    void itemOfAnOlderStore_readsAsItIs_andIsSealedByTheNextWrite() {
        Deployment d = Deployment.builder().id(UUID.randomUUID().toString()).name("old").config(DEVSTACK)
                .credentials(credentials()).servers(servers()).version(1).createdAt(java.time.Instant.now())
                .updatedAt(java.time.Instant.now()).build();
        putAsAnOlderStore(d);
        assertThat(dump(store.tableName())).as("the older store wrote in clear").contains("pw-ds-admin-2Wq");

        assertThat(store.get(d.id())).contains(d);

        Deployment started = store.transition(d.id(), DEPLOY_INIT, DEPLOY_STARTED, DeploymentStore.Change.none());
        assertThat(started.config()).isEqualTo(DEVSTACK);
        assertThat(started.version()).isEqualTo(2);
        Map<String, AttributeValue> raw = rawItem(store.tableName(), d.id());
        assertThat(raw).containsKey(ItemSecrets.DATA_KEY);
        assertThat(raw.get("version").n()).as("sealing changes no content, so no version").isEqualTo("2");
        for (String p : PASSWORDS) {
            assertThat(dump(store.tableName())).as(p).doesNotContain(p);
        }
        assertThat(store.get(d.id()).orElseThrow()).isEqualTo(started);
    }

    @Test
    void itemOfAnOlderStore_whoseFirstWriteSetsASecret_getsAKeyAndEverythingSealed() {
        Deployment d = Deployment.builder().id(UUID.randomUUID().toString()).name("old-creds").config(EXISTING_CLOUD)
                .version(1).createdAt(java.time.Instant.now()).updatedAt(java.time.Instant.now()).build();
        putAsAnOlderStore(d);

        Deployment withCreds = store.setCredentials(d.id(), credentials());

        assertThat(withCreds.credentials()).isEqualTo(credentials());
        assertThat(withCreds.config()).isEqualTo(EXISTING_CLOUD);
        String dump = dump(store.tableName());
        for (String p : PASSWORDS) {
            assertThat(dump).as(p).doesNotContain(p);
        }
        assertThat(store.get(d.id()).orElseThrow().credentials()).isEqualTo(credentials());
    }

    /** The deployment's items as a store before sealing wrote them: in clear, no data key. */
    private void putAsAnOlderStore(Deployment d) {
        Map<String, AttributeValue> item = new HashMap<>(DeploymentItems.toItem(d));
        item.put(DeploymentItems.RESOURCE_COUNT, AttributeValue.fromN("0"));
        client.putItem(b -> b.tableName(store.tableName()).item(item));
        client.putItem(b -> b.tableName(store.tableName()).item(DeploymentItems.nameGuard(d)));
    }

    @Test
    void aStoreWithAnotherMasterKey_cannotRead_andSaysWhichKeys() {
        Deployment d = store.create(Deployment.newDeployment("mine", EXISTING_CLOUD));
        LocalMasterKey other = LocalMasterKey.at(keys.resolve("other.key"));
        DynamoDbDeploymentStore stranger = storeOn(store.tableName(), other);

        assertThatThrownBy(() -> stranger.get(d.id())).isInstanceOf(CloudrigException.class)
                .hasMessageContaining("deployment " + d.id()).hasMessageContaining(other.id())
                .hasMessageContaining("another key").satisfies(e -> assertThat(e.getMessage()).doesNotContain("pw-"));
    }

    @Test
    void listSummaries_opensNoSecret_soDeploymentsWhoseSecretsDoNotOpenStillList() {
        Deployment mine = store.create(Deployment.newDeployment("mine", EXISTING_CLOUD));
        store.setCredentials(mine.id(), credentials());
        Deployment later = store.transition(store.create(Deployment.newDeployment("later", DEVSTACK).toBuilder()
                .expiresAt(java.time.Instant.parse("2031-01-02T03:04:05.678Z")).build()).id(), DEPLOY_INIT,
                DEPLOY_STARTED, DeploymentStore.Change.builder().servers(servers()));
        Deployment child = store.create(Deployment.newDeployment("mine-child", EXISTING_CLOUD).toBuilder()
                .parentId(mine.id()).build());
        DynamoDbDeploymentStore stranger = storeOn(store.tableName(), LocalMasterKey.at(keys.resolve("other.key")));
        assertThatThrownBy(stranger::list).as("a full list opens every row's secrets")
                .hasMessageContaining("another key");

        assertThat(stranger.listSummaries()).as("top level, oldest first, exactly as stored")
                .containsExactly(store.get(mine.id()).orElseThrow().summary(), later.summary())
                .noneMatch(s -> s.id().equals(child.id()));
        assertThat(later.summary().expiresAt()).isEqualTo(java.time.Instant.parse("2031-01-02T03:04:05.678Z"));
        assertThat(later.summary().status()).isEqualTo(DEPLOY_STARTED);
        assertThat(store.listSummaries()).isEqualTo(store.list().stream().map(Deployment::summary).toList());
    }

    @Test
    void aSealedValueCopiedToAnotherDeployment_doesNotOpenThere() {
        Deployment a = store.create(Deployment.newDeployment("a", EXISTING_CLOUD));
        Deployment b = store.create(Deployment.newDeployment("b", "{\"type\":\"ExistingCloud\"}"));
        AttributeValue sealed = rawItem(store.tableName(), a.id()).get(DeploymentItems.CONFIG);
        client.updateItem(u -> u.tableName(store.tableName()).key(ItemKeys.deployment(b.id()))
                .updateExpression("SET config = :c").expressionAttributeValues(Map.of(":c", sealed)));

        assertThatThrownBy(() -> store.get(b.id())).isInstanceOf(CloudrigException.class)
                .hasMessageContaining("'config' does not open");
    }

    @Test
    void update_thatSetsSecrets_ofAMissingDeployment_isNotFound() {
        assertThatThrownBy(() -> store.update("nope", 1, DeploymentStore.Change.builder().config("{}")))
                .isInstanceOf(DeploymentNotFoundException.class);
    }
}
