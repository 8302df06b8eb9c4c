package io.cloudrig.doubles.ec2.protocol;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parameters of one EC2 Query request, as the AWS SDK v2 sends them: a form-urlencoded POST body such as
 * {@code Action=DescribeInstances&Version=2016-11-15&InstanceId.1=i-...&Filter.1.Name=tag:Owner&Filter.1.Value.1=me}.
 *
 * <p>Lists are numbered from 1 ({@code InstanceId.1}, {@code InstanceId.2}); structures nest with dots
 * ({@code BlockDeviceMapping.1.Ebs.VolumeSize}). Source: "Making requests to the Amazon EC2 API / Query requests"
 * (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/Query-Requests.html), checked against what SDK 2.42.14
 * puts on the wire.
 */
public final class QueryRequest {
    private static final Pattern INDEXED = Pattern.compile("(\\d+)(?:\\.(.*))?");

    private final Map<String, String> params;

    private QueryRequest(Map<String, String> params) {
        this.params = Collections.unmodifiableMap(params);
    }

    /** Parses a form-urlencoded body (or a URL query string). */
    public static QueryRequest parse(String form) {
        Map<String, String> params = new LinkedHashMap<>();
        if (form != null && !form.isEmpty()) {
            for (String pair : form.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String key = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                params.put(key, value);
            }
        }
        return new QueryRequest(params);
    }

    public static QueryRequest of(Map<String, String> params) {
        return new QueryRequest(new LinkedHashMap<>(params));
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /** The {@code Action} parameter, or an empty string when there is none. */
    public String action() {
        return params.getOrDefault("Action", "");
    }

    public boolean has(String name) {
        return params.containsKey(name);
    }

    public boolean isEmpty() {
        return params.isEmpty();
    }

    public Optional<String> string(String name) {
        return Optional.ofNullable(params.get(name));
    }

    /** The value of {@code name}, or {@code MissingParameter} naming it. */
    public String required(String name) {
        String value = params.get(name);
        if (value == null || value.isEmpty()) {
            throw Ec2Error.missingParameter(name);
        }
        return value;
    }

    /** The integer value of {@code name}, or {@code InvalidParameterValue} naming it and what was sent. */
    public Optional<Integer> integer(String name) {
        String value = params.get(name);
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Integer.parseInt(value.trim()));
        } catch (NumberFormatException e) {
            throw Ec2Error.invalidValue(name, value, "an integer");
        }
    }

    /** The boolean value of {@code name} ({@code true}/{@code false}), or {@code fallback} when absent. */
    public boolean bool(String name, boolean fallback) {
        String value = params.get(name);
        if (value == null) {
            return fallback;
        }
        if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(value);
        }
        throw Ec2Error.invalidValue(name, value, "true or false");
    }

    /** The values of a flattened list {@code prefix.1}, {@code prefix.2}, ... in index order. */
    public List<String> list(String prefix) {
        TreeMap<Integer, String> byIndex = new TreeMap<>();
        String start = prefix + ".";
        params.forEach((key, value) -> {
            if (key.startsWith(start)) {
                Matcher m = INDEXED.matcher(key.substring(start.length()));
                if (m.matches() && m.group(2) == null) {
                    byIndex.put(Integer.parseInt(m.group(1)), value);
                }
            }
        });
        return List.copyOf(byIndex.values());
    }

    /** The structures of a flattened list {@code prefix.N.*}, each as a request of its own members, in index order. */
    public List<QueryRequest> members(String prefix) {
        TreeMap<Integer, Map<String, String>> byIndex = new TreeMap<>();
        String start = prefix + ".";
        params.forEach((key, value) -> {
            if (key.startsWith(start)) {
                Matcher m = INDEXED.matcher(key.substring(start.length()));
                if (m.matches() && m.group(2) != null) {
                    byIndex.computeIfAbsent(Integer.parseInt(m.group(1)), i -> new LinkedHashMap<>()).put(m.group(2), value);
                }
            }
        });
        List<QueryRequest> out = new ArrayList<>();
        byIndex.values().forEach(p -> out.add(new QueryRequest(p)));
        return out;
    }

    /** The members of the structure {@code prefix.*}, as a request of their own (empty when none was sent). */
    public QueryRequest member(String prefix) {
        Map<String, String> out = new LinkedHashMap<>();
        String start = prefix + ".";
        params.forEach((key, value) -> {
            if (key.startsWith(start)) {
                out.put(key.substring(start.length()), value);
            }
        });
        return new QueryRequest(out);
    }

    /** The {@code Filter.N.Name} / {@code Filter.N.Value.M} filters. */
    public List<Filter> filters() {
        List<Filter> out = new ArrayList<>();
        List<QueryRequest> sent = members("Filter");
        for (int i = 0; i < sent.size(); i++) {
            QueryRequest f = sent.get(i);
            String name = f.string("Name").filter(n -> !n.isEmpty())
                    .orElseThrow(() -> Ec2Error.missingParameter("Filter." + (out.size() + 1) + ".Name"));
            out.add(new Filter(name, f.list("Value")));
        }
        return out;
    }

    /** All parameters but those named in {@code ignored}, for comparing two requests. */
    public Map<String, String> without(Set<String> ignored) {
        Map<String, String> out = new TreeMap<>(params);
        out.keySet().removeAll(ignored);
        return out;
    }

    @Override
    public String toString() {
        return "QueryRequest" + params.keySet();
    }
}
