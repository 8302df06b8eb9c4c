package io.cloudrig.deployed;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The Lambda artifact as the Java runtime sees it: the zip unpacked, its root and every {@code lib/*.jar} on one class
 * path (AWS: "the root of the deployment package and lib/*.jar"). Classes are loaded without initialising them, in a
 * loader whose parent is the platform loader, so nothing of the test's own class path can stand in for a missing
 * class.
 */
final class FunctionZip implements AutoCloseable {
    static final String FUNQ = "io.quarkus.funqy.Funq";
    static final String LAMBDA_CONTEXT = "com.amazonaws.services.lambda.runtime.Context";

    private final Path zip;
    private final Path root;
    private final URLClassLoader loader;

    private FunctionZip(Path zip, Path root, URLClassLoader loader) {
        this.zip = zip;
        this.root = root;
        this.loader = loader;
    }

    /** Unpacks {@code zip} into {@code into} (emptied first). */
    static FunctionZip open(Path zip, Path into) {
        if (!Files.isRegularFile(zip)) {
            throw new AssertionError(zip + " does not exist: build it with `./mvnw -B -ntp package -DskipTests "
                    + "-pl functions/app -am` (the as-deployed module depends on the app module so the reactor builds it first)");
        }
        try {
            deleteTree(into);
            Files.createDirectories(into);
            try (ZipFile z = new ZipFile(zip.toFile())) {
                for (Enumeration<? extends ZipEntry> en = z.entries(); en.hasMoreElements(); ) {
                    ZipEntry e = en.nextElement();
                    Path target = into.resolve(e.getName()).normalize();
                    if (!target.startsWith(into)) {
                        throw new AssertionError(zip + ": entry " + e.getName() + " points outside the archive");
                    }
                    if (e.isDirectory()) {
                        Files.createDirectories(target);
                    } else {
                        Files.createDirectories(target.getParent());
                        try (InputStream in = z.getInputStream(e)) {
                            Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                        }
                    }
                }
            }
            List<URL> path = new ArrayList<>();
            path.add(into.toUri().toURL());
            Path lib = into.resolve("lib");
            if (Files.isDirectory(lib)) {
                try (Stream<Path> jars = Files.list(lib)) {
                    for (Path j : jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                        path.add(j.toUri().toURL());
                    }
                }
            }
            return new FunctionZip(zip, into, new URLClassLoader(path.toArray(URL[]::new), ClassLoader.getPlatformClassLoader()));
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack " + zip, e);
        }
    }

    Path zip() {
        return zip;
    }

    /**
     * Why the Lambda Java runtime could not call {@code Class::method} as a stream handler, or empty when it can: the
     * class is in the zip, public and concrete with a public no-argument constructor, and has a public
     * {@code method(InputStream, OutputStream, Context)}.
     */
    Optional<String> streamHandlerProblem(String handler) {
        int sep = handler.indexOf("::");
        if (sep <= 0 || sep == handler.length() - 2) {
            return Optional.of("handler '" + handler + "' is not of the form <class>::<method>");
        }
        String className = handler.substring(0, sep);
        String methodName = handler.substring(sep + 2);
        Class<?> c;
        try {
            c = Class.forName(className, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            return Optional.of("class " + className + " is not in " + zip.getFileName() + " (" + e + ")");
        }
        if (!Modifier.isPublic(c.getModifiers()) || Modifier.isAbstract(c.getModifiers())) {
            return Optional.of("class " + className + " is not a public concrete class");
        }
        try {
            c.getConstructor();
        } catch (NoSuchMethodException e) {
            return Optional.of("class " + className + " has no public no-argument constructor");
        }
        try {
            Class<?> context = Class.forName(LAMBDA_CONTEXT, false, loader);
            c.getMethod(methodName, InputStream.class, OutputStream.class, context);
            return Optional.empty();
        } catch (ClassNotFoundException e) {
            return Optional.of(LAMBDA_CONTEXT + " is not in " + zip.getFileName());
        } catch (NoSuchMethodException e) {
            return Optional.of("class " + className + " has no public " + methodName
                    + "(InputStream, OutputStream, Context)");
        }
    }

    /**
     * The Funqy functions of the application's own classes (the zip's root, under {@code package}): name (the
     * {@code @Funq} value, else the method name) to {@code Class#method}.
     */
    Map<String, String> funqFunctions(String pkg) {
        Class<? extends Annotation> funq;
        try {
            funq = Class.forName(FUNQ, false, loader).asSubclass(Annotation.class);
        } catch (ClassNotFoundException e) {
            throw new AssertionError(FUNQ + " is not in " + zip.getFileName() + ": not a Funqy artifact");
        }
        Map<String, String> functions = new TreeMap<>();
        Path base = root.resolve(pkg.replace('.', '/'));
        try (Stream<Path> files = Files.walk(base)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                String name = root.relativize(f).toString().replace('/', '.').replaceAll("\\.class$", "");
                Class<?> c;
                try {
                    c = Class.forName(name, false, loader);
                } catch (ClassNotFoundException | LinkageError e) {
                    throw new AssertionError(zip.getFileName() + ": class " + name + " does not load: " + e);
                }
                for (Method m : c.getDeclaredMethods()) {
                    Annotation a = m.getAnnotation(funq);
                    if (a != null) {
                        String value = (String) funq.getMethod("value").invoke(a);
                        functions.put(value == null || value.isEmpty() ? m.getName() : value, c.getName() + "#" + m.getName());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + base, e);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read @Funq values", e);
        }
        return functions;
    }

    /**
     * The property names a SmallRye {@code @ConfigMapping} interface of the zip reads, under {@code prefix}: each
     * no-argument method is a key in kebab case ({@code createServersTimeout} → {@code create-servers-timeout}), a
     * method returning another interface of the application a group of keys ({@code cloudrig.lambda.*}).
     */
    java.util.Set<String> configKeys(String mappingInterface, String prefix) {
        java.util.Set<String> keys = new java.util.TreeSet<>();
        try {
            collectKeys(Class.forName(mappingInterface, false, loader), prefix, keys);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new AssertionError(zip.getFileName() + ": config mapping " + mappingInterface + " does not load: " + e);
        }
        return keys;
    }

    private static void collectKeys(Class<?> mapping, String prefix, java.util.Set<String> keys) {
        for (Method m : mapping.getMethods()) {
            if (m.getParameterCount() != 0 || m.isDefault() || Modifier.isStatic(m.getModifiers())) {
                continue;
            }
            String key = prefix + "." + m.getName().replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
            Class<?> type = m.getReturnType();
            if (type.isInterface() && !type.getName().startsWith("java.")) {
                collectKeys(type, key, keys);
            } else {
                keys.add(key);
            }
        }
    }

    @Override
    public void close() throws IOException {
        loader.close();
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
