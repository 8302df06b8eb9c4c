package io.cloudrig.lxc;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.cloudrig.model.Deployment;
import io.cloudrig.model.ResourceRecord;
import io.cloudrig.model.ResourceState;
import io.cloudrig.model.spi.ResourceLedger;
import io.cloudrig.model.store.DeploymentStore;
import io.cloudrig.model.store.StoreResourceLedger;
import io.cloudrig.testkit.TestStores;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** A nested plugin's part of a ledger, on the real store (DynamoDB Local). */
class ScopedLedgerTest {
    private final DeploymentStore store = TestStores.newStore();

    @Test
    void nestedPlugin_seesOnlyItsOwnRecords_underItsOwnIds_andTheOuterPluginSeesTheRest() {
        Deployment d = store.create(Deployment.newDeployment("scoped-" + UUID.randomUUID(), "{}"));
        ResourceLedger outer = new StoreResourceLedger(store, d.id(), "LxcProvider");
        ResourceLedger inner = ScopedLedger.of(outer, "host/");
        outer.begin("lxc-h0-000", "lxc-container", "c0", null);
        inner.begin("server-0", "libvirt-domain", "vm0", null);

        assertThat(inner.list()).extracting(ResourceRecord::resourceId).containsExactly("server-0");
        assertThat(inner.find("server-0")).get().extracting(ResourceRecord::name).isEqualTo("vm0");
        assertThat(inner.created("server-0", "uuid-1", JsonNodeFactory.instance.objectNode().put("ip", "10.0.0.5"))
                .resourceId()).isEqualTo("server-0");
        assertThat(ScopedLedger.outside(outer, "host/")).extracting(ResourceRecord::resourceId).containsExactly("lxc-h0-000");
        assertThat(store.listResources(d.id())).extracting(ResourceRecord::resourceId, ResourceRecord::owner)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("lxc-h0-000", "LxcProvider"),
                        org.assertj.core.groups.Tuple.tuple("host/server-0", "LxcProvider"));

        assertThat(inner.deleting("server-0").state()).isEqualTo(ResourceState.DELETING);
        inner.forget("server-0");
        assertThat(inner.list()).isEmpty();
        assertThat(outer.list()).extracting(ResourceRecord::resourceId).containsExactly("lxc-h0-000");
    }
}
