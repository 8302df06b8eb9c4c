package io.cloudrig.providers.openstack;

import io.cloudrig.openstack.ComputeClient;
import io.cloudrig.openstack.ImageClient;
import io.cloudrig.openstack.OpenStackSession;

import java.util.Objects;
import java.util.Optional;

/**
 * One connection to the undercloud for one provider call: the authenticated session, Nova at the negotiated
 * microversion, and Glance when the catalog has it.
 *
 * @param session the authenticated identity
 * @param compute Nova
 * @param image Glance, or empty (then only {@code image.uuid} works, as in Rally)
 */
public record Undercloud(OpenStackSession session, ComputeClient compute, Optional<ImageClient> image) {

    /** Checks the fields. */
    public Undercloud {
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(compute, "compute");
        Objects.requireNonNull(image, "image");
    }

    /** Authenticates with the config's identity and finds Nova and Glance in the catalog. */
    public static Undercloud connect(OpenStackProviderConfig config) {
        OpenStackSession s = OpenStackSession.open(config.credential());
        return new Undercloud(s, ComputeClient.connect(s, config.microversion()), ImageClient.find(s));
    }

    /** A connector that hands out {@code compute} in place of the real one (tests that inject faults). */
    public Undercloud withCompute(ComputeClient other) {
        return new Undercloud(session, other, image);
    }
}
