package io.cloudrig.providers.ec2;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.ErrorCode;
import io.cloudrig.model.ResourceRecord;
import io.cloudrig.model.ResourceState;
import io.cloudrig.model.spi.PluginContext;
import io.cloudrig.model.spi.ResourceLedger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.model.BlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.EbsBlockDevice;
import software.amazon.awssdk.services.ec2.model.InstanceInterruptionBehavior;
import software.amazon.awssdk.services.ec2.model.InstanceMarketOptionsRequest;
import software.amazon.awssdk.services.ec2.model.MarketType;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.RunInstancesRequest;
import software.amazon.awssdk.services.ec2.model.RunInstancesResponse;
import software.amazon.awssdk.services.ec2.model.SpotInstanceType;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Launches one server, leak-free in EC2's terms: the record ({@code creating}, named by the server's ClientToken and
 * holding the resolved image and type) is written before RunInstances; RunInstances carries that ClientToken, so a
 * retry after any crash gets the same instance back instead of a second one; instance and volumes are tagged in the
 * same call (TagSpecifications, never a later CreateTags); the instance id is recorded as soon as EC2 returns it. A
 * request EC2 certainly refused made nothing, so its fresh record is dropped; a capacity or quota refusal stops the
 * launches not yet started (the servers made so far are kept).
 */
final class Launcher {
    private static final Logger LOG = LoggerFactory.getLogger(Launcher.class);

    private final Ec2Config config;
    private final PluginContext context;
    private final Ec2Calls calls;
    private final KeyPairs.KeyInUse key;
    private final List<String> securityGroupIds;
    private final String instanceType;
    private final Supplier<Ec2Calls.ResolvedImage> image;
    /** The refusal that stopped further launches, if any. */
    private final AtomicReference<String> stopped = new AtomicReference<>();

    Launcher(Ec2Config config, PluginContext context, Ec2Calls calls, KeyPairs.KeyInUse key,
             List<String> securityGroupIds, String instanceType, Supplier<Ec2Calls.ResolvedImage> image) {
        this.config = config;
        this.context = context;
        this.calls = calls;
        this.key = key;
        this.securityGroupIds = securityGroupIds;
        this.instanceType = instanceType;
        this.image = image;
    }

    /**
     * A launched server.
     *
     * @param since when its record was last written before this call, or now for a new launch (how long its id may
     *              still be unknown to DescribeInstances)
     */
    record Launched(int index, String resourceId, String instanceId, Instant since) {
    }

    Launched launch(int index) {
        String rid = Ec2Names.serverId(index);
        String why = stopped.get();
        if (why != null) {
            throw new CloudrigException(ErrorCode.PROVIDER_FAILED, Ec2ProviderFactory.NAME + ": " + rid
                    + " not launched: " + why);
        }
        ResourceLedger ledger = context.ledger();
        String token = Ec2Names.clientToken(context.deploymentId(), index, key.keyPairId());
        ResourceRecord earlier = ledger.find(rid).orElse(null);
        if (earlier != null && earlier.state() == ResourceState.DELETING) {
            throw new CloudrigException(ErrorCode.CONFLICT, Ec2ProviderFactory.NAME + ": " + rid
                    + " is being destroyed; expected state creating or created but was deleting");
        }
        if (earlier != null && !token.equals(earlier.name())) {
            throw new CloudrigException(ErrorCode.CONFLICT, Ec2ProviderFactory.NAME + ": " + rid + " was launched with "
                    + "ClientToken '" + earlier.name() + "', expected '" + token + "': destroy the deployment first");
        }
        if (earlier != null && earlier.state() == ResourceState.CREATED && earlier.externalId() != null) {
            return new Launched(index, rid, earlier.externalId(), Teardown.lastWrite(earlier));
        }
        LaunchSpec spec = earlier != null && earlier.info().hasNonNull("image_id")
                ? LaunchSpec.of(earlier.info()) : newSpec(index);
        ledger.begin(rid, Ec2Provider.RESOURCE_TYPE, token, spec.info(index));
        RunInstancesResponse response;
        try {
            response = calls.ec2().runInstances(request(spec, token, rid));
        } catch (RuntimeException e) {
            String code = Ec2Errors.code(e);
            if (earlier == null && definitelyRefused(e) && !"IdempotentParameterMismatch".equals(code)) {
                ledger.forget(rid); // EC2 made nothing for this token: no record to keep
            }
            if (Ec2Errors.is(e, Ec2Errors.STOPS_FURTHER_LAUNCHES)) {
                stopped.compareAndSet(null, "EC2 refused " + rid + " with " + code + "; no further server was launched");
            }
            throw Ec2Errors.translate("RunInstances for " + rid + " (" + spec.instanceType() + ", " + spec.imageId() + ")", e);
        }
        String instanceId = response.instances().get(0).instanceId();
        ledger.created(rid, instanceId, JsonNodeFactory.instance.objectNode().put("instance_id", instanceId));
        LOG.debug("{}: {} is {}{}", Ec2ProviderFactory.NAME, rid, instanceId, earlier != null ? " (retried with its ClientToken)" : "");
        return new Launched(index, rid, instanceId, Instant.now());
    }

