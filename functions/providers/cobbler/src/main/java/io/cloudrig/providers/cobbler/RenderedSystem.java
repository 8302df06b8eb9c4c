package io.cloudrig.providers.cobbler;

import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.ErrorCode;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What CobblerProvider reads of {@code get_system_as_rendered} (cobbler 2.6.9: the blended view, interface fields
 * copied up as {@code <field>_<interface>}; an unknown system renders as {@code {}}). The rendered data also holds
 * the power password and management keys: only the address and the power user are taken from it, and it is never
 * logged.
 */
record RenderedSystem(String name, String ip, Optional<String> powerUser) {

    /**
     * Rally's {@code ip_for_system}: the first key containing "ip_address" with a value, keys taken in name order
     * (Rally took them in Python's dict order; name order makes it the same answer every time).
     */
    static RenderedSystem of(String name, Object rendered) {
        if (!(rendered instanceof Map<?, ?> m) || m.isEmpty()) {
            throw new CloudrigException(ErrorCode.PROVIDER_FAILED, CobblerProviderFactory.NAME + ": system '" + name
                    + "' is not on the Cobbler server (get_system_as_rendered answered nothing)");
        }
        Map<String, Object> sorted = new TreeMap<>();
        m.forEach((k, v) -> sorted.put(String.valueOf(k), v));
        String ip = sorted.entrySet().stream().filter(e -> e.getKey().contains("ip_address"))
                .map(Map.Entry::getValue).filter(v -> v instanceof String s && !s.isBlank() && !s.equals("~"))
                .map(String::valueOf).findFirst().orElseThrow(() -> new CloudrigException(ErrorCode.PROVIDER_FAILED,
                        CobblerProviderFactory.NAME + ": no valid ip address found for system '" + name + "' (no "
                                + "interface with an ip_address): it was not rebooted"));
        Object user = m.get("power_user");
        return new RenderedSystem(name, ip, user instanceof String s && !s.equals("~") ? Optional.of(s) : Optional.empty());
    }
}
