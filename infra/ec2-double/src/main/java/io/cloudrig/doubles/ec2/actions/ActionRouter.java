package io.cloudrig.doubles.ec2.actions;

import io.cloudrig.doubles.ec2.control.CallCounter;
import io.cloudrig.doubles.ec2.control.Faults;
import io.cloudrig.doubles.ec2.protocol.Ec2Error;
import io.cloudrig.doubles.ec2.protocol.ErrorCode;
import io.cloudrig.doubles.ec2.protocol.QueryRequest;
import io.cloudrig.doubles.ec2.protocol.XmlWriter;
import io.cloudrig.doubles.ec2.state.Ec2State;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Runs one Query request: counts it, applies the faults switched on (throttling, then queued failures), honours
 * {@code DryRun}, and runs the action under the state lock; any {@link Ec2Error} becomes EC2's error document.
 */
public final class ActionRouter {
    private final Ec2State state;
    private final Faults faults;
    private final CallCounter counter;
    private final Map<String, Action> actions = new TreeMap<>();

    /** The HTTP status and XML body to answer with. */
    public record Response(int status, String body) {
    }

    public ActionRouter(Ec2State state, Faults faults, CallCounter counter) {
        this.state = state;
        this.faults = faults;
        this.counter = counter;
        ActionContext context = new ActionContext(state, faults, new Paging());
        new InstanceActions(context).register(actions);
        new ImageActions(context).register(actions);
        new SecurityGroupActions(context).register(actions);
        new KeyPairActions(context).register(actions);
        new SubnetActions(context).register(actions);
    }

    /** The actions this double answers. */
    public Set<String> actions() {
        return actions.keySet();
    }

    public Response handle(QueryRequest request) {
        String action = request.action();
        String requestId = UUID.randomUUID().toString();
        counter.called(action);
        try {
            synchronized (state) {
                return new Response(200, run(action, request, requestId));
            }
        } catch (Ec2Error e) {
            counter.failed(action, e.code());
            return new Response(e.httpStatus(), XmlWriter.error(e.code(), e.getMessage(), requestId));
        } catch (RuntimeException e) {
            counter.failed(action, ErrorCode.INTERNAL_ERROR.code());
            return new Response(500, XmlWriter.error(ErrorCode.INTERNAL_ERROR.code(),
                    "An internal error has occurred in the EC2 test double: " + e, requestId));
        }
    }

    private String run(String action, QueryRequest request, String requestId) {
        if (action.isEmpty()) {
            throw Ec2Error.missingParameter("Action");
        }
        Action handler = actions.get(action);
        if (handler == null) {
            throw new Ec2Error(ErrorCode.INVALID_ACTION, "The action " + action + " is not valid for this web service. "
                    + "This EC2 test double answers: " + String.join(", ", actions.keySet()) + ".");
        }
        faults.before(action, state.now()).ifPresent(e -> {
            throw e;
        });
        if (request.bool("DryRun", false)) {
            throw new Ec2Error(ErrorCode.DRY_RUN_OPERATION, "Request would have succeeded, but DryRun flag is set.");
        }
        XmlWriter response = XmlWriter.response(action, requestId);
        handler.handle(request, response);
        return response.finish();
    }
}
