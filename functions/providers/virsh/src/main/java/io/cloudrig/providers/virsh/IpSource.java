package io.cloudrig.providers.virsh;

import org.libvirt.Domain;

import java.util.Locale;

/**
 * Where a clone's IP address comes from ({@code ip_source} in the config). The first three ask libvirt
 * ({@code virDomainInterfaceAddresses}); {@link #STATIC} takes the address from the config's {@code static_ips}, for
 * templates whose guests configure a fixed address themselves (and for hypervisors without a DHCP network).
 */
public enum IpSource {
    /** The DHCP leases of the libvirt network the interface is attached to (the default). */
    LEASE("lease", Domain.InterfaceAddressesSource.VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_LEASE),
    /** The QEMU guest agent inside the guest. */
    AGENT("agent", Domain.InterfaceAddressesSource.VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_AGENT),
    /** The host's ARP table. */
    ARP("arp", Domain.InterfaceAddressesSource.VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_ARP),
    /** {@code static_ips[i]} for the clone with index i. */
    STATIC("static", -1);

    private final String value;
    private final int libvirtSource;

    IpSource(String value, int libvirtSource) {
        this.value = value;
        this.libvirtSource = libvirtSource;
    }

    public String value() {
        return value;
    }

    /** The {@code VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_*} value, or -1 for {@link #STATIC}. */
    int libvirtSource() {
        return libvirtSource;
    }

    public static IpSource fromValue(String v) {
        for (IpSource s : values()) {
            if (s.value.equals(v == null ? null : v.toLowerCase(Locale.ROOT))) {
                return s;
            }
        }
        throw new IllegalArgumentException("ip_source: expected lease, agent, arp or static but was '" + v + "'");
    }

    @Override
    public String toString() {
        return value;
    }
}
