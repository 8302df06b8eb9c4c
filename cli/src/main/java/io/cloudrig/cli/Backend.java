package io.cloudrig.cli;

import io.cloudrig.cli.runtime.RuntimeControl;
import io.cloudrig.cli.runtime.RuntimeInfo;
import io.cloudrig.model.store.DeploymentStore;
import io.cloudrig.model.store.DynamoDbDeploymentStore;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

import java.net.URI;

/**
 * The store and the event publisher a verb talks to: the configured ones in external mode, else the local runtime's
 * (started on first need). Opened lazily, closed at the end of the invocation.
 */
public final class Backend implements AutoCloseable {
    private final CliEnv env;
    private DynamoDbClient client;
    private DeploymentStore store;
    private KafkaEventPublisher publisher;
    private CliConfig config;
    private RuntimeInfo runtime;

    public Backend(CliEnv env) {
        this.env = env;
    }

    private CliConfig config() {
        if (config == null) {
            config = CliConfig.load(env.home(), env.env());
        }
        return config;
    }

    private RuntimeInfo runtime() {
        if (runtime == null) {
            runtime = new RuntimeControl(env.home(), env.err()).ensureRunning();
        }
        return runtime;
    }

    public synchronized DeploymentStore store() {
        if (store == null) {
            CliConfig c = config();
            String table = c.table().orElse(DynamoDbDeploymentStore.DEFAULT_TABLE);
            if (c.external()) {
                client = externalClient(c);
            } else {
                client = DynamoDbDeploymentStore.localClient(URI.create(runtime().dynamoDbEndpoint()));
            }
            store = DynamoDbDeploymentStore.builder().client(client).tableName(table).build();
        }
        return store;
    }

    public synchronized KafkaEventPublisher publisher() {
        if (publisher == null) {
            CliConfig c = config();
            String bootstrap;
            if (c.external()) {
                bootstrap = c.kafkaBootstrap().orElseThrow(() -> new CliFailure("external mode: no Kafka configured; "
                        + "set CLOUDRIG_KAFKA_BOOTSTRAP or kafka.bootstrap in " + env.home().resolve(CliConfig.FILE)));
            } else {
                bootstrap = runtime().kafkaBootstrap();
            }
            publisher = new KafkaEventPublisher(bootstrap);
        }
        return publisher;
    }

    private static DynamoDbClient externalClient(CliConfig c) {
        String endpoint = c.dynamoDbEndpoint().orElse(null);
        if (endpoint != null && isLoopback(endpoint)) {
            return DynamoDbDeploymentStore.localClient(URI.create(endpoint));
        }
        DynamoDbClientBuilder b = DynamoDbClient.builder().httpClient(UrlConnectionHttpClient.create())
                .region(Region.of(c.region().orElse("us-east-1")));
        if (endpoint != null) {
            b.endpointOverride(URI.create(endpoint));
        }
        return b.build();
    }

    private static boolean isLoopback(String endpoint) {
        String host = URI.create(endpoint).getHost();
        return "127.0.0.1".equals(host) || "localhost".equals(host) || "::1".equals(host);
    }

    @Override
    public void close() {
        if (publisher != null) {
            publisher.close();
        }
        if (client != null) {
            client.close();
        }
    }
}
