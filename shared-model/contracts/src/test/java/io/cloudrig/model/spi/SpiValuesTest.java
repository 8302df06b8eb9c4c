package io.cloudrig.model.spi;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudrig.model.Credential;
import io.cloudrig.model.Credentials;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SpiValuesTest {
    private static final String SECRET = "TopSecret-4242";

    private static ObjectNode configWithSecret() {
        ObjectNode c = JsonNodeFactory.instance.objectNode().put("type", "DevstackEngine");
        c.putObject("local_conf").put("ADMIN_PASSWORD", SECRET);
        return c;
    }

    @Test
    void deployOutcome_toString_showsNeitherCredentialsNorChildConfigs() {
        Credentials creds = Credentials.openstack(Credential.builder().authUrl("http://k/v3").username("admin")
                .password(SECRET).build(), List.of());
        DeployOutcome finished = DeployOutcome.finished(creds);
        DeployOutcome sub = DeployOutcome.subdeploy(List.of(new DeployOutcome.ChildSpec("controller",
                configWithSecret())), "{\"phase\":\"" + SECRET + "\"}");
        assertThat(finished.toString()).doesNotContain(SECRET).contains("finished");
        assertThat(sub.toString()).doesNotContain(SECRET).contains("controller");
        assertThat(sub.children().get(0).toString()).doesNotContain(SECRET).contains("controller");
    }

    @Test
    void deployOutcome_isEitherFinishedOrSubdeploy() {
        assertThat(DeployOutcome.finished(Credentials.empty()).isFinished()).isTrue();
        DeployOutcome sub = DeployOutcome.subdeploy(List.of(new DeployOutcome.ChildSpec("n", configWithSecret())), null);
        assertThat(sub.isFinished()).isFalse();
        assertThat(sub.credentials()).isNull();
        assertThatThrownBy(() -> DeployOutcome.subdeploy(List.of(), null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("children: expected at least one child deployment but got none");
        assertThatThrownBy(() -> DeployOutcome.finished(null)).hasMessageStartingWith("credentials:");
        assertThatThrownBy(() -> new DeployOutcome(Credentials.empty(), sub.children(), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("children: expected none with credentials (a finished deploy) but got 1");
    }

    @Test
    void deployOutcome_copiesChildrenAndTheirConfigs() {
        ObjectNode config = configWithSecret();
        List<DeployOutcome.ChildSpec> children = new ArrayList<>(List.of(new DeployOutcome.ChildSpec("a", config)));
        DeployOutcome sub = DeployOutcome.subdeploy(children, null);
        children.clear();
        config.put("type", "changed");
        ((ObjectNode) sub.children().get(0).config()).put("type", "changed too");
        assertThat(sub.children()).hasSize(1);
        assertThat(sub.children().get(0).config().get("type").asText()).isEqualTo("DevstackEngine");
        assertThat(sub.children().get(0)).isEqualTo(new DeployOutcome.ChildSpec("a", configWithSecret()));
    }

    @Test
    void serverRequest_isAValueAndRefusesAnAmountBelowOne() {
        assertThat(ServerRequest.of("img", "m1.small", 2)).isEqualTo(new ServerRequest("img", "m1.small", 2))
                .hasToString("ServerRequest{image=img, type=m1.small, amount=2}");
        assertThatThrownBy(() -> ServerRequest.of(null, null, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("amount: expected >= 1 but was 0");
    }

    @Test
    void nestedConfig_isAValueAndNeedsBothFields() {
        assertThat(new NestedConfig("/provider", NestedConfig.Kind.PROVIDER))
                .isEqualTo(new NestedConfig("/provider", NestedConfig.Kind.PROVIDER));
        assertThatThrownBy(() -> new NestedConfig("/p", null)).hasMessageStartingWith("kind:");
    }
}
