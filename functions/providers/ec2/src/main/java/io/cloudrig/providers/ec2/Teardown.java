package io.cloudrig.providers.ec2;

import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.ErrorCode;
import io.cloudrig.model.ResourceRecord;
import io.cloudrig.model.ResourceState;
import io.cloudrig.model.spi.Outcomes;
import io.cloudrig.model.spi.PluginContext;
import io.cloudrig.model.spi.ResourceLedger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.KeyPairInfo;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Removes what the provider recorded for a deployment, in any record state, and forgets each record only once its
 * resource is gone: instances are terminated (in batches) and waited for until {@code terminated}; then the security
 * group is deleted (waiting out {@code DependencyViolation}) and the key pair. An instance whose record never got its
 * id (the step died between RunInstances and the record update) is found by its ClientToken. An id EC2 does not know
 * counts as gone unless it was written so recently that it may not be visible yet. Finally, anything tagged as the
 * deployment's that has no record (a record lost to a mistake) is reported and removed too.
 */
final class Teardown {
    /** Instance ids per TerminateInstances call. */
    static final int TERMINATE_BATCH = 50;
    private static final Logger LOG = LoggerFactory.getLogger(Teardown.class);

    private final Ec2Config config;
    private final PluginContext context;
    private final Ec2Calls calls;
    /** Record id → why it is kept. */
    private final Map<String, String> kept = new LinkedHashMap<>();
    private final Map<String, Throwable> causes = new LinkedHashMap<>();
    private final Set<String> instanceIds = new HashSet<>();
    private final Set<String> groupIds = new HashSet<>();
    private final Set<String> keyNames = new HashSet<>();

    Teardown(Ec2Config config, PluginContext context, Ec2Calls calls) {
        this.config = config;
        this.context = context;
        this.calls = calls;
    }

    /** Record id → why its resource could not be removed (the record is kept). */
    Map<String, String> kept() {
        return kept;
    }

    /** The first failure, for the error's cause. */
    Throwable firstCause() {
        return causes.values().stream().findFirst().orElse(null);
    }

    /** Everything in {@code records}, in dependency order; then the sweep by tag when {@code sweep}. */
    void all(List<ResourceRecord> records, boolean sweep) {
        instances(ofType(records, Ec2Provider.RESOURCE_TYPE));
        if (sweep) {
            sweepInstances();
        }
        if (kept.isEmpty()) {
            groups(ofType(records, SecurityGroups.RESOURCE_TYPE));
            if (sweep) {
                sweepGroups();
            }
        } else {
            for (ResourceRecord g : ofType(records, SecurityGroups.RESOURCE_TYPE)) {
                keep(g, new CloudrigException(ErrorCode.PROVIDER_FAILED, "not deleted: instances that may use it remain"));
            }
        }
        keyPairs(ofType(records, KeyPairs.RESOURCE_TYPE));
        if (sweep) {
            sweepKeyPairs();
        }
    }

    static List<ResourceRecord> ofType(List<ResourceRecord> records, String type) {
        return records.stream().filter(r -> r.type().equals(type)).toList();
    }

    // ------------------------------------------------------------------ instances

    /** Terminates the instances of {@code records}, waits until they are terminated, forgets their records. */
    void instances(List<ResourceRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        ResourceLedger ledger = context.ledger();
        Map<String, ResourceRecord> byInstance = new LinkedHashMap<>();
        List<ResourceRecord> withoutId = new ArrayList<>();
        for (ResourceRecord r : records) {
            if (r.state() != ResourceState.DELETING) {
                ledger.deleting(r.resourceId());
            }
            if (r.externalId() != null) {
                byInstance.put(r.externalId(), r);
            } else {
                withoutId.add(r);
            }
        }
        byInstance.putAll(findByToken(withoutId));
        Set<String> gone = terminate(byInstance);
        for (ResourceRecord r : records) {
            if (!kept.containsKey(r.resourceId())) {
                ledger.forget(r.resourceId());
            }
        }
        instanceIds.addAll(byInstance.keySet());
        if (!gone.isEmpty()) {
            context.progress().report(Ec2ProviderFactory.NAME + ": " + gone.size() + " instance(s) terminated");
        }
    }

    /**
     * The instances of records that never got their id, found by ClientToken (the record's name). A record written
     * so recently that its instance may not be listed yet is looked for until the consistency timeout; one whose
     * instance never shows up made none (the step died before RunInstances, or EC2 refused it).
     */
    private Map<String, ResourceRecord> findByToken(List<ResourceRecord> records) {
        Map<String, ResourceRecord> found = new LinkedHashMap<>();
        if (records.isEmpty()) {
            return found;
        }
        Map<String, ResourceRecord> byToken = new LinkedHashMap<>();
        records.forEach(r -> byToken.put(r.name(), r));
        calls.waiter().until("instances of " + byToken.size() + " record(s) without an instance id, by ClientToken",
                calls.consistency().plusSeconds(5), calls.pollInterval(), () -> {
                    for (Instance i : calls.instancesByToken(byToken.keySet())) {
                        ResourceRecord r = byToken.remove(i.clientToken());
                        if (r != null) {
                            found.put(i.instanceId(), r);
                        }
                    }
                    byToken.values().removeIf(r -> !calls.mayBeInvisible(lastWrite(r)));
                    return byToken.isEmpty() ? Optional.of(true) : Optional.empty();
                });
        return found;
    }

