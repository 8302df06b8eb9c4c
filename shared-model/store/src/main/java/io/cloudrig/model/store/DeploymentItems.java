package io.cloudrig.model.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.cloudrig.model.CloudrigException;
import io.cloudrig.model.Credentials;
import io.cloudrig.model.Deployment;
import io.cloudrig.model.DeploymentStatus;
import io.cloudrig.model.DeploymentSummary;
import io.cloudrig.model.ErrorCode;
import io.cloudrig.model.Json;
import io.cloudrig.model.Server;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static io.cloudrig.model.store.Attributes.epochMilliInstant;
import static io.cloudrig.model.store.Attributes.isoInstant;
import static io.cloudrig.model.store.Attributes.n;
import static io.cloudrig.model.store.Attributes.s;
import static io.cloudrig.model.store.Attributes.string;

/**
 * The deployment item ({@code DEP#{id}} / {@code #META}) and a {@link Deployment}, both ways. Timestamps of the
 * deployment are ISO-8601 strings; the lease expiry and the destroy request are epoch milliseconds (numbers, so the
 * lease index sorts and compares them). Credentials, servers and configs are JSON strings here; {@link ItemSecrets}
 * seals them with the deployment's data key on the way to the table and opens them on the way back.
 */
final class DeploymentItems {
    static final String ID = "id";
    static final String NAME = "name";
    static final String PARENT_ID = "parentId";
    static final String CONFIG = "config";
    static final String STATUS = "status";
    static final String VERSION = "version";
    static final String CREATED_AT = "createdAt";
    static final String UPDATED_AT = "updatedAt";
    static final String CREDENTIALS = "credentials";
    static final String LEASE_OWNER = "leaseOwner";
    static final String LEASE_EXPIRES_AT = "leaseExpiresAt";
    static final String ERROR_CODE = "errorCode";
    static final String ERROR_MESSAGE = "errorMessage";
    static final String ENGINE_STATE = "engineState";
    static final String SERVERS = "servers";
    static final String DESTROY_REQUESTED_AT = "destroyRequestedAt";
    /** With {@link #DESTROY_REQUESTED_AT}: true when that destroy is forced (not part of {@link Deployment}). */
    static final String DESTROY_FORCED = "destroyForced";
    static final String RECREATE_CONFIG = "recreateConfig";
    /** When the deployment expires (epoch ms); the {@code #EXPIRY} item says when the sweeper acts on it. */
    static final String EXPIRES_AT = "expiresAt";
    /** How many resource records the deployment has (kept by the resource transactions). */
    static final String RESOURCE_COUNT = "resourceCount";
    /** The name guard item's pointer to its deployment. */
    static final String NAME_GUARD_ID = "deploymentId";

    /** The attributes of a {@link DeploymentSummary} (none of them sealed), as a projection's names. */
    static final Map<String, String> SUMMARY_NAMES = Map.of("#id", ID, "#name", NAME, "#parent", PARENT_ID,
            "#status", STATUS, "#created", CREATED_AT, "#updated", UPDATED_AT, "#expires", EXPIRES_AT);
    static final String SUMMARY_PROJECTION = String.join(", ", new TreeSet<>(SUMMARY_NAMES.keySet()));

    private static final TypeReference<List<Server>> SERVER_LIST = new TypeReference<>() {
    };

    private DeploymentItems() {
    }

