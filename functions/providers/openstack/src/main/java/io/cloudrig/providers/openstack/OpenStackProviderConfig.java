package io.cloudrig.providers.openstack;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.Credential;
import io.cloudrig.model.ErrorCode;
import io.cloudrig.openstack.ComputeMicroversion;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The OpenStackProvider config, parsed once: Rally's keys (at openstack/rally 24272bbe9) and cloudrig's optional
 * additions. The schema has been checked by orchestration already; the rules that matter for safety are checked
 * again here, each failure naming the field, what was expected and what was found. {@link #toString()} never shows
 * the password.
 *
 * @param deploymentName Rally's {@code deployment_name} (metadata only: servers are named for the deployment id)
 * @param amount how many servers when the engine does not say
 * @param credential the undercloud identity (a secret inside: the password)
 * @param flavor the flavor id or name
 * @param nics explicit networks in novaclient's form, or empty
 * @param networks {@code auto} or {@code none}, used without nics on compute 2.37+
 * @param image where the image comes from
 * @param sshUser the user the servers are reached as
 * @param sshPort their SSH port
 * @param waitForSsh whether to wait until the SSH port answers
 * @param sshTimeout how long to wait for it
 * @param activeTimeout how long a server may take to become ACTIVE
 * @param deleteTimeout how long a deleted server may take to be gone
 * @param pollInterval how often to ask Nova
 * @param parallelism servers created or deleted at once
 * @param microversion the compute microversion to ask for when the cloud has it
 */
public record OpenStackProviderConfig(String deploymentName, int amount, Credential credential, String flavor,
                                      List<Map<String, String>> nics, String networks, ImageSource image,
                                      String sshUser, int sshPort, boolean waitForSsh, Duration sshTimeout,
                                      Duration activeTimeout, Duration deleteTimeout, Duration pollInterval,
                                      int parallelism, ComputeMicroversion microversion) {

    /** Checks the fields a provider cannot work without. */
    public OpenStackProviderConfig {
        Objects.requireNonNull(credential, "credential");
        nics = List.copyOf(nics);
        if (flavor == null || flavor.isBlank()) {
            throw invalid("flavor_id", "a flavor id or name", "nothing");
        }
        if (parallelism < 1 || parallelism > 64) {
            throw invalid("parallelism", "1..64", String.valueOf(parallelism));
        }
        if (sshPort < 1 || sshPort > 65535) {
            throw invalid("ssh_port", "1..65535", String.valueOf(sshPort));
        }
        if (!"auto".equals(networks) && !"none".equals(networks)) {
            throw invalid("networks", "auto or none", "'" + networks + "'");
        }
    }

    /** Reads a config object (Rally's keys and cloudrig's additions). */
    public static OpenStackProviderConfig from(JsonNode c) {
        if (c == null || !c.isObject()) {
            throw invalid("$", "a JSON object", c == null ? "nothing" : c.getNodeType().toString());
        }
        String authUrl = text(c, "auth_url");
        if (authUrl == null || authUrl.isBlank()) {
            throw invalid("auth_url", "Keystone's URL", "nothing");
        }
        String user = text(c, "user");
        if (user == null || user.isBlank()) {
            throw invalid("user", "a user name", "nothing");
        }
        String tenant = text(c, "tenant");
        String project = text(c, "project_name");
        if ((tenant == null) == (project == null)) {
            throw invalid("tenant/project_name", "exactly one of them", tenant == null ? "neither" : "both");
        }
        Credential credential = Credential.builder().authUrl(authUrl).username(user).password(text(c, "password"))
                .tenantName(tenant).projectName(project).userDomainName(text(c, "user_domain_name"))
                .projectDomainName(text(c, "project_domain_name")).regionName(text(c, "region_name"))
                .endpointType(text(c, "endpoint_type")).httpsInsecure(c.path("https_insecure").asBoolean(false))
                .httpsCacert(text(c, "https_cacert")).build();
        JsonNode img = c.get("image");
        if (img == null || !img.isObject()) {
            throw invalid("image", "an object with uuid, or checksum (and name, format, url to upload)",
                    img == null ? "nothing" : img.getNodeType().toString());
        }
        ImageSource image = new ImageSource(text(img, "uuid"), text(img, "checksum"), text(img, "name"),
                text(img, "format"), text(img, "url"), text(img, "userdata"));
        if (image.uuid() == null && image.checksum() == null) {
            throw invalid("image", "uuid, or checksum (with name, format and url to upload)", "neither");
        }
        List<Map<String, String>> nics = new ArrayList<>();
        for (JsonNode n : c.path("nics")) {
            Map<String, String> nic = new LinkedHashMap<>();
            n.fields().forEachRemaining(e -> nic.put(e.getKey(), e.getValue().asText()));
            nics.add(nic);
        }
        int amount = c.path("amount").asInt(1);
        return new OpenStackProviderConfig(text(c, "deployment_name"), amount, credential,
                c.hasNonNull("flavor_id") ? c.get("flavor_id").asText() : null, nics,
                c.path("networks").asText("auto"), image, c.path("ssh_user").asText("root"),
                c.path("ssh_port").asInt(22), c.path("wait_for_ssh").asBoolean(false),
                seconds(c, "ssh_timeout_seconds", 120), seconds(c, "active_timeout_seconds", 300),
                seconds(c, "delete_timeout_seconds", 300),
                Duration.ofMillis(positive(c, "poll_interval_ms", 1000)), c.path("parallelism").asInt(4),
                ComputeMicroversion.parse(c.path("compute_microversion").asText("2.37"), "compute_microversion"));
    }

    private static Duration seconds(JsonNode c, String field, long dflt) {
        return Duration.ofSeconds(positive(c, field, dflt));
    }

    private static long positive(JsonNode c, String field, long dflt) {
        if (!c.hasNonNull(field)) {
            return dflt;
        }
        long v = c.get(field).asLong(-1);
        if (v < 1) {
            throw invalid(field, "a positive integer", c.get(field).toString());
        }
        return v;
    }

    private static String text(JsonNode c, String field) {
        return c.hasNonNull(field) ? c.get(field).asText() : null;
    }

    static CloudrigException invalid(String field, String expected, String got) {
        return new CloudrigException(ErrorCode.INVALID_CONFIG, OpenStackProviderFactory.NAME + " config: " + field
                + ": expected " + expected + " but was " + got);
    }

    /** Who, where and how; never the password. */
    @Override
    public String toString() {
        return "OpenStackProviderConfig{" + credential + ", flavor=" + flavor + ", " + image
                + (nics.isEmpty() ? ", networks=" + networks : ", nics=" + nics) + ", ssh=" + sshUser + ":" + sshPort
                + ", parallelism=" + parallelism + ", microversion=" + microversion + "}";
    }
}
