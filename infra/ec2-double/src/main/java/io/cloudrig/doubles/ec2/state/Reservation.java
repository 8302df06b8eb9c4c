package io.cloudrig.doubles.ec2.state;

import java.util.List;
import java.util.Map;

/**
 * One RunInstances launch: its instances and, for idempotency, the token and parameters it was made with.
 *
 * @param clientToken the ClientToken, or null
 * @param parameters the request's parameters other than ClientToken, to detect IdempotentParameterMismatch
 */
public record Reservation(String id, List<String> instanceIds, String clientToken, Map<String, String> parameters) {
    public Reservation {
        instanceIds = List.copyOf(instanceIds);
        parameters = Map.copyOf(parameters);
    }
}
