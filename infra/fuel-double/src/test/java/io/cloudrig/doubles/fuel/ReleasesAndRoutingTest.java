package io.cloudrig.doubles.fuel;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReleasesAndRoutingTest extends FuelDoubleTestBase {

    /** fuel-web 7.0 handlers/release.py ReleaseCollectionHandler; Rally FuelEngine._get_release_id filters by name. */
    @Test
    void listReleases_givesSeededReleasesWithIdsNamesAndDeployability() {
        JsonNode releases = api.get("releases").json();

        assertThat(releases).hasSize(3);
        assertThat(releases.get(0).get("id").asInt()).isEqualTo(JUNO);
        assertThat(releases.get(0).get("name").asText()).isEqualTo("Juno on CentOS 6.5");
        assertThat(releases.get(1).get("state").asText()).isEqualTo("unavailable");
        assertThat(releases.get(1).get("is_deployable").asBoolean()).isFalse();
        assertThat(releases.get(2).get("operating_system").asText()).isEqualTo("Ubuntu");
        assertThat(releases.get(2).get("roles_metadata").get("controller").get("conflicts").get(0).asText())
                .isEqualTo("compute");
    }

    /** base.py get_object_or_404 ("Release not found") and 7.0 content_json's {"message", "errors"} error body. */
    @Test
    void getRelease_whenUnknown_gives404WithNailgunErrorBody() {
        NailgunClient.Reply r = api.get("releases/99");

        assertThat(r.status()).isEqualTo(404);
        assertThat(r.json().get("message").asText()).isEqualTo("Release not found");
        assertThat(r.json().get("errors")).isEmpty();
    }

    /** fuel-web 7.0 urls.py: every route is {@code ^/path/?$}; middleware/keystone.py serves /api/v1 and /api. */
    @Test
    void routes_acceptTrailingSlashAndTheApiPrefixWithoutVersion() {
        NailgunClient unversioned = new NailgunClient(fuel.apiUrl().resolve("/api/"));

        assertThat(api.get("releases/").status()).isEqualTo(200);
        assertThat(unversioned.get("releases").json()).hasSize(3);
    }

    /** web.py: no route → 404 "not found"; a known path with another method → 405. */
    @Test
    void unknownPathGives404_andUnsupportedMethodGives405() {
        assertThat(api.get("no_such_thing").status()).isEqualTo(404);
        NailgunClient.Reply r = api.delete("releases");
        assertThat(r.status()).isEqualTo(405);
        assertThat(r.json().get("message").asText()).contains("DELETE").contains("GET");
    }

    /** handlers/version.py: public, and auth_required tells python-fuelclient 7.0 whether to fetch a token. */
    @Test
    void version_reportsReleaseAndWhetherAuthIsRequired() {
        JsonNode v = api.get("version").json();

        assertThat(v.get("release").asText()).isEqualTo("7.0");
        assertThat(v.get("auth_required").asBoolean()).isFalse();
    }

    /** The double counts every call by route template. */
    @Test
    void calls_areCountedByRouteTemplate() {
        api.get("releases");
        api.get("releases/1");
        api.get("releases/2/");
        api.get("bogus");

        assertThat(fuel.calls().count("GET /releases")).isEqualTo(1);
        assertThat(fuel.calls().count("GET /releases/{id}")).isEqualTo(2);
        assertThat(fuel.calls().count("GET ?")).isEqualTo(1);
        assertThat(fuel.calls().total()).isEqualTo(4);
    }
}
