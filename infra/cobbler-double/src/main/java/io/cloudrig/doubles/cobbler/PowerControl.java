package io.cloudrig.doubles.cobbler;

/**
 * What {@code power_system} does to the machine behind a system: cobbler 2.6.9 {@code api.py} power_on / power_off /
 * reboot (off, then on) / power_status and {@code action_power.py} PowerTool.power: no usable fence agent for the
 * system's power_type → CX "no power type set for system"; a failing agent → CX "command failed (rc=1), please
 * validate the physical setup and cobbler config" (the real one retries five times, 2 s apart, first); on, off and
 * reboot return the agent's rc 0; status returns True or False. A machine that is switched on boots: from the network
 * (a re-install) when the system's netboot_enabled is true, else from its disk.
 */
final class PowerControl {
    private PowerControl() {
    }

    static Object power(CobblerStore store, SystemRecord system, String mode) {
        system.powerLog.add(mode);
        String type = String.valueOf(system.fields.get("power_type"));
        if (type.isEmpty() || !store.config.fenceAgents().contains(type)) {
            throw CobblerFault.cx("no power type set for system");
        }
        if (store.failingPower.contains(CobblerStore.key(system.name()))) {
            throw CobblerFault.cx("command failed (rc=1), please validate the physical setup and cobbler config");
        }
        switch (mode) {
            case "on" -> switchOn(system);
            case "off" -> system.poweredOn = false;
            case "reboot" -> {
                system.poweredOn = false;
                switchOn(system);
            }
            case "status" -> {
                return system.poweredOn;
            }
            default -> throw new IllegalArgumentException("mode checked by the caller: " + mode);
        }
        return 0;
    }

    private static void switchOn(SystemRecord system) {
        if (system.poweredOn) {
            return;
        }
        system.poweredOn = true;
        system.boots++;
        if (system.netbootEnabled()) {
            system.netboots++;
        }
    }
}
