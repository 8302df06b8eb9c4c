package io.cloudrig.doubles.ec2.actions;

import io.cloudrig.doubles.ec2.protocol.QueryRequest;
import io.cloudrig.doubles.ec2.protocol.XmlWriter;

/**
 * One EC2 API action: reads its parameters, changes or reads the state, and writes the members of its response
 * ({@code requestId} is already written). Fails by throwing {@link io.cloudrig.doubles.ec2.protocol.Ec2Error}.
 * Runs under the state lock.
 */
@FunctionalInterface
public interface Action {
    void handle(QueryRequest request, XmlWriter response);
}
