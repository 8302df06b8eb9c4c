package io.cloudrig.doubles.fuel;

import java.util.regex.Pattern;

/** IPv4 arithmetic for network configuration checks and IP assignment (what Nailgun does with netaddr). */
final class Ipv4 {
    private static final Pattern ADDRESS = Pattern.compile("^(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})$");

    private Ipv4() {
    }

    static boolean isAddress(String s) {
        if (s == null) {
            return false;
        }
        var m = ADDRESS.matcher(s);
        if (!m.matches()) {
            return false;
        }
        for (int i = 1; i <= 4; i++) {
            if (Integer.parseInt(m.group(i)) > 255) {
                return false;
            }
        }
        return true;
    }

    static boolean isCidr(String s) {
        if (s == null || s.indexOf('/') < 0) {
            return false;
        }
        String[] parts = s.split("/", 2);
        return isAddress(parts[0]) && parts[1].matches("\\d{1,2}") && Integer.parseInt(parts[1]) <= 32;
    }

    static long toLong(String address) {
        String[] p = address.split("\\.");
        return (Long.parseLong(p[0]) << 24) | (Long.parseLong(p[1]) << 16) | (Long.parseLong(p[2]) << 8)
                | Long.parseLong(p[3]);
    }

    static String toText(long value) {
        return ((value >> 24) & 255) + "." + ((value >> 16) & 255) + "." + ((value >> 8) & 255) + "." + (value & 255);
    }

    static int prefix(String cidr) {
        return Integer.parseInt(cidr.split("/", 2)[1]);
    }

    static long network(String cidr) {
        long mask = mask(prefix(cidr));
        return toLong(cidr.split("/", 2)[0]) & mask;
    }

    static long broadcast(String cidr) {
        return network(cidr) | (~mask(prefix(cidr)) & 0xFFFFFFFFL);
    }

    static String netmask(String cidr) {
        return toText(mask(prefix(cidr)));
    }

    static boolean contains(String cidr, String address) {
        long a = toLong(address);
        return a >= network(cidr) && a <= broadcast(cidr);
    }

    static boolean overlaps(String cidrA, String cidrB) {
        return network(cidrA) <= broadcast(cidrB) && network(cidrB) <= broadcast(cidrA);
    }

    private static long mask(int prefix) {
        return prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
    }
}
