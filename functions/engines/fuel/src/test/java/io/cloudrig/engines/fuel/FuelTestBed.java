package io.cloudrig.engines.fuel;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudrig.doubles.fuel.FuelDouble;
import io.cloudrig.doubles.fuel.FuelDoubleConfig;
import io.cloudrig.doubles.fuel.FuelView;
import io.cloudrig.doubles.fuel.NodeSpec;
import io.cloudrig.doubles.fuel.ReleaseSpec;
import io.cloudrig.model.Json;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A Fuel master for the tests: the Nailgun double (fuel-web 7.0's API) with the 6.0 release Rally's multinode samples
 * need plus 7.0's two, six discovered nodes, and a clock that steps one second per reading. Configs are Rally's
 * fuel-multinode.json shape pointed at it, with cloudrig's short poll interval.
 */
final class FuelTestBed implements AutoCloseable {
    static final String RELEASE = "Juno on CentOS 6.5";
    static final String MASTER_USER = "admin";
    static final String MASTER_PASSWORD = "Fuel-Master-Secret-77";
    static final String ADMIN_PASSWORD = "Cloud-Admin-Secret-42";
    static final List<NodeSpec> NODES = List.of(
            NodeSpec.of("52:54:00:00:00:01", 8, 32, 500, 500),
            NodeSpec.of("52:54:00:00:00:02", 4, 16, 100),
            NodeSpec.of("52:54:00:00:00:03", 4, 16, 100),
            NodeSpec.of("52:54:00:00:00:04", 4, 16, 200),
            NodeSpec.of("52:54:00:00:00:05", 2, 8, 50),
            NodeSpec.of("52:54:00:00:00:06", 2, 8, 50).withManufacturer("Dell Inc."));

    final FuelDouble fuel;
    private final boolean auth;

    private FuelTestBed(FuelDouble fuel, boolean auth) {
        this.fuel = fuel;
        this.auth = auth;
    }

    /** A master without authentication, as Rally's Fuel 5 was. */
    static FuelTestBed start() {
        return start(false);
    }

    /** @param auth whether the master requires Keystone tokens (Fuel 6.1+) */
    static FuelTestBed start(boolean auth) {
        FuelDoubleConfig config = FuelDoubleConfig.defaults().withDeploymentDuration(Duration.ofSeconds(30))
                .withDeletion(Duration.ofSeconds(10), Duration.ofSeconds(20));
        if (auth) {
            config = config.withAuth(MASTER_USER, MASTER_PASSWORD);
        }
        FuelDouble fuel = FuelDouble.builder().config(config).clock(new SteppingClock(Duration.ofSeconds(1)))
                .releases(List.of(ReleaseSpec.junoOnCentOs60(), ReleaseSpec.kiloOnCentOs70(),
                        ReleaseSpec.kiloOnUbuntu70()))
                .nodes(NODES).start();
        return new FuelTestBed(fuel, auth);
    }

    /** Rally's doc/samples/deployments/fuel-multinode.json at this master, plus cloudrig's optional fields. */
    ObjectNode config() {
        ObjectNode c = (ObjectNode) Json.parse("""
                {"type": "FuelEngine", "deploy_name": "Rally multinode 01", "release": "%s",
                 "api_url": "%s", "mode": "multinode",
                 "nodes": {"controller": {"amount": 1, "filters": ["storage>80G"]},
                           "compute": {"amount": 1, "filters": ["storage>80G"]}},
                 "net_provider": "nova_network",
                 "dns_nameservers": ["172.18.208.44", "8.8.8.8"],
                 "networks": {"public": {"cidr": "10.3.3.0/24", "gateway": "10.3.3.1",
                                         "ip_ranges": [["10.3.3.5", "10.3.3.254"]], "vlan_start": 14},
                              "floating": {"cidr": "10.3.4.0/24", "ip_ranges": [["10.3.4.5", "10.3.4.254"]],
                                           "vlan_start": 14}},
                 "access": {"password": "%s"},
                 "poll_interval_ms": 10, "deploy_timeout_seconds": 120, "cleanup_timeout_seconds": 120}
                """.formatted(RELEASE, fuel.apiUrl(), ADMIN_PASSWORD), "fuel test config");
        if (auth) {
            c.putObject("auth").put("username", MASTER_USER).put("password", MASTER_PASSWORD);
        }
        return c;
    }

    /** A config whose public addresses lie outside the public CIDR: the master refuses the networks. */
    ObjectNode refusedNetworkConfig() {
        ObjectNode c = config();
        ((ObjectNode) c.at("/networks/public")).putArray("ip_ranges").addArray().add("10.9.9.5").add("10.9.9.254");
        return c;
    }

    /** The environment of a deployment, found by the name FuelEngine gives it. */
    Optional<FuelView.Cluster> clusterOf(String deploymentId) {
        return fuel.cluster(FuelDeployment.clusterName("Rally multinode 01", deploymentId));
    }

    int freeNodes() {
        return (int) fuel.unallocatedNodes().stream().filter(n -> n.status().equals("discover")).count();
    }

    @Override
    public void close() {
        fuel.close();
    }
}
