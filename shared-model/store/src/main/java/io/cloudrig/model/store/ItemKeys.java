package io.cloudrig.model.store;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.Map;

import static io.cloudrig.model.store.DeploymentTable.PK;
import static io.cloudrig.model.store.DeploymentTable.SK;

/**
 * Where each kind of item lives in the one table (single-table design):
 * <pre>
 * pk              sk          what
 * DEP#{id}        #META       the deployment (status, version, lease, resourceCount, progressSeq, gsi1 = parent index)
 * DEP#{id}        RES#{rid}   a resource record
 * NAME#{name}     #NAME       the unique-name guard (written in one transaction with the deployment)
 * EVT#{eventId}   #EVT        a processed-event marker with the outcome to re-emit (ttl 14 days)
 * DEP#{id}        #GONE       the tombstone of a deleted deployment (ttl 14 days), written with the delete
 * DEP#{id}        #EXPIRY     when the sweeper looks at its expiry next (gsi2pk = EXPIRY, gsi2sk = that time)
 * DEP#{id}        PROG#{nn}   one of its last {@value DeploymentStore#PROGRESS_KEPT} progress lines (a ring, ttl 14 days)
 * </pre>
 * and the values of the index keys ({@code gsi1pk = PARENT#{parentId|-}}, {@code gsi2pk = LEASE} or {@code EXPIRY}).
 */
final class ItemKeys {
    static final String META = "#META";
    static final String RESOURCE_PREFIX = "RES#";
    static final String NAME_SORT = "#NAME";
    static final String EVENT_SORT = "#EVT";
    static final String GONE = "#GONE";
    /** {@code gsi2pk} of every deployment that holds a lease. */
    static final String LEASE_INDEX_KEY = "LEASE";
    /** {@code gsi2pk} of the expiry item of every deployment that has an expiry still to act on. */
    static final String EXPIRY_INDEX_KEY = "EXPIRY";
    static final String EXPIRY_SORT = "#EXPIRY";
    static final String PROGRESS_PREFIX = "PROG#";
    /** The parent of top-level deployments in {@code gsi1pk}. */
    static final String NO_PARENT = "-";

    private ItemKeys() {
    }

    static String deploymentPartition(String id) {
        return "DEP#" + id;
    }

    static Map<String, AttributeValue> deployment(String id) {
        return key(deploymentPartition(id), META);
    }

    static Map<String, AttributeValue> resource(String deploymentId, String resourceId) {
        return key(deploymentPartition(deploymentId), RESOURCE_PREFIX + resourceId);
    }

    static Map<String, AttributeValue> name(String name) {
        return key("NAME#" + name, NAME_SORT);
    }

    static Map<String, AttributeValue> event(String eventId) {
        return key("EVT#" + eventId, EVENT_SORT);
    }

    static Map<String, AttributeValue> expiry(String id) {
        return key(deploymentPartition(id), EXPIRY_SORT);
    }

    static Map<String, AttributeValue> progressLine(String id, long seq) {
        return key(deploymentPartition(id), PROGRESS_PREFIX + String.format("%02d", seq % DeploymentStore.PROGRESS_KEPT));
    }

    static Map<String, AttributeValue> tombstone(String id) {
        return key(deploymentPartition(id), GONE);
    }

    /** {@code gsi1pk} of the children of {@code parentId} (null: top-level deployments). */
    static String parentIndexKey(String parentId) {
        return "PARENT#" + (parentId == null ? NO_PARENT : parentId);
    }

    /** Whether {@code item} is the one under {@code key} (its partition and sort key are the key's). */
    static boolean isKey(Map<String, AttributeValue> item, Map<String, AttributeValue> key) {
        return key.get(PK).equals(item.get(PK)) && key.get(SK).equals(item.get(SK));
    }

    static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of(PK, Attributes.s(pk), SK, Attributes.s(sk));
    }
}
