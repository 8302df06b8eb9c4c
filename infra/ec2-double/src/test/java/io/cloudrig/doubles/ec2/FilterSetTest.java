package io.cloudrig.doubles.ec2;

import io.cloudrig.doubles.ec2.actions.FilterSet;
import io.cloudrig.doubles.ec2.protocol.Ec2Error;
import io.cloudrig.doubles.ec2.protocol.Filter;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FilterSetTest {
    private record Thing(String name, Map<String, String> tags) {
    }

    private final FilterSet<Thing> filters = FilterSet.<Thing>withTags(Thing::tags).value("name", Thing::name);

    private boolean matches(String name, String value) {
        Predicate<Thing> p = filters.compile(List.of(new Filter("name", List.of(value))));
        return p.test(new Thing(name, Map.of()));
    }

    @Test
    void wildcards_starIsAnyRun_questionMarkIsOneCharacter_backslashEscapes() {
        assertThat(matches("ubuntu-jammy-22.04", "ubuntu-*")).isTrue();
        assertThat(matches("ubuntu-jammy-22.04", "*jammy*")).isTrue();
        assertThat(matches("debian-12", "debian-1?")).isTrue();
        assertThat(matches("debian-1", "debian-1?")).isFalse();
        assertThat(matches("a*b", "a\\*b")).isTrue();
        assertThat(matches("axb", "a\\*b")).isFalse();
        assertThat(matches("a.b", "a.b")).isTrue();
        assertThat(matches("axb", "a.b")).as("regex characters are literal").isFalse();
    }

    @Test
    void filters_areAndedAcrossNames_andOredAcrossValues() {
        Predicate<Thing> p = filters.compile(List.of(new Filter("name", List.of("a", "b")),
                new Filter("tag:env", List.of("prod"))));

        assertThat(p.test(new Thing("b", Map.of("env", "prod")))).isTrue();
        assertThat(p.test(new Thing("c", Map.of("env", "prod")))).isFalse();
        assertThat(p.test(new Thing("a", Map.of("env", "dev")))).isFalse();
    }

    @Test
    void filterWithoutValues_isInvalidParameterValue() {
        assertThatThrownBy(() -> filters.compile(List.of(new Filter("name", List.of()))))
                .isInstanceOfSatisfying(Ec2Error.class, e -> assertThat(e.code()).isEqualTo("InvalidParameterValue"));
    }
}
