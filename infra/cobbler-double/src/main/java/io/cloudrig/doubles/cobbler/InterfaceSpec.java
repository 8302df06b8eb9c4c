package io.cloudrig.doubles.cobbler;

import java.util.Objects;

/**
 * One network interface of a Cobbler system ({@code interfaces.<name>} in cobbler 2.6.9 {@code item_system.py}).
 *
 * @param name       e.g. {@code eth0}
 * @param macAddress {@code mac_address}, "" for none
 * @param ipAddress  {@code ip_address}, "" for none; what {@code get_system_as_rendered} shows as {@code ip_address_<name>}
 * @param netmask    {@code netmask}
 * @param dnsName    {@code dns_name}
 * @param isStatic   {@code static}
 * @param management {@code management}
 */
public record InterfaceSpec(String name, String macAddress, String ipAddress, String netmask, String dnsName,
                            boolean isStatic, boolean management) {
    public InterfaceSpec {
        Objects.requireNonNull(name, "name");
        macAddress = macAddress == null ? "" : macAddress.toLowerCase(java.util.Locale.ROOT);
        ipAddress = ipAddress == null ? "" : ipAddress;
        netmask = netmask == null ? "" : netmask;
        dnsName = dnsName == null ? "" : dnsName;
    }

    /** A static interface with a MAC and an address in a /24. */
    public static InterfaceSpec of(String name, String mac, String ip) {
        return new InterfaceSpec(name, mac, ip, "255.255.255.0", "", true, false);
    }
}
