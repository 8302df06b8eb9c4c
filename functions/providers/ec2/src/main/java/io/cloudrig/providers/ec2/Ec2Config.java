package io.cloudrig.providers.ec2;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.ErrorCode;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The Ec2Provider config, parsed once (orchestration has already checked it against the schema; the rules the
 * provider's safety depends on are checked again here, each error naming the field, what was expected and what was
 * found). Absent optional values are null. {@link #toString()} never shows the private key or the user data.
 *
 * @param region the Region, or null for the SDK's region chain
 * @param endpoint an EC2 endpoint override, or null
 * @param profile a shared-config profile for credentials, or null for the default chain
 * @param roleArn a role to assume for every call, or null
 * @param roleExternalId the external id of that role's trust policy, or null
 * @param image how to find the AMI
 * @param instanceType the default instance type
 * @param subnetId the subnet, or null for EC2's default
 * @param securityGroupIds existing security groups (empty: none given)
 * @param securityGroup a group to create for the deployment, or null
 * @param keyPair an existing key pair or one to create
 * @param ssh how the servers are logged in to
 * @param address which address servers are reached at
 * @param rootVolume the root volume's size and type, or null for the AMI's
 * @param userData the user data as given (not encoded), or null. May hold secrets: never logged or recorded
 * @param tags the user's extra tags
 * @param owner the value of the {@code cloudrig:owner} tag
 * @param market on-demand or spot
 * @param ready what "ready" means
 * @param parallelism RunInstances calls at once
 * @param maxAttempts attempts per call under the SDK's adaptive retry mode
 * @param consistencyTimeout how long a new id may stay unknown to other calls
 * @param destroyTimeout how long destroy waits for termination and for a security group to be free
 */
public record Ec2Config(String region, URI endpoint, String profile, String roleArn, String roleExternalId,
                        ImageSpec image, String instanceType, String subnetId, List<String> securityGroupIds,
                        SecurityGroupSpec securityGroup, KeyPairSpec keyPair, SshLogin ssh, AddressKind address,
                        RootVolume rootVolume, String userData, Map<String, String> tags, String owner, Market market,
                        Readiness ready, int parallelism, int maxAttempts, Duration consistencyTimeout,
                        Duration destroyTimeout) {

    /** Checks what the provider relies on and copies the collections. */
    public Ec2Config {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(keyPair, "keyPair");
        Objects.requireNonNull(ssh, "ssh");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(market, "market");
        Objects.requireNonNull(ready, "ready");
        securityGroupIds = List.copyOf(securityGroupIds == null ? List.of() : securityGroupIds);
        tags = Map.copyOf(tags == null ? Map.of() : tags);
        require(instanceType != null && !instanceType.isBlank(), "instance_type", "an instance type such as t3.micro",
                String.valueOf(instanceType));
        require(securityGroupIds.isEmpty() || securityGroup == null, "security_group_ids/security_group",
                "at most one of them", "both");
        require(parallelism >= 1 && parallelism <= 64, "parallelism", "1..64", String.valueOf(parallelism));
        require(maxAttempts >= 1 && maxAttempts <= 30, "max_attempts", "1..30", String.valueOf(maxAttempts));
        require(positive(consistencyTimeout), "consistency_timeout_seconds", "a positive number", String.valueOf(consistencyTimeout));
        require(positive(destroyTimeout), "destroy_timeout_seconds", "a positive number", String.valueOf(destroyTimeout));
        for (String key : tags.keySet()) {
            String k = key.toLowerCase(Locale.ROOT);
            require(!k.startsWith("aws:") && !k.startsWith("cloudrig:"), "tags." + key,
                    "a key not starting with aws: or cloudrig:", "'" + key + "'");
        }
        require(userData == null || userData.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= 12 * 1024,
                "user_data", "at most 12 KB (16 KB once base64-encoded)", "more");
    }

    /** Reads a config object (the schema's keys). */
    public static Ec2Config from(JsonNode c) {
        if (c == null || !c.isObject()) {
            throw invalid("$", "a JSON object", c == null ? "nothing" : c.getNodeType().toString());
        }
        String endpoint = text(c, "endpoint");
        Map<String, String> tags = new LinkedHashMap<>();
        c.path("tags").fields().forEachRemaining(e -> tags.put(e.getKey(), e.getValue().asText()));
        List<String> groups = new ArrayList<>();
        c.path("security_group_ids").forEach(g -> groups.add(g.asText()));
        JsonNode ssh = c.path("ssh");
        JsonNode ready = c.path("ready");
        return new Ec2Config(text(c, "region"), endpoint == null ? null : uri(endpoint), text(c, "profile"),
                text(c, "role_arn"), text(c, "role_external_id"), ImageSpec.from(c.get("image")),
                c.hasNonNull("instance_type") ? c.get("instance_type").asText() : "t3.micro", text(c, "subnet_id"),
                groups, c.hasNonNull("security_group") ? SecurityGroupSpec.from(c.get("security_group")) : null,
                KeyPairSpec.from(c.get("key_pair")),
                new SshLogin(ssh.hasNonNull("user") ? ssh.get("user").asText() : "ec2-user", ssh.path("port").asInt(22),
                        Duration.ofSeconds(ssh.path("connect_timeout_seconds").asLong(10))),
                AddressKind.from(c.path("address").asText("public")),
                c.hasNonNull("root_volume") ? RootVolume.from(c.get("root_volume")) : null, text(c, "user_data"),
                tags, c.hasNonNull("owner") ? c.get("owner").asText() : "cloudrig",
                Market.from(c.path("market").asText("on-demand")),
                new Readiness(ReadyWhen.from(ready.path("when").asText("ssh")),
                        Duration.ofSeconds(ready.path("timeout_seconds").asLong(900)),
                        Duration.ofMillis(ready.path("poll_interval_ms").asLong(2000)),
                        ready.hasNonNull("boot_finished_file") ? ready.get("boot_finished_file").asText()
                                : Readiness.BOOT_FINISHED),
                c.path("parallelism").asInt(8), c.path("max_attempts").asInt(10),
                Duration.ofSeconds(c.path("consistency_timeout_seconds").asLong(300)),
                Duration.ofSeconds(c.path("destroy_timeout_seconds").asLong(900)));
    }

    private static URI uri(String s) {
        try {
            URI u = URI.create(s);
            require(u.getScheme() != null && u.getHost() != null, "endpoint", "an http(s) URL", "'" + s + "'");
            return u;
        } catch (IllegalArgumentException e) {
            throw invalid("endpoint", "an http(s) URL", "'" + s + "'");
        }
    }

    static String text(JsonNode c, String field) {
        return c != null && c.hasNonNull(field) ? c.get(field).asText() : null;
    }

    private static boolean positive(Duration d) {
        return d != null && !d.isNegative() && !d.isZero();
    }

    static void require(boolean ok, String field, String expected, String got) {
        if (!ok) {
            throw invalid(field, expected, got);
        }
    }

    static CloudrigException invalid(String field, String expected, String got) {
        return new CloudrigException(ErrorCode.INVALID_CONFIG, Ec2ProviderFactory.NAME + " config: " + field
                + ": expected " + expected + " but was " + got);
    }

    /** Whether the provider creates (and deletes) a key pair of its own. */
    public boolean createsKeyPair() {
        return keyPair.create();
    }

    /** Every field but the private key and the user data. */
    @Override
    public String toString() {
        return "Ec2Config{" + (endpoint != null ? "endpoint=" + endpoint + ", " : "")
                + (region != null ? "region=" + region + ", " : "") + (profile != null ? "profile=" + profile + ", " : "")
                + (roleArn != null ? "role=" + roleArn + ", " : "") + "image=" + image + ", type=" + instanceType
                + (subnetId != null ? ", subnet=" + subnetId : "")
                + (securityGroupIds.isEmpty() ? "" : ", groups=" + securityGroupIds)
                + (securityGroup != null ? ", " + securityGroup : "") + ", " + keyPair + ", " + ssh
                + ", address=" + address + (rootVolume != null ? ", " + rootVolume : "")
                + (userData != null ? ", user_data=***" : "") + ", market=" + market + ", " + ready
                + ", parallelism=" + parallelism + "}";
    }

    // ------------------------------------------------------------------ parts

    /**
     * The AMI: an id, or the newest image whose name matches {@code namePattern} among {@code owners}.
     *
     * @param id an AMI id, or null
     * @param namePattern a name with {@code *}/{@code ?} wildcards, or null
     * @param owners owner accounts or aliases (with a name pattern)
     * @param architecture an architecture filter, or null
     */
    public record ImageSpec(String id, String namePattern, List<String> owners, String architecture) {
        public ImageSpec {
            owners = List.copyOf(owners == null ? List.of() : owners);
            require((id == null) != (namePattern == null), "image", "an AMI id or {name, owners}", "neither or both");
        }

        static ImageSpec from(JsonNode n) {
            if (n == null || n.isNull()) {
                throw invalid("image", "an AMI id or {name, owners}", "nothing");
            }
            if (n.isTextual()) {
                return ofId(n.asText());
            }
            List<String> owners = new ArrayList<>();
            n.path("owners").forEach(o -> owners.add(o.asText()));
            require(!owners.isEmpty(), "image.owners", "at least one owner (an account id, amazon or self)", "none");
            return new ImageSpec(null, text(n, "name"), owners, text(n, "architecture"));
        }

        /** The AMI {@code id} (createServers' image argument, or the config's). */
        static ImageSpec ofId(String id) {
            require(id.matches("ami-[0-9a-f]{8,17}"), "image", "an AMI id (ami-...) or {name, owners}", "'" + id + "'");
            return new ImageSpec(id, null, List.of(), null);
        }

        @Override
        public String toString() {
            return id != null ? id : "newest '" + namePattern + "' of " + owners
                    + (architecture != null ? " (" + architecture + ")" : "");
        }
    }

    /** Ingress rules of the security group the provider creates for a deployment. */
    public record SecurityGroupSpec(List<IngressRule> ingress) {
        public SecurityGroupSpec {
            ingress = List.copyOf(ingress);
        }

        static SecurityGroupSpec from(JsonNode n) {
            List<IngressRule> rules = new ArrayList<>();
            int i = 0;
            for (JsonNode r : n.path("ingress")) {
                rules.add(IngressRule.from(r, "security_group.ingress[" + i++ + "]"));
            }
            return new SecurityGroupSpec(rules);
        }

        @Override
        public String toString() {
            return "security_group{create, ingress=" + ingress + "}";
        }
    }

    /**
     * One ingress rule: a protocol ({@code tcp}, {@code udp}, {@code icmp}, {@code -1} for all), a port range (null
     * for all, ICMP type/code for icmp) and one source range.
     */
    public record IngressRule(String protocol, Integer fromPort, Integer toPort, String cidr, String cidrIpv6,
                              String description) {
        static IngressRule from(JsonNode r, String where) {
            String protocol = r.path("protocol").asText("tcp");
            Integer from = r.hasNonNull("from_port") ? r.get("from_port").asInt() : null;
            Integer to = r.hasNonNull("to_port") ? r.get("to_port").asInt() : from;
            require(protocol.equals("-1") || from != null, where + ".from_port", "a port for " + protocol, "nothing");
            require(from == null || to >= from || protocol.equals("icmp"), where + ".to_port",
                    ">= from_port (" + from + ")", String.valueOf(to));
            String cidr = text(r, "cidr");
            String cidr6 = text(r, "cidr_ipv6");
            require((cidr == null) != (cidr6 == null), where, "exactly one of cidr and cidr_ipv6",
                    cidr == null ? "neither" : "both");
            return new IngressRule(protocol, from, to, cidr, cidr6, text(r, "description"));
        }

        @Override
        public String toString() {
            return protocol + " " + (fromPort == null ? "all" : fromPort + "-" + toPort) + " from "
                    + (cidr != null ? cidr : cidrIpv6);
        }
    }

    /**
     * An existing key pair ({@code name}, with the private key to log in with, or none) or one the provider creates
     * per deployment ({@code create}, of {@code keyType}).
     *
     * @param privateKey a secret: never logged or recorded
     */
    public record KeyPairSpec(boolean create, String name, String privateKey, String keyType) {
        static KeyPairSpec from(JsonNode n) {
            if (n == null || n.isNull() || n.path("create").asBoolean(false)) {
                String type = n == null ? "rsa" : n.path("key_type").asText("rsa");
                require(type.equals("rsa") || type.equals("ed25519"), "key_pair.key_type", "rsa or ed25519",
                        "'" + type + "'");
                return new KeyPairSpec(true, null, null, type);
            }
            String name = text(n, "name");
            require(name != null && !name.isBlank(), "key_pair.name", "the name of an existing key pair, or create: true",
                    "nothing");
            return new KeyPairSpec(false, name, text(n, "private_key"), null);
        }

        @Override
        public String toString() {
            return create ? "key_pair{create " + keyType + "}"
                    : "key_pair{" + name + (privateKey != null ? ", private_key=***" : "") + "}";
        }
    }

    /** How servers are logged in to over SSH. */
    public record SshLogin(String user, int port, Duration connectTimeout) {
        public SshLogin {
            require(user != null && !user.isBlank(), "ssh.user", "a user name", String.valueOf(user));
            require(port >= 1 && port <= 65535, "ssh.port", "1..65535", String.valueOf(port));
        }

        @Override
        public String toString() {
            return "ssh{" + user + ", port " + port + "}";
        }
    }

    /** The root volume: size in GiB and EBS volume type; deleted with its instance. */
    public record RootVolume(int sizeGiB, String volumeType) {
        static RootVolume from(JsonNode n) {
            return new RootVolume(n.path("size_gib").asInt(), n.path("volume_type").asText("gp3"));
        }

        @Override
        public String toString() {
            return "root_volume{" + sizeGiB + " GiB " + volumeType + "}";
        }
    }

    /** Which address a server is reached at. */
    public enum AddressKind {
        PUBLIC, PRIVATE;

        static AddressKind from(String s) {
            return switch (s) {
                case "public" -> PUBLIC;
                case "private" -> PRIVATE;
                default -> throw invalid("address", "public or private", "'" + s + "'");
            };
        }

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** On-demand or one-time spot. */
    public enum Market {
        ON_DEMAND, SPOT;

        static Market from(String s) {
            return switch (s) {
                case "on-demand" -> ON_DEMAND;
                case "spot" -> SPOT;
                default -> throw invalid("market", "on-demand or spot", "'" + s + "'");
            };
        }

        @Override
        public String toString() {
            return this == SPOT ? "spot" : "on-demand";
        }
    }

    /** What "ready" means. */
    public enum ReadyWhen {
        /** EC2 says the instance is running (and it has its address). */
        RUNNING,
        /** Also: a TCP connection to the SSH port and a login with the server's key work. */
        SSH,
        /** Also: cloud-init has written its boot-finished file. */
        CLOUD_INIT;

        static ReadyWhen from(String s) {
            return switch (s) {
                case "running" -> RUNNING;
                case "ssh" -> SSH;
                case "cloud-init" -> CLOUD_INIT;
                default -> throw invalid("ready.when", "running, ssh or cloud-init", "'" + s + "'");
            };
        }

        @Override
        public String toString() {
            return this == CLOUD_INIT ? "cloud-init" : name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * When a server counts as ready, how long that may take (from its launch) and how often it is asked.
     *
     * @param bootFinishedFile the file cloud-init writes at the end of its final stage
     */
    public record Readiness(ReadyWhen when, Duration timeout, Duration pollInterval, String bootFinishedFile) {
        /** Where cloud-init's final stage marks the boot finished. */
        public static final String BOOT_FINISHED = "/var/lib/cloud/instance/boot-finished";

        public Readiness {
            Objects.requireNonNull(when, "when");
            require(positive(timeout), "ready.timeout_seconds", "a positive number", String.valueOf(timeout));
            require(positive(pollInterval), "ready.poll_interval_ms", "a positive number", String.valueOf(pollInterval));
            require(bootFinishedFile != null && bootFinishedFile.startsWith("/"), "ready.boot_finished_file",
                    "an absolute path", String.valueOf(bootFinishedFile));
        }

        @Override
        public String toString() {
            return "ready{" + when + " within " + timeout.toSeconds() + " s}";
        }
    }
}
