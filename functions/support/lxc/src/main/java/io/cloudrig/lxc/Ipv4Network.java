package io.cloudrig.lxc;

/**
 * An IPv4 network {@code a.b.c.d/n}, as Rally's {@code start_lxc_network} (netaddr's IPNetwork): host {@code k} gets
 * the network {@code k} sizes after the first ({@link #plus}), its bridge the first address ({@link #at}(1)).
 *
 * @param address the network's address as an unsigned 32-bit value (host bits cleared)
 * @param prefixLength the prefix length, 1..30
 */
public record Ipv4Network(long address, int prefixLength) {

    public Ipv4Network {
        if (prefixLength < 1 || prefixLength > 30) {
            throw new IllegalArgumentException("prefix length: expected 1..30 but was " + prefixLength);
        }
        address = address & mask(prefixLength);
    }

    /** Reads {@code a.b.c.d/n} (the host bits are cleared, as netaddr's {@code .network} does). */
    public static Ipv4Network parse(String cidr) {
        String[] p = cidr.trim().split("/");
        if (p.length != 2 || !LxcOptions.isIpv4(p[0])) {
            throw new IllegalArgumentException("expected a.b.c.d/n but was '" + cidr + "'");
        }
        long a = 0;
        for (String o : p[0].split("\\.")) {
            int v = Integer.parseInt(o);
            if (v > 255) {
                throw new IllegalArgumentException("expected a.b.c.d/n but was '" + cidr + "'");
            }
            a = (a << 8) | v;
        }
        return new Ipv4Network(a, Integer.parseInt(p[1]));
    }

    private static long mask(int prefix) {
        return (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
    }

    /** How many addresses it has. */
    public long size() {
        return 1L << (32 - prefixLength);
    }

    /** The network {@code k} networks of this size further (Rally's {@code network += 1} per host). */
    public Ipv4Network plus(int k) {
        return new Ipv4Network((address + k * size()) & 0xFFFFFFFFL, prefixLength);
    }

    /** Address {@code i} of the network ({@code at(0)} is the network's own). */
    public String at(long i) {
        long a = address + i;
        return ((a >> 24) & 255) + "." + ((a >> 16) & 255) + "." + ((a >> 8) & 255) + "." + (a & 255);
    }

    public String netmask() {
        long m = mask(prefixLength);
        return ((m >> 24) & 255) + "." + ((m >> 16) & 255) + "." + ((m >> 8) & 255) + "." + (m & 255);
    }

    @Override
    public String toString() {
        return at(0) + "/" + prefixLength;
    }
}
