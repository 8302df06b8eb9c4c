package io.cloudrig.doubles.ec2.protocol;

import java.util.List;

/** One {@code Filter.N} of a Describe request: a name and the values any of which may match. */
public record Filter(String name, List<String> values) {
    public Filter {
        values = List.copyOf(values);
    }
}
