package io.cloudrig.functions;

import io.cloudrig.model.Json;
import io.cloudrig.model.events.PoisonEventException;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.LinkedHashMap;
import java.util.Map;

/** Funqy HTTP: a poison event answers 400 with {@code {"error":"poison_event","message":...}} (naming the reason). */
@ApplicationScoped
public class HttpErrors {

    void install(@Observes Router router) {
        router.route().order(-1000).failureHandler(ctx -> {
            PoisonEventException poison = poison(ctx.failure());
            if (poison == null || ctx.response().headWritten()) {
                ctx.next();
                return;
            }
            Map<String, String> body = new LinkedHashMap<>();
            body.put("error", "poison_event");
            body.put("message", poison.getMessage());
            ctx.response().setStatusCode(400).putHeader("Content-Type", "application/json").end(Json.write(body));
        });
    }

    static PoisonEventException poison(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof PoisonEventException) {
                return (PoisonEventException) c;
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return null;
    }
}
