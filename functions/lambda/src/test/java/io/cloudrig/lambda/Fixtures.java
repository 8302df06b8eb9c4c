package io.cloudrig.lambda;

import io.cloudevents.CloudEvent;
import io.cloudrig.model.Deployment;
import io.cloudrig.model.events.DeploymentEvents;
import io.cloudrig.model.events.EventType;
import io.cloudrig.model.store.DeploymentStore;

import java.util.UUID;

/** Deployments and events for the tests (test-only engine and provider, or the real ExistingCloud). */
final class Fixtures {
    static final String CONFIG = "{\"type\":\"TestOnlyEngine\",\"amount\":2,\"provider\":{\"type\":\"TestOnlyProvider\"}}";
    static final String EXISTING_CLOUD_PASSWORD = "Flow-Admin-Pass-3317";
    /** A real engine: Rally's old ExistingCloud form, Keystone v2 (nothing is contacted to deploy it). */
    static final String EXISTING_CLOUD = "{\"type\":\"ExistingCloud\",\"auth_url\":\"http://127.0.0.1:5000/v2.0/\","
            + "\"region_name\":\"RegionOne\",\"endpoint_type\":\"public\",\"admin\":{\"username\":\"admin\","
            + "\"password\":\"" + EXISTING_CLOUD_PASSWORD + "\",\"tenant_name\":\"demo\"}}";

    private Fixtures() {
    }

    static Deployment newDeployment(DeploymentStore store, String prefix) {
        return newDeployment(store, prefix, CONFIG);
    }

    static Deployment newDeployment(DeploymentStore store, String prefix, String config) {
        return store.create(Deployment.newDeployment(prefix + "-" + UUID.randomUUID().toString().substring(0, 8), config));
    }

    static CloudEvent request(EventType type, Deployment d) {
        return DeploymentEvents.request(type, d, "/cloudrig/tests");
    }

    static String json(CloudEvent e) {
        return DeploymentEvents.toJson(e);
    }
}
