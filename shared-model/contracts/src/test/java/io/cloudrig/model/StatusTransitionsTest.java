package io.cloudrig.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static io.cloudrig.model.DeploymentStatus.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StatusTransitionsTest {

    @Test
    void statuses_keepRallysStrings() {
        assertThat(DeploymentStatus.values()).extracting(DeploymentStatus::value).containsExactly(
                "deploy->init", "deploy->started", "deploy->subdeploy", "deploy->finished", "deploy->failed",
                "deploy->inconsistent", "cleanup->started", "cleanup->finished", "cleanup->failed");
        assertThat(DeploymentStatus.fromValue("deploy->subdeploy")).isEqualTo(DEPLOY_SUBDEPLOY);
        assertThatThrownBy(() -> DeploymentStatus.fromValue("deploy->done"))
                .hasMessageContaining("'deploy->done'").hasMessageContaining("deploy->finished");
    }

    @ParameterizedTest
    @EnumSource(DeploymentStatus.class)
    void everyStatusExceptCleanupFinished_canReachCleanup(DeploymentStatus s) {
        if (s == CLEANUP_FINISHED) {
            assertThat(StatusTransitions.allowedFrom(s)).isEmpty();
        } else if (s != CLEANUP_STARTED) {
            assertThat(StatusTransitions.isAllowed(s, CLEANUP_STARTED)).as(s.value()).isTrue();
        }
    }

    @Test
    void failedAndInconsistent_canAlwaysBeDestroyed() {
        assertThat(StatusTransitions.isAllowed(DEPLOY_FAILED, CLEANUP_STARTED)).isTrue();
        assertThat(StatusTransitions.isAllowed(DEPLOY_INCONSISTENT, CLEANUP_STARTED)).isTrue();
        assertThat(StatusTransitions.isAllowed(CLEANUP_FAILED, CLEANUP_STARTED)).isTrue();
    }

    @Test
    void check_refusesForbiddenChangesNamingBothStates() {
        assertThatThrownBy(() -> StatusTransitions.check(DEPLOY_FINISHED, DEPLOY_STARTED))
                .isInstanceOf(IllegalStatusTransitionException.class)
                .hasMessageContaining("'deploy->finished'").hasMessageContaining("'deploy->started'");
    }

    @Test
    void failureStatus_dependsOnWhereTheFailureHappened() {
        assertThat(StatusTransitions.failureStatusFor(DEPLOY_INIT)).isEqualTo(DEPLOY_FAILED);
        assertThat(StatusTransitions.failureStatusFor(DEPLOY_STARTED)).isEqualTo(DEPLOY_FAILED);
        assertThat(StatusTransitions.failureStatusFor(DEPLOY_SUBDEPLOY)).isEqualTo(DEPLOY_FAILED);
        assertThat(StatusTransitions.failureStatusFor(DEPLOY_FINISHED)).isEqualTo(DEPLOY_INCONSISTENT);
        assertThat(StatusTransitions.failureStatusFor(CLEANUP_STARTED)).isEqualTo(CLEANUP_FAILED);
        for (DeploymentStatus s : DeploymentStatus.values()) {
            DeploymentStatus f = StatusTransitions.failureStatusFor(s);
            assertThat(f == s || StatusTransitions.isAllowed(s, f)).as(s + " -> " + f).isTrue();
        }
    }
}
