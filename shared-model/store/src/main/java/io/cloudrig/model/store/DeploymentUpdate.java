package io.cloudrig.model.store;

import io.cloudrig.model.config.Secrets;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.cloudrig.model.store.Attributes.n;
import static io.cloudrig.model.store.Attributes.s;
import static io.cloudrig.model.store.DeploymentItems.CONFIG;
import static io.cloudrig.model.store.DeploymentItems.CREDENTIALS;
import static io.cloudrig.model.store.DeploymentItems.DESTROY_FORCED;
import static io.cloudrig.model.store.DeploymentItems.DESTROY_REQUESTED_AT;
import static io.cloudrig.model.store.DeploymentItems.ENGINE_STATE;
import static io.cloudrig.model.store.DeploymentItems.ERROR_CODE;
import static io.cloudrig.model.store.DeploymentItems.ERROR_MESSAGE;
import static io.cloudrig.model.store.DeploymentItems.LEASE_EXPIRES_AT;
import static io.cloudrig.model.store.DeploymentItems.LEASE_OWNER;
import static io.cloudrig.model.store.DeploymentItems.RECREATE_CONFIG;
import static io.cloudrig.model.store.DeploymentItems.SERVERS;
import static io.cloudrig.model.store.DeploymentTable.GSI2_PK;
import static io.cloudrig.model.store.DeploymentTable.GSI2_SK;

/**
 * One UpdateItem of a deployment item under construction: its SET and REMOVE clauses with their name and value
 * placeholders. Every update bumps {@code version} and sets {@code updatedAt}. Attributes are always addressed through
 * {@code #name} placeholders, so reserved words ({@code status}, {@code name}) need no care.
 */
final class DeploymentUpdate {
    private final List<String> sets = new ArrayList<>();
    private final List<String> removes = new ArrayList<>();
    private final List<String> adds = new ArrayList<>();
    private final Map<String, String> names = new HashMap<>();
    private final Map<String, AttributeValue> values = new HashMap<>();
    private ItemSecrets.Sealer sealer;

    private DeploymentUpdate(Instant now) {
        sets.add("#version = #version + :one");
        names.put("#version", DeploymentItems.VERSION);
        values.put(":one", n(1));
        set(DeploymentItems.UPDATED_AT, s(now.toString()));
    }

    /** An update written at {@code now}. */
    static DeploymentUpdate at(Instant now) {
        return new DeploymentUpdate(now);
    }

    DeploymentUpdate set(String attr, AttributeValue v) {
        sets.add(name(attr) + " = :" + attr);
        values.put(":" + attr, v);
        return this;
    }

    DeploymentUpdate remove(String... attrs) {
        for (String a : attrs) {
            removes.add(name(a));
        }
        return this;
    }

    /** A value placeholder for the condition, e.g. {@code value(":from", s("deploy->init"))}. */
    DeploymentUpdate value(String placeholder, AttributeValue v) {
        values.put(placeholder, v);
        return this;
    }

    /** The name placeholder of {@code attr} ({@code #attr}), registered for the expression and the condition. */
    String name(String attr) {
        names.put("#" + attr, attr);
        return "#" + attr;
    }

    /** Moves the lease's expiry (and its place in the lease index). */
    DeploymentUpdate leaseExpiry(Instant expiresAt) {
        set(LEASE_EXPIRES_AT, n(expiresAt.toEpochMilli()));
        return set(GSI2_SK, n(expiresAt.toEpochMilli()));
    }

    /** Seals the secret attributes it sets with {@code s} (required before {@link #apply} of a change with secrets). */
    DeploymentUpdate sealWith(ItemSecrets.Sealer s) {
        this.sealer = s;
        return this;
    }

    /**
     * Adds what {@code c} sets or clears. The secret attributes go through the sealer; the error message through
     * {@link Secrets#maskText} (it is meant to be secret-free, and is shown and emitted as it is stored).
     */
    DeploymentUpdate apply(ChangeSet c) {
        if (c.credentials() != null) {
            set(CREDENTIALS, secret(CREDENTIALS, c.credentials().toJson()));
        }
        if (c.errorCode() != null) {
            set(ERROR_CODE, s(c.errorCode().name()));
            set(ERROR_MESSAGE, s(c.errorMessage() == null ? "" : Secrets.maskText(c.errorMessage())));
        } else if (c.clearError()) {
            remove(ERROR_CODE, ERROR_MESSAGE);
        }
        if (c.leaseOwner() != null) {
            set(LEASE_OWNER, s(c.leaseOwner()));
            set(GSI2_PK, s(ItemKeys.LEASE_INDEX_KEY));
            leaseExpiry(c.leaseExpiresAt());
        } else if (c.clearLease()) {
            remove(LEASE_OWNER, LEASE_EXPIRES_AT, GSI2_PK, GSI2_SK);
        }
        if (c.engineState() != null) {
            set(ENGINE_STATE, s(c.engineState()));
        } else if (c.clearEngineState()) {
            remove(ENGINE_STATE);
        }
        if (c.config() != null) {
            set(CONFIG, secret(CONFIG, c.config()));
        }
        if (c.recreateConfig() != null) {
            set(RECREATE_CONFIG, secret(RECREATE_CONFIG, c.recreateConfig()));
        } else if (c.clearRecreate()) {
            remove(RECREATE_CONFIG);
        }
        if (c.destroyRequestedAt() != null) {
            set(DESTROY_REQUESTED_AT, n(c.destroyRequestedAt().toEpochMilli()));
            if (c.destroyForced()) {
                set(DESTROY_FORCED, AttributeValue.fromBool(true));
            } else {
                remove(DESTROY_FORCED);
            }
        } else if (c.clearDestroyRequested()) {
            remove(DESTROY_REQUESTED_AT, DESTROY_FORCED);
        }
        if (c.servers() != null) {
            set(SERVERS, secret(SERVERS, DeploymentItems.writeServers(c.servers())));
        }
        if (c.progressLine() != null) {
            adds.add(name(ProgressLog.PROGRESS_SEQ) + " :one"); // the line's number (outside the version)
        }
        return this;
    }

    private AttributeValue secret(String attribute, String plaintext) {
        if (sealer == null) {
            throw new IllegalStateException(attribute + ": a secret attribute is set without a sealer");
        }
        return sealer.seal(attribute, plaintext);
    }

    String expression() {
        return "SET " + String.join(", ", sets) + (removes.isEmpty() ? "" : " REMOVE " + String.join(", ", removes))
                + (adds.isEmpty() ? "" : " ADD " + String.join(", ", adds));
    }

    Map<String, String> names() {
        return Map.copyOf(names);
    }

    Map<String, AttributeValue> values() {
        return Map.copyOf(values);
    }
}
