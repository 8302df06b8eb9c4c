package io.cloudrig.infra;

import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * The one SASL/PLAIN user of a secured {@link KafkaBroker}: the broker's settings for it (both listeners, broker and
 * controller among themselves), a client's settings, and the copy of a configuration that may be written down (no
 * JAAS value). Name and password go into JAAS configurations, so only {@value #TOKEN_CHARS} characters are taken.
 */
record KafkaPlainUser(String username, String password) {
    /** The clients' listener of a secured broker. */
    static final String CLIENT_LISTENER = "CLIENT";
    static final String TOKEN_CHARS = "[A-Za-z0-9._~-]+";
    private static final String LOGIN_MODULE = "org.apache.kafka.common.security.plain.PlainLoginModule";
    private static final Pattern TOKEN = Pattern.compile(TOKEN_CHARS);

    KafkaPlainUser {
        check("username", username);
        check("password", password);
    }

    private static void check(String field, String value) {
        if (value == null || !TOKEN.matcher(value).matches()) {
            throw new IllegalArgumentException("Kafka PLAIN " + field + ": expected letters, digits, '.', '_', '~' or "
                    + "'-' (it goes into a JAAS configuration), got " + (value == null ? "none"
                    : field.equals("password") ? "a value of " + value.length() + " characters" : "'" + value + "'"));
        }
    }

    /** SASL/PLAIN with this user on both listeners (named CLIENT and CONTROLLER then), between broker and controller too. */
    void secure(Properties p, int port, int controllerPort) {
        p.setProperty("listeners", CLIENT_LISTENER + "://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.setProperty("advertised.listeners", CLIENT_LISTENER + "://127.0.0.1:" + port);
        p.setProperty("inter.broker.listener.name", CLIENT_LISTENER);
        p.setProperty("listener.security.protocol.map", CLIENT_LISTENER + ":SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT");
        p.setProperty("sasl.enabled.mechanisms", "PLAIN");
        p.setProperty("sasl.mechanism.inter.broker.protocol", "PLAIN");
        p.setProperty("sasl.mechanism.controller.protocol", "PLAIN");
        p.setProperty("listener.name.client.plain.sasl.jaas.config", listenerJaas());
        p.setProperty("listener.name.controller.plain.sasl.jaas.config", listenerJaas());
    }

    /** A Kafka client's settings for this user (over SASL_PLAINTEXT; the password inside, not for output). */
    Map<String, String> clientProperties() {
        return Map.of("security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "PLAIN", "sasl.jaas.config",
                LOGIN_MODULE + " required username=\"" + username + "\" password=\"" + password + "\";");
    }

    /** {@code p} with every JAAS configuration's value replaced by a note: what {@code server.properties} shows. */
    static Properties withoutSecrets(Properties p) {
        Properties shown = new Properties();
        p.stringPropertyNames().forEach(k -> shown.setProperty(k, k.endsWith("sasl.jaas.config")
                ? "(set in memory at start; not written)" : p.getProperty(k)));
        return shown;
    }

    /** The JAAS configuration of a listener: this user for its own connections, and the one user it accepts. */
    private String listenerJaas() {
        return LOGIN_MODULE + " required username=\"" + username + "\" password=\"" + password + "\" user_" + username
                + "=\"" + password + "\";";
    }

    @Override
    public String toString() {
        return "KafkaPlainUser[" + username + ", password=***]";
    }
}
