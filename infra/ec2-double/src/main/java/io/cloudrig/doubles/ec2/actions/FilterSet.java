package io.cloudrig.doubles.ec2.actions;

import io.cloudrig.doubles.ec2.protocol.Ec2Error;
import io.cloudrig.doubles.ec2.protocol.ErrorCode;
import io.cloudrig.doubles.ec2.protocol.Filter;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The filters one Describe action supports, and how a request's {@code Filter.N} compile to a predicate.
 *
 * <p>EC2's rules ("List and filter your resources", https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/Using_Filtering.html,
 * and the Filter.N text of each Describe action): a resource matches a filter when any of its values matches any of
 * the filter's values, and matches the request when it matches every filter; {@code tag:<key>} matches the value of
 * tag {@code key}, {@code tag-key} a tag's key, {@code tag-value} a tag's value. Values may hold wildcards:
 * {@code *} for any run of characters, {@code ?} for exactly one, and a backslash escapes the next character
 * (wording of the EC2 API reference's filter notes). An unknown filter name is an {@code InvalidParameterValue}.
 */
public final class FilterSet<T> {
    private final Map<String, Function<T, Collection<String>>> fields = new LinkedHashMap<>();
    private final Function<T, Map<String, String>> tags;

    private FilterSet(Function<T, Map<String, String>> tags) {
        this.tags = tags;
    }

    /** A filter set for resources whose tags {@code tags} gives. */
    public static <T> FilterSet<T> withTags(Function<T, Map<String, String>> tags) {
        return new FilterSet<T>(tags)
                .values("tag-key", t -> tags.apply(t).keySet())
                .values("tag-value", t -> tags.apply(t).values());
    }

    /** A filter with one value per resource (none when {@code value} gives null). */
    public FilterSet<T> value(String name, Function<T, Object> value) {
        fields.put(name, t -> {
            Object v = value.apply(t);
            return v == null ? List.of() : List.of(String.valueOf(v));
        });
        return this;
    }

    /** A filter with several values per resource. */
    public FilterSet<T> values(String name, Function<T, Collection<String>> values) {
        fields.put(name, values);
        return this;
    }

    public Predicate<T> compile(List<Filter> filters) {
        List<Predicate<T>> all = new ArrayList<>();
        for (Filter f : filters) {
            if (f.values().isEmpty()) {
                throw new Ec2Error(ErrorCode.INVALID_PARAMETER_VALUE,
                        "The filter '" + f.name() + "' has no values: give at least one Filter.N.Value.M.");
            }
            List<Pattern> patterns = f.values().stream().map(FilterSet::wildcard).toList();
            Function<T, Collection<String>> field = field(f.name());
            all.add(t -> field.apply(t).stream().filter(Objects::nonNull)
                    .anyMatch(v -> patterns.stream().anyMatch(p -> p.matcher(v).matches())));
        }
        return t -> all.stream().allMatch(p -> p.test(t));
    }

    private Function<T, Collection<String>> field(String name) {
        if (name.startsWith("tag:") && name.length() > 4) {
            String key = name.substring(4);
            return t -> {
                String v = tags.apply(t).get(key);
                return v == null ? List.of() : List.of(v);
            };
        }
        Function<T, Collection<String>> field = fields.get(name);
        if (field == null) {
            throw new Ec2Error(ErrorCode.INVALID_PARAMETER_VALUE, "The filter '" + name + "' is invalid. This EC2 test "
                    + "double supports: " + String.join(", ", fields.keySet()) + ", tag:<key>.");
        }
        return field;
    }

    /** EC2's filter-value wildcards as a regular expression. */
    static Pattern wildcard(String value) {
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length()) {
                literal.append(value.charAt(++i));
            } else if (c == '*' || c == '?') {
                regex.append(Pattern.quote(literal.toString())).append(c == '*' ? ".*" : ".");
                literal.setLength(0);
            } else {
                literal.append(c);
            }
        }
        regex.append(Pattern.quote(literal.toString()));
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
