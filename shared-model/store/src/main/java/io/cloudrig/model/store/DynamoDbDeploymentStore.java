package io.cloudrig.model.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudrig.aws.AwsClients;
import io.cloudrig.aws.AwsEndpoint;
import io.cloudrig.model.Credentials;
import io.cloudrig.model.Deployment;
import io.cloudrig.model.DeploymentStatus;
import io.cloudrig.model.DeploymentSummary;
import io.cloudrig.model.ResourceRecord;
import io.cloudrig.model.StatusTransitions;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link DeploymentStore} on one DynamoDB table: {@link DeploymentTable} defines it (and {@link TableSetup} creates
 * it on local endpoints), {@link ItemKeys} lays the items out, {@link DeploymentItems} and {@link ResourceItems}
 * encode them. The conditional deployment writes are {@link DeploymentWrites}, the index queries
 * {@link DeploymentQueries}, the resource records {@link DynamoDbResourceRecords}, the processed-event markers and
 * tombstones {@link EventMarkers}. Reads of single items are strongly consistent.
 *
 * <p>Secrets are sealed at rest ({@link ItemSecrets}): every deployment's config, recreate config, credentials and
 * servers are encrypted with its own data key, kept wrapped by the store's {@link MasterKey} on the deployment's item
 * and deleted with it. {@link Builder#secrets} names the master key; without it, {@link MasterKeyDefaults} picks the
 * configured KMS key, or the embedded runtime's key file for a DynamoDB on this machine, and fails for AWS without one.
 */
public final class DynamoDbDeploymentStore implements DeploymentStore {
    public static final String DEFAULT_TABLE = "cloudrig";

    private final DynamoDbClient client;
    private final String table;
    private final Clock clock;
    private final DeploymentQueries queries;
    private final DynamoDbResourceRecords resources;
    private final EventMarkers markers;
    private final DeploymentWrites writes;
    private final ItemSecrets secrets;
    private final ProgressLog progress;

    private DynamoDbDeploymentStore(Builder b) {
        this.client = Objects.requireNonNull(b.client, "client: expected a DynamoDB client but was null");
        this.table = b.tableName;
        this.clock = b.clock;
        MasterKey master = b.masterKey != null ? b.masterKey
                : MasterKeyDefaults.resolve(client, System.getenv(), System.getProperties());
        this.secrets = new ItemSecrets(client, table, new DataKeys(master));
        this.queries = new DeploymentQueries(client, table, secrets);
        this.resources = new DynamoDbResourceRecords(client, table, clock);
        this.markers = new EventMarkers(client, table, clock);
        this.progress = new ProgressLog(client, table, clock);
        this.writes = new DeploymentWrites(client, table, clock, markers, secrets, progress);
        if (b.createTableIfMissing) {
            createTableIfMissing();
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A client for a local endpoint (DynamoDB Local): static dummy credentials, us-east-1, URL-connection HTTP. */
    public static DynamoDbClient localClient(URI endpoint) {
        return AwsClients.build(DynamoDbClient.builder(), AwsEndpoint.at(endpoint));
    }

    public String tableName() {
        return table;
    }

    /** The master key that wraps the deployments' data keys. */
    public MasterKey masterKey() {
        return secrets.master();
    }

    /**
     * Creates the table as {@link DeploymentTable#DEFINITION} describes it if absent, or adds what an older table
     * lacks (for local endpoints; in AWS, Terraform makes it).
     */
    public void createTableIfMissing() {
        new TableSetup(client, table, DeploymentTable.DEFINITION).createOrMigrate();
    }

    // ------------------------------------------------------------------ deployments

    @Override
    public Deployment create(Deployment d) {
        return writes.create(d);
    }

    @Override
    public Optional<Deployment> get(String id) {
        Map<String, AttributeValue> item = client.getItem(b -> b.tableName(table).consistentRead(true)
                .key(ItemKeys.deployment(id))).item();
        return item == null || item.isEmpty() ? Optional.empty()
                : Optional.of(DeploymentItems.fromItem(secrets.open(item)));
    }

    @Override
    public Optional<Deployment> getByName(String name) {
        Map<String, AttributeValue> item = client.getItem(b -> b.tableName(table).consistentRead(true)
                .key(ItemKeys.name(name))).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return get(item.get(DeploymentItems.NAME_GUARD_ID).s());
    }

    @Override
    public List<Deployment> list() {
        return queries.byParent(null);
    }

    @Override
    public List<DeploymentSummary> listSummaries() {
        return queries.summariesByParent(null);
    }

    @Override
    public List<Deployment> listChildren(String parentId) {
        return queries.byParent(Objects.requireNonNull(parentId, "parentId: expected a deployment id but was null"));
    }

    @Override
    public Deployment transition(String id, DeploymentStatus from, DeploymentStatus to, Change change) {
        StatusTransitions.check(from, to);
        return writes.transition(id, from, to, change.snapshot());
    }

    @Override
    public Deployment update(String id, long expectedVersion, Change change) {
        return writes.update(id, expectedVersion, change.snapshot());
    }

    @Override
    public Deployment setCredentials(String id, Credentials credentials) {
        for (int attempt = 0; ; attempt++) {
            Deployment d = get(id).orElseThrow(() -> new DeploymentNotFoundException(id));
            try {
                return update(id, d.version(), Change.builder().credentials(credentials));
            } catch (StatusConflictException e) {
                if (attempt >= 5 || e.actual() == null) {
                    throw e;
                }
            }
        }
    }

    @Override
    public boolean destroyRequestForced(String id) {
        Map<String, AttributeValue> item = client.getItem(b -> b.tableName(table).consistentRead(true)
                .key(ItemKeys.deployment(id)).projectionExpression("#f")
                .expressionAttributeNames(Map.of("#f", DeploymentItems.DESTROY_FORCED))).item();
        AttributeValue forced = item == null ? null : item.get(DeploymentItems.DESTROY_FORCED);
        return forced != null && Boolean.TRUE.equals(forced.bool());
    }

    @Override
    public boolean renewLease(String id, DeploymentStatus status, String owner, Instant expiresAt) {
        return writes.renewLease(id, status, owner, expiresAt);
    }

    @Override
    public List<Deployment> findExpiredLeases(Instant now) {
        return queries.expiredLeases(now);
    }

    @Override
    public List<Deployment> findLeasesHeldBy(String owner, Instant now) {
        return queries.leasesHeldBy(owner, now);
    }

    @Override
    public boolean clearLease(String id, String owner) {
        return writes.clearLease(id, owner);
    }

    @Override
    public void delete(String id) {
        Optional<Deployment> d = get(id);
        if (d.isPresent()) {
            writes.delete(d.get());
            progress.delete(id);
        }
    }

    // ------------------------------------------------------------------ expiry, progress, requests

    @Override
    public List<Deployment> findExpired(Instant now) {
        List<Deployment> out = new ArrayList<>();
        for (String id : queries.expiryDue(now)) {
            Optional<Deployment> d = get(id);
            if (d.isEmpty()) {
                clearExpiry(id); // its deployment is gone
            } else if (d.get().expiresAt() != null && d.get().expiresAt().isBefore(now)) {
                out.add(d.get());
            }
        }
        return out;
    }

    @Override
    public void postponeExpiry(String id, Instant next) {
        try {
            client.updateItem(b -> b.tableName(table).key(ItemKeys.expiry(id)).updateExpression("SET #sk = :next")
                    .conditionExpression("attribute_exists(pk)").expressionAttributeNames(Map.of("#sk", DeploymentTable.GSI2_SK))
                    .expressionAttributeValues(Map.of(":next", Attributes.n(next.toEpochMilli()))));
        } catch (ConditionalCheckFailedException e) {
            // done with already (cleared, or deleted with its deployment)
        }
    }

    @Override
    public void clearExpiry(String id) {
        client.deleteItem(b -> b.tableName(table).key(ItemKeys.expiry(id)));
    }

    @Override
    public void appendProgress(String id, String line) {
        progress.append(id, line);
    }

    @Override
    public List<ProgressLine> progress(String id, long afterSeq) {
        return progress.after(id, afterSeq);
    }

    /** The master key of this store's data keys: a self-contained request's secrets are sealed with it too. */
    @Override
    public Optional<MasterKey> requestKey() {
        return Optional.of(secrets.master());
    }

    @Override
    public boolean wasDeleted(String id) {
        return markers.wasDeleted(id);
    }

    // ------------------------------------------------------------------ resources

    @Override
    public ResourceRecord addResource(ResourceRecord record) {
        return resources.add(record);
    }

    @Override
    public ResourceRecord markResourceCreated(String deploymentId, String resourceId, String externalId, ObjectNode info) {
        return resources.markCreated(deploymentId, resourceId, externalId, info);
    }

    @Override
    public ResourceRecord markResourceDeleting(String deploymentId, String resourceId) {
        return resources.markDeleting(deploymentId, resourceId);
    }

    @Override
    public Optional<ResourceRecord> getResource(String deploymentId, String resourceId) {
        return resources.get(deploymentId, resourceId);
    }

    @Override
    public List<ResourceRecord> listResources(String deploymentId) {
        return resources.list(deploymentId);
    }

    @Override
    public void deleteResource(String deploymentId, String resourceId) {
        resources.delete(deploymentId, resourceId);
    }

    // ------------------------------------------------------------------ processed events

    @Override
    public boolean markEventProcessed(String eventId, String deploymentId, String outcome) {
        return markers.markProcessed(eventId, deploymentId, outcome);
    }

    @Override
    public Optional<ProcessedEvent> processedEvent(String eventId) {
        return markers.processed(eventId);
    }

    /**
     * One BatchGetItem of the marker and the deployment, both strongly consistent (one round trip instead of two); keys
     * DynamoDB leaves unprocessed (throttling) are read one by one.
     */
    @Override
    public EventLookup lookUp(String eventId, String deploymentId) {
        Map<String, AttributeValue> eventKey = ItemKeys.event(eventId);
        Map<String, AttributeValue> deploymentKey = ItemKeys.deployment(deploymentId);
        BatchGetItemResponse r = client.batchGetItem(b -> b.requestItems(Map.of(table, KeysAndAttributes.builder()
                .keys(eventKey, deploymentKey).consistentRead(true).build())));
        if (r.hasUnprocessedKeys() && !r.unprocessedKeys().isEmpty()) {
            return DeploymentStore.super.lookUp(eventId, deploymentId);
        }
        Map<String, AttributeValue> marker = null;
        Map<String, AttributeValue> deployment = null;
        for (Map<String, AttributeValue> item : r.responses().getOrDefault(table, List.of())) {
            if (ItemKeys.isKey(item, eventKey)) {
                marker = item;
            } else if (ItemKeys.isKey(item, deploymentKey)) {
                deployment = item;
            }
        }
        return new EventLookup(EventMarkers.processedFrom(eventId, marker), deployment == null ? Optional.empty()
                : Optional.of(DeploymentItems.fromItem(secrets.open(deployment))));
    }

    /** Builds a store; the table is {@value #DEFAULT_TABLE} unless named, and is not created unless asked. */
    public static final class Builder {
        private DynamoDbClient client;
        private String tableName = DEFAULT_TABLE;
        private boolean createTableIfMissing;
        private Clock clock = Clock.systemUTC();
        private MasterKey masterKey;

        private Builder() {
        }

        /**
         * The master key of the deployments' data keys: {@link MasterKey#kms} in AWS, {@link MasterKey#inHome} for the
         * embedded runtime. Unset, the settings decide ({@link MasterKeyDefaults}: {@code CLOUDRIG_SECRETS_KMS_KEY_ID},
         * else {@code $CLOUDRIG_HOME/keys/master.key} for a DynamoDB on this machine), and {@link #build()} fails for
         * a DynamoDB in AWS without a KMS key.
         */
        public Builder secrets(MasterKey masterKey) {
            this.masterKey = Objects.requireNonNull(masterKey, "secrets: expected a master key but was null");
            return this;
        }

        public Builder client(DynamoDbClient client) {
            this.client = client;
            return this;
        }

        public Builder tableName(String tableName) {
            this.tableName = Objects.requireNonNull(tableName, "tableName: expected a table name but was null");
            return this;
        }

        /** Create the table on first use (local endpoints). Off by default: in AWS the table comes from Terraform. */
        public Builder createTableIfMissing(boolean create) {
            this.createTableIfMissing = create;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock: expected a clock but was null");
            return this;
        }

        /** @throws io.cloudrig.model.CloudrigException (INVALID_CONFIG) when no master key is set or configured */
        public DynamoDbDeploymentStore build() {
            return new DynamoDbDeploymentStore(this);
        }
    }
}
