package io.cloudrig.model.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.Credentials;
import io.cloudrig.model.Deployment;
import io.cloudrig.model.DeploymentStatus;
import io.cloudrig.model.ErrorCode;
import io.cloudrig.model.Json;
import io.cloudrig.model.ResourceRecord;
import io.cloudrig.model.ResourceState;
import io.cloudrig.model.StatusTransitions;
import io.cloudrig.aws.AwsClients;
import io.cloudrig.aws.AwsEndpoint;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexUpdate;
import software.amazon.awssdk.services.dynamodb.model.IndexStatus;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link DeploymentStore} on one DynamoDB table (single-table design):
 * <pre>
 * pk              sk          what
 * DEP#{id}        #META       the deployment (status, version, lease, resourceCount, gsi1 = parent index)
 * DEP#{id}        RES#{rid}   a resource record
 * NAME#{name}     #NAME       the unique-name guard (written in one transaction with the deployment)
 * EVT#{eventId}   #EVT        a processed-event marker with the outcome to re-emit (ttl 14 days)
 * DEP#{id}        #GONE       the tombstone of a deleted deployment (ttl 14 days), written with the delete
 * </pre>
 * GSI {@code gsi1} ({@code gsi1pk = PARENT#{parentId|-}}, {@code gsi1sk = createdAt#id}) lists deployments by parent.
 * GSI {@code gsi2} is sparse: only a deployment holding a work lease has {@code gsi2pk = LEASE} and
 * {@code gsi2sk = leaseExpiresAt} (epoch ms), so the sweeper queries the expired leases instead of scanning the table.
 * A resource put or delete adjusts {@code resourceCount} on the deployment item in the same transaction, so
 * "delete only without resources" is a plain conditional delete.
 */
public final class DynamoDbDeploymentStore implements DeploymentStore {
    public static final String DEFAULT_TABLE = "cloudrig";
    static final String PK = "pk";
    static final String SK = "sk";
    static final String GSI1 = "gsi1";
    static final String GSI2 = "gsi2";
    private static final String LEASE_INDEX_KEY = "LEASE";
    private static final String META = "#META";
    private static final String RES = "RES#";
    private static final String GONE = "#GONE";
    private static final Duration EVENT_TTL = Duration.ofDays(14);

    private final DynamoDbClient client;
    private final String table;
    private final Clock clock;

    private DynamoDbDeploymentStore(Builder b) {
        this.client = Objects.requireNonNull(b.client, "client");
        this.table = b.tableName;
        this.clock = b.clock;
        if (b.createTableIfMissing) {
            createTableIfMissing();
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * A client for a local endpoint (DynamoDB Local): static dummy credentials, us-east-1, URL-connection HTTP.
     */
    public static DynamoDbClient localClient(URI endpoint) {
        return AwsClients.build(DynamoDbClient.builder(), AwsEndpoint.at(endpoint));
    }

    public String tableName() {
        return table;
    }

    /** Creates the table and its index if absent (for local endpoints; in AWS, Terraform makes it). */
    public void createTableIfMissing() {
        try {
            TableDescription t = client.describeTable(b -> b.tableName(table)).table();
            if (!t.hasGlobalSecondaryIndexes() || t.globalSecondaryIndexes().stream().noneMatch(i -> GSI2.equals(i.indexName()))) {
                addLeaseIndex();
            }
            return;
        } catch (ResourceNotFoundException e) {
            // create below
        }
        try {
            client.createTable(b -> b.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(attr(PK), attr(SK), attr("gsi1pk"), attr("gsi1sk"), attr("gsi2pk"), leaseIndexSortKey())
                    .keySchema(key(PK, KeyType.HASH), key(SK, KeyType.RANGE))
                    .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName(GSI1)
                                    .keySchema(key("gsi1pk", KeyType.HASH), key("gsi1sk", KeyType.RANGE))
                                    .projection(Projection.builder().projectionType(ProjectionType.ALL).build()).build(),
                            GlobalSecondaryIndex.builder().indexName(GSI2).keySchema(leaseIndexKeys())
                                    .projection(Projection.builder().projectionType(ProjectionType.ALL).build()).build()));
        } catch (ResourceInUseException e) {
            // created concurrently by another process: fine
        }
        client.waiter().waitUntilTableExists(b -> b.tableName(table));
    }

    /**
     * Upgrades a table made before the lease index existed (an embedded store on disk): adds {@code gsi2}, waits until
     * it is active, then indexes the leases already held, so the sweeper finds them too.
     */
    private void addLeaseIndex() {
        client.updateTable(b -> b.tableName(table)
                .attributeDefinitions(attr("gsi2pk"), leaseIndexSortKey())
                .globalSecondaryIndexUpdates(GlobalSecondaryIndexUpdate.builder().create(c -> c.indexName(GSI2)
                        .keySchema(leaseIndexKeys())
                        .projection(Projection.builder().projectionType(ProjectionType.ALL).build())).build()));
        for (int i = 0; i < 600; i++) {
            boolean active = client.describeTable(b -> b.tableName(table)).table().globalSecondaryIndexes().stream()
                    .anyMatch(x -> GSI2.equals(x.indexName()) && x.indexStatus() == IndexStatus.ACTIVE);
            if (active) {
                break;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CloudrigException(ErrorCode.INTERNAL, "interrupted while adding the lease index to " + table);
            }
        }
        client.scanPaginator(b -> b.tableName(table).consistentRead(true)
                        .filterExpression("sk = :meta AND attribute_exists(leaseExpiresAt)")
                        .expressionAttributeValues(Map.of(":meta", s(META))))
                .items().forEach(item -> client.updateItem(b -> b.tableName(table).key(key(item.get(PK).s(), META))
                        .updateExpression("SET gsi2pk = :lease, gsi2sk = leaseExpiresAt")
                        .conditionExpression("attribute_exists(leaseExpiresAt)")
                        .expressionAttributeValues(Map.of(":lease", s(LEASE_INDEX_KEY)))));
    }

    private static AttributeDefinition leaseIndexSortKey() {
        return AttributeDefinition.builder().attributeName("gsi2sk").attributeType(ScalarAttributeType.N).build();
    }

    private static List<KeySchemaElement> leaseIndexKeys() {
        return List.of(key("gsi2pk", KeyType.HASH), key("gsi2sk", KeyType.RANGE));
    }

    private static AttributeDefinition attr(String name) {
        return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }

    // ------------------------------------------------------------------ deployments

    @Override
    public Deployment create(Deployment d) {
        if (d.status() != DeploymentStatus.DEPLOY_INIT) {
            throw new IllegalArgumentException("status: expected 'deploy->init' for a new deployment but was '"
                    + d.status().value() + "'");
        }
        Instant now = clock.instant();
        Deployment stored = d.toBuilder().createdAt(now).updatedAt(now).version(1).build();
        Map<String, AttributeValue> item = toItem(stored);
        item.put("resourceCount", n(0));
        Map<String, AttributeValue> nameItem = new HashMap<>();
        nameItem.put(PK, s("NAME#" + d.name()));
        nameItem.put(SK, s("#NAME"));
        nameItem.put("deploymentId", s(d.id()));
        try {
            client.transactWriteItems(b -> b.transactItems(
                    TransactWriteItem.builder().put(p -> p.tableName(table).item(nameItem)
                            .conditionExpression("attribute_not_exists(pk)")).build(),
                    TransactWriteItem.builder().put(p -> p.tableName(table).item(item)
                            .conditionExpression("attribute_not_exists(pk)")).build()));
        } catch (TransactionCanceledException e) {
            List<CancellationReason> reasons = e.cancellationReasons();
            if (!reasons.isEmpty() && "ConditionalCheckFailed".equals(reasons.get(0).code())) {
                throw new DeploymentNameTakenException(d.name());
            }
            if (reasons.size() > 1 && "ConditionalCheckFailed".equals(reasons.get(1).code())) {
                throw new CloudrigException(ErrorCode.CONFLICT, "id: a deployment with id " + d.id() + " exists already");
            }
            throw new CloudrigException(ErrorCode.CONFLICT, "create of deployment '" + d.name() + "' was cancelled: "
                    + reasonCodes(reasons), e);
        }
        return stored;
    }

    @Override
    public Optional<Deployment> get(String id) {
        Map<String, AttributeValue> item = client.getItem(b -> b.tableName(table).consistentRead(true)
                .key(key("DEP#" + id, META))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    @Override
    public Optional<Deployment> getByName(String name) {
        Map<String, AttributeValue> item = client.getItem(b -> b.tableName(table).consistentRead(true)
                .key(key("NAME#" + name, "#NAME"))).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return get(item.get("deploymentId").s());
    }

    @Override
    public List<Deployment> list() {
        return byParent("-");
    }

    @Override
    public List<Deployment> listChildren(String parentId) {
        return byParent(Objects.requireNonNull(parentId, "parentId"));
    }

    private List<Deployment> byParent(String parent) {
        return deployments(QueryRequest.builder().tableName(table).indexName(GSI1)
                .keyConditionExpression("gsi1pk = :p").expressionAttributeValues(Map.of(":p", s("PARENT#" + parent))));
    }

    @Override
    public Deployment transition(String id, DeploymentStatus from, DeploymentStatus to, Change change) {
        StatusTransitions.check(from, to);
        Update u = new Update(clock.instant());
        u.set("#status", "status", s(to.value()));
        u.names.put("#status", "status");
        u.values.put(":from", s(from.value()));
        apply(u, change);
        String condition = "#status = :from";
        if (change.leaseExpiredBefore != null) {
            u.values.put(":expiredBefore", n(change.leaseExpiredBefore.toEpochMilli()));
            condition += " AND leaseExpiresAt < :expiredBefore";
        }
        return write(id, u, condition, "status '" + from.value() + "'"
                + (change.leaseExpiredBefore != null ? " with an expired lease" : ""));
    }

    @Override
    public Deployment update(String id, long expectedVersion, Change change) {
        Update u = new Update(clock.instant());
        u.values.put(":ev", n(expectedVersion));
        apply(u, change);
        return write(id, u, "version = :ev", "version " + expectedVersion);
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
    public boolean renewLease(String id, DeploymentStatus status, String owner, Instant expiresAt) {
        Update u = new Update(clock.instant());
        u.set("leaseExpiresAt", "leaseExpiresAt", n(expiresAt.toEpochMilli()));
        u.set("gsi2sk", "gsi2sk", n(expiresAt.toEpochMilli()));
        u.names.put("#status", "status");
        u.values.put(":st", s(status.value()));
        u.values.put(":owner", s(owner));
        try {
            write(id, u, "#status = :st AND leaseOwner = :owner", "lease of " + owner);
            return true;
        } catch (StatusConflictException e) {
            return false;
        }
    }

    @Override
    public List<Deployment> findExpiredLeases(Instant now) {
        return leasesExpiredBefore(now, "#status = :s1 OR #status = :s2 OR #status = :s3", Map.of("#status", "status"),
                Map.of(":s1", s(DeploymentStatus.DEPLOY_STARTED.value()), ":s2", s(DeploymentStatus.CLEANUP_STARTED.value()),
                        ":s3", s(DeploymentStatus.DEPLOY_SUBDEPLOY.value())));
    }

    @Override
    public List<Deployment> findLeasesHeldBy(String owner, Instant now) {
        return leasesExpiredBefore(now, "leaseOwner = :owner", null, Map.of(":owner", s(owner)));
    }

    /** The deployments in the lease index ({@code gsi2}) whose lease ran out before {@code now}, filtered. */
    private List<Deployment> leasesExpiredBefore(Instant now, String filter, Map<String, String> names,
                                                 Map<String, AttributeValue> filterValues) {
        Map<String, AttributeValue> values = new HashMap<>(filterValues);
        values.put(":lease", s(LEASE_INDEX_KEY));
        values.put(":now", n(now.toEpochMilli()));
        return deployments(QueryRequest.builder().tableName(table).indexName(GSI2)
                .keyConditionExpression("gsi2pk = :lease AND gsi2sk < :now").filterExpression(filter)
                .expressionAttributeNames(names).expressionAttributeValues(values));
    }

    /** Every deployment a query finds, page by page. */
    private List<Deployment> deployments(QueryRequest.Builder query) {
        return client.queryPaginator(query.build()).items().stream().map(DynamoDbDeploymentStore::fromItem)
                .collect(java.util.stream.Collectors.toList());
    }

    @Override
    public boolean clearLease(String id, String owner) {
        Update u = new Update(clock.instant());
        apply(u, Change.builder().clearLease());
        u.values.put(":owner", s(owner));
        try {
            write(id, u, "leaseOwner = :owner", "lease of " + owner);
            return true;
        } catch (StatusConflictException | DeploymentNotFoundException e) {
            return false;
        }
    }

    @Override
    public void delete(String id) {
        Deployment d = get(id).orElse(null);
        if (d == null) {
            return;
        }
        try {
            client.transactWriteItems(b -> b.transactItems(
                    TransactWriteItem.builder().delete(x -> x.tableName(table).key(key("DEP#" + id, META))
                            .conditionExpression("attribute_exists(pk) AND resourceCount = :zero")
                            .expressionAttributeValues(Map.of(":zero", n(0)))
                            .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)).build(),
                    TransactWriteItem.builder().delete(x -> x.tableName(table).key(key("NAME#" + d.name(), "#NAME"))
                            .conditionExpression("deploymentId = :id")
                            .expressionAttributeValues(Map.of(":id", s(id)))).build(),
                    TransactWriteItem.builder().put(x -> x.tableName(table).item(tombstone(d))).build()));
        } catch (TransactionCanceledException e) {
            CancellationReason r = e.cancellationReasons().get(0);
            if ("ConditionalCheckFailed".equals(r.code())) {
                if (r.item() == null || r.item().isEmpty()) {
                    return; // deleted concurrently
                }
                throw new DeploymentBusyException(id, Long.parseLong(r.item().get("resourceCount").n()));
            }
            throw new CloudrigException(ErrorCode.CONFLICT, "delete of deployment " + id + " was cancelled: "
                    + reasonCodes(e.cancellationReasons()), e);
        }
    }

    private Map<String, AttributeValue> tombstone(Deployment d) {
        Instant now = clock.instant();
        Map<String, AttributeValue> item = new HashMap<>(key("DEP#" + d.id(), GONE));
        item.put("name", s(d.name()));
        item.put("deletedAt", s(now.toString()));
        item.put("ttl", n(now.plus(EVENT_TTL).getEpochSecond()));
        return item;
    }

    @Override
    public boolean wasDeleted(String id) {
        return client.getItem(b -> b.tableName(table).consistentRead(true).key(key("DEP#" + id, GONE))).hasItem();
    }

    // ------------------------------------------------------------------ resources

    @Override
    public ResourceRecord addResource(ResourceRecord r) {
        Instant now = clock.instant();
        ResourceRecord stored = r.toBuilder().state(ResourceState.CREATING).createdAt(now).updatedAt(now).build();
        Map<String, AttributeValue> item = resourceItem(stored);
        try {
            client.transactWriteItems(b -> b.transactItems(
                    TransactWriteItem.builder().put(p -> p.tableName(table).item(item)
                            .conditionExpression("attribute_not_exists(pk)")).build(),
                    TransactWriteItem.builder().update(u -> u.tableName(table).key(key("DEP#" + r.deploymentId(), META))
                            .updateExpression("ADD resourceCount :one")
                            .conditionExpression("attribute_exists(pk)")
                            .expressionAttributeValues(Map.of(":one", n(1)))).build()));
            return stored;
        } catch (TransactionCanceledException e) {
            List<CancellationReason> reasons = e.cancellationReasons();
            if ("ConditionalCheckFailed".equals(reasons.get(0).code())) {
                return getResource(r.deploymentId(), r.resourceId()).orElseThrow(() -> new CloudrigException(
                        ErrorCode.CONFLICT, "resource " + r.resourceId() + " was deleted while being added"));
            }
            if (reasons.size() > 1 && "ConditionalCheckFailed".equals(reasons.get(1).code())) {
                throw new DeploymentNotFoundException(r.deploymentId());
            }
            throw new CloudrigException(ErrorCode.CONFLICT, "resource " + r.resourceId() + " was not recorded: "
                    + reasonCodes(reasons), e);
        }
    }

    @Override
    public ResourceRecord markResourceCreated(String deploymentId, String resourceId, String externalId, ObjectNode info) {
        Map<String, String> names = new HashMap<>(Map.of("#state", "state"));
        Map<String, AttributeValue> values = new HashMap<>();
        StringBuilder set = new StringBuilder("SET #state = :st, updatedAt = :now");
        values.put(":st", s(ResourceState.CREATED.value()));
        values.put(":now", s(clock.instant().toString()));
        if (externalId != null) {
            set.append(", externalId = :ext");
            values.put(":ext", s(externalId));
        }
        if (info != null) {
            set.append(", info = :info");
            values.put(":info", s(Json.write(info)));
        }
        return updateResource(deploymentId, resourceId, set.toString(), names, values);
    }

    @Override
    public ResourceRecord markResourceDeleting(String deploymentId, String resourceId) {
        return updateResource(deploymentId, resourceId, "SET #state = :st, updatedAt = :now", Map.of("#state", "state"),
                Map.of(":st", s(ResourceState.DELETING.value()), ":now", s(clock.instant().toString())));
    }

    private ResourceRecord updateResource(String deploymentId, String resourceId, String expr, Map<String, String> names,
                                          Map<String, AttributeValue> values) {
        try {
            return fromResourceItem(client.updateItem(b -> b.tableName(table).key(key("DEP#" + deploymentId, RES + resourceId))
                    .updateExpression(expr).conditionExpression("attribute_exists(pk)")
                    .expressionAttributeNames(names).expressionAttributeValues(values)
                    .returnValues(ReturnValue.ALL_NEW)).attributes());
        } catch (ConditionalCheckFailedException e) {
            throw new CloudrigException(ErrorCode.CONFLICT, "resource " + resourceId + " of deployment " + deploymentId
                    + ": expected a record but there is none");
        }
    }

    @Override
    public Optional<ResourceRecord> getResource(String deploymentId, String resourceId) {
        Map<String, AttributeValue> item = client.getItem(b -> b.tableName(table).consistentRead(true)
                .key(key("DEP#" + deploymentId, RES + resourceId))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromResourceItem(item));
    }

    @Override
    public List<ResourceRecord> listResources(String deploymentId) {
        return client.queryPaginator(QueryRequest.builder().tableName(table).consistentRead(true)
                        .keyConditionExpression("pk = :pk AND begins_with(sk, :res)")
                        .expressionAttributeValues(Map.of(":pk", s("DEP#" + deploymentId), ":res", s(RES)))
                        .build())
                .items().stream().map(DynamoDbDeploymentStore::fromResourceItem).collect(java.util.stream.Collectors.toList());
    }

    @Override
    public void deleteResource(String deploymentId, String resourceId) {
        try {
            client.transactWriteItems(b -> b.transactItems(
                    TransactWriteItem.builder().delete(x -> x.tableName(table).key(key("DEP#" + deploymentId, RES + resourceId))
                            .conditionExpression("attribute_exists(pk)")).build(),
                    TransactWriteItem.builder().update(u -> u.tableName(table).key(key("DEP#" + deploymentId, META))
                            .updateExpression("ADD resourceCount :minus")
                            .conditionExpression("attribute_exists(pk)")
                            .expressionAttributeValues(Map.of(":minus", n(-1)))).build()));
        } catch (TransactionCanceledException e) {
            if ("ConditionalCheckFailed".equals(e.cancellationReasons().get(0).code())) {
                return; // already gone
            }
            throw new CloudrigException(ErrorCode.CONFLICT, "resource " + resourceId + " was not deleted: "
                    + reasonCodes(e.cancellationReasons()), e);
        }
    }

    // ------------------------------------------------------------------ processed events

    @Override
    public boolean markEventProcessed(String eventId, String deploymentId, String outcome) {
        Instant now = clock.instant();
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(PK, s("EVT#" + eventId));
        item.put(SK, s("#EVT"));
        item.put("deploymentId", s(deploymentId));
        item.put("processedAt", s(now.toString()));
        item.put("ttl", n(now.plus(EVENT_TTL).getEpochSecond()));
        if (outcome != null) {
            item.put("outcome", s(outcome));
        }
        try {
            client.putItem(b -> b.tableName(table).item(item).conditionExpression("attribute_not_exists(pk)"));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public Optional<ProcessedEvent> processedEvent(String eventId) {
        Map<String, AttributeValue> item = client.getItem(b -> b.tableName(table).consistentRead(true)
                .key(key("EVT#" + eventId, "#EVT"))).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ProcessedEvent(eventId, item.get("deploymentId").s(),
                item.containsKey("outcome") ? item.get("outcome").s() : null, Instant.parse(item.get("processedAt").s())));
    }

    // ------------------------------------------------------------------ encoding

    /** An UpdateItem under construction: SET and REMOVE clauses plus names and values. */
    private static final class Update {
        final List<String> sets = new ArrayList<>();
        final List<String> removes = new ArrayList<>();
        final Map<String, String> names = new HashMap<>();
        final Map<String, AttributeValue> values = new HashMap<>();

        Update(Instant now) {
            sets.add("version = version + :one");
            sets.add("updatedAt = :now");
            values.put(":one", n(1));
            values.put(":now", s(now.toString()));
        }

        void set(String attrRef, String attr, AttributeValue v) {
            String placeholder = ":" + attr;
            sets.add(attrRef + " = " + placeholder);
            values.put(placeholder, v);
        }

        void remove(String attr) {
            removes.add(attr);
        }

        String expression() {
            return "SET " + String.join(", ", sets) + (removes.isEmpty() ? "" : " REMOVE " + String.join(", ", removes));
        }
    }

    private static void apply(Update u, Change c) {
        if (c.credentials != null) {
            u.set("credentials", "credentials", s(c.credentials.toJson()));
        }
        if (c.errorCode != null) {
            u.set("errorCode", "errorCode", s(c.errorCode.name()));
            u.set("errorMessage", "errorMessage", s(c.errorMessage == null ? "" : c.errorMessage));
        } else if (c.clearError) {
            u.remove("errorCode");
            u.remove("errorMessage");
        }
        if (c.leaseOwner != null) {
            u.set("leaseOwner", "leaseOwner", s(c.leaseOwner));
            u.set("leaseExpiresAt", "leaseExpiresAt", n(c.leaseExpiresAt.toEpochMilli()));
            u.set("gsi2pk", "gsi2pk", s(LEASE_INDEX_KEY));
            u.set("gsi2sk", "gsi2sk", n(c.leaseExpiresAt.toEpochMilli()));
        } else if (c.clearLease) {
            u.remove("leaseOwner");
            u.remove("leaseExpiresAt");
            u.remove("gsi2pk");
            u.remove("gsi2sk");
        }
        if (c.engineState != null) {
            u.set("engineState", "engineState", s(c.engineState));
        } else if (c.clearEngineState) {
            u.remove("engineState");
        }
        if (c.config != null) {
            u.set("config", "config", s(c.config));
        }
        if (c.recreateConfig != null) {
            u.set("recreateConfig", "recreateConfig", s(c.recreateConfig));
        } else if (c.clearRecreate) {
            u.remove("recreateConfig");
        }
        if (c.destroyRequestedAt != null) {
            u.set("destroyRequestedAt", "destroyRequestedAt", n(c.destroyRequestedAt.toEpochMilli()));
        } else if (c.clearDestroyRequested) {
            u.remove("destroyRequestedAt");
        }
        if (c.servers != null) {
            u.set("servers", "servers", s(Json.write(c.servers)));
        }
    }

    private Deployment write(String id, Update u, String condition, String expected) {
        try {
            return fromItem(client.updateItem(b -> b.tableName(table).key(key("DEP#" + id, META))
                    .updateExpression(u.expression()).conditionExpression("attribute_exists(pk) AND " + condition)
                    .expressionAttributeNames(u.names.isEmpty() ? null : u.names).expressionAttributeValues(u.values)
                    .returnValues(ReturnValue.ALL_NEW)
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)).attributes());
        } catch (ConditionalCheckFailedException e) {
            if (!e.hasItem() || e.item().isEmpty()) {
                throw new DeploymentNotFoundException(id);
            }
            throw new StatusConflictException(id, expected, DeploymentStatus.fromValue(e.item().get("status").s()));
        }
    }

    private static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of(PK, s(pk), SK, s(sk));
    }

    private static Map<String, AttributeValue> toItem(Deployment d) {
        Map<String, AttributeValue> m = new HashMap<>();
        m.put(PK, s("DEP#" + d.id()));
        m.put(SK, s(META));
        m.put("id", s(d.id()));
        m.put("name", s(d.name()));
        m.put("config", s(d.config()));
        m.put("status", s(d.status().value()));
        m.put("version", n(d.version()));
        m.put("createdAt", s(d.createdAt().toString()));
        m.put("updatedAt", s(d.updatedAt().toString()));
        m.put("gsi1pk", s("PARENT#" + (d.parentId() == null ? "-" : d.parentId())));
        m.put("gsi1sk", s(d.createdAt() + "#" + d.id()));
        if (d.parentId() != null) {
            m.put("parentId", s(d.parentId()));
        }
        if (!d.credentials().isEmpty()) {
            m.put("credentials", s(d.credentials().toJson()));
        }
        if (d.engineState() != null) {
            m.put("engineState", s(d.engineState()));
        }
        if (!d.servers().isEmpty()) {
            m.put("servers", s(Json.write(d.servers())));
        }
        return m;
    }

    private static Deployment fromItem(Map<String, AttributeValue> m) {
        Deployment.Builder b = Deployment.builder().id(m.get("id").s()).name(m.get("name").s()).config(m.get("config").s())
                .status(DeploymentStatus.fromValue(m.get("status").s())).version(Long.parseLong(m.get("version").n()))
                .createdAt(Instant.parse(m.get("createdAt").s())).updatedAt(Instant.parse(m.get("updatedAt").s()));
        if (m.containsKey("parentId")) {
            b.parentId(m.get("parentId").s());
        }
        if (m.containsKey("credentials")) {
            b.credentials(Credentials.fromJson(m.get("credentials").s()));
        }
        if (m.containsKey("leaseOwner")) {
            b.leaseOwner(m.get("leaseOwner").s());
        }
        if (m.containsKey("leaseExpiresAt")) {
            b.leaseExpiresAt(Instant.ofEpochMilli(Long.parseLong(m.get("leaseExpiresAt").n())));
        }
        if (m.containsKey("errorCode")) {
            b.error(ErrorCode.valueOf(m.get("errorCode").s()), m.containsKey("errorMessage") ? m.get("errorMessage").s() : null);
        }
        if (m.containsKey("engineState")) {
            b.engineState(m.get("engineState").s());
        }
        if (m.containsKey("servers")) {
            b.servers(readServers(m.get("servers").s()));
        }
        if (m.containsKey("recreateConfig")) {
            b.recreateConfig(m.get("recreateConfig").s());
        }
        if (m.containsKey("destroyRequestedAt")) {
            b.destroyRequestedAt(Instant.ofEpochMilli(Long.parseLong(m.get("destroyRequestedAt").n())));
        }
        return b.build();
    }

    private static List<io.cloudrig.model.Server> readServers(String json) {
        try {
            return Json.MAPPER.readValue(json, new com.fasterxml.jackson.core.type.TypeReference<List<io.cloudrig.model.Server>>() {
            });
        } catch (java.io.IOException e) {
            throw new CloudrigException(ErrorCode.INTERNAL, "stored servers are not valid JSON");
        }
    }

    private static Map<String, AttributeValue> resourceItem(ResourceRecord r) {
        Map<String, AttributeValue> m = new HashMap<>();
        m.put(PK, s("DEP#" + r.deploymentId()));
        m.put(SK, s(RES + r.resourceId()));
        m.put("deploymentId", s(r.deploymentId()));
        m.put("resourceId", s(r.resourceId()));
        m.put("owner", s(r.owner()));
        m.put("type", s(r.type()));
        m.put("state", s(r.state().value()));
        m.put("info", s(Json.write(r.info())));
        m.put("createdAt", s(r.createdAt().toString()));
        m.put("updatedAt", s(r.updatedAt().toString()));
        if (r.name() != null) {
            m.put("rname", s(r.name()));
        }
        if (r.externalId() != null) {
            m.put("externalId", s(r.externalId()));
        }
        return m;
    }

    private static ResourceRecord fromResourceItem(Map<String, AttributeValue> m) {
        JsonNode info = Json.parse(m.get("info").s(), "resource info");
        return ResourceRecord.builder().deploymentId(m.get("deploymentId").s()).resourceId(m.get("resourceId").s())
                .owner(m.get("owner").s()).type(m.get("type").s()).state(ResourceState.fromValue(m.get("state").s()))
                .info(info).name(m.containsKey("rname") ? m.get("rname").s() : null)
                .externalId(m.containsKey("externalId") ? m.get("externalId").s() : null)
                .createdAt(Instant.parse(m.get("createdAt").s())).updatedAt(Instant.parse(m.get("updatedAt").s())).build();
    }

    private static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    private static AttributeValue n(long v) {
        return AttributeValue.fromN(Long.toString(v));
    }

    private static String reasonCodes(List<CancellationReason> reasons) {
        List<String> codes = new ArrayList<>();
        reasons.forEach(r -> codes.add(r.code()));
        return codes.toString();
    }

    public static final class Builder {
        private DynamoDbClient client;
        private String tableName = DEFAULT_TABLE;
        private boolean createTableIfMissing;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        public Builder client(DynamoDbClient client) {
            this.client = client;
            return this;
        }

        public Builder tableName(String tableName) {
            this.tableName = Objects.requireNonNull(tableName, "tableName");
            return this;
        }

        /** Create the table on first use (local endpoints). Off by default: in AWS the table comes from Terraform. */
        public Builder createTableIfMissing(boolean create) {
            this.createTableIfMissing = create;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public DynamoDbDeploymentStore build() {
            return new DynamoDbDeploymentStore(this);
        }
    }
}
