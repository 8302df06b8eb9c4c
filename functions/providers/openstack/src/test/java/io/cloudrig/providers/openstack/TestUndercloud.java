package io.cloudrig.providers.openstack;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudrig.model.Json;
import io.cloudrig.openstack.ComputeClient;
import io.cloudrig.openstack.ComputeMicroversion;
import io.cloudrig.openstack.GlanceImage;
import io.cloudrig.openstack.ImageClient;
import io.cloudrig.openstack.NovaKeypair;
import io.cloudrig.openstack.NovaServer;
import io.cloudrig.openstack.OpenStackSession;
import io.cloudrig.testkit.OpenStackTestCloud;

import java.util.Set;
import java.util.TreeSet;

/**
 * The test cloud seen by the tests: configs for the provider on it (user demo, flavor m1.tiny, networks none), and
 * what Nova and Glance hold for a deployment, named as the provider names its records.
 */
final class TestUndercloud {
    final OpenStackTestCloud cloud;
    private ComputeClient demoNova;
    private ImageClient demoGlance;
    private ComputeClient adminNova;

    TestUndercloud(OpenStackTestCloud cloud) {
        this.cloud = cloud;
    }

    static TestUndercloud get() {
        return new TestUndercloud(OpenStackTestCloud.get());
    }

    /** A Rally-form config with a v3 project: demo on the test cloud, m1.tiny, the stack's image, networks none. */
    ObjectNode config() {
        ObjectNode c = Json.MAPPER.createObjectNode();
        c.put("type", OpenStackProviderFactory.NAME).put("deployment_name", "cloudrig provider test")
                .put("user", "demo").put("password", cloud.demoPassword()).put("project_name", "demo")
                .put("user_domain_name", "Default").put("project_domain_name", "Default")
                .put("auth_url", cloud.authUrl()).put("flavor_id", cloud.flavorId("tiny")).put("networks", "none")
                .put("poll_interval_ms", 250).put("active_timeout_seconds", 120).put("delete_timeout_seconds", 120)
                .put("parallelism", 4);
        c.putObject("image").put("uuid", cloud.imageId());
        return c;
    }

    synchronized ComputeClient nova() {
        if (demoNova == null) {
            demoNova = ComputeClient.connect(OpenStackSession.open(cloud.demo()), ComputeMicroversion.NETWORKS_NONE);
        }
        return demoNova;
    }

    synchronized ImageClient glance() {
        if (demoGlance == null) {
            demoGlance = ImageClient.find(OpenStackSession.open(cloud.demo())).orElseThrow();
        }
        return demoGlance;
    }

    synchronized ComputeClient adminNova() {
        if (adminNova == null) {
            adminNova = ComputeClient.connect(OpenStackSession.open(cloud.admin()), ComputeMicroversion.NETWORKS_NONE);
        }
        return adminNova;
    }

    /**
     * What the undercloud holds for deployment {@code id}: its servers and keypair by name, images it uploaded as
     * {@code image:<id>} (see {@link #externalName}).
     */
    Set<String> external(String deploymentId) {
        Set<String> out = new TreeSet<>();
        String prefix = "cloudrig-" + deploymentId + "-";
        for (NovaServer s : nova().servers()) {
            if (s.name().startsWith(prefix)) {
                out.add(s.name());
            }
        }
        for (NovaKeypair k : nova().keypairs()) {
            if (k.name().startsWith(prefix)) {
                out.add(k.name());
            }
        }
        for (GlanceImage i : glance().images()) {
            if (deploymentId.equals(i.properties().get(OpenStackProvider.META_DEPLOYMENT))) {
                out.add("image:" + i.id());
            }
        }
        return out;
    }

    /** A record as the probe names its resource. */
    static String externalName(io.cloudrig.model.ResourceRecord r) {
        return OpenStackProvider.TYPE_IMAGE.equals(r.type()) ? "image:" + ImageStep.imageIdOf(r) : r.name();
    }
}
