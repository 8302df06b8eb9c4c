package io.cloudrig.model.store;

import io.cloudrig.model.Deployment;
import io.cloudrig.model.DeploymentStatus;
import io.cloudrig.model.DeploymentSummary;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.cloudrig.model.store.Attributes.n;
import static io.cloudrig.model.store.Attributes.s;

/**
 * The deployment queries of {@link DynamoDbDeploymentStore}, over the two indexes and page by page: deployments by
 * parent ({@code gsi1}, oldest first) and deployments whose lease ran out ({@code gsi2}, the sparse lease index).
 * Index reads are eventually consistent: a caller acts on what it finds through conditional writes only.
 */
final class DeploymentQueries {
    private final DynamoDbClient client;
    private final String table;
    private final ItemSecrets secrets;

    DeploymentQueries(DynamoDbClient client, String table, ItemSecrets secrets) {
        this.client = client;
        this.table = table;
        this.secrets = secrets;
    }

    /** The children of {@code parentId}, or the top-level deployments when it is null; oldest first. */
    List<Deployment> byParent(String parentId) {
        return all(parentQuery(parentId));
    }

    private QueryRequest.Builder parentQuery(String parentId) {
        return QueryRequest.builder().tableName(table).indexName(DeploymentTable.GSI1)
                .keyConditionExpression(DeploymentTable.GSI1_PK + " = :p")
                .expressionAttributeValues(Map.of(":p", s(ItemKeys.parentIndexKey(parentId))));
    }

    /**
     * {@link #byParent} without the secret attributes: the query projects the summary's attributes only, so no data key
     * is opened and less is read.
     */
    List<DeploymentSummary> summariesByParent(String parentId) {
        return client.queryPaginator(parentQuery(parentId).projectionExpression(DeploymentItems.SUMMARY_PROJECTION)
                .expressionAttributeNames(DeploymentItems.SUMMARY_NAMES).build()).items().stream()
                .map(DeploymentItems::summaryFromItem).toList();
    }

    /** Deployments working ({@code deploy->started}, {@code deploy->subdeploy}, {@code cleanup->started}) whose lease ran out. */
    List<Deployment> expiredLeases(Instant now) {
        return leasesExpiredBefore(now, "#status = :s1 OR #status = :s2 OR #status = :s3",
                Map.of("#status", DeploymentItems.STATUS),
                Map.of(":s1", s(DeploymentStatus.DEPLOY_STARTED.value()), ":s2", s(DeploymentStatus.CLEANUP_STARTED.value()),
                        ":s3", s(DeploymentStatus.DEPLOY_SUBDEPLOY.value())));
    }

    /** Deployments in any status whose lease {@code owner} holds and which ran out. */
    List<Deployment> leasesHeldBy(String owner, Instant now) {
        return leasesExpiredBefore(now, "#owner = :owner", Map.of("#owner", DeploymentItems.LEASE_OWNER),
                Map.of(":owner", s(owner)));
    }

    /** The ids of the deployments whose expiry item is due before {@code now} (the sweeper's next look at them). */
    List<String> expiryDue(Instant now) {
        return client.queryPaginator(QueryRequest.builder().tableName(table).indexName(DeploymentTable.GSI2)
                .keyConditionExpression(DeploymentTable.GSI2_PK + " = :expiry AND " + DeploymentTable.GSI2_SK + " < :now")
                .expressionAttributeValues(Map.of(":expiry", s(ItemKeys.EXPIRY_INDEX_KEY), ":now", n(now.toEpochMilli())))
                .build()).items().stream().map(i -> i.get(DeploymentItems.NAME_GUARD_ID).s()).toList();
    }

    private List<Deployment> leasesExpiredBefore(Instant now, String filter, Map<String, String> names,
                                                 Map<String, AttributeValue> filterValues) {
        Map<String, AttributeValue> values = new HashMap<>(filterValues);
        values.put(":lease", s(ItemKeys.LEASE_INDEX_KEY));
        values.put(":now", n(now.toEpochMilli()));
        return all(QueryRequest.builder().tableName(table).indexName(DeploymentTable.GSI2)
                .keyConditionExpression(DeploymentTable.GSI2_PK + " = :lease AND " + DeploymentTable.GSI2_SK + " < :now")
                .filterExpression(filter).expressionAttributeNames(names).expressionAttributeValues(values));
    }

    /** Every deployment the query finds, page by page. */
    private List<Deployment> all(QueryRequest.Builder query) {
        return client.queryPaginator(query.build()).items().stream().map(i -> DeploymentItems.fromItem(secrets.open(i))).toList();
    }
}
