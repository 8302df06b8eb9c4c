package io.cloudrig.deployed;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

/**
 * One Lambda execution environment as the Java runtime makes it: a JVM of its own running AWS's Runtime Interface
 * Client ({@value #MAIN}) with the handler string as its argument, in the unzipped deployment package (the task root,
 * its working directory: the client loads the root and {@code lib/*.jar} from there), with the function's environment
 * and what Lambda adds to it ({@code AWS_LAMBDA_RUNTIME_API}, the function's name, memory, region, log group). The
 * JVM is the one the test names (the build's own by default; the flags are the Lambda Java runtime's kind: tiered
 * compilation stopped at C1, serial GC, heap from the memory size). Its output goes to a log file.
 */
final class LambdaProcess implements AutoCloseable {
    static final String MAIN = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";
    /** The client's system property naming its native library, instead of unpacking it to /tmp in every JVM. */
    private static final String JNI_PROPERTY = "com.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI";
    private static final String JNI_RESOURCE = "jni/libaws-lambda-jni.linux-" + ("aarch64".equals(System.getProperty("os.arch"))
            ? "aarch_64" : "x86_64") + ".so";

    private final Process process;
    private final Instant started;
    private final Path log;

    private LambdaProcess(Process process, Instant started, Path log) {
        this.process = process;
        this.started = started;
        this.log = log;
    }

    /**
     * Starts the runtime.
     *
     * @param javaHome    the JDK to run it on
     * @param runtimeJars where the client's jars are ({@code target/lambda-runtime})
     * @param taskRoot    the unzipped function.zip
     * @param handler     the handler string, {@code class::method}
     * @param environment the function's environment (Terraform's), to which Lambda's own variables are added
     * @param memoryMb    the function's memory
     */
    static LambdaProcess start(String function, Path javaHome, Path runtimeJars, Path taskRoot, String handler,
                               Map<String, String> environment, int memoryMb, Path logDir) {
        try {
            List<Path> jars;
            try (Stream<Path> s = Files.list(runtimeJars)) {
                jars = s.filter(p -> p.toString().endsWith(".jar")).sorted().collect(Collectors.toList());
            }
            Path jni = nativeLibrary(runtimeJars, jars);
            List<String> command = new ArrayList<>(List.of(javaHome.resolve("bin").resolve("java").toString(),
                    "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto",
                    "-Xmx" + (memoryMb * 85 / 100) + "m", "-D" + JNI_PROPERTY + "=" + jni,
                    "-cp", jars.stream().map(Path::toString).collect(Collectors.joining(":")), MAIN, handler));
            Files.createDirectories(logDir);
            Path log = logDir.resolve(function + ".log");
            ProcessBuilder pb = new ProcessBuilder(command).directory(taskRoot.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            Map<String, String> env = pb.environment();
            env.keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("CLOUDRIG_") || k.startsWith("QUARKUS_")
                    || k.equals("JAVA_TOOL_OPTIONS"));
            env.putAll(lambdaVariables(function, taskRoot, handler, memoryMb));
            env.putAll(environment);
            Instant started = Instant.now();
            return new LambdaProcess(pb.start(), started, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the Lambda runtime for " + function, e);
        }
    }

    /**
     * What Lambda sets in every Java function's environment (the reserved variables of "Defined runtime environment
     * variables"); the role's credentials are dummies, as nothing here reaches AWS.
     */
    private static Map<String, String> lambdaVariables(String function, Path taskRoot, String handler, int memoryMb) {
        Map<String, String> env = new TreeMap<>();
        env.put("_HANDLER", handler);
        env.put("AWS_EXECUTION_ENV", "AWS_Lambda_java21");
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        env.put("AWS_LAMBDA_FUNCTION_NAME", function);
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", String.valueOf(memoryMb));
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + function);
        env.put("AWS_LAMBDA_LOG_STREAM_NAME", "as-deployed/" + function);
        env.put("AWS_ACCESS_KEY_ID", "ASIAASDEPLOYEDTEST00");
        env.put("AWS_SECRET_ACCESS_KEY", "as-deployed-test-only");
        env.put("AWS_SESSION_TOKEN", "as-deployed-test-only");
        env.put("LAMBDA_TASK_ROOT", taskRoot.toString());
        env.put("TZ", ":UTC");
        return env;
    }

    /** The client's native library for this machine, unpacked once next to its jars. */
    private static synchronized Path nativeLibrary(Path runtimeJars, List<Path> jars) throws IOException {
        Path target = runtimeJars.resolve("jni").resolve(JNI_RESOURCE.substring(4));
        if (Files.isRegularFile(target)) {
            return target;
        }
        Files.createDirectories(target.getParent());
        for (Path jar : jars) {
            try (ZipFile z = new ZipFile(jar.toFile())) {
                var entry = z.getEntry(JNI_RESOURCE);
                if (entry != null) {
                    try (InputStream in = z.getInputStream(entry)) {
                        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                    return target;
                }
            }
        }
        throw new AssertionError("no " + JNI_RESOURCE + " in the Runtime Interface Client's jars " + jars);
    }

    /** When the JVM was started. */
    Instant started() {
        return started;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** The runtime's output so far (its log and the functions'), for failure messages. */
    String output() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    Path log() {
        return log;
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
