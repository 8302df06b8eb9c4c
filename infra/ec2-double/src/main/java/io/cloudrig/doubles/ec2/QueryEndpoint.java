package io.cloudrig.doubles.ec2;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.cloudrig.doubles.ec2.actions.ActionRouter;
import io.cloudrig.doubles.ec2.protocol.QueryRequest;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The HTTP side: EC2's Query API is one endpoint taking {@code POST /} with a form-urlencoded body (what the SDK
 * sends) or {@code GET /?Action=...}, answering {@code text/xml}.
 */
final class QueryEndpoint implements HttpHandler {
    private final ActionRouter router;

    QueryEndpoint(ActionRouter router) {
        this.router = router;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String form = exchange.getRequestMethod().equalsIgnoreCase("POST")
                    ? new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)
                    : exchange.getRequestURI().getRawQuery();
            ActionRouter.Response response = router.handle(QueryRequest.parse(form));
            byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/xml;charset=UTF-8");
            exchange.sendResponseHeaders(response.status(), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
