package io.cloudrig.testkit;

import io.cloudrig.aws.AwsClients;
import io.cloudrig.aws.AwsEndpoint;
import io.cloudrig.aws.KeyFiles;
import io.cloudrig.infra.DynamoDbLocal;
import io.cloudrig.model.store.DynamoDbDeploymentStore;
import io.cloudrig.model.store.MasterKey;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.nio.file.Path;
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

    /**
     * The master key file the test stores seal secrets with: the one a store on a DynamoDB of this machine picks by
     * default ({@code $CLOUDRIG_HOME} or {@code ~/.cloudrig}, {@code keys/master.key}), so that a process a test starts
     * with its own environment reads what the test wrote. A CLI in external mode gets it as
     * {@code CLOUDRIG_SECRETS_KEY_FILE} (its own home's key is another).
     */
    public static Path masterKeyFile() {
        return KeyFiles.home().resolve("keys").resolve("master.key");
    }

    /** A store on a new, empty table of the shared DynamoDB Local. */
    public static DynamoDbDeploymentStore newStore() {
        return DynamoDbDeploymentStore.builder().client(client()).tableName("t-" + UUID.randomUUID())
                .secrets(MasterKey.keyFile(masterKeyFile())).createTableIfMissing(true).build();
    }

    /**
     * {@link #newStore()} through a client of its own that calls {@code interceptor} on every request (to count a
     * path's round trips, say).
     */
    public static DynamoDbDeploymentStore newStore(ExecutionInterceptor interceptor) {
        DynamoDbClient own = AwsClients.configure(DynamoDbClient.builder(), AwsEndpoint.at(dynamoDbLocal().endpoint()))
                .overrideConfiguration(c -> c.addExecutionInterceptor(interceptor)).build();
        return DynamoDbDeploymentStore.builder().client(own).tableName("t-" + UUID.randomUUID())
                .secrets(MasterKey.keyFile(masterKeyFile())).createTableIfMissing(true).build();
    }
}
