package io.cloudrig.doubles.ec2.actions;

import io.cloudrig.doubles.ec2.protocol.Ec2Error;
import io.cloudrig.doubles.ec2.protocol.ErrorCode;
import io.cloudrig.doubles.ec2.protocol.QueryRequest;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code MaxResults}/{@code NextToken} pagination ("Pagination", https://docs.aws.amazon.com/AWSEC2/latest/APIReference/Query-Requests.html#api-pagination):
 * a page holds at most MaxResults items and a token for the rest, the last page has no token. Tokens are opaque and
 * only those this double issued are accepted; any other is {@code InvalidPaginationToken}.
 */
public final class Paging {
    private final Map<String, Integer> issued = new ConcurrentHashMap<>();

    /** One page and the token of the next one (null on the last page). */
    public record Page<T>(List<T> items, String nextToken) {
    }

    /**
     * The page of {@code all} that {@code request} asks for. Without MaxResults and NextToken, everything; MaxResults
     * must lie in [{@code min}, {@code max}] (the bounds of the action's API reference page).
     */
    public <T> Page<T> page(List<T> all, QueryRequest request, int min, int max) {
        Integer maxResults = request.integer("MaxResults").orElse(null);
        if (maxResults != null && (maxResults < min || maxResults > max)) {
            throw Ec2Error.invalidValue("MaxResults", String.valueOf(maxResults),
                    "a value between " + min + " and " + max);
        }
        int from = 0;
        String token = request.string("NextToken").filter(t -> !t.isEmpty()).orElse(null);
        if (token != null) {
            Integer offset = issued.get(token);
            if (offset == null) {
                throw new Ec2Error(ErrorCode.INVALID_PAGINATION_TOKEN,
                        "The pagination token '" + token + "' is invalid: it was not issued by this service.");
            }
            from = Math.min(offset, all.size());
        }
        int to = maxResults == null ? all.size() : Math.min(all.size(), from + maxResults);
        String next = null;
        if (to < all.size()) {
            next = UUID.randomUUID().toString();
            issued.put(next, to);
        }
        return new Page<>(List.copyOf(all.subList(from, to)), next);
    }
}
