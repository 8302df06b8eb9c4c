package io.cloudrig.model.store;

import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.cloudrig.model.store.Attributes.s;
import static io.cloudrig.model.store.Attributes.string;

/**
 * The secret attributes of deployment items ({@link #ATTRIBUTES}: config, recreate config, credentials, servers) sealed
 * with the deployment's data key, whose wrapped form is the item's {@value #DATA_KEY} attribute: deleting the item
 * deletes the key (crypto-shredding). A new item gets a new data key ({@link #sealNew}); an update that sets a secret
 * attribute seals it with the item's key and is conditional on that key ({@link #sealerFor}); a read opens what is
 * sealed ({@link #open}). Items of an older store, written in clear without a data key, read as they are, and the first
 * write to them seals what they hold ({@link #upgrade}).
 */
final class ItemSecrets {
    static final String DATA_KEY = "dataKey";
    static final List<String> ATTRIBUTES = List.of(DeploymentItems.CONFIG, DeploymentItems.RECREATE_CONFIG,
            DeploymentItems.CREDENTIALS, DeploymentItems.SERVERS);
    private static final Logger LOG = LoggerFactory.getLogger(ItemSecrets.class);

    private final DynamoDbClient client;
    private final String table;
    private final DataKeys keys;

    ItemSecrets(DynamoDbClient client, String table, DataKeys keys) {
        this.client = client;
        this.table = table;
        this.keys = keys;
    }

    MasterKey master() {
        return keys.master();
    }

    /** {@code item} (a new deployment's) with a new data key and its secret attributes sealed. */
    Map<String, AttributeValue> sealNew(Map<String, AttributeValue> item) {
        String id = string(item, DeploymentItems.ID);
        DataKeys.Entry key = keys.create(id);
        Map<String, AttributeValue> m = new HashMap<>(item);
        m.put(DATA_KEY, s(key.wrapped()));
        for (String a : ATTRIBUTES) {
            String v = string(m, a);
            if (v != null) {
                m.put(a, s(key.box().seal(v, id, a)));
            }
        }
        return m;
    }

    /** {@code item} with its sealed attributes opened (a copy), or {@code item} itself when nothing is sealed. */
    Map<String, AttributeValue> open(Map<String, AttributeValue> item) {
        String id = string(item, DeploymentItems.ID);
        Map<String, AttributeValue> m = null;
        SecretBox box = null;
        for (String a : ATTRIBUTES) {
            String v = string(item, a);
            if (!SecretBox.isSealed(v)) {
                continue;
            }
            if (box == null) {
                String wrapped = string(item, DATA_KEY);
                if (wrapped == null) {
                    throw new CloudrigException(ErrorCode.INTERNAL, "secrets of deployment " + id + ": attribute '" + a
                            + "' is sealed but the item has no data key");
                }
                box = keys.open(id, wrapped);
                m = new HashMap<>(item);
            }
            m.put(a, s(box.open(v, id, a)));
        }
        return m == null ? item : m;
    }

    /**
     * The sealer for an update of deployment {@code id} that sets secret attributes: with the item's data key, or a new
     * one for an item of an older store.
     *
     * @throws DeploymentNotFoundException when there is no such deployment
     */
    Sealer sealerFor(String id) {
        Optional<DataKeys.Entry> known = keys.cached(id);
        if (known.isPresent()) {
            // the key this store last saw on the item (it never changes while the item lives): the write's condition
            // on it catches the odd case where it did, and the writer then reads it (sealerReading)
            return new Sealer(id, known.get().box(), known.get().wrapped(), false);
        }
        return sealerReading(id);
    }

    /** {@link #sealerFor} with the data key as the item holds it now (one read). */
    Sealer sealerReading(String id) {
        keys.forget(id);
        GetItemResponse r = client.getItem(b -> b.tableName(table).consistentRead(true).key(ItemKeys.deployment(id))
                .projectionExpression("#pk, #dk")
                .expressionAttributeNames(Map.of("#pk", DeploymentTable.PK, "#dk", DATA_KEY)));
        if (!r.hasItem() || r.item().isEmpty()) {
            throw new DeploymentNotFoundException(id);
        }
        String wrapped = string(r.item(), DATA_KEY);
        if (wrapped != null) {
            return new Sealer(id, keys.open(id, wrapped), wrapped, false);
        }
        DataKeys.Entry key = keys.create(id);
        return new Sealer(id, key.box(), key.wrapped(), true);
    }

    /**
     * Seals, in place in the table, the secret attributes {@code item} (as just written) still holds in clear: an item
     * an older store wrote. Conditional on the item's version (it does not bump it: the content is the same); a lost
     * condition leaves the sealing to the next write.
     */
    void upgrade(Map<String, AttributeValue> item) {
        List<String> clear = new ArrayList<>();
        for (String a : ATTRIBUTES) {
            if (item.containsKey(a) && !SecretBox.isSealed(string(item, a))) {
                clear.add(a);
            }
        }
        if (clear.isEmpty()) {
            return;
        }
        String id = string(item, DeploymentItems.ID);
        String wrapped = string(item, DATA_KEY);
        boolean fresh = wrapped == null;
        SecretBox box;
        if (fresh) {
            DataKeys.Entry key = keys.create(id);
            box = key.box();
            wrapped = key.wrapped();
        } else {
            box = keys.open(id, wrapped);
        }
        Map<String, String> names = new HashMap<>(Map.of("#version", DeploymentItems.VERSION, "#dk", DATA_KEY));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":version", item.get(DeploymentItems.VERSION),
                ":dk", s(wrapped)));
        List<String> sets = new ArrayList<>();
        for (String a : clear) {
            names.put("#" + a, a);
            values.put(":" + a, s(box.seal(string(item, a), id, a)));
            sets.add("#" + a + " = :" + a);
        }
        if (fresh) {
            sets.add("#dk = :dk");
        }
        String condition = "#version = :version AND " + (fresh ? "attribute_not_exists(#dk)" : "#dk = :dk");
        try {
            client.updateItem(b -> b.tableName(table).key(ItemKeys.deployment(id)).updateExpression("SET "
                    + String.join(", ", sets)).conditionExpression(condition).expressionAttributeNames(names)
                    .expressionAttributeValues(values));
            LOG.info("deployment {}: sealed {} written in clear by an older store", id, clear);
        } catch (ConditionalCheckFailedException e) {
            LOG.debug("deployment {}: changed while sealing {}; the next write seals it", id, clear);
        }
    }

    void forget(String id) {
        keys.forget(id);
    }

    /**
     * Seals the secret attributes of one update of deployment {@code deploymentId}.
     *
     * @param fresh the data key is new (the item has none yet: an older store's)
     */
    record Sealer(String deploymentId, SecretBox box, String wrapped, boolean fresh) {
        AttributeValue seal(String attribute, String plaintext) {
            return s(box.seal(plaintext, deploymentId, attribute));
        }

        /**
         * Adds to {@code u} what keeps the key right and returns its condition: a fresh key is set only where there is
         * none; an existing one must still be the one the values were sealed with.
         */
        String condition(DeploymentUpdate u) {
            if (fresh) {
                u.set(DATA_KEY, s(wrapped));
                return "attribute_not_exists(" + u.name(DATA_KEY) + ")";
            }
            u.value(":" + DATA_KEY, s(wrapped));
            return u.name(DATA_KEY) + " = :" + DATA_KEY;
        }

        @Override
        public String toString() {
            return "Sealer{" + deploymentId + (fresh ? ", new key" : "") + "}";
        }
    }
}
