package io.cloudrig.model.store;

import io.cloudrig.testkit.TestStores;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeploymentTableTest {

    private static DeploymentTable described(String table) {
        DynamoDbClient client = TestStores.client();
        return DeploymentTable.of(client.describeTable(b -> b.tableName(table)).table(),
                client.describeTimeToLive(b -> b.tableName(table)).timeToLiveDescription());
    }

    @Test
    void definition_declaresTheKeysIndexesTtlAndBillingTheStoreReliesOn() {
        DeploymentTable d = DeploymentTable.DEFINITION;
        assertThat(d.hashKey()).isEqualTo("pk");
        assertThat(d.rangeKey()).isEqualTo("sk");
        assertThat(d.attributes()).containsExactly(
                java.util.Map.entry("pk", ScalarAttributeType.S), java.util.Map.entry("sk", ScalarAttributeType.S),
                java.util.Map.entry("gsi1pk", ScalarAttributeType.S), java.util.Map.entry("gsi1sk", ScalarAttributeType.S),
                java.util.Map.entry("gsi2pk", ScalarAttributeType.S), java.util.Map.entry("gsi2sk", ScalarAttributeType.N));
        assertThat(d.globalSecondaryIndexes()).containsExactly(
                new DeploymentTable.Index("gsi1", "gsi1pk", "gsi1sk", ProjectionType.ALL),
                new DeploymentTable.Index("gsi2", "gsi2pk", "gsi2sk", ProjectionType.ALL));
        assertThat(d.ttlAttribute()).isEqualTo("ttl");
        assertThat(d.billingMode().toString()).as("spelled as in terraform").isEqualTo("PAY_PER_REQUEST");
        assertThat(d.index("gsi2")).map(DeploymentTable.Index::rangeKey).contains("gsi2sk");
        assertThat(d.index("gsi9")).isEmpty();
    }

    @Test
    void createTableIfMissing_createsExactlyTheDefinedTable() {
        DynamoDbDeploymentStore store = TestStores.newStore();
        assertThat(described(store.tableName())).isEqualTo(DeploymentTable.DEFINITION);
        assertThat(TestStores.client().describeTimeToLive(b -> b.tableName(store.tableName())).timeToLiveDescription()
                .timeToLiveStatus()).isIn(TimeToLiveStatus.ENABLED, TimeToLiveStatus.ENABLING);
    }

    @Test
    void createTableIfMissing_onATableWithoutTheLeaseIndexAndTtl_bringsItToTheDefinition() {
        DynamoDbClient client = TestStores.client();
        String table = "old-" + UUID.randomUUID();
        DeploymentTable d = DeploymentTable.DEFINITION;
        DeploymentTable.Index gsi1 = d.index("gsi1").orElseThrow();
        client.createTable(b -> b.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(d.attributeDefinitions(java.util.List.of("pk", "sk", "gsi1pk", "gsi1sk")))
                .keySchema(d.keySchema())
                .globalSecondaryIndexes(g -> g.indexName("gsi1").keySchema(gsi1.keySchema())
                        .projection(p -> p.projectionType(ProjectionType.ALL))));
        assertThat(described(table)).isNotEqualTo(d);

        DynamoDbDeploymentStore.builder().client(client).tableName(table).createTableIfMissing(true).build();

        assertThat(described(table)).isEqualTo(d);
    }

    @Test
    void describedTable_readsKeysOfBothKinds() {
        DeploymentTable t = described(TestStores.newStore().tableName());
        assertThat(t.keySchema()).extracting(k -> k.attributeName() + ":" + k.keyType())
                .containsExactly("pk:" + KeyType.HASH, "sk:" + KeyType.RANGE);
    }

    @Test
    void attributeDefinitions_ofAnUndefinedAttribute_failNamingItAndTheDefinedOnes() {
        assertThatThrownBy(() -> DeploymentTable.DEFINITION.attributeDefinitions(java.util.List.of("nope")))
                .hasMessageContaining("'nope'").hasMessageContaining("[pk, sk, gsi1pk, gsi1sk, gsi2pk, gsi2sk]");
    }
}
