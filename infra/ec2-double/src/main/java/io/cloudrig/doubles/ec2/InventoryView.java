package io.cloudrig.doubles.ec2;

import io.cloudrig.doubles.ec2.state.Ec2State;
import io.cloudrig.doubles.ec2.state.GroupRef;
import io.cloudrig.doubles.ec2.state.Instance;
import io.cloudrig.doubles.ec2.state.IpRule;
import io.cloudrig.doubles.ec2.state.Volume;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

/** Builds an {@link Inventory} from the state; the caller holds the state lock. */
final class InventoryView {
    private InventoryView() {
    }

    static Inventory of(Ec2State state) {
        Instant now = state.now();
        List<Inventory.InstanceSummary> instances = state.instances().stream()
                .filter(i -> !i.isGoneAt(now))
                .map(i -> instance(i, now))
                .toList();
        List<Inventory.SecurityGroupSummary> groups = state.groups().stream()
                .map(g -> new Inventory.SecurityGroupSummary(g.id(), g.name(), g.vpcId(), g.tags(),
                        g.ingress().stream().map(InventoryView::rule).toList(), g.isDefault()))
                .toList();
        List<Inventory.KeyPairSummary> keyPairs = state.keyPairs().stream()
                .map(k -> new Inventory.KeyPairSummary(k.id(), k.name(), k.type(), k.fingerprint(), k.publicKey(),
                        k.tags()))
                .toList();
        List<Inventory.VolumeSummary> volumes = state.volumes().stream()
                .filter(v -> !v.stateAt(now).equals("deleted"))
                .map(v -> volume(v, now))
                .toList();
        return new Inventory(now, instances, groups, keyPairs, volumes);
    }

    private static Inventory.InstanceSummary instance(Instance i, Instant now) {
        String userData = i.spec().userData() == null ? null
                : new String(Base64.getMimeDecoder().decode(i.spec().userData()), StandardCharsets.UTF_8);
        return new Inventory.InstanceSummary(i.id(), i.stateAt(now).apiName(), i.isVisibleAt(now), i.tags(),
                i.spec().clientToken(), i.spec().image().id(), i.spec().instanceType(), i.spec().keyName(),
                i.groups().stream().map(GroupRef::id).toList(), i.spec().subnet().id(), i.privateIp(), i.publicIp(),
                i.spec().spot(), userData, i.volumeIds());
    }

    private static Inventory.VolumeSummary volume(Volume v, Instant now) {
        return new Inventory.VolumeSummary(v.id(), v.instance().id(), v.stateAt(now), v.deviceName(), v.sizeGiB(),
                v.volumeType(), v.deleteOnTermination(), v.tags());
    }

    private static String rule(IpRule r) {
        String ports = r.fromPort() == null ? "all" : r.fromPort() + "-" + r.toPort();
        String source = r.cidrIpv4() != null ? r.cidrIpv4() : r.cidrIpv6() != null ? r.cidrIpv6() : r.sourceGroupId();
        return r.protocol() + " " + ports + " " + source;
    }
}
