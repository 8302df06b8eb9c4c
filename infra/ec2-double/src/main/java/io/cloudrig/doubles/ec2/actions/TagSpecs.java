package io.cloudrig.doubles.ec2.actions;

import io.cloudrig.doubles.ec2.protocol.Ec2Error;
import io.cloudrig.doubles.ec2.protocol.ErrorCode;
import io.cloudrig.doubles.ec2.protocol.QueryRequest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code TagSpecification.N.ResourceType} / {@code TagSpecification.N.Tag.M.Key|Value}, checked the way EC2
 * documents tags ("Tag restrictions", https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/Using_Tags.html#tag-restrictions):
 * at most 50 tags per resource, keys of 1 to 128 characters not starting with {@code aws:}, values of at most 256,
 * each key once per resource.
 */
public final class TagSpecs {
    private static final int MAX_TAGS = 50;

    private TagSpecs() {
    }

    /** The tags asked for each resource type; a type this action does not create is an InvalidParameterValue. */
    public static Map<String, Map<String, String>> parse(QueryRequest request, Set<String> allowedTypes) {
        Map<String, Map<String, String>> byType = new LinkedHashMap<>();
        List<QueryRequest> specs = request.members("TagSpecification");
        for (int n = 1; n <= specs.size(); n++) {
            QueryRequest spec = specs.get(n - 1);
            String type = spec.string("ResourceType").filter(t -> !t.isEmpty())
                    .orElseThrow(() -> Ec2Error.missingParameter("TagSpecification.N.ResourceType"));
            if (!allowedTypes.contains(type)) {
                throw new Ec2Error(ErrorCode.INVALID_PARAMETER_VALUE, "'" + type + "' is not a valid taggable "
                        + "resource type for this operation. Expected one of " + allowedTypes + ".");
            }
            if (byType.containsKey(type)) {
                throw new Ec2Error(ErrorCode.INVALID_PARAMETER_VALUE,
                        "The resource type '" + type + "' appears in more than one TagSpecification.");
            }
            byType.put(type, tags(spec.members("Tag")));
        }
        return byType;
    }

    private static Map<String, String> tags(List<QueryRequest> sent) {
        if (sent.size() > MAX_TAGS) {
            throw new Ec2Error(ErrorCode.TAG_LIMIT_EXCEEDED,
                    "The maximum number of tags per resource is " + MAX_TAGS + "; the request has " + sent.size() + ".");
        }
        Map<String, String> tags = new LinkedHashMap<>();
        for (QueryRequest tag : sent) {
            String key = tag.string("Key").orElse("");
            String value = tag.string("Value").orElse("");
            if (key.isEmpty() || key.length() > 128) {
                throw Ec2Error.invalidValue("Tag.Key", key, "1 to 128 characters");
            }
            if (key.regionMatches(true, 0, "aws:", 0, 4)) {
                throw new Ec2Error(ErrorCode.INVALID_PARAMETER_VALUE,
                        "Tag keys starting with 'aws:' are reserved for internal use; got '" + key + "'.");
            }
            if (value.length() > 256) {
                throw Ec2Error.invalidValue("Tag.Value", value.substring(0, 20) + "...", "at most 256 characters");
            }
            if (tags.put(key, value) != null) {
                throw new Ec2Error(ErrorCode.INVALID_PARAMETER_VALUE,
                        "The tag key '" + key + "' appears more than once for one resource.");
            }
        }
        return tags;
    }
}
