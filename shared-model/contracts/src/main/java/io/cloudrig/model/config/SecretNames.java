package io.cloudrig.model.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The key-name rule of {@link Secrets}: which JSON keys (and {@code NAME=value} names in text) hold secrets. A name is
 * split into lower-case words at separators and camelCase boundaries ({@code profilerHmacKey} → profiler, hmac, key;
 * {@code X-Auth-Token} → x, auth, token). Then, in order:
 * <ol>
 * <li>A name of two or more words whose last word is a {@linkplain #DESCRIPTORS descriptor} names something about a
 * secret, not the secret: {@code auth_url}, {@code key_name}, {@code token_type}, {@code password_file} are not
 * secret. So is a public key ({@code public_key}, {@code publicKey}).</li>
 * <li><b>Value secrets</b> (everything under them is masked, whatever its JSON type): the name contains
 * {@code password}, {@code passwd}, {@code passphrase}, {@code secret}, {@code token} or {@code hmac} anywhere
 * ({@code ADMIN_PASSWORD}, {@code keystone_authtoken}); or its last word is {@code key}, {@code pkey},
 * {@code privatekey}, {@code apikey}, {@code pass}, {@code pwd}, {@code pw}, {@code cookie} or {@code authorization}
 * ({@code key}, {@code ssh_key}, {@code private_key}, {@code api_key}, {@code db_pass}); or it ends in
 * {@code conn_str} / {@code connection_string}.</li>
 * <li><b>Container secrets</b> (a scalar or a scalar array element under them is masked; an object under them is
 * masked by these same rules, so {@code credentials[].host} stays readable): a word {@code credential},
 * {@code credentials}, {@code creds} or {@code cred}, or a last word {@code auth} ({@code auth}, {@code basic_auth}).</li>
 * </ol>
 * False positives the rule avoids on purpose: {@code keystone}, {@code keypair}, {@code key_pair}, {@code monkey} (the
 * word is not {@code key}); {@code bypass} (not the word {@code pass}); {@code auth_url}, {@code auth_type},
 * {@code key_name} (descriptors). Masking errs on the safe side: {@code access_key} is masked though AWS access key ids
 * are not secret.
 */
final class SecretNames {
    /** Last words that make a name describe a secret rather than hold one. */
    static final Set<String> DESCRIPTORS = Set.of("name", "names", "url", "urls", "uri", "endpoint", "endpoints", "type",
            "types", "version", "file", "path", "dir", "directory", "length", "len", "size", "format", "algorithm", "alg",
            "method", "mode", "ttl", "expiry", "expires", "expiration", "enabled", "required", "policy", "count", "hint",
            "strategy", "plugin", "driver", "backend", "prefix", "suffix", "user", "username", "domain", "project",
            "region", "location", "min", "max", "rotation", "manager", "provider", "store");
    private static final List<String> VALUE_SUBSTRINGS = List.of("password", "passwd", "passphrase", "secret", "token",
            "hmac");
    private static final Set<String> VALUE_LAST_WORDS = Set.of("key", "pkey", "privatekey", "apikey", "pass", "pwd", "pw",
            "cookie", "authorization");
    private static final Set<String> CONTAINER_WORDS = Set.of("credential", "credentials", "creds", "cred");

    /** How a key holds a secret. */
    enum Kind {
        /** Not a secret. */
        NONE,
        /** Everything under it is secret. */
        VALUE,
        /** Its scalars are secret; objects under it are masked key by key. */
        CONTAINER
    }

    private SecretNames() {
    }

    static Kind kind(String name) {
        if (name == null || name.isEmpty()) {
            return Kind.NONE;
        }
        List<String> words = words(name);
        if (words.isEmpty()) {
            return Kind.NONE;
        }
        String last = words.get(words.size() - 1);
        if (words.size() > 1 && (DESCRIPTORS.contains(last) || last.equals("key") && words.contains("public"))) {
            return Kind.NONE;
        }
        String lower = String.join("", words);
        for (String s : VALUE_SUBSTRINGS) {
            if (lower.contains(s)) {
                return Kind.VALUE;
            }
        }
        if (VALUE_LAST_WORDS.contains(last) || lower.endsWith("connstr") || lower.endsWith("connectionstring")) {
            return Kind.VALUE;
        }
        for (String w : words) {
            if (CONTAINER_WORDS.contains(w)) {
                return Kind.CONTAINER;
            }
        }
        return last.equals("auth") ? Kind.CONTAINER : Kind.NONE;
    }

    /** The name in lower-case words: split at non-alphanumerics, lower→upper and UPPER→Upper-lower boundaries. */
    static List<String> words(String name) {
        List<String> out = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        int n = name.length();
        for (int i = 0; i < n; i++) {
            char c = name.charAt(i);
            if (!Character.isLetterOrDigit(c)) {
                flush(w, out);
                continue;
            }
            if (w.length() > 0 && Character.isUpperCase(c)) {
                char prev = name.charAt(i - 1);
                boolean nextLower = i + 1 < n && Character.isLowerCase(name.charAt(i + 1));
                if (Character.isLowerCase(prev) || Character.isDigit(prev) || (Character.isUpperCase(prev) && nextLower)) {
                    flush(w, out);
                }
            }
            w.append(c);
        }
        flush(w, out);
        return out;
    }

    private static void flush(StringBuilder w, List<String> out) {
        if (w.length() > 0) {
            out.add(w.toString().toLowerCase(Locale.ROOT));
            w.setLength(0);
        }
    }
}
