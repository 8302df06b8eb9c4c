package io.cloudrig.doubles.ec2.state;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Tag maps kept in the order they were given, unmodifiable. */
public final class Tags {
    private Tags() {
    }

    public static Map<String, String> copy(Map<String, String> tags) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(tags));
    }
}
