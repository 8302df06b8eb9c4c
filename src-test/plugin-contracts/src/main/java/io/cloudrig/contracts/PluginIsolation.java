package io.cloudrig.contracts;

import io.cloudrig.model.spi.PluginFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A plugin is built only on the SPI and the support libraries: its classes name no other plugin's package, nothing of
 * orchestration or the store, and no AWS SDK class. Checked on the compiled classes of the plugin's package (the names
 * a class refers to are in its constant pool), where the factory was loaded from.
 *
 * <p>One narrow exception, declared by the plugin's contract test and never assumed: a plugin whose job is an AWS
 * service (the EC2 provider) may name the SDK's core packages and the clients of the services it declares
 * ({@link Allowance#awsSdk}); every other service client (DynamoDB, SQS: the store's and the transports' business),
 * orchestration, the store and other plugins stay forbidden for it too.
 */
public final class PluginIsolation {
    private static final Pattern PLUGIN = Pattern.compile("io[/.]cloudrig[/.](engines|providers)[/.]([A-Za-z0-9_]+)[/.]");
    private static final Pattern FORBIDDEN = Pattern.compile(
            "io[/.]cloudrig[/.]orchestration[/.]|io[/.]cloudrig[/.]model[/.]store[/.]");
    /** An AWS SDK name; group 1 is its first package below {@code awssdk}, group 2 the service under {@code services}. */
    private static final Pattern AWS_SDK = Pattern.compile(
            "software[/.]amazon[/.]awssdk[/.]([A-Za-z0-9_]+)(?:[/.]([A-Za-z0-9_]+))?");

    /**
     * What a plugin may name beyond the rule, declared by its contract test with the reason.
     *
     * @param reason why (shown when the rule fails)
     * @param awsServices the AWS services whose SDK clients it may name ({@code ec2}, {@code sts}: the package under
     *                    {@code software.amazon.awssdk.services}); with at least one, also the SDK's core packages
     *                    (core, awscore, regions, auth, retries, http, ...). Empty: nothing of the SDK
     */
    public record Allowance(String reason, Set<String> awsServices) {
        public Allowance {
            Objects.requireNonNull(reason, "reason: expected why the plugin may name more but was null");
            awsServices = Set.copyOf(awsServices);
            for (String s : awsServices) {
                if (!s.matches("[a-z0-9]+")) {
                    throw new IllegalArgumentException("awsServices: expected SDK service package names such as 'ec2' "
                            + "but was '" + s + "'");
                }
            }
        }

        /** The rule as it is: nothing beyond the SPI and the support libraries. */
        public static Allowance none() {
            return new Allowance("none", Set.of());
        }

        /**
         * For a plugin whose job is AWS: the SDK's core and the clients of {@code services} only, e.g.
         * {@code awsSdk("EC2 is where it makes servers", "ec2", "sts")}.
         */
        public static Allowance awsSdk(String reason, String... services) {
            if (services.length == 0) {
                throw new IllegalArgumentException("services: expected at least one AWS service (e.g. ec2) but got none");
            }
            return new Allowance(reason, Set.of(services));
        }

        /** Whether an AWS SDK name whose first package is {@code first} (and service {@code service}) is allowed. */
        boolean allowsAwsSdk(String first, String service) {
            if (awsServices.isEmpty()) {
                return false;
            }
            return !first.equals("services") || (service != null && awsServices.contains(service));
        }
    }

    private PluginIsolation() {
    }

    /** Fails naming each class of the plugin's package that refers to what a plugin must not. */
    public static void assertIsolated(PluginFactory plugin) {
        assertIsolated(plugin, Allowance.none());
    }

    /**
     * Fails naming each class of the plugin's package that refers to what a plugin must not, with {@code allowance}
     * (which the plugin's contract test declares) taken out of the AWS SDK part of the rule.
     */
    public static void assertIsolated(PluginFactory plugin, Allowance allowance) {
        Objects.requireNonNull(allowance, "allowance: expected Allowance.none() or a declared one but was null");
        String pkg = plugin.getClass().getPackageName();
        String own = pkg.replace('.', '/') + "/";
        List<String> violations = new ArrayList<>();
        for (ClassFile c : classesOf(plugin.getClass(), own)) {
            Set<String> found = new TreeSet<>();
            Matcher m = PLUGIN.matcher(c.text);
            while (m.find()) {
                String other = "io.cloudrig." + m.group(1) + "." + m.group(2);
                if (!pkg.equals(other) && !pkg.startsWith(other + ".")) {
                    found.add(other);
                }
            }
            Matcher f = FORBIDDEN.matcher(c.text);
            while (f.find()) {
                found.add(f.group().replace('/', '.'));
            }
            Matcher sdk = AWS_SDK.matcher(c.text);
            while (sdk.find()) {
                if (!allowance.allowsAwsSdk(sdk.group(1), sdk.group(2))) {
                    found.add(allowance.awsServices().isEmpty() ? "software.amazon.awssdk."
                            : "software.amazon.awssdk.services." + sdk.group(2));
                }
            }
            if (!found.isEmpty()) {
                violations.add(c.name + " refers to " + found);
            }
        }
        assertThat(violations).as("classes of %s (package %s) that name another plugin, orchestration, the store or the "
                + "AWS SDK%s", plugin.name(), pkg, allowance.awsServices().isEmpty() ? ""
                : " beyond its core and the clients of " + new TreeSet<>(allowance.awsServices()) + " (allowed: "
                + allowance.reason() + ")").isEmpty();
    }

    private record ClassFile(String name, String text) {
    }

    private static List<ClassFile> classesOf(Class<?> anchor, String packagePath) {
        Path location;
        try {
            location = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("cannot tell where " + anchor.getName() + " was loaded from", e);
        }
        List<ClassFile> out = new ArrayList<>();
        try {
            if (Files.isDirectory(location)) {
                Path dir = location.resolve(packagePath);
                try (Stream<Path> files = Files.walk(dir)) {
                    for (Path p : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                        out.add(new ClassFile(location.relativize(p).toString(), latin1(Files.readAllBytes(p))));
                    }
                }
            } else {
                try (ZipFile jar = new ZipFile(location.toFile())) {
                    for (ZipEntry e : jar.stream().filter(e -> e.getName().startsWith(packagePath)
                            && e.getName().endsWith(".class")).toList()) {
                        try (InputStream in = jar.getInputStream(e)) {
                            out.add(new ClassFile(e.getName(), latin1(in.readAllBytes())));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading the classes of " + packagePath + " in " + location, e);
        }
        assertThat(out).as("classes of package %s in %s", packagePath, location).isNotEmpty();
        return out;
    }

    private static String latin1(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
