package io.cloudrig.providers.ec2;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudrig.model.ResourceRecord;
import io.cloudrig.model.spi.PluginContext;
import io.cloudrig.model.spi.ResourceLedger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ec2.model.CreateKeyPairResponse;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.KeyPairInfo;
import software.amazon.awssdk.services.ec2.model.ResourceType;

import java.util.List;
import java.util.Optional;

/**
 * The key pair the servers are launched with: the config's existing one, or one created per deployment
 * ({@code cloudrig-<deployment id>}, tagged at creation). A created key pair's private half is a secret that EC2
 * returns once: it goes only into the {@link io.cloudrig.model.Server}s handed back (which orchestration keeps where
 * the deployment's secrets go), never into a record, a progress line, an error or a log.
 */
final class KeyPairs {
    static final String RESOURCE_TYPE = "ec2-key-pair";
    private static final Logger LOG = LoggerFactory.getLogger(KeyPairs.class);

    private final Ec2Config config;
    private final PluginContext context;

    KeyPairs(Ec2Config config, PluginContext context) {
        this.config = config;
        this.context = context;
    }

    /**
     * The key pair to launch with.
     *
     * @param keyPairId the id of the key pair the provider created (it is part of the ClientTokens), or null
     * @param privateKey the private key to log in with, or null. A secret
     */
    record KeyInUse(String name, String keyPairId, String privateKey) {
        @Override
        public String toString() {
            return "KeyInUse{" + name + (keyPairId != null ? " " + keyPairId : "") + (privateKey != null ? ", key=***" : "")
                    + "}";
        }
    }

    /** An earlier call's key pair record, if the provider creates key pairs and one exists. */
    Optional<ResourceRecord> earlier() {
        return config.createsKeyPair() ? context.ledger().find(Ec2Names.KEY_PAIR_ID) : Optional.empty();
    }

    /** The config's key pair, or a new one for the deployment (recorded before it is created). */
    KeyInUse ensure(Ec2Calls calls) {
        if (!config.createsKeyPair()) {
            return new KeyInUse(config.keyPair().name(), null, config.keyPair().privateKey());
        }
        ResourceLedger ledger = context.ledger();
        String deploymentId = context.deploymentId();
        String name = Ec2Names.keyPairName(deploymentId);
        ObjectNode info = JsonNodeFactory.instance.objectNode().put("key_type", config.keyPair().keyType());
        ledger.begin(Ec2Names.KEY_PAIR_ID, RESOURCE_TYPE, name, info);
        CreateKeyPairResponse created = create(calls, name);
        ObjectNode done = JsonNodeFactory.instance.objectNode().put("key_pair_id", created.keyPairId())
                .put("fingerprint", created.keyFingerprint());
        ledger.created(Ec2Names.KEY_PAIR_ID, created.keyPairId(), done);
        context.progress().report(Ec2ProviderFactory.NAME + ": key pair " + name + " (" + created.keyPairId()
                + ") created; its private key goes only to the servers' logins");
        return new KeyInUse(name, created.keyPairId(), created.keyMaterial());
    }

    /**
     * CreateKeyPair; a key pair of that name left by an earlier attempt (whose private half died with it) is deleted
     * and made again.
     */
    private CreateKeyPairResponse create(Ec2Calls calls, String name) {
        String type = config.keyPair().keyType();
        var tags = Ec2Names.tags(config, context.deploymentId(), context.deployment().name(), Ec2Names.KEY_PAIR_ID);
        return calls.waiter().until("key pair " + name + " to be created", config.destroyTimeout(), calls.pollInterval(),
                () -> {
                    try {
                        return Optional.of(calls.ec2().createKeyPair(r -> r.keyName(name).keyType(type)
                                .tagSpecifications(Ec2Names.tagSpecifications(tags, ResourceType.KEY_PAIR))));
                    } catch (RuntimeException e) {
                        if (Ec2Errors.is(e, "InvalidKeyPair.Duplicate")) {
                            LOG.info("{}: key pair {} exists from an earlier attempt: deleting it to make it again",
                                    Ec2ProviderFactory.NAME, name);
                            deleteByName(calls, name);
                            return Optional.empty();
                        }
                        throw Ec2Errors.translate("CreateKeyPair " + name, e);
                    }
                });
    }

    /** Deletes the key pair named {@code name} (deleting one that does not exist succeeds, as on EC2). */
    static void deleteByName(Ec2Calls calls, String name) {
        try {
            calls.ec2().deleteKeyPair(r -> r.keyName(name));
        } catch (RuntimeException e) {
            throw Ec2Errors.translate("DeleteKeyPair " + name, e);
        }
    }

    /** Whether EC2 lists a key pair named {@code name}. */
    static boolean exists(Ec2Calls calls, String name) {
        try {
            return !calls.ec2().describeKeyPairs(r -> r.filters(Filter.builder().name("key-name").values(name).build()))
                    .keyPairs().isEmpty();
        } catch (RuntimeException e) {
            throw Ec2Errors.translate("DescribeKeyPairs " + name, e);
        }
    }

    /** The key pairs tagged as the deployment's. */
    static List<KeyPairInfo> ofDeployment(Ec2Calls calls, String deploymentId) {
        try {
            return calls.ec2().describeKeyPairs(r -> r.filters(Filter.builder().name("tag:" + Ec2Names.DEPLOYMENT_TAG)
                    .values(deploymentId).build())).keyPairs();
        } catch (RuntimeException e) {
            throw Ec2Errors.translate("DescribeKeyPairs of deployment " + deploymentId, e);
        }
    }
}
