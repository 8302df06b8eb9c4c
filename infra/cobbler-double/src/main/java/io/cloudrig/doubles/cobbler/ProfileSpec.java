package io.cloudrig.doubles.cobbler;

import java.util.List;
import java.util.Map;

/**
 * A Cobbler profile (cobbler 2.6.9 {@code item_profile.py}): a distro plus kickstart and metadata that systems
 * inherit. Rally's CobblerProvider selects systems by profile name ({@code selector.profile}).
 *
 * @param owners {@code null} to inherit the server's {@code default_ownership}
 */
public record ProfileSpec(String name, String distro, String kickstart, Map<String, Object> ksMeta,
                          Map<String, Object> kernelOptions, List<String> owners) {
    public ProfileSpec {
        ksMeta = Map.copyOf(ksMeta);
        kernelOptions = Map.copyOf(kernelOptions);
        owners = owners == null ? null : List.copyOf(owners);
    }

    public static ProfileSpec of(String name, String distro) {
        return new ProfileSpec(name, distro, "/var/lib/cobbler/kickstarts/sample_end.ks", Map.of(), Map.of(), null);
    }
}
