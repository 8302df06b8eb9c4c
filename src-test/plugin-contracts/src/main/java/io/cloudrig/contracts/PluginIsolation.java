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
 */
public final class PluginIsolation {
    private static final Pattern PLUGIN = Pattern.compile("io[/.]cloudrig[/.](engines|providers)[/.]([A-Za-z0-9_]+)[/.]");
    private static final Pattern FORBIDDEN = Pattern.compile(
            "io[/.]cloudrig[/.]orchestration[/.]|io[/.]cloudrig[/.]model[/.]store[/.]|software[/.]amazon[/.]awssdk[/.]");

    private PluginIsolation() {
    }

    /** Fails naming each class of the plugin's package that refers to what a plugin must not. */
    public static void assertIsolated(PluginFactory plugin) {
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
            if (!found.isEmpty()) {
                violations.add(c.name + " refers to " + found);
            }
        }
        assertThat(violations).as("classes of %s (package %s) that name another plugin, orchestration, the store or the "
                + "AWS SDK", plugin.name(), pkg).isEmpty();
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
