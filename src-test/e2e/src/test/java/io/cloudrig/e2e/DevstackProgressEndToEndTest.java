package io.cloudrig.e2e;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudevents.CloudEvent;
import io.cloudrig.model.Deployment;
import io.cloudrig.model.DeploymentStatus;
import io.cloudrig.model.events.DeploymentEvents;
import io.cloudrig.model.events.DeploymentRequestEvents;
import io.cloudrig.model.spi.PluginRegistry;
import io.cloudrig.model.store.DeploymentStore;
import io.cloudrig.model.store.DynamoDbDeploymentStore;
import io.cloudrig.orchestration.DeploymentOrchestrator;
import io.cloudrig.orchestration.FunctionSettings;
import io.cloudrig.testkit.Await;
import io.cloudrig.testkit.FakeDevstack;
import io.cloudrig.testkit.LocalSshd;
import io.cloudrig.testkit.TestStores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Live progress: a DevStack deploy (the real DevstackEngine on the real sshd, the fake DevStack whose stack.sh echoes
 * its passwords) runs in the functions while a reader polls the store's progress lines as a waiting CLI does
 * ({@link DeploymentStore#progress}): lines arrive while the deployment is still {@code deploy->started}, and none holds
 * a password of local.conf or the SSH key of the config.
 */
class DevstackProgressEndToEndTest {
    private final DynamoDbDeploymentStore store = TestStores.newStore();
    private final String user = FakeDevstack.newDeployUser();

    @AfterEach
    void removeUser() throws Exception {
        FakeDevstack.removeDeployUser(user);
    }

    private ObjectNode config() {
        return FakeDevstack.deploymentConfig(user);
    }

    /** Delivers events to the functions until none is left, as a transport would. */
    private static List<CloudEvent> runAll(DeploymentOrchestrator functions, CloudEvent first) {
        List<CloudEvent> emitted = new ArrayList<>();
        Deque<CloudEvent> queue = new ArrayDeque<>(List.of(first));
        while (!queue.isEmpty()) {
            CloudEvent e = queue.poll();
            if (!DeploymentEvents.type(e).isOutcome()) {
                List<CloudEvent> out = functions.handle(e);
                emitted.addAll(out);
                queue.addAll(out);
            }
        }
        return emitted;
    }

    @Test
    void duringADevstackDeploy_progressLinesAppearInTheStoreAsTheyHappen_withNoPasswordAmongThem() throws Exception {
        ObjectNode config = config();
        DeploymentOrchestrator functions = new DeploymentOrchestrator(store, PluginRegistry.load(), FunctionSettings.defaults());
        CompletableFuture<List<CloudEvent>> deploy = CompletableFuture.supplyAsync(() -> runAll(functions,
                DeploymentRequestEvents.create("devstack-progress", config, null, "/ci")));

        Deployment d = Await.until("the request stored", Duration.ofSeconds(30),
                () -> store.getByName("devstack-progress"));
        List<DeploymentStore.ProgressLine> seen = new ArrayList<>();
        List<String> seenWhileDeploying = new ArrayList<>();
        Await.until("the deploy ended", Duration.ofSeconds(180), () -> {
            long last = seen.isEmpty() ? 0 : seen.get(seen.size() - 1).seq();
            List<DeploymentStore.ProgressLine> next = store.progress(d.id(), last);
            Optional<Deployment> now = store.get(d.id());
            seen.addAll(next);
            if (now.isPresent() && now.get().status() == DeploymentStatus.DEPLOY_STARTED) {
                next.forEach(l -> seenWhileDeploying.add(l.line()));
            }
            return deploy.isDone();
        });
        assertThat(deploy.get()).extracting(e -> e.getType().substring(e.getType().lastIndexOf('.') + 1))
                .contains("finished");
        seen.addAll(store.progress(d.id(), seen.isEmpty() ? 0 : seen.get(seen.size() - 1).seq()));

        assertThat(seenWhileDeploying).as("lines read while the deployment was deploy->started")
                .anyMatch(l -> l.contains("running stack.sh"));
        assertThat(seen).extracting(DeploymentStore.ProgressLine::line)
                .anyMatch(l -> l.contains("admin password is ***"));
        String localConf = Files.readString(FakeDevstack.localConf(user));
        List<String> secrets = new ArrayList<>(FakeDevstack.secretsOf(localConf));
        assertThat(secrets).isNotEmpty();
        secrets.add(LocalSshd.get().clientKey().lines().skip(1).findFirst().orElseThrow());
        for (DeploymentStore.ProgressLine l : seen) {
            for (String secret : secrets) {
                assertThat(l.line()).doesNotContain(secret);
            }
        }

        assertThat(runAll(functions, DeploymentRequestEvents.destroy("devstack-progress", false, "/ci")))
                .extracting(e -> e.getType().substring(e.getType().lastIndexOf('.') + 1)).contains("destroyed");
        assertThat(store.progress(d.id(), 0)).as("the progress lines go with the deployment").isEmpty();
    }
}
