package io.cloudrig.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.quarkus.funqy.lambda.FunqyStreamHandler;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;

/**
 * The handler every cloudrig Lambda runs ({@code io.cloudrig.lambda.LambdaHandler::handleRequest} in
 * {@code terraform/main.tf}): Funqy's stream handler, which starts Quarkus and calls the function
 * {@code QUARKUS_FUNQY_EXPORT} names, with the invocation's end noted first ({@link Invocations}) so the function's
 * step can hand itself on to a new invocation before Lambda stops this one.
 */
public class LambdaHandler implements RequestStreamHandler {
    private final FunqyStreamHandler funqy = new FunqyStreamHandler();

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        Invocations.begin(context, Clock.systemUTC());
        try {
            funqy.handleRequest(input, output, context);
        } finally {
            Invocations.end();
        }
    }
}
