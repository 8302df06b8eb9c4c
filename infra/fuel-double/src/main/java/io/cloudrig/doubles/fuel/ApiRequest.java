package io.cloudrig.doubles.fuel;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

/** One API call after routing: the matched path parameters, the query and the raw body. */
record ApiRequest(String method, String route, List<String> pathParams, Map<String, String> query, String body) {

    int intParam(int index) {
        return Integer.parseInt(pathParams.get(index));
    }

    JsonNode json() {
        return Json.parse(body);
    }
}
