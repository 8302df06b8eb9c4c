package io.cloudrig.doubles.ec2;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesResponse;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TagsAndFiltersTest {
    private final ManualClock clock = ManualClock.startingAt(Instant.parse("2026-12-01T10:00:00Z"));
    private final Ec2Double ec2 = Ec2Double.builder().clock(clock).start();
    private final Ec2Client client = Sdk.client(ec2);

    @AfterEach
    void stop() {
        client.close();
        ec2.close();
    }

    private static Filter filter(String name, String... values) {
        return Filter.builder().name(name).values(values).build();
    }

    private List<String> ids(Filter... filters) {
        return client.describeInstances(r -> r.filters(filters)).reservations().stream()
                .flatMap(r -> r.instances().stream()).map(Instance::instanceId).toList();
    }

    private String launch(String token, String... tags) {
        return client.runInstances(Sdk.oneInstance(token, tags).build()).instances().get(0).instanceId();
    }

    @Test
    void tagSpecifications_tagTheInstanceAndItsVolume() {
        Instance i = client.runInstances(Sdk.oneInstance("t").tagSpecifications(
                TagSpecification.builder().resourceType(ResourceType.INSTANCE)
                        .tags(Tag.builder().key("cloudrig:deployment").value("d-1").build()).build(),
                TagSpecification.builder().resourceType(ResourceType.VOLUME)
                        .tags(Tag.builder().key("cloudrig:deployment").value("d-1").build()).build()).build())
                .instances().get(0);

        assertThat(i.tags()).containsExactly(Tag.builder().key("cloudrig:deployment").value("d-1").build());
        Instance described = client.describeInstances(r -> r.instanceIds(i.instanceId()))
                .reservations().get(0).instances().get(0);
        assertThat(described.tags()).extracting(Tag::key, Tag::value).containsExactly(
                org.assertj.core.groups.Tuple.tuple("cloudrig:deployment", "d-1"));
        assertThat(ec2.inventory().volumes()).singleElement().satisfies(v -> {
            assertThat(v.instanceId()).isEqualTo(i.instanceId());
            assertThat(v.tags()).containsEntry("cloudrig:deployment", "d-1");
        });
    }

    @Test
    void describeInstances_tagFilters_matchKeyValue_keyOnly_andWildcards() {
        String a = launch("a", "Deployment", "d-1", "Role", "controller");
        String b = launch("b", "Deployment", "d-1", "Role", "compute");
        String c = launch("c", "Deployment", "d-2");

        assertThat(ids(filter("tag:Deployment", "d-1"))).containsExactly(a, b);
        assertThat(ids(filter("tag:Deployment", "d-1"), filter("tag:Role", "compute"))).containsExactly(b);
        assertThat(ids(filter("tag:Deployment", "d-2", "d-3"))).containsExactly(c);
        assertThat(ids(filter("tag-key", "Role"))).containsExactly(a, b);
        assertThat(ids(filter("tag:Role", "co*"))).containsExactly(a, b);
        assertThat(ids(filter("tag:Deployment", "d-?"))).containsExactly(a, b, c);
        assertThat(ids(filter("tag:Nothing", "*"))).isEmpty();
    }

    @Test
    void describeInstances_instanceStateNameFilter_followsTheLifecycle() {
        String a = launch("a");
        String b = launch("b");
        clock.advance(Duration.ofSeconds(1));
        client.terminateInstances(r -> r.instanceIds(b));

        assertThat(ids(filter("instance-state-name", "running"))).containsExactly(a);
        assertThat(ids(filter("instance-state-name", "pending", "running", "shutting-down", "stopping", "stopped")))
                .containsExactly(a, b);
        clock.advance(Duration.ofSeconds(1));
        assertThat(ids(filter("instance-state-name", "terminated"))).containsExactly(b);
    }

    @Test
    void describeInstances_unknownFilter_isInvalidParameterValueNamingIt() {
        Ec2Exception e = Sdk.error(() -> ids(filter("colour", "blue")));

        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue");
        assertThat(e.awsErrorDetails().errorMessage()).contains("'colour'");
    }

    @Test
    void describeInstances_maxResults_pagesWithNextToken_andThePaginatorSeesAll() {
        List<String> launched = new ArrayList<>();
        for (int n = 0; n < 12; n++) {
            launched.add(launch("p-" + n));
        }

        DescribeInstancesResponse first = client.describeInstances(r -> r.maxResults(5));
        assertThat(first.reservations()).hasSize(5);
        assertThat(first.nextToken()).isNotBlank();
        DescribeInstancesResponse second = client.describeInstances(r -> r.maxResults(5).nextToken(first.nextToken()));
        assertThat(second.reservations()).hasSize(5);

        List<String> all = client.describeInstancesPaginator(DescribeInstancesRequest.builder().maxResults(5).build())
                .reservations().stream().flatMap(r -> r.instances().stream()).map(Instance::instanceId).toList();
        assertThat(all).containsExactlyElementsOf(launched);
    }

    @Test
    void describeInstances_badPagingArguments_areRejectedByName() {
        String id = launch("x");

        Ec2Exception combination = Sdk.error(() -> client.describeInstances(r -> r.instanceIds(id).maxResults(5)));
        assertThat(combination.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterCombination");
        Ec2Exception tooSmall = Sdk.error(() -> client.describeInstances(r -> r.maxResults(3)));
        assertThat(tooSmall.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue");
        assertThat(tooSmall.awsErrorDetails().errorMessage()).contains("MaxResults", "'3'", "5 and 1000");
        Ec2Exception token = Sdk.error(() -> client.describeInstances(r -> r.nextToken("made-up")));
        assertThat(token.awsErrorDetails().errorCode()).isEqualTo("InvalidPaginationToken");
    }

    @Test
    void describeInstances_malformedOrUnknownIds_areMalformedOrNotFound() {
        Ec2Exception malformed = Sdk.error(() -> client.describeInstances(r -> r.instanceIds("web-1")));
        assertThat(malformed.awsErrorDetails().errorCode()).isEqualTo("InvalidInstanceID.Malformed");
        Ec2Exception missing = Sdk.error(() -> client.describeInstances(
                r -> r.instanceIds("i-0123456789abcdef0", "i-0123456789abcdef1")));
        assertThat(missing.awsErrorDetails().errorCode()).isEqualTo("InvalidInstanceID.NotFound");
        assertThat(missing.awsErrorDetails().errorMessage())
                .isEqualTo("The instance IDs 'i-0123456789abcdef0, i-0123456789abcdef1' do not exist");
    }

    @Test
    void tagSpecifications_reservedAwsPrefix_isRejected_andNothingLaunches() {
        Ec2Exception e = Sdk.error(() -> client.runInstances(Sdk.oneInstance("t", "aws:owner", "me").build()));

        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue");
        assertThat(e.awsErrorDetails().errorMessage()).contains("aws:owner");
        assertThat(ec2.inventory().instances()).isEmpty();
    }
}
