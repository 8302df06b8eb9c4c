package io.cloudrig.bench;

import io.cloudrig.aws.AwsClients;
import io.cloudrig.model.Deployment;
import io.cloudrig.model.store.DeploymentStore;
import io.cloudrig.testkit.TestStores;
import io.cloudrig.model.store.DynamoDbDeploymentStore;
import io.cloudrig.orchestration.DeploymentRequests;

import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** The deployments the benchmarks push around, and their tables. */
final class Workload {
    /**
     * A Rally {@code ExistingCloud} config in the new {@code creds} form: the real engine, which only validates and
     * stores credentials (it does not call Keystone), so the figures are the pipeline's own cost.
     */
    static final String EXISTING_CLOUD = "{\"type\":\"ExistingCloud\",\"creds\":{\"openstack\":{"
            + "\"auth_url\":\"http://127.0.0.1:5000/v3/\",\"region_name\":\"RegionOne\",\"admin\":{\"username\":\"admin\","
            + "\"password\":\"bench-Admin-Pass\",\"user_domain_name\":\"Default\",\"project_name\":\"admin\","
            + "\"project_domain_name\":\"Default\"}}}}";

    private Workload() {
    }

    private static boolean started;

    /** A store on a new table of this JVM's DynamoDB Local (in memory). */
    static DynamoDbDeploymentStore newStore() {
        startQuietly();
        return TestStores.newStore();
    }

    /**
     * A store on a new table of this JVM's DynamoDB Local through a client of its own, configured as every cloudrig
     * client is ({@link AwsClients}), whose requests {@code requests} counts.
     */
    static DynamoDbDeploymentStore newStore(DynamoDbRequests requests) {
        startQuietly();
        return TestStores.newStore(requests);
    }

    /** DynamoDB Local prints its configuration on stdout when it starts: keep it out of the figures. */
    private static synchronized void startQuietly() {
        if (started) {
            return;
        }
        PrintStream out = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        try {
            TestStores.dynamoDbLocal();
        } finally {
            System.setOut(out);
        }
        started = true;
    }

    /** Drops the table, so that one benchmark's items do not weigh on the next. */
    static void drop(DynamoDbDeploymentStore store) {
        TestStores.client().deleteTable(b -> b.tableName(store.tableName()));
    }

    /**
     * Stores {@code n} new {@code ExistingCloud} deployments named {@code prefix-i} as the CLI's {@code create} stores
     * one before it publishes its request ({@link DeploymentRequests#newRequest}: holding the requester's lease), with
     * {@code publishDeadline} to publish them in (a benchmark publishes on its own schedule); in parallel, not timed.
     */
    static List<Deployment> requests(DeploymentStore store, String prefix, int n, Duration publishDeadline) {
        Clock clock = Clock.systemUTC();
        return createAll(store, n, i -> DeploymentRequests.newRequest(prefix + "-" + i, EXISTING_CLOUD, clock,
                publishDeadline));
    }

    /** Stores {@code n} new {@code ExistingCloud} deployments named {@code prefix-i} (in parallel; not timed). */
    static List<Deployment> create(DeploymentStore store, String prefix, int n) {
        return createAll(store, n, i -> Deployment.newDeployment(prefix + "-" + i, EXISTING_CLOUD));
    }

    /** Stores the deployments {@code made} makes of 0 .. n-1, in parallel. */
    private static List<Deployment> createAll(DeploymentStore store, int n, IntFunction<Deployment> made) {
        return IntStream.range(0, n).parallel().mapToObj(i -> store.create(made.apply(i))).collect(Collectors.toList());
    }
}
