package io.cloudrig.openstack;

import io.cloudrig.model.Credential;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.Set;

/**
 * An openrc file for a deployment's credential, as Rally's {@code deployment use} wrote {@code ~/.rally/openrc}:
 * {@code export OS_*=...} lines for the OpenStack clients. The text holds the password in clear (that is its purpose),
 * so it is only ever written to a file readable by its owner alone (0600), never printed or logged.
 */
public final class OpenRc {
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private OpenRc() {
    }

    /** The openrc text for {@code credential} (Keystone v2 or v3 variables, as its auth URL and fields say). */
    public static String render(Credential credential) {
        Objects.requireNonNull(credential, "credential");
        StringBuilder sb = new StringBuilder();
        sb.append("# cloudrig openrc: ").append(credential.permission().name().toLowerCase()).append(' ')
                .append(credential.username()).append(" at ").append(oneLine(credential.authUrl())).append('\n');
        export(sb, "OS_AUTH_URL", credential.authUrl());
        export(sb, "OS_USERNAME", credential.username());
        export(sb, "OS_PASSWORD", credential.password());
        boolean v2 = KeystoneClient.isV2(credential.authUrl());
        if (v2) {
            export(sb, "OS_TENANT_NAME", credential.projectOrTenant());
        } else {
            export(sb, "OS_PROJECT_NAME", credential.projectOrTenant());
            export(sb, "OS_TENANT_NAME", credential.projectOrTenant());
            export(sb, "OS_USER_DOMAIN_NAME", KeystoneClient.orDefault(credential.userDomainName()));
            export(sb, "OS_PROJECT_DOMAIN_NAME", KeystoneClient.orDefault(credential.projectDomainName()));
            if (credential.domainName() != null && credential.projectOrTenant() == null) {
                export(sb, "OS_DOMAIN_NAME", credential.domainName());
            }
            export(sb, "OS_IDENTITY_API_VERSION", "3");
        }
        export(sb, "OS_REGION_NAME", credential.regionName());
        if (credential.endpointType() != null) {
            export(sb, "OS_ENDPOINT_TYPE", credential.endpointType() + "URL"); // Rally's form, for older clients
            export(sb, "OS_INTERFACE", credential.endpointType());
        }
        export(sb, "OS_ENDPOINT", credential.endpoint());
        if (credential.httpsInsecure()) {
            export(sb, "OS_INSECURE", "True");
        }
        export(sb, "OS_CACERT", credential.httpsCacert());
        return sb.toString();
    }

    /**
     * Writes {@link #render} to {@code file} with permissions 0600 (set before the secret is written, also when the
     * file already existed), creating parent directories as needed.
     */
    public static Path write(Credential credential, Path file) throws IOException {
        String text = render(credential);
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        if (posix) {
            if (!Files.exists(file)) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            }
            Files.setPosixFilePermissions(file, OWNER_ONLY);
        }
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            w.write(text);
        }
        return file;
    }

    private static void export(StringBuilder sb, String name, String value) {
        if (value == null || value.isEmpty()) {
            return;
        }
        sb.append("export ").append(name).append('=').append(shellQuote(value)).append('\n');
    }

    /** Single-quoted for POSIX shells: {@code it's} → {@code 'it'\''s'}. */
    static String shellQuote(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }

    private static String oneLine(String s) {
        return s.replace('\n', ' ').replace('\r', ' ');
    }
}
