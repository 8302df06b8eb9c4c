package io.cloudrig.providers.cobbler;

import java.util.Arrays;

/** What {@code destroyServers} does to a system before it releases the system's record ({@code on_destroy}). */
public enum DestroyPolicy {
    /** Leave the machine as it is (Rally: "better to allow the user to decide"). */
    NONE("none"),
    /** Switch it off ({@code power_system(handle, "off")}). */
    POWER_OFF("power_off"),
    /** Turn its network boot off (no re-install when someone switches it on), then switch it off. */
    NETBOOT_OFF_AND_POWER_OFF("netboot_off_and_power_off");

    private final String value;

    DestroyPolicy(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    /** @throws IllegalArgumentException naming the accepted values */
    public static DestroyPolicy fromValue(String v) {
        return Arrays.stream(values()).filter(p -> p.value.equals(v)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("on_destroy: expected one of " + Arrays.stream(values())
                        .map(DestroyPolicy::value).toList() + " but was '" + v + "'"));
    }
}
