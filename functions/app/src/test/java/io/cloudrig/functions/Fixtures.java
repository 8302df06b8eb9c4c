package io.cloudrig.functions;

import io.cloudevents.CloudEvent;
import io.cloudrig.model.Deployment;
import io.cloudrig.model.events.DeploymentEvents;
import io.cloudrig.model.events.EventType;
import io.cloudrig.model.store.DeploymentStore;

import java.util.UUID;

/** Deployments and events for the tests (test-only engine and provider). */
final class Fixtures {
    static final String CONFIG = "{\"type\":\"TestOnlyEngine\",\"servers\":2,\"provider\":{\"type\":\"TestOnlyProvider\"}}";

    private Fixtures() {
    }

    static Deployment newDeployment(DeploymentStore store, String prefix) {
        return store.create(Deployment.newDeployment(prefix + "-" + UUID.randomUUID().toString().substring(0, 8), CONFIG));
    }

    static CloudEvent request(EventType type, Deployment d) {
        return DeploymentEvents.request(type, d, "/cloudrig/tests");
    }

    static String json(CloudEvent e) {
        return DeploymentEvents.toJson(e);
    }
}
