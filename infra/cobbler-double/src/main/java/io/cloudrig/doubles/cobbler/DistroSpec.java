package io.cloudrig.doubles.cobbler;

import java.util.Map;

/** A Cobbler distro (cobbler 2.6.9 {@code item_distro.py}): the kernel and initrd a profile installs from. */
public record DistroSpec(String name, String arch, String breed, String osVersion, Map<String, Object> kernelOptions,
                         Map<String, Object> ksMeta) {
    public DistroSpec {
        kernelOptions = Map.copyOf(kernelOptions);
        ksMeta = Map.copyOf(ksMeta);
    }

    /** A CentOS 6 x86_64 distro as {@code cobbler import} names it. */
    public static DistroSpec centos6(String name) {
        return new DistroSpec(name, "x86_64", "redhat", "rhel6", Map.of(), Map.of("tree",
                "http://@@http_server@@/cblr/links/" + name));
    }

    String kernel() {
        return "/var/www/cobbler/ks_mirror/" + name + "/images/pxeboot/vmlinuz";
    }

    String initrd() {
        return "/var/www/cobbler/ks_mirror/" + name + "/images/pxeboot/initrd.img";
    }
}
