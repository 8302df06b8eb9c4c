package io.cloudrig.doubles.ec2.state;

import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Resource ids in EC2's shape: a prefix, a dash and 17 lowercase hex digits ({@code i-0123456789abcdef0}); older
 * resources have 8 digits, which EC2 still accepts. Source: "Resource IDs"
 * (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/resource-ids.html).
 */
public final class Ids {
    private Ids() {
    }

    public static String next(String prefix) {
        return prefix + "-" + hex(17);
    }

    /** A Spot request id ({@code sir-} and 8 characters). */
    public static String nextSpotRequest() {
        return "sir-" + hex(8);
    }

    public static boolean isWellFormed(String prefix, String id) {
        return Pattern.matches(Pattern.quote(prefix) + "-([0-9a-f]{8}|[0-9a-f]{17})", id);
    }

    private static String hex(int digits) {
        StringBuilder b = new StringBuilder(digits);
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < digits; i++) {
            b.append(Character.forDigit(random.nextInt(16), 16));
        }
        return b.toString();
    }
}
