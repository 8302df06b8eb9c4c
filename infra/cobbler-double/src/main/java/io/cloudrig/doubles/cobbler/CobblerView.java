package io.cloudrig.doubles.cobbler;

import java.util.List;

/**
 * A system as a test sees it: Cobbler's own fields that matter to a provider, and the machine behind it.
 *
 * @param poweredOn     the machine's power state
 * @param boots         how many times it was switched on by a power command
 * @param netboots      how many of those boots were network (re-install) boots (netboot_enabled true at the time)
 * @param saves         how many times save_system succeeded
 * @param powerCommands every power_system mode asked for this system, in order, failed ones included
 */
public record CobblerView(String name, String profile, String hostname, boolean netbootEnabled, boolean poweredOn,
                          int boots, int netboots, int saves, List<String> powerCommands) {

    static CobblerView of(SystemRecord s) {
        return new CobblerView(s.name(), String.valueOf(s.fields.get("profile")),
                String.valueOf(s.fields.get("hostname")), s.netbootEnabled(), s.poweredOn, s.boots, s.netboots,
                s.saves, List.copyOf(s.powerLog));
    }
}
