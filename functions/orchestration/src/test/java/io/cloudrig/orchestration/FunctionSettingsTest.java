package io.cloudrig.orchestration;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FunctionSettingsTest {

    @Test
    void defaults_comeFromTheDefaultConstants_withAFreshInstanceId() {
        FunctionSettings a = FunctionSettings.defaults();
        FunctionSettings b = FunctionSettings.defaults();
        assertThat(a.lease()).isEqualTo(Duration.parse("PT" + FunctionSettings.DEFAULT_LEASE)).isEqualTo(Duration.ofMinutes(2));
        assertThat(a.handoff()).isEqualTo(Duration.parse("PT" + FunctionSettings.DEFAULT_HANDOFF));
        assertThat(a.childWait()).isEqualTo(Duration.parse("PT" + FunctionSettings.DEFAULT_CHILD_WAIT));
        assertThat(a.maxParallelism()).isEqualTo(FunctionSettings.DEFAULT_MAX_PARALLELISM);
        assertThat(a.instanceId()).startsWith("fn-").isNotEqualTo(b.instanceId());
    }

    @Test
    void builder_setsEachValue_andTwoEqualSettingsAreEqual() {
        FunctionSettings s = FunctionSettings.builder().instanceId("fn-a").lease(Duration.ofSeconds(30))
                .handoff(Duration.ofMinutes(1)).childWait(Duration.ofMinutes(5)).maxParallelism(4).build();
        assertThat(s).isEqualTo(new FunctionSettings("fn-a", Duration.ofSeconds(30), Duration.ofMinutes(1),
                Duration.ofMinutes(5), 4));
    }

    @Test
    void build_rejectsABadValue_namingTheFieldAndWhatItWas() {
        assertThatThrownBy(() -> FunctionSettings.builder().lease(Duration.ZERO).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("lease: expected a positive duration but was PT0S");
        assertThatThrownBy(() -> FunctionSettings.builder().handoff(Duration.ofSeconds(-1)).build())
                .hasMessage("handoff: expected a positive duration but was PT-1S");
        assertThatThrownBy(() -> FunctionSettings.builder().childWait(null).build())
                .hasMessage("childWait: expected a positive duration but was null");
        assertThatThrownBy(() -> FunctionSettings.builder().maxParallelism(0).build())
                .hasMessage("maxParallelism: expected at least 1 but was 0");
        assertThatThrownBy(() -> FunctionSettings.builder().instanceId(null).build())
                .isInstanceOf(NullPointerException.class).hasMessage("instanceId");
    }
}