    /**
     * Whether EC2 refused the request for certain, on every attempt the SDK made (earlier attempts of a retried call
     * are its suppressed exceptions): one lost response could have launched the instance.
     */
    static boolean definitelyRefused(Throwable e) {
        if (!Ec2Errors.definitelyRefused(e)) {
            return false;
        }
        for (Throwable s : e.getSuppressed()) {
            Throwable attempt = s instanceof SdkException && s.getCause() != null ? s.getCause() : s;
            if (!Ec2Errors.definitelyRefused(attempt)) {
                return false;
            }
        }
        return true;
    }

    private LaunchSpec newSpec(int index) {
        Ec2Calls.ResolvedImage resolved = image.get();
        return new LaunchSpec(resolved.id(), resolved.rootDeviceName(), instanceType);
    }

    private RunInstancesRequest request(LaunchSpec spec, String token, String rid) {
        RunInstancesRequest.Builder b = RunInstancesRequest.builder()
                .clientToken(token)
                .imageId(spec.imageId())
                .instanceType(spec.instanceType())
                .minCount(1)
                .maxCount(1)
                .tagSpecifications(Ec2Names.tagSpecifications(
                        Ec2Names.tags(config, context.deploymentId(), context.deployment().name(), rid),
                        ResourceType.INSTANCE, ResourceType.VOLUME));
        if (config.subnetId() != null) {
            b.subnetId(config.subnetId());
        }
        if (!securityGroupIds.isEmpty()) {
            b.securityGroupIds(securityGroupIds);
        }
        if (key.name() != null) {
            b.keyName(key.name());
        }
        if (config.userData() != null) {
            b.userData(Base64.getEncoder().encodeToString(config.userData().getBytes(StandardCharsets.UTF_8)));
        }
        if (config.rootVolume() != null) {
            if (spec.rootDevice() == null) {
                throw Ec2Config.invalid("root_volume", "an image with a root device name", spec.imageId() + " has none");
            }
            b.blockDeviceMappings(BlockDeviceMapping.builder().deviceName(spec.rootDevice())
                    .ebs(EbsBlockDevice.builder().volumeSize(config.rootVolume().sizeGiB())
                            .volumeType(config.rootVolume().volumeType()).deleteOnTermination(true).build())
                    .build());
        }
        if (config.market() == Ec2Config.Market.SPOT) {
            b.instanceMarketOptions(InstanceMarketOptionsRequest.builder().marketType(MarketType.SPOT)
                    .spotOptions(o -> o.spotInstanceType(SpotInstanceType.ONE_TIME)
                            .instanceInterruptionBehavior(InstanceInterruptionBehavior.TERMINATE))
                    .build());
        }
        return b.build();
    }

    /**
     * What a server is launched from, recorded with it so that a retry sends RunInstances the same parameters (a newer
     * image published meanwhile would otherwise make EC2 answer IdempotentParameterMismatch).
     */
    record LaunchSpec(String imageId, String rootDevice, String instanceType) {
        static LaunchSpec of(ObjectNode info) {
            return new LaunchSpec(info.get("image_id").asText(),
                    info.hasNonNull("root_device") ? info.get("root_device").asText() : null,
                    info.get("instance_type").asText());
        }

        ObjectNode info(int index) {
            ObjectNode n = JsonNodeFactory.instance.objectNode().put("index", index).put("image_id", imageId)
                    .put("instance_type", instanceType);
            if (rootDevice != null) {
                n.put("root_device", rootDevice);
            }
            return n;
        }
    }
}
