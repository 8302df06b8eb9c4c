package io.cloudrig.doubles.ec2.state;

import java.time.Instant;
import java.util.Map;

/**
 * An AMI the double can launch.
 *
 * @param rootVolumeSizeGiB the size of the root snapshot: a launch may make the root volume bigger, never smaller
 * @param ownerAlias {@code amazon}, {@code aws-marketplace}, or null for other owners
 */
public record Image(String id, String name, String description, String ownerId, String ownerAlias,
                    String architecture, Instant creationDate, String rootDeviceName, int rootVolumeSizeGiB,
                    String platformDetails,
                    boolean isPublic, Map<String, String> tags) {
    public Image {
        tags = Tags.copy(tags);
    }
}
