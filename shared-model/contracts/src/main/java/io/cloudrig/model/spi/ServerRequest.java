package io.cloudrig.model.spi;

/** Rally's {@code create_servers(image_uuid, type_id, amount)} arguments. */
public final class ServerRequest {
    private final String image;
    private final String type;
    private final int amount;

    private ServerRequest(String image, String type, int amount) {
        if (amount < 1) {
            throw new IllegalArgumentException("amount: expected >= 1 but was " + amount);
        }
        this.image = image;
        this.type = type;
        this.amount = amount;
    }

    public static ServerRequest of(String image, String type, int amount) {
        return new ServerRequest(image, type, amount);
    }

    public String image() {
        return image;
    }

    public String type() {
        return type;
    }

    public int amount() {
        return amount;
    }

    @Override
    public String toString() {
        return "ServerRequest{image=" + image + ", type=" + type + ", amount=" + amount + "}";
    }
}
