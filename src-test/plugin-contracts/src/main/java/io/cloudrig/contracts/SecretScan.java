package io.cloudrig.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudrig.model.Credential;
import io.cloudrig.model.CredentialSet;
import io.cloudrig.model.Credentials;
import io.cloudrig.model.ResourceRecord;
import io.cloudrig.model.Server;
import io.cloudrig.model.config.Secrets;
import io.cloudrig.model.spi.CreateServersException;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.fail;

/**
 * The secrets of a contract run (the config's passwords and keys, the servers' logins, the credentials a deploy
 * returned) and the check that none of them is in a text. A failure names the text and the secret's origin, never the
 * secret. Values shorter than {@value #MIN_LENGTH} characters are not looked for (they would match by chance).
 */
public final class SecretScan {
    static final int MIN_LENGTH = 6;

    /** Secret → where it came from (safe to print). */
    private final Map<String, String> secrets = new LinkedHashMap<>();

    /** Adds a secret; for a multi-line value (a private key) also each long line of its body. */
    public SecretScan add(String origin, String value) {
        if (value == null || value.isBlank()) {
            return this;
        }
        if (value.trim().length() >= MIN_LENGTH) {
            secrets.putIfAbsent(value.trim(), origin);
        }
        if (value.contains("\n")) {
            value.lines().map(String::trim).filter(l -> l.length() >= 16 && !l.startsWith("-----"))
                    .forEach(l -> secrets.putIfAbsent(l, origin + " (a line of it)"));
        }
        return this;
    }

    /** Every value of a secret field ({@link Secrets#isSecretField}) anywhere in {@code config}. */
    public SecretScan addConfig(JsonNode config) {
        addFields("config", config);
        return this;
    }

    private void addFields(String path, JsonNode node) {
        if (node == null) {
            return;
        }
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                String p = path + "." + e.getKey();
                if (Secrets.isSecretField(e.getKey()) && e.getValue().isValueNode()) {
                    add(p, e.getValue().asText());
                } else {
                    addFields(p, e.getValue());
                }
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                addFields(path + "[" + i + "]", node.get(i));
            }
        }
    }

    /** The passwords and private keys of {@code servers}. */
    public SecretScan addServers(String origin, List<Server> servers) {
        for (Server s : servers) {
            add(origin + " " + s.address() + " password", s.password());
            add(origin + " " + s.address() + " private key", s.privateKey());
        }
        return this;
    }

    /** The passwords of every credential in {@code credentials}. */
    public SecretScan addCredentials(String origin, Credentials credentials) {
        if (credentials == null) {
            return this;
        }
        credentials.byPlatform().forEach((platform, sets) -> {
            for (CredentialSet set : sets) {
                List<Credential> all = new ArrayList<>();
                if (set.admin() != null) {
                    all.add(set.admin());
                }
                all.addAll(set.users());
                for (Credential c : all) {
                    add(origin + " " + platform + " " + c.username() + " password", c.password());
                    add(origin + " " + platform + " " + c.username() + " profiler key", c.profilerHmacKey());
                }
            }
        });
        return this;
    }

    public boolean isEmpty() {
        return secrets.isEmpty();
    }

    public int size() {
        return secrets.size();
    }

    /** Fails when any of {@code texts} holds a secret, naming the text by {@code what} and index. */
    public void assertNoneIn(String what, Collection<String> texts) {
        int i = 0;
        for (String text : texts) {
            assertNoneIn(what + " #" + i++, text);
        }
    }

    /** Fails when {@code text} holds a secret. */
    public void assertNoneIn(String what, String text) {
        if (text == null) {
            return;
        }
        for (Map.Entry<String, String> s : secrets.entrySet()) {
            if (text.contains(s.getKey())) {
                fail(what + " holds a secret: the value of " + s.getValue() + " (not shown)");
            }
        }
    }

    /** Fails when a record's name, external id or info holds a secret. */
    public void assertNoneInRecords(Collection<ResourceRecord> records) {
        for (ResourceRecord r : records) {
            String what = "record " + r.resourceId();
            assertNoneIn(what + " name", r.name());
            assertNoneIn(what + " external id", r.externalId());
            assertNoneIn(what + " info", r.info() == null ? null : r.info().toString());
        }
    }

    /** Fails when the message of {@code error}, of any of its causes, or a partial failure's reasons hold a secret. */
    public void assertNoneInError(String what, Throwable error) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        int depth = 0;
        for (Throwable t = error; t != null && seen.add(t); t = t.getCause(), depth++) {
            String w = what + (depth == 0 ? "" : " (cause " + depth + ")");
            assertNoneIn(w, t.toString());
            if (t instanceof CreateServersException c) {
                assertNoneIn(w + " reasons", c.failed().toString());
            }
            for (Throwable s : t.getSuppressed()) {
                assertNoneIn(w + " (suppressed)", s.toString());
            }
        }
    }
}
