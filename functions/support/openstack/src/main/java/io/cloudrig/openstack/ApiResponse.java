package io.cloudrig.openstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.util.Objects;

/**
 * A successful answer of an OpenStack API.
 *
 * @param status the HTTP status (2xx)
 * @param body the parsed JSON body, or a missing node when there was none
 */
public record ApiResponse(int status, JsonNode body) {

    /** Checks the body. */
    public ApiResponse {
        body = body == null ? MissingNode.getInstance() : body;
        Objects.requireNonNull(body, "body");
    }
}
