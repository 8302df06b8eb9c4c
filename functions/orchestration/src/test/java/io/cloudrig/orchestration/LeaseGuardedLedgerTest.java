package io.cloudrig.orchestration;

import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.Deployment;
import io.cloudrig.model.ErrorCode;
import io.cloudrig.model.ResourceState;
import io.cloudrig.model.store.DynamoDbDeploymentStore;
import io.cloudrig.model.store.StoreResourceLedger;
import io.cloudrig.testkit.TestStores;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LeaseGuardedLedgerTest {
    private final DynamoDbDeploymentStore store = TestStores.newStore();
    private final Deployment deployment = store.create(Deployment.newDeployment("guarded", "{\"type\":\"TestOnlyEngine\"}"));
    private final AtomicBoolean held = new AtomicBoolean(true);
    private final LeaseGuardedLedger ledger = new LeaseGuardedLedger(
            new StoreResourceLedger(store, deployment.id(), "TestOnlyProvider"), held::get);

    @Test
    void begin_ofANewResource_afterTheLeaseWasLost_isRefusedWithLeaseLost_andRecordsNothing() {
        held.set(false);
        assertThatThrownBy(() -> ledger.begin("server-0", "test-server", "tst-0", null))
                .isInstanceOfSatisfying(CloudrigException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.LEASE_LOST))
                .hasMessage("this worker no longer holds the deployment; stopped before creating tst-0");
        assertThat(store.listResources(deployment.id())).isEmpty();
    }

    @Test
    void whatWasBegunBefore_canStillBeRetriedCompletedAndForgotten_afterTheLeaseWasLost() {
        ledger.begin("server-0", "test-server", "tst-0", null);
        held.set(false);
        ledger.begin("server-0", "test-server", "tst-0", null); // a retry finds its record
        assertThat(ledger.created("server-0", "ext-0", null).state()).isEqualTo(ResourceState.CREATED);
        assertThat(ledger.find("server-0")).isPresent();
        assertThat(ledger.deleting("server-0").state()).isEqualTo(ResourceState.DELETING);
        ledger.forget("server-0");
        assertThat(ledger.list()).isEmpty();
    }
}
