package io.cloudrig.providers.ec2;

import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every name the provider gives EC2, derived from the deployment and a server's index only, so that a retry names
 * the same thing: the ClientToken of each RunInstances, the security group's and key pair's names, the resource ids
 * of the records, and the tags put on everything at creation.
 */
final class Ec2Names {
    /** The tag that says which deployment a resource belongs to (the IAM policy's tag conditions use it). */
    static final String DEPLOYMENT_TAG = "cloudrig:deployment";
    /** Who to ask about the resource ({@code owner} of the config). */
    static final String OWNER_TAG = "cloudrig:owner";
    /** The record's resource id ({@code server-3}, {@code security-group}, {@code key-pair}). */
    static final String RESOURCE_TAG = "cloudrig:resource";
    /** EC2's display name. */
    static final String NAME_TAG = "Name";
    /** EC2's ClientToken limit ("Ensuring idempotency", a maximum of 64 ASCII characters). */
    static final int MAX_TOKEN = 64;

    static final String SECURITY_GROUP_ID = "security-group";
    static final String KEY_PAIR_ID = "key-pair";

    private Ec2Names() {
    }

    /** The record id of server {@code index}. */
    static String serverId(int index) {
        return "server-" + index;
    }

    /**
     * The ClientToken of server {@code index}: {@code <deployment id>-<index>}, and with a key pair the provider created,
     * {@code -<its id>} after it (a new key pair means new instances, see {@code KeyPairs}). At most 64 characters: a
     * longer one is replaced by a SHA-256 digest of it, still deterministic.
     *
     * @param keyPairId the id of the key pair the provider created for the deployment, or null
     */
    static String clientToken(String deploymentId, int index, String keyPairId) {
        String token = deploymentId + "-" + index + (keyPairId == null ? "" : "-" + keyPairId.replaceFirst("^key-", ""));
        if (token.length() <= MAX_TOKEN && token.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            return token;
        }
        return "cr-" + sha256(token).substring(0, MAX_TOKEN - 3);
    }

    /** The security group the provider creates for a deployment. */
    static String securityGroupName(String deploymentId) {
        return "cloudrig-" + deploymentId;
    }

    /** The key pair the provider creates for a deployment. */
    static String keyPairName(String deploymentId) {
        return "cloudrig-" + deploymentId;
    }

    /** The tags of a resource of {@code deploymentId}: the user's, then cloudrig's (which win). */
    static Map<String, String> tags(Ec2Config config, String deploymentId, String deploymentName, String resourceId) {
        Map<String, String> tags = new LinkedHashMap<>(config.tags());
        tags.put(NAME_TAG, truncate("cloudrig " + deploymentName + " " + resourceId));
        tags.put(DEPLOYMENT_TAG, deploymentId);
        tags.put(OWNER_TAG, config.owner());
        tags.put(RESOURCE_TAG, resourceId);
        return tags;
    }

    /** One TagSpecification per resource type, all with {@code tags}. */
    static List<TagSpecification> tagSpecifications(Map<String, String> tags, ResourceType... types) {
        List<Tag> list = new ArrayList<>();
        tags.forEach((k, v) -> list.add(Tag.builder().key(k).value(v).build()));
        List<TagSpecification> out = new ArrayList<>();
        for (ResourceType t : types) {
            out.add(TagSpecification.builder().resourceType(t).tags(list).build());
        }
        return out;
    }

    private static String truncate(String value) {
        return value.length() <= 256 ? value : value.substring(0, 256);
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