    /**
     * Terminates {@code instances} (id → its record, or null for an unrecorded one) and waits until each is
     * terminated. Failures are kept per record.
     *
     * @return the ids terminated now or found already gone
     */
    private Set<String> terminate(Map<String, ResourceRecord> instances) {
        Set<String> waiting = new LinkedHashSet<>();
        Set<String> gone = new LinkedHashSet<>();
        List<String> ids = new ArrayList<>(instances.keySet());
        for (int from = 0; from < ids.size(); from += TERMINATE_BATCH) {
            List<String> batch = ids.subList(from, Math.min(ids.size(), from + TERMINATE_BATCH));
            try {
                calls.ec2().terminateInstances(r -> r.instanceIds(batch));
                waiting.addAll(batch);
            } catch (RuntimeException e) {
                if (!Ec2Errors.is(e, "InvalidInstanceID.NotFound")) {
                    batch.forEach(id -> keep(instances.get(id), Ec2Errors.translate("TerminateInstances " + id, e)));
                    continue;
                }
                // all or nothing: find the ones EC2 does not know (yet)
                for (String id : batch) {
                    terminateOne(id, instances.get(id), waiting, gone);
                }
            }
        }
        awaitTerminated(waiting, instances, gone);
        return gone;
    }

    private void terminateOne(String id, ResourceRecord record, Set<String> waiting, Set<String> gone) {
        try {
            calls.waiter().until("instance " + id + " to be known to TerminateInstances", calls.consistency(),
                    calls.pollInterval(), () -> {
                        try {
                            calls.ec2().terminateInstances(r -> r.instanceIds(id));
                            waiting.add(id);
                            return Optional.of(true);
                        } catch (RuntimeException e) {
                            if (!Ec2Errors.is(e, "InvalidInstanceID.NotFound")) {
                                throw e;
                            }
                            if (record != null && calls.mayBeInvisible(lastWrite(record))) {
                                return Optional.empty();
                            }
                            gone.add(id); // terminated long ago and no longer listed
                            return Optional.of(false);
                        }
                    });
        } catch (RuntimeException e) {
            keep(record, Ec2Errors.translate("TerminateInstances " + id, e));
        }
    }

    private void awaitTerminated(Set<String> waiting, Map<String, ResourceRecord> instances, Set<String> gone) {
        if (waiting.isEmpty()) {
            return;
        }
        Set<String> left = new LinkedHashSet<>(waiting);
        try {
            calls.waiter().until(left.size() + " instance(s) to be terminated", config.destroyTimeout(),
                    calls.pollInterval(), () -> {
                        Map<String, Instance> listed = calls.instancesById(left).stream()
                                .collect(Collectors.toMap(Instance::instanceId, i -> i, (a, b) -> a));
                        for (String id : List.copyOf(left)) {
                            Instance i = listed.get(id);
                            if (i == null || InstancePhase.of(i.state().name()) == InstancePhase.GONE) {
                                left.remove(id);
                                gone.add(id);
                            }
                        }
                        return left.isEmpty() ? Optional.of(true) : Optional.empty();
                    });
        } catch (CloudrigException e) {
            for (String id : left) {
                keep(instances.get(id), new CloudrigException(e.code(), "instance " + id + " not terminated: "
                        + e.getMessage(), e));
            }
        }
    }

    // ------------------------------------------------------------------ security groups and key pairs

    void groups(List<ResourceRecord> records) {
        ResourceLedger ledger = context.ledger();
        for (ResourceRecord r : records) {
            try {
                if (r.state() != ResourceState.DELETING) {
                    ledger.deleting(r.resourceId());
                }
                boolean recent = calls.mayBeInvisible(lastWrite(r));
                String groupId = r.externalId() != null ? r.externalId()
                        : SecurityGroups.find(calls, r.name()).map(SecurityGroup::groupId).orElse(null);
                if (groupId == null && recent) {
                    groupId = calls.waiter().until("security group " + r.name() + " to be listed", calls.consistency(),
                            calls.pollInterval(), () -> SecurityGroups.find(calls, r.name()).map(SecurityGroup::groupId)
                                    .or(() -> calls.mayBeInvisible(lastWrite(r)) ? Optional.empty() : Optional.of("")));
                }
                if (groupId != null && !groupId.isEmpty()) {
                    SecurityGroups.delete(calls, groupId, recent, config.destroyTimeout());
                    groupIds.add(groupId);
                }
                ledger.forget(r.resourceId());
                context.progress().report(Ec2ProviderFactory.NAME + ": security group " + r.name() + " deleted");
            } catch (RuntimeException e) {
                keep(r, Ec2Errors.translate("deleting security group " + r.name(), e));
            }
        }
    }

