package io.cloudrig.orchestration;

import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.Deployment;
import io.cloudrig.model.ErrorCode;
import io.cloudrig.model.spi.Outcomes;
import io.cloudrig.model.spi.PluginContext;
import io.cloudrig.model.store.DynamoDbDeploymentStore;
import io.cloudrig.model.store.StoreResourceLedger;
import io.cloudrig.testkit.TestPlugins;
import io.cloudrig.testkit.TestStores;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PluginContextsTest {
    private final DynamoDbDeploymentStore store = TestStores.newStore();
    private final Deployment deployment = store.create(Deployment.newDeployment("ctx",
            "{\"type\":\"TestOnlyEngine\",\"admin_password\":\"" + TestPlugins.SECRET + "\"}"));

    @Test
    void of_handsThePluginItsDeployment_aLedgerUnderItsName_theChildren_andThePlugins() {
        List<String> lines = new CopyOnWriteArrayList<>();
        Deployment child = Deployment.newDeployment("ctx-child-0", "{\"type\":\"TestOnlyEngine\"}");
        List<Deployment> children = new ArrayList<>(List.of(child));
        PluginContext ctx = PluginContexts.of(deployment, store, TestPlugins.PROVIDER, lines::add, children);
        children.clear();

        assertThat(ctx.deployment()).isEqualTo(deployment);
        assertThat(ctx.children()).as("a copy").containsExactly(child);
        assertThat(ctx.plugins().engineNames()).contains(TestPlugins.ENGINE);
        ctx.ledger().begin("server-0", TestPlugins.SERVER_TYPE, "tst-0", null);
        assertThat(store.listResources(deployment.id())).extracting(r -> r.owner() + "/" + r.resourceId())
                .containsExactly("TestOnlyProvider/server-0");
        ctx.progress().report("hello");
        assertThat(lines).containsExactly("hello");
        assertThat(ctx.toString()).isEqualTo("PluginContext{deployment=" + deployment.id() + "}");
    }

    @Test
    void aStepsContext_looksUpTheFinishedChildren_onlyWhenThePluginAsks_andOnce() {
        Deployment child = Deployment.newDeployment("ctx-child-0", "{\"type\":\"TestOnlyEngine\"}");
        AtomicInteger lookUps = new AtomicInteger();
        PluginContext ctx = PluginContexts.of(deployment, new StoreResourceLedger(store, deployment.id(),
                TestPlugins.ENGINE), null, () -> {
                    lookUps.incrementAndGet();
                    return new ArrayList<>(List.of(child));
                }, TestPlugins.registry(), 2, () -> true, Clock.systemUTC(), StepCall.unlimited());
        assertThat(lookUps).as("not before the plugin asks").hasValue(0);

        assertThat(ctx.children()).containsExactly(child);
        assertThat(ctx.children()).containsExactly(child);
        assertThat(lookUps).as("once").hasValue(1);
        assertThatThrownBy(() -> ctx.children().add(child)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void of_withoutProgress_discardsTheLines_andTheKitStillWorks() {
        PluginContext ctx = PluginContexts.of(deployment, store, TestPlugins.PROVIDER, null, null);
        assertThat(ctx.children()).isEmpty();
        Outcomes<String, String> out = ctx.fanOut().run("echo", List.of("a", "b"), 2, (i, item) -> item);
        assertThat(out.succeeded()).containsExactly("a", "b");
        assertThat(ctx.waiter().until("a value", Duration.ofSeconds(1), Duration.ofMillis(1), () -> Optional.of(7)))
                .isEqualTo(7);
    }

    @Test
    void aStepsContext_stopsItsKit_onceTheLeaseIsLost() {
        PluginContext ctx = PluginContexts.of(deployment, new StoreResourceLedger(store,
                deployment.id(), TestPlugins.PROVIDER), PluginContext.Progress.discard(), List.of(), TestPlugins.registry(),
                4, () -> false, Clock.systemUTC());

        Outcomes<String, String> out = ctx.fanOut().run("cloning", List.of("a", "b"), 2, (i, item) -> item);
        assertThat(out.succeeded()).isEmpty();
        assertThat(out.failures().values()).allSatisfy(t ->
                assertThat(((CloudrigException) t).code()).isEqualTo(ErrorCode.LEASE_LOST));
        assertThatThrownBy(() -> ctx.waiter().until("a value", Duration.ofMinutes(1), Duration.ofMillis(1), Optional::empty))
                .isInstanceOfSatisfying(CloudrigException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.LEASE_LOST));
    }
}
