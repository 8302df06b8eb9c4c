package io.cloudrig.deployed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Terraform files as JSON, read by HashiCorp's own HCL parser: npm {@code @cdktf/hcl2json} (hashicorp/hcl v2 compiled
 * to WebAssembly) run by Node.js. An expression comes back as its source text in {@code "${...}"}, blocks as arrays of
 * objects, numbers as numbers, a syntax error as the parser's {@code file:line,col} message (why this and not hcl4j:
 * terraform/README.md). The package is installed once per build into {@code target/hcl2json} with {@code npm ci} from
 * the pinned {@code src/test/hcl2json/package-lock.json}.
 */
final class Hcl2Json {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String SCRIPT = "hcl2json.cjs";

    private Hcl2Json() {
    }

    /**
     * Every {@code .tf} file of {@code dir} (not its subdirectories) as {@code {"main.tf": {...}, ...}}.
     *
     * @param sources   where package.json, package-lock.json and the script are kept
     * @param installTo where node_modules goes (under target/)
     */
    static JsonNode parseDirectory(Path dir, Path sources, Path installTo) {
        Path script = install(sources, installTo);
        String json = run(List.of("node", script.toString(), dir.toString()), installTo, 60,
                "parse the Terraform files of " + dir);
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException("hcl2json printed no JSON for " + dir + ": " + e.getMessage(), e);
        }
    }

    private static synchronized Path install(Path sources, Path installTo) {
        try {
            Files.createDirectories(installTo);
            for (String f : List.of("package.json", "package-lock.json", SCRIPT)) {
                Files.copy(sources.resolve(f), installTo.resolve(f), StandardCopyOption.REPLACE_EXISTING);
            }
            Path installed = installTo.resolve("node_modules/@cdktf/hcl2json/package.json");
            Path lock = installTo.resolve("node_modules/.package-lock.json");
            if (!Files.isRegularFile(installed) || !Files.isRegularFile(lock)
                    || Files.getLastModifiedTime(lock).compareTo(Files.getLastModifiedTime(sources.resolve("package-lock.json"))) < 0) {
                run(List.of("npm", "ci", "--no-audit", "--no-fund", "--prefer-offline"), installTo, 300,
                        "install @cdktf/hcl2json (npm ci in " + installTo + ")");
            }
            return installTo.resolve(SCRIPT);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + installTo + " for hcl2json", e);
        }
    }

    private static String run(List<String> command, Path dir, long timeoutSeconds, String what) {
        Path out = dir.resolve("stdout.txt");
        Path err = dir.resolve("stderr.txt");
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            p.getOutputStream().close();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("could not " + what + ": `" + String.join(" ", command)
                        + "` still ran after " + timeoutSeconds + " s");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("could not " + what + ": `" + String.join(" ", command)
                        + "` exited " + p.exitValue() + ": " + Files.readString(err).strip());
            }
            return Files.readString(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("could not " + what + ": `" + command.get(0) + "` did not start ("
                    + e.getMessage() + "); the Terraform wiring test needs Node.js and npm on the PATH "
                    + "(Debian: apt-get install nodejs npm)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while trying to " + what, e);
        }
    }
}
