package io.cloudrig.doubles.cobbler;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A Cobbler system to seed (cobbler 2.6.9 {@code item_system.py} FIELDS), plus the state of the machine behind it
 * that only the power commands see ({@link #poweredOn()}).
 */
public record SystemSpec(String name, String profile, String hostname, List<InterfaceSpec> interfaces,
                         String powerType, String powerAddress, String powerUser, String powerPass, String powerId,
                         Map<String, Object> ksMeta, List<String> owners, boolean netbootEnabled, boolean poweredOn,
                         String comment) {

    public SystemSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(profile, "profile");
        interfaces = List.copyOf(interfaces);
        ksMeta = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(ksMeta));
        owners = owners == null ? null : List.copyOf(owners);
    }

    @Override
    public String toString() {
        return "SystemSpec[name=" + name + ", profile=" + profile + ", powerType=" + powerType + ", powerPass=****]";
    }

    public static Builder builder(String name, String profile) {
        return new Builder(name, profile);
    }

    /** Builds a system; defaults: power type ipmitool (the 2.6 settings default), netboot on, machine on. */
    public static final class Builder {
        private final String name;
        private final String profile;
        private String hostname = "";
        private final List<InterfaceSpec> interfaces = new ArrayList<>();
        private String powerType = "ipmitool";
        private String powerAddress = "";
        private String powerUser = "";
        private String powerPass = "";
        private String powerId = "";
        private final Map<String, Object> ksMeta = new LinkedHashMap<>();
        private List<String> owners;
        private boolean netbootEnabled = true;
        private boolean poweredOn = true;
        private String comment = "";

        private Builder(String name, String profile) {
            this.name = name;
            this.profile = profile;
        }

        public Builder hostname(String v) {
            hostname = v;
            return this;
        }

        public Builder iface(InterfaceSpec v) {
            interfaces.add(v);
            return this;
        }

        /** Power management: type (a fence agent name), address, user, password. */
        public Builder power(String type, String address, String user, String pass) {
            powerType = type;
            powerAddress = address;
            powerUser = user;
            powerPass = pass;
            return this;
        }

        public Builder powerId(String v) {
            powerId = v;
            return this;
        }

        public Builder ksMeta(String key, Object value) {
            ksMeta.put(key, value);
            return this;
        }

        /** Owners; not calling this leaves {@code "<<inherit>>"}, as Cobbler does. */
        public Builder owners(String... v) {
            owners = List.of(v);
            return this;
        }

        public Builder netbootEnabled(boolean v) {
            netbootEnabled = v;
            return this;
        }

        public Builder poweredOn(boolean v) {
            poweredOn = v;
            return this;
        }

        public Builder comment(String v) {
            comment = v;
            return this;
        }

        public SystemSpec build() {
            return new SystemSpec(name, profile, hostname, interfaces, powerType, powerAddress, powerUser, powerPass,
                    powerId, ksMeta, owners, netbootEnabled, poweredOn, comment);
        }
    }
}