    /**
     * The item of a deployment as first stored. A lease it holds already (its creator's: see {@code
     * DeploymentRequests} in orchestration) is written with it, in the lease index, so the sweeper finds it.
     */
    static Map<String, AttributeValue> toItem(Deployment d) {
        Map<String, AttributeValue> m = new HashMap<>(ItemKeys.deployment(d.id()));
        m.put(ID, s(d.id()));
        m.put(NAME, s(d.name()));
        m.put(CONFIG, s(d.config()));
        m.put(STATUS, s(d.status().value()));
        m.put(VERSION, n(d.version()));
        m.put(CREATED_AT, s(d.createdAt().toString()));
        m.put(UPDATED_AT, s(d.updatedAt().toString()));
        m.put(DeploymentTable.GSI1_PK, s(ItemKeys.parentIndexKey(d.parentId())));
        m.put(DeploymentTable.GSI1_SK, s(d.createdAt() + "#" + d.id()));
        if (d.parentId() != null) {
            m.put(PARENT_ID, s(d.parentId()));
        }
        if (!d.credentials().isEmpty()) {
            m.put(CREDENTIALS, s(d.credentials().toJson()));
        }
        if (d.engineState() != null) {
            m.put(ENGINE_STATE, s(d.engineState()));
        }
        if (!d.servers().isEmpty()) {
            m.put(SERVERS, s(writeServers(d.servers())));
        }
        if (d.expiresAt() != null) {
            m.put(EXPIRES_AT, n(d.expiresAt().toEpochMilli()));
        }
        if (d.leaseOwner() != null && d.leaseExpiresAt() != null) {
            m.put(LEASE_OWNER, s(d.leaseOwner()));
            m.put(LEASE_EXPIRES_AT, n(d.leaseExpiresAt().toEpochMilli()));
            m.put(DeploymentTable.GSI2_PK, s(ItemKeys.LEASE_INDEX_KEY));
            m.put(DeploymentTable.GSI2_SK, n(d.leaseExpiresAt().toEpochMilli()));
        }
        return m;
    }

    /**
     * The item that puts a deployment with an expiry in the lease index under {@code EXPIRY}, sorted by when the
     * sweeper is to act on it (first: the expiry itself).
     */
    static Map<String, AttributeValue> expiryItem(String id, Instant next) {
        Map<String, AttributeValue> m = new HashMap<>(ItemKeys.expiry(id));
        m.put(NAME_GUARD_ID, s(id));
        m.put(DeploymentTable.GSI2_PK, s(ItemKeys.EXPIRY_INDEX_KEY));
        m.put(DeploymentTable.GSI2_SK, n(next.toEpochMilli()));
        return m;
    }

    /** The item that keeps a deployment's name unique. */
    static Map<String, AttributeValue> nameGuard(Deployment d) {
        Map<String, AttributeValue> m = new HashMap<>(ItemKeys.name(d.name()));
        m.put(NAME_GUARD_ID, s(d.id()));
        return m;
    }

    static Deployment fromItem(Map<String, AttributeValue> m) {
        String credentials = string(m, CREDENTIALS);
        String servers = string(m, SERVERS);
        ErrorCode code = m.containsKey(ERROR_CODE) ? ErrorCode.valueOf(string(m, ERROR_CODE)) : null;
        return Deployment.builder().id(string(m, ID)).name(string(m, NAME)).config(string(m, CONFIG))
                .status(DeploymentStatus.fromValue(string(m, STATUS))).version(Attributes.number(m, VERSION))
                .createdAt(isoInstant(m, CREATED_AT)).updatedAt(isoInstant(m, UPDATED_AT))
                .parentId(string(m, PARENT_ID))
                .credentials(credentials == null ? null : Credentials.fromJson(credentials))
                .leaseOwner(string(m, LEASE_OWNER)).leaseExpiresAt(epochMilliInstant(m, LEASE_EXPIRES_AT))
                .error(code, code == null ? null : string(m, ERROR_MESSAGE))
                .engineState(string(m, ENGINE_STATE))
                .servers(servers == null ? null : readServers(servers))
                .recreateConfig(string(m, RECREATE_CONFIG))
                .destroyRequestedAt(epochMilliInstant(m, DESTROY_REQUESTED_AT))
                .expiresAt(epochMilliInstant(m, EXPIRES_AT))
                .build();
    }

    /** A summary from an item read with {@link #SUMMARY_PROJECTION}. */
    static DeploymentSummary summaryFromItem(Map<String, AttributeValue> m) {
        return new DeploymentSummary(string(m, ID), string(m, NAME), string(m, PARENT_ID),
                DeploymentStatus.fromValue(string(m, STATUS)), isoInstant(m, CREATED_AT), isoInstant(m, UPDATED_AT),
                epochMilliInstant(m, EXPIRES_AT));
    }

    static String writeServers(List<Server> servers) {
        return Json.write(servers);
    }

    private static List<Server> readServers(String json) {
        try {
            return Json.MAPPER.readValue(json, SERVER_LIST);
        } catch (JsonProcessingException e) {
            // not chained: the parser's message may quote a token of the JSON, which could be a password
            throw new CloudrigException(ErrorCode.INTERNAL, "stored servers: expected a JSON list of servers but found"
                    + " an error at " + e.getLocation());
        }
    }
}
