package io.cloudrig.doubles.fuel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A cluster's editable attributes ("settings"): the groups fuel-web 7.0 {@code fixtures/openstack.yaml}
 * {@code attributes_metadata.editable} defines that deployments read, with their fixture defaults. The admin
 * credentials Rally's FuelEngine returns live in {@code editable.access.{user,password,tenant}.value}
 * (openstack/rally 24272bbe9 {@code rally/deploy/engines/fuel.py} deploy()).
 */
final class Attributes {
    private Attributes() {
    }

    static ObjectNode defaults() {
        ObjectNode editable = Json.object();
        ObjectNode access = group(editable, "access", "Access", 10);
        text(access, "user", "admin", "username", "text", 10);
        text(access, "password", "admin", "password", "password", 20);
        text(access, "tenant", "admin", "tenant", "text", 30);
        text(access, "email", "admin@localhost", "email", "text", 40);

        ObjectNode common = group(editable, "common", "Common", 30);
        bool(common, "debug", false, "OpenStack debug logging", 20);
        bool(common, "auto_assign_floating_ip", false, "Assign public network IPs automatically", 40);
        ObjectNode libvirt = common.putObject("libvirt_type").put("value", "qemu").put("label", "Hypervisor type")
                .put("type", "radio").put("weight", 30);
        var values = libvirt.putArray("values");
        values.addObject().put("data", "kvm").put("label", "KVM");
        values.addObject().put("data", "qemu").put("label", "QEMU");

        ObjectNode storage = group(editable, "storage", "Storage", 60);
        bool(storage, "volumes_lvm", true, "Cinder LVM over iSCSI for volumes", 10);
        bool(storage, "volumes_ceph", false, "Ceph RBD for volumes (Cinder)", 20);
        bool(storage, "images_ceph", false, "Ceph RBD for images (Glance)", 30);

        ObjectNode components = group(editable, "additional_components", "Additional Components", 20);
        bool(components, "sahara", false, "Install Sahara", 10);
        bool(components, "murano", false, "Install Murano", 20);
        bool(components, "ceilometer", false, "Install Ceilometer", 30);

        ObjectNode provision = group(editable, "provision", "Provision", 80);
        text(provision, "method", "image", "Provision method", "radio", 80);
        return editable;
    }

    /**
     * fuel-web 7.0 {@code AttributesValidator.validate} plus the lock check of ClusterAttributesHandler.PATCH (PUT
     * calls PATCH in 7.0): returns the body to merge, or throws the error Nailgun answers.
     */
    static JsonNode checkUpdate(ClusterRecord c, boolean locked, String body) {
        JsonNode d = Json.parse(body);
        if (!d.isObject()) {
            throw new ApiError(400, "Invalid data: expected a JSON object, got " + d.getNodeType());
        }
        if (d.has("generated")) {
            throw new ApiError(400, "It is not allowed to update generated attributes");
        }
        if (d.has("editable") && !d.get("editable").isObject()) {
            throw new ApiError(400, "Editable attributes should be a dictionary");
        }
        if (locked) {
            var names = d.path("editable").fieldNames();
            while (names.hasNext()) {
                String group = names.next();
                if (!c.editable.path(group).path("metadata").path("always_editable").asBoolean(false)) {
                    throw new ApiError(403, "Environment attribute '" + group
                            + "' couldn't be changed after or during deployment.");
                }
            }
        }
        return d.path("editable");
    }

    private static ObjectNode group(ObjectNode editable, String name, String label, int weight) {
        ObjectNode g = editable.putObject(name);
        g.putObject("metadata").put("label", label).put("weight", weight);
        return g;
    }

    private static void text(ObjectNode group, String name, String value, String label, String type, int weight) {
        group.putObject(name).put("value", value).put("label", label).put("type", type).put("weight", weight);
    }

    private static void bool(ObjectNode group, String name, boolean value, String label, int weight) {
        group.putObject(name).put("value", value).put("label", label).put("type", "checkbox").put("weight", weight);
    }
}
