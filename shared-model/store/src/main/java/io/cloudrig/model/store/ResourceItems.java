package io.cloudrig.model.store;

import io.cloudrig.model.Json;
import io.cloudrig.model.ResourceRecord;
import io.cloudrig.model.ResourceState;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.HashMap;
import java.util.Map;

import static io.cloudrig.model.store.Attributes.isoInstant;
import static io.cloudrig.model.store.Attributes.s;
import static io.cloudrig.model.store.Attributes.string;

/**
 * The resource record item ({@code DEP#{deploymentId}} / {@code RES#{resourceId}}) and a {@link ResourceRecord}, both
 * ways. The details are a JSON string; the resource's name is stored as {@code rname} ({@code name} is a DynamoDB
 * reserved word).
 */
final class ResourceItems {
    static final String DEPLOYMENT_ID = "deploymentId";
    static final String RESOURCE_ID = "resourceId";
    static final String OWNER = "owner";
    static final String TYPE = "type";
    static final String STATE = "state";
    static final String INFO = "info";
    static final String NAME = "rname";
    static final String EXTERNAL_ID = "externalId";
    static final String CREATED_AT = "createdAt";
    static final String UPDATED_AT = "updatedAt";

    private ResourceItems() {
    }

    static Map<String, AttributeValue> toItem(ResourceRecord r) {
        Map<String, AttributeValue> m = new HashMap<>(ItemKeys.resource(r.deploymentId(), r.resourceId()));
        m.put(DEPLOYMENT_ID, s(r.deploymentId()));
        m.put(RESOURCE_ID, s(r.resourceId()));
        m.put(OWNER, s(r.owner()));
        m.put(TYPE, s(r.type()));
        m.put(STATE, s(r.state().value()));
        m.put(INFO, s(Json.write(r.info())));
        m.put(CREATED_AT, s(r.createdAt().toString()));
        m.put(UPDATED_AT, s(r.updatedAt().toString()));
        if (r.name() != null) {
            m.put(NAME, s(r.name()));
        }
        if (r.externalId() != null) {
            m.put(EXTERNAL_ID, s(r.externalId()));
        }
        return m;
    }

    static ResourceRecord fromItem(Map<String, AttributeValue> m) {
        return ResourceRecord.builder().deploymentId(string(m, DEPLOYMENT_ID)).resourceId(string(m, RESOURCE_ID))
                .owner(string(m, OWNER)).type(string(m, TYPE)).state(ResourceState.fromValue(string(m, STATE)))
                .info(Json.parse(string(m, INFO), "resource info")).name(string(m, NAME))
                .externalId(string(m, EXTERNAL_ID))
                .createdAt(isoInstant(m, CREATED_AT)).updatedAt(isoInstant(m, UPDATED_AT)).build();
    }
}
