package io.cloudrig.model.store;

import io.cloudrig.aws.AwsEndpoint;
import io.cloudrig.model.Deployment;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The package graph of the shared model (contracts, aws, store) as the JDK's {@code jdeps} reads it from the compiled
 * classes: no cycles, values depend on no other cloudrig package, and contracts know nothing of AWS or the store.
 */
class PackageDependenciesTest {
    private static final Pattern EDGE = Pattern.compile("^\\s+(io\\.cloudrig\\S*)\\s+->\\s+(io\\.cloudrig\\S*)\\s");

    private static Path classesOf(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Package → the other cloudrig packages it uses. */
    private static Map<String, Set<String>> graph() {
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow();
        StringWriter out = new StringWriter();
        int rc = jdeps.run(new PrintWriter(out), new PrintWriter(out), "-verbose:package",
                classesOf(Deployment.class).toString(), classesOf(AwsEndpoint.class).toString(),
                classesOf(DeploymentStore.class).toString());
        assertThat(rc).as("jdeps output:\n" + out).isZero();
        Map<String, Set<String>> g = new TreeMap<>();
        for (String line : out.toString().split("\n")) {
            Matcher m = EDGE.matcher(line);
            if (m.find() && !m.group(1).equals(m.group(2))) {
                g.computeIfAbsent(m.group(1), k -> new TreeSet<>()).add(m.group(2));
            }
        }
        return g;
    }

    @Test
    void sharedModelPackages_formNoCycle() {
        Map<String, Set<String>> g = graph();
        assertThat(g).as("jdeps found the store's dependencies").containsKey("io.cloudrig.model.store");
        List<String> cycle = findCycle(g);
        assertThat(cycle).as("package cycle in " + g).isEmpty();
    }

    @Test
    void values_dependOnNoOtherCloudrigPackage_andContractsOnNeitherAwsNorStore() {
        Map<String, Set<String>> g = graph();
        assertThat(g.getOrDefault("io.cloudrig.model", Set.of())).isEmpty();
        g.forEach((from, to) -> {
            if (from.startsWith("io.cloudrig.model") && !from.equals("io.cloudrig.model.store")) {
                assertThat(to).as(from).noneMatch(p -> p.startsWith("io.cloudrig.aws") || p.startsWith("io.cloudrig.model.store"));
            }
        });
    }

    private static List<String> findCycle(Map<String, Set<String>> g) {
        Set<String> done = new TreeSet<>();
        for (String start : g.keySet()) {
            List<String> path = new ArrayList<>();
            if (visit(start, g, path, done)) {
                return path;
            }
        }
        return List.of();
    }

    private static boolean visit(String p, Map<String, Set<String>> g, List<String> path, Set<String> done) {
        if (path.contains(p)) {
            path.add(p);
            return true;
        }
        if (done.contains(p)) {
            return false;
        }
        path.add(p);
        for (String next : g.getOrDefault(p, Set.of())) {
            if (visit(next, g, path, done)) {
                return true;
            }
        }
        path.remove(path.size() - 1);
        done.add(p);
        return false;
    }
}
