package io.cloudrig.doubles.fuel;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A fresh double per test: the 6.0 multinode release, 7.0's two releases, five nodes, a hand-moved clock. */
abstract class FuelDoubleTestBase {
    static final String MAC1 = "52:54:00:00:00:01";
    static final String MAC2 = "52:54:00:00:00:02";
    static final String MAC3 = "52:54:00:00:00:03";
    /** Release ids as seeded: 1 Juno 6.0 (ha_compact, multinode), 2 Kilo CentOS (unavailable), 3 Kilo Ubuntu. */
    static final int JUNO = 1;
    static final int KILO_CENTOS = 2;
    static final int KILO_UBUNTU = 3;

    final TestClock clock = new TestClock();
    FuelDouble fuel;
    NailgunClient api;

    FuelDoubleConfig config() {
        return FuelDoubleConfig.defaults().withDeploymentDuration(Duration.ofSeconds(100))
                .withDeletion(Duration.ofSeconds(10), Duration.ofSeconds(20));
    }

    @BeforeEach
    void startDouble() {
        fuel = FuelDouble.builder().config(config()).clock(clock)
                .releases(List.of(ReleaseSpec.junoOnCentOs60(), ReleaseSpec.kiloOnCentOs70(),
                        ReleaseSpec.kiloOnUbuntu70()))
                .nodes(NodeSpec.of(MAC1, 8, 32, 500, 500), NodeSpec.of(MAC2, 4, 16, 100),
                        NodeSpec.of(MAC3, 4, 16, 100), NodeSpec.of("52:54:00:00:00:04", 2, 8, 50),
                        NodeSpec.of("52:54:00:00:00:05", 2, 8, 50).withManufacturer("Dell Inc."))
                .start();
        api = new NailgunClient(fuel.apiUrl());
    }

    @AfterEach
    void stopDouble() {
        fuel.close();
    }

    int createCluster(String name, int release, String mode, String provider) {
        NailgunClient.Reply r = api.post("clusters", Map.of("name", name, "release", release, "mode", mode,
                "net_provider", provider, "net_segment_type", "gre"));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asInt();
    }

    void assign(int cluster, int node, String... roles) {
        NailgunClient.Reply r = api.post("clusters/" + cluster + "/assignment",
                List.of(Map.of("id", node, "roles", List.of(roles))));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    /** A multinode cluster with node 1 as controller and node 2 as compute, not yet deployed. */
    int readyToDeploy(String name) {
        int c = createCluster(name, JUNO, "multinode", "nova_network");
        assign(c, 1, "controller");
        assign(c, 2, "compute");
        return c;
    }

    JsonNode startDeployment(int cluster) {
        NailgunClient.Reply r = api.put("clusters/" + cluster + "/changes", Map.of());
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        return r.json();
    }

    JsonNode task(int id) {
        NailgunClient.Reply r = api.get("tasks/" + id);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    /** The top-level "mac" of each node in a node list. */
    static List<String> macs(JsonNode nodes) {
        List<String> out = new java.util.ArrayList<>();
        nodes.forEach(n -> out.add(n.get("mac").asText()));
        return out;
    }

    JsonNode node(int id) {
        return api.get("nodes/" + id).json();
    }
}
