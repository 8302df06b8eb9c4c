package io.cloudrig.doubles.ec2;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** The bytes on the wire, without the SDK: EC2's Query request, response and error formats. */
class WireFormatTest {
    private final Ec2Double ec2 = Ec2Double.start();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        ec2.close();
    }

    private HttpResponse<String> post(String form) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(ec2.endpoint())
                .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void success_isTheActionResponseInTheEc2Namespace_withARequestId() throws Exception {
        HttpResponse<String> r = post("Action=DescribeKeyPairs&Version=2016-11-15");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("text/xml;charset=UTF-8");
        assertThat(r.body()).contains("<DescribeKeyPairsResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\">"
                + "<requestId>").contains("<keySet></keySet></DescribeKeyPairsResponse>");
    }

    @Test
    void error_isResponseErrorsError_withCodeMessageAndRequestId() throws Exception {
        HttpResponse<String> r = post("Action=DescribeInstances&Version=2016-11-15&InstanceId.1=i-0123456789abcdef0");

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).matches("(?s)<\\?xml[^>]*>\\s*<Response><Errors><Error><Code>InvalidInstanceID.NotFound"
                + "</Code><Message>The instance ID 'i-0123456789abcdef0' does not exist</Message></Error></Errors>"
                + "<RequestID>[0-9a-f-]{36}</RequestID></Response>");
    }

    @Test
    void unknownAction_isInvalidAction_andMissingAction_isMissingParameter() throws Exception {
        HttpResponse<String> unknown = post("Action=StopInstances&Version=2016-11-15");
        HttpResponse<String> none = post("Version=2016-11-15");

        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("<Code>InvalidAction</Code>", "StopInstances");
        assertThat(none.body()).contains("<Code>MissingParameter</Code>", "Action");
    }

    @Test
    void getWithQueryString_isAnsweredLikeAPost() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                URI.create(ec2.endpoint() + "/?Action=DescribeImages&Version=2016-11-15&Owner.1=amazon")).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("<imageOwnerAlias>amazon</imageOwnerAlias>");
    }

    @Test
    void textValues_areXmlEscaped() throws Exception {
        post("Action=CreateSecurityGroup&Version=2016-11-15&GroupName=a%26b%3Cc&GroupDescription=x");

        HttpResponse<String> r = post("Action=DescribeSecurityGroups&Version=2016-11-15");

        assertThat(r.body()).contains("<groupName>a&amp;b&lt;c</groupName>");
    }
}
