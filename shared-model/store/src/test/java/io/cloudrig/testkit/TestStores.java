package io.cloudrig.testkit;

import io.cloudrig.infra.DynamoDbLocal;
import io.cloudrig.model.store.DynamoDbDeploymentStore;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.util.UUID;

/**
 * One in-memory DynamoDB Local per test JVM (started on first use, stopped at JVM exit), and a fresh table per
 * {@link #newStore()} so tests never see each other's data. Shipped in the shared-model test-jar for every module.
 */
public final class TestStores {
    private static DynamoDbLocal ddb;
    private static DynamoDbClient client;

    private TestStores() {
    }

    /** The shared DynamoDB Local. */
    public static synchronized DynamoDbLocal dynamoDbLocal() {
        if (ddb == null) {
            ddb = DynamoDbLocal.inMemory();
            client = DynamoDbDeploymentStore.localClient(ddb.endpoint());
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                client.close();
                ddb.close();
            }, "dynamodb-local-stop"));
        }
        return ddb;
    }

    /** A client for the shared DynamoDB Local. */
    public static synchronized DynamoDbClient client() {
        dynamoDbLocal();
        return client;
    }

    /** A store on a new, empty table of the shared DynamoDB Local. */
    public static DynamoDbDeploymentStore newStore() {
        return DynamoDbDeploymentStore.builder().client(client()).tableName("t-" + UUID.randomUUID())
                .createTableIfMissing(true).build();
    }
}