    void keyPairs(List<ResourceRecord> records) {
        ResourceLedger ledger = context.ledger();
        for (ResourceRecord r : records) {
            try {
                if (r.state() != ResourceState.DELETING) {
                    ledger.deleting(r.resourceId());
                }
                deleteKeyPair(r.name(), calls.mayBeInvisible(lastWrite(r)));
                keyNames.add(r.name());
                ledger.forget(r.resourceId());
                context.progress().report(Ec2ProviderFactory.NAME + ": key pair " + r.name() + " deleted");
            } catch (RuntimeException e) {
                keep(r, Ec2Errors.translate("deleting key pair " + r.name(), e));
            }
        }
    }

    /** DeleteKeyPair (which succeeds for a name EC2 does not know), repeated while EC2 still lists it. */
    private void deleteKeyPair(String name, boolean recent) {
        calls.waiter().until("key pair " + name + " to be deleted", recent ? calls.consistency() : config.destroyTimeout(),
                calls.pollInterval(), () -> {
                    KeyPairs.deleteByName(calls, name);
                    return KeyPairs.exists(calls, name) ? Optional.empty() : Optional.of(true);
                });
    }

    // ------------------------------------------------------------------ what has no record

    private void sweepInstances() {
        Map<String, ResourceRecord> unrecorded = new LinkedHashMap<>();
        for (Instance i : calls.instancesOfDeployment(context.deploymentId())) {
            if (!instanceIds.contains(i.instanceId()) && InstancePhase.of(i.state().name()) != InstancePhase.GONE) {
                unrecorded.put(i.instanceId(), null);
                found("instance " + i.instanceId() + " (" + tag(i.tags(), Ec2Names.RESOURCE_TAG) + ", "
                        + i.state().nameAsString() + ")", "terminating it");
            }
        }
        if (!unrecorded.isEmpty()) {
            terminate(unrecorded);
            instanceIds.addAll(unrecorded.keySet());
        }
    }

    private void sweepGroups() {
        for (SecurityGroup g : SecurityGroups.ofDeployment(calls, context.deploymentId())) {
            if (!groupIds.contains(g.groupId())) {
                found("security group " + g.groupId() + " (" + g.groupName() + ")", "deleting it");
                try {
                    SecurityGroups.delete(calls, g.groupId(), false, config.destroyTimeout());
                } catch (RuntimeException e) {
                    keepUnrecorded("security group " + g.groupId(), Ec2Errors.translate("deleting " + g.groupId(), e));
                }
            }
        }
    }

    private void sweepKeyPairs() {
        for (KeyPairInfo k : KeyPairs.ofDeployment(calls, context.deploymentId())) {
            if (!keyNames.contains(k.keyName())) {
                found("key pair " + k.keyName() + " (" + k.keyPairId() + ")", "deleting it");
                try {
                    deleteKeyPair(k.keyName(), false);
                } catch (RuntimeException e) {
                    keepUnrecorded("key pair " + k.keyName(), Ec2Errors.translate("deleting " + k.keyName(), e));
                }
            }
        }
    }

    private void found(String what, String action) {
        String line = Ec2ProviderFactory.NAME + ": found " + what + " tagged " + Ec2Names.DEPLOYMENT_TAG + "="
                + context.deploymentId() + " without a record: " + action;
        LOG.warn(line);
        context.progress().report(line);
    }

    private static String tag(List<software.amazon.awssdk.services.ec2.model.Tag> tags, String key) {
        return tags.stream().filter(t -> key.equals(t.key())).map(t -> key + "=" + t.value()).findFirst().orElse("no "
                + key + " tag");
    }

    // ------------------------------------------------------------------ bookkeeping

    private void keep(ResourceRecord r, CloudrigException e) {
        if (r == null) {
            keepUnrecorded("an unrecorded instance", e);
            return;
        }
        kept.putIfAbsent(r.resourceId(), Outcomes.reason(e));
        causes.putIfAbsent(r.resourceId(), e);
        LOG.warn("{}: {} kept: {}", Ec2ProviderFactory.NAME, r.resourceId(), e.getMessage());
    }

    private void keepUnrecorded(String what, CloudrigException e) {
        kept.putIfAbsent(what, Outcomes.reason(e));
        causes.putIfAbsent(what, e);
    }

    /** When a record was last written: no later than its resource's creation was asked for. */
    static Instant lastWrite(ResourceRecord r) {
        return r.updatedAt() != null ? r.updatedAt() : r.createdAt();
    }
}
