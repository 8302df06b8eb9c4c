package io.cloudrig.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudrig.doubles.ec2.control.ApiCalls;
import io.cloudrig.doubles.ec2.Ec2Double;
import io.cloudrig.doubles.ec2.control.ThrottlePattern;
import io.cloudrig.model.Deployment;
import io.cloudrig.model.Json;
import io.cloudrig.model.Server;
import io.cloudrig.model.spi.ServerProvider;
import io.cloudrig.model.store.DynamoDbDeploymentStore;
import io.cloudrig.orchestration.PluginContexts;
import io.cloudrig.providers.ec2.Ec2ProviderFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Create and destroy N instances (default 50) in one deployment with the real {@code Ec2Provider} against the EC2
 * test double ({@code infra/ec2-double}: EC2's Query API as documented; EC2 itself cannot run here), every API action
 * throttled by its own token bucket (EC2's documented algorithm), every instance recorded in DynamoDB Local. Reports
 * the time, the API calls per instance by action and how many were throttled, and checks that nothing is left.
 */
final class Ec2Benchmark {
    /** The double's Amazon Linux 2023 x86_64 image. */
    private static final String AL2023 = "ami-0a1f0c0d0e0f00001";
    private static final int BUCKET = 20;
    private static final int REFILL = 5;
    private final int instances;

    Ec2Benchmark(int instances) {
        this.instances = instances;
    }

    void run(Report r) {
        r.section("ec2: create and destroy " + instances + " instances in one deployment (Ec2Provider, EC2 test double, "
                + "throttled)");
        DynamoDbDeploymentStore store = Workload.newStore();
        try (Ec2Double ec2 = Ec2Double.builder().pendingFor(Duration.ofMillis(500)).shuttingDownFor(Duration.ofMillis(500))
                .start()) {
            ObjectNode c = Json.MAPPER.createObjectNode().put("type", Ec2ProviderFactory.NAME)
                    .put("endpoint", ec2.endpoint().toString()).put("image", AL2023).put("instance_type", "t3.micro")
                    .put("max_attempts", 10);
            c.putObject("security_group").putArray("ingress").addObject().put("protocol", "tcp").put("from_port", 22)
                    .put("to_port", 22).put("cidr", "127.0.0.1/32");
            c.putObject("key_pair").put("create", true);
            c.putObject("ready").put("when", "running");
            for (String action : ec2.actions()) {
                ec2.throttle(action, ThrottlePattern.tokenBucket(BUCKET, REFILL));
            }
            r.line("double: instances pending 500 ms and shutting-down 500 ms; every action its own token bucket of " + BUCKET
                    + " requests, " + REFILL + " added per second (smaller than EC2's defaults, so that 50 launches are throttled);"
                    + " provider config: the defaults (parallelism, polling) plus max_attempts 10,"
                    + " a key pair and security group of the deployment's own; n=1 round");
            Deployment d = store.create(Deployment.newDeployment("ec2-" + UUID.randomUUID(), c.toString()));
            long t0 = System.nanoTime();
            List<Server> made = provider(c, d, store).createServers(null, null, instances);
            long created = System.nanoTime() - t0;
            ApiCalls afterCreate = ec2.calls();
            long live = ec2.inventory().instancesIn("running").size();
            t0 = System.nanoTime();
            provider(c, d, store).destroyServers();
            long destroyed = System.nanoTime() - t0;
            ApiCalls all = ec2.calls();
            int leftovers = ec2.inventory().leftovers().size();
            int records = store.listResources(d.id()).size();
            if (made.size() != instances || live != instances || leftovers != 0 || records != 0) {
                throw new IllegalStateException("unexpected: " + made.size() + " servers returned, " + live + " running, "
                        + leftovers + " leftovers in the double and " + records + " records after destroy");
            }
            r.figure("create " + instances + " instances (until running)", Stats.ms(created), "ms", "n=1; " + live + " running checked");
            r.figure("destroy them (until terminated)", Stats.ms(destroyed), "ms", "n=1; 0 leftovers, 0 records");
            r.figure("EC2 API calls per instance, create", String.format("%.2f", afterCreate.total() / (double) instances), "calls",
                    afterCreate.total() + " calls, " + afterCreate.errors("RequestLimitExceeded") + " throttled");
            r.figure("EC2 API calls per instance, create + destroy", String.format("%.2f", all.total() / (double) instances),
                    "calls", all.total() + " calls, " + all.errors("RequestLimitExceeded") + " throttled");
            r.line("calls by action (create + destroy): " + new TreeMap<>(all.calls()));
            Map<String, Map<String, Integer>> errors = all.errors();
            r.line("errors by action: " + (errors.isEmpty() ? "none" : new TreeMap<>(errors)));
        } finally {
            Workload.drop(store);
        }
    }

    private static ServerProvider provider(ObjectNode c, Deployment d, DynamoDbDeploymentStore store) {
        return new Ec2ProviderFactory().create(c, PluginContexts.of(d, store, Ec2ProviderFactory.NAME, null, List.of()));
    }
}
