package io.cloudrig.doubles.fuel;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Nailgun's URL table (fuel-web 7.0 {@code nailgun/api/v1/urls.py}): every path matches with or without a trailing
 * slash ({@code /?$}), numeric ids only ({@code (?P<obj_id>\d+)}). Templates are written {@code /clusters/{id}}; the
 * template is also the key the call counter uses.
 */
final class Routes {
    /** A matched route: its template, the handler, whether it is public and the captured path parameters. */
    record Match(String template, Handler handler, boolean isPublic, List<String> params) {
    }

    private record Route(String method, String template, Pattern pattern, Handler handler, boolean isPublic) {
    }

    private final List<Route> routes = new ArrayList<>();

    Routes add(String method, String template, Handler handler) {
        return add(method, template, handler, false);
    }

    /** A route the auth middleware lets through without a token ({@code urls.public_urls()} in fuel-web 7.0). */
    Routes addPublic(String method, String template, Handler handler) {
        return add(method, template, handler, true);
    }

    private Routes add(String method, String template, Handler handler, boolean isPublic) {
        String regex = "^" + template.replace("{id}", "(\\d+)") + "/?$";
        routes.add(new Route(method, template, Pattern.compile(regex), handler, isPublic));
        return this;
    }

    /** The route for {@code method path}; empty when no template matches the path at all. */
    Optional<Match> match(String method, String path) {
        boolean pathKnown = false;
        for (Route r : routes) {
            Matcher m = r.pattern().matcher(path);
            if (!m.matches()) {
                continue;
            }
            pathKnown = true;
            if (r.method().equals(method)) {
                List<String> params = new ArrayList<>();
                for (int i = 1; i <= m.groupCount(); i++) {
                    params.add(m.group(i));
                }
                return Optional.of(new Match(r.template(), r.handler(), r.isPublic(), params));
            }
        }
        if (pathKnown) {
            throw new ApiError(405, "Method Not Allowed: " + method + " is not one of " + methodsFor(path));
        }
        return Optional.empty();
    }

    private Set<String> methodsFor(String path) {
        Set<String> methods = new java.util.TreeSet<>();
        routes.stream().filter(r -> r.pattern().matcher(path).matches()).forEach(r -> methods.add(r.method()));
        return methods;
    }
}
