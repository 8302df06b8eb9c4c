package io.cloudrig.aws;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Objects;
import java.util.Properties;

/**
 * The AWS credentials of the embedded runtime's DynamoDB Local (which accepts no others): generated once per home into
 * {@code $CLOUDRIG_HOME/keys/local-aws.credentials} (mode 0600), with the endpoint the runtime serves them on now
 * (rewritten at every start). A client of a loopback endpoint ({@link AwsClients}) signs with them when that endpoint
 * is the one in the file of this process's home, and with the dummy {@code local}/{@code local} otherwise (other local
 * servers, which accept anything).
 */
public final class LocalCredentials {
    static final String FILE = "local-aws.credentials";
    static final AwsCredentials DUMMY = AwsBasicCredentials.create("local", "local");
    private static final String KEY_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private static final String SECRET_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private final String accessKeyId;
    private final String secretAccessKey;
    private final URI endpoint;

    private LocalCredentials(String accessKeyId, String secretAccessKey, URI endpoint) {
        this.accessKeyId = accessKeyId;
        this.secretAccessKey = secretAccessKey;
        this.endpoint = endpoint;
    }

    /** The file under {@code home}. */
    public static Path fileIn(Path home) {
        return home.resolve(KeyFiles.DIRECTORY).resolve(FILE);
    }

    /** The home's credentials, generated on first use. */
    public static LocalCredentials inHome(Path home) {
        Path file = fileIn(home);
        try {
            KeyFiles.createOnce(file, format(new LocalCredentials("CLOUDRIG" + KeyFiles.random(KEY_ALPHABET, 12),
                    KeyFiles.random(SECRET_ALPHABET, 40), null)));
            return read(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create " + file + ": " + e.getMessage(), e);
        }
    }

    /** These credentials, now served on {@code endpoint}: the home's file says so from now on. */
    public LocalCredentials servedAt(Path home, URI endpoint) {
        LocalCredentials at = new LocalCredentials(accessKeyId, secretAccessKey, Objects.requireNonNull(endpoint));
        try {
            KeyFiles.replace(fileIn(home), format(at));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + fileIn(home) + ": " + e.getMessage(), e);
        }
        return at;
    }

    public String accessKeyId() {
        return accessKeyId;
    }

    /** The secret: for the server that checks it, never for output. */
    public String secretAccessKey() {
        return secretAccessKey;
    }

    public AwsCredentialsProvider provider() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secretAccessKey));
    }

    /**
     * The credentials for a client of the loopback {@code endpoint}: those in {@code home}'s file when it names that
     * endpoint, else the dummy ones. The file is read again when it changes (a runtime started anew).
     */
    public static AwsCredentialsProvider forLoopback(URI endpoint, Path home) {
        return new FileProvider(fileIn(home), endpoint);
    }

    /** Never the secret. */
    @Override
    public String toString() {
        return "LocalCredentials{" + accessKeyId + (endpoint != null ? " at " + endpoint : "") + ", secret=***}";
    }

    private static String format(LocalCredentials c) {
        return "# cloudrig embedded runtime: the only credentials its DynamoDB Local accepts (generated; keep it 0600)\n"
                + "access_key_id=" + c.accessKeyId + "\nsecret_access_key=" + c.secretAccessKey + "\n"
                + (c.endpoint != null ? "endpoint=" + c.endpoint + "\n" : "");
    }

    private static LocalCredentials read(Path file) throws IOException {
        Properties p = new Properties();
        p.load(new StringReader(Files.readString(file)));
        String id = p.getProperty("access_key_id");
        String secret = p.getProperty("secret_access_key");
        if (id == null || secret == null || id.isBlank() || secret.isBlank()) {
            throw new IOException(file + ": expected access_key_id and secret_access_key but found "
                    + (id == null || id.isBlank() ? "no access_key_id" : "no secret_access_key"));
        }
        String endpoint = p.getProperty("endpoint");
        return new LocalCredentials(id.trim(), secret.trim(), endpoint == null ? null : URI.create(endpoint.trim()));
    }

    /** Reads the home's file when it changed; the runtime's credentials for its endpoint, the dummy ones otherwise. */
    private static final class FileProvider implements AwsCredentialsProvider {
        private final Path file;
        private final URI endpoint;
        private FileTime seen;
        private AwsCredentials current = DUMMY;

        FileProvider(Path file, URI endpoint) {
            this.file = file;
            this.endpoint = endpoint;
        }

        @Override
        public synchronized AwsCredentials resolveCredentials() {
            FileTime modified;
            try {
                modified = Files.getLastModifiedTime(file);
            } catch (NoSuchFileException e) {
                seen = null;
                current = DUMMY;
                return current;
            } catch (IOException e) {
                return current;
            }
            if (!modified.equals(seen)) {
                seen = modified;
                try {
                    LocalCredentials c = read(file);
                    current = endpoint.equals(c.endpoint) ? AwsBasicCredentials.create(c.accessKeyId, c.secretAccessKey)
                            : DUMMY;
                } catch (IOException | RuntimeException e) {
                    current = DUMMY;
                }
            }
            return current;
        }

        @Override
        public String toString() {
            return "LocalCredentials.forLoopback(" + endpoint + ")";
        }
    }
}
