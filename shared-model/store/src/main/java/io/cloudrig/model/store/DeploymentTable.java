package io.cloudrig.model.store;

import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The store's one DynamoDB table, as data: keys, attribute definitions, global secondary indexes, the TTL attribute
 * and the billing mode. {@link #DEFINITION} is what {@link DynamoDbDeploymentStore#createTableIfMissing()} creates on
 * a local endpoint and what {@code terraform/main.tf}'s {@code aws_dynamodb_table} must declare in AWS. Enum values
 * print as the DynamoDB API (and Terraform) spell them: {@code S}, {@code N}, {@code ALL}, {@code PAY_PER_REQUEST}.
 *
 * @param hashKey the partition key attribute
 * @param rangeKey the sort key attribute
 * @param attributes every key attribute of the table and its indexes → its type, in declaration order
 * @param globalSecondaryIndexes the global secondary indexes, in declaration order
 * @param ttlAttribute the attribute DynamoDB's time to live reads (epoch seconds), or null for none
 * @param billingMode how the table is billed
 */
public record DeploymentTable(String hashKey, String rangeKey, Map<String, ScalarAttributeType> attributes,
                              List<Index> globalSecondaryIndexes, String ttlAttribute, BillingMode billingMode) {
    /** The partition key: {@code DEP#{id}}, {@code NAME#{name}}, {@code EVT#{eventId}}. */
    public static final String PK = "pk";
    /** The sort key: {@code #META}, {@code RES#{resourceId}}, {@code #NAME}, {@code #EVT}, {@code #GONE}. */
    public static final String SK = "sk";
    /** The index of deployments by parent: {@code gsi1pk = PARENT#{parentId|-}}, {@code gsi1sk = createdAt#id}. */
    public static final String GSI1 = "gsi1";
    public static final String GSI1_PK = "gsi1pk";
    public static final String GSI1_SK = "gsi1sk";
    /**
     * The sparse lease index: only a deployment holding a work lease has {@code gsi2pk = LEASE} and
     * {@code gsi2sk = leaseExpiresAt} (epoch ms), so the sweeper queries expired leases instead of scanning the table.
     */
    public static final String GSI2 = "gsi2";
    public static final String GSI2_PK = "gsi2pk";
    public static final String GSI2_SK = "gsi2sk";
    /** Processed-event markers and tombstones expire through this attribute (epoch seconds). */
    public static final String TTL = "ttl";

    /** The table every store uses. */
    public static final DeploymentTable DEFINITION = new DeploymentTable(PK, SK,
            keyAttributes(),
            List.of(new Index(GSI1, GSI1_PK, GSI1_SK, ProjectionType.ALL),
                    new Index(GSI2, GSI2_PK, GSI2_SK, ProjectionType.ALL)),
            TTL, BillingMode.PAY_PER_REQUEST);

    /** Checks the keys and copies the collections. */
    public DeploymentTable {
        Objects.requireNonNull(hashKey, "hashKey: expected an attribute name but was null");
        Objects.requireNonNull(billingMode, "billingMode: expected PAY_PER_REQUEST or PROVISIONED but was null");
        attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
        globalSecondaryIndexes = List.copyOf(globalSecondaryIndexes);
    }

    /**
     * The definition of a live table, read back from DynamoDB's descriptions (to compare with {@link #DEFINITION}).
     *
     * @param ttl the table's time-to-live description; its attribute counts only while TTL is enabled (or enabling)
     */
    public static DeploymentTable of(TableDescription table, TimeToLiveDescription ttl) {
        Map<String, ScalarAttributeType> attrs = new LinkedHashMap<>();
        table.attributeDefinitions().forEach(a -> attrs.put(a.attributeName(), a.attributeType()));
        List<Index> indexes = table.globalSecondaryIndexes().stream().map(Index::of).toList();
        boolean ttlOn = ttl != null && (ttl.timeToLiveStatus() == TimeToLiveStatus.ENABLED
                || ttl.timeToLiveStatus() == TimeToLiveStatus.ENABLING);
        BillingMode billing = table.billingModeSummary() == null || table.billingModeSummary().billingMode() == null
                ? BillingMode.PROVISIONED : table.billingModeSummary().billingMode();
        return new DeploymentTable(keyOf(table.keySchema(), KeyType.HASH).orElse(null),
                keyOf(table.keySchema(), KeyType.RANGE).orElse(null), attrs, indexes,
                ttlOn ? ttl.attributeName() : null, billing);
    }

    /** The index named {@code name}. */
    public Optional<Index> index(String name) {
        return globalSecondaryIndexes.stream().filter(i -> i.name().equals(name)).findFirst();
    }

    /** The attribute definitions of {@code names} (keys of the table or of an index), for create and update calls. */
    List<AttributeDefinition> attributeDefinitions(List<String> names) {
        return names.stream().map(n -> AttributeDefinition.builder().attributeName(n).attributeType(type(n)).build())
                .toList();
    }

    /** The table's key schema. */
    List<KeySchemaElement> keySchema() {
        return keySchema(hashKey, rangeKey);
    }

    private ScalarAttributeType type(String attribute) {
        ScalarAttributeType t = attributes.get(attribute);
        if (t == null) {
            throw new IllegalStateException("attribute '" + attribute + "': expected a definition in " + attributes.keySet()
                    + " but there is none");
        }
        return t;
    }

    static List<KeySchemaElement> keySchema(String hash, String range) {
        return range == null ? List.of(key(hash, KeyType.HASH)) : List.of(key(hash, KeyType.HASH), key(range, KeyType.RANGE));
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }

    private static Optional<String> keyOf(List<KeySchemaElement> schema, KeyType type) {
        return schema.stream().filter(k -> k.keyType() == type).map(KeySchemaElement::attributeName).findFirst();
    }

    private static Map<String, ScalarAttributeType> keyAttributes() {
        Map<String, ScalarAttributeType> m = new LinkedHashMap<>();
        m.put(PK, ScalarAttributeType.S);
        m.put(SK, ScalarAttributeType.S);
        m.put(GSI1_PK, ScalarAttributeType.S);
        m.put(GSI1_SK, ScalarAttributeType.S);
        m.put(GSI2_PK, ScalarAttributeType.S);
        m.put(GSI2_SK, ScalarAttributeType.N);
        return m;
    }

    /**
     * A global secondary index.
     *
     * @param name the index name
     * @param hashKey its partition key attribute
     * @param rangeKey its sort key attribute, or null
     * @param projection which attributes it holds
     */
    public record Index(String name, String hashKey, String rangeKey, ProjectionType projection) {

        /** Checks the name, the partition key and the projection. */
        public Index {
            Objects.requireNonNull(name, "name: expected an index name but was null");
            Objects.requireNonNull(hashKey, "hashKey: expected an attribute name but was null");
            Objects.requireNonNull(projection, "projection: expected ALL, KEYS_ONLY or INCLUDE but was null");
        }

        static Index of(GlobalSecondaryIndexDescription d) {
            return new Index(d.indexName(), keyOf(d.keySchema(), KeyType.HASH).orElse(null),
                    keyOf(d.keySchema(), KeyType.RANGE).orElse(null), d.projection().projectionType());
        }

        /** The attributes of its keys. */
        List<String> keyAttributes() {
            return rangeKey == null ? List.of(hashKey) : List.of(hashKey, rangeKey);
        }

        List<KeySchemaElement> keySchema() {
            return DeploymentTable.keySchema(hashKey, rangeKey);
        }
    }
}
