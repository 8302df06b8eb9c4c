package io.cloudrig.model.spi;

/**
 * Rally's {@code create_servers(image_uuid, type_id, amount)} arguments.
 *
 * @param image the image, or null for the provider's default
 * @param type the flavor or instance type, or null for the provider's default
 * @param amount how many servers, at least 1
 */
public record ServerRequest(String image, String type, int amount) {

    /** Checks the amount. */
    public ServerRequest {
        if (amount < 1) {
            throw new IllegalArgumentException("amount: expected >= 1 but was " + amount);
        }
    }

    public static ServerRequest of(String image, String type, int amount) {
        return new ServerRequest(image, type, amount);
    }

    @Override
    public String toString() {
        return "ServerRequest{image=" + image + ", type=" + type + ", amount=" + amount + "}";
    }
}
