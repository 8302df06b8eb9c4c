package io.cloudrig.doubles.ec2.actions;

import io.cloudrig.doubles.ec2.protocol.Ec2Error;
import io.cloudrig.doubles.ec2.protocol.ErrorCode;
import io.cloudrig.doubles.ec2.protocol.QueryRequest;
import io.cloudrig.doubles.ec2.protocol.XmlWriter;
import io.cloudrig.doubles.ec2.state.Ec2State;
import io.cloudrig.doubles.ec2.state.Ids;
import io.cloudrig.doubles.ec2.state.KeyPair;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * CreateKeyPair, DescribeKeyPairs and DeleteKeyPair. The private key goes out once, in the CreateKeyPair response,
 * and is never kept or logged. Deleting a key pair that does not exist succeeds, as on EC2.
 */
public final class KeyPairActions {
    private static final Set<String> TYPES = Set.of("rsa", "ed25519");

    private final ActionContext context;
    private final FilterSet<KeyPair> filters = FilterSet.<KeyPair>withTags(KeyPair::tags)
            .value("key-name", KeyPair::name)
            .value("key-pair-id", KeyPair::id)
            .value("fingerprint", KeyPair::fingerprint)
            .value("key-type", KeyPair::type);

    public KeyPairActions(ActionContext context) {
        this.context = context;
    }

    public void register(Map<String, Action> actions) {
        actions.put("CreateKeyPair", this::create);
        actions.put("DescribeKeyPairs", this::describe);
        actions.put("DeleteKeyPair", this::delete);
    }

    /** CreateKeyPair (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateKeyPair.html). */
    private void create(QueryRequest request, XmlWriter w) {
        Ec2State state = context.state();
        String name = request.required("KeyName");
        if (name.length() > 255 || !name.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            throw Ec2Error.invalidValue("KeyName", name, "up to 255 ASCII characters");
        }
        String type = request.string("KeyType").orElse("rsa");
        if (!TYPES.contains(type)) {
            throw Ec2Error.invalidValue("KeyType", type, "rsa or ed25519");
        }
        String format = request.string("KeyFormat").orElse("pem");
        if (!format.equals("pem")) {
            throw Ec2Error.invalidValue("KeyFormat", format, "pem (this EC2 test double does not write PuTTY ppk keys)");
        }
        if (state.keyPair(name).isPresent()) {
            throw new Ec2Error(ErrorCode.INVALID_KEY_PAIR_DUPLICATE, "The keypair '" + name + "' already exists.");
        }
        Map<String, String> tags = TagSpecs.parse(request, Set.of("key-pair")).getOrDefault("key-pair", Map.of());
        KeyMaterial.Generated key = KeyMaterial.generate(type);
        KeyPair pair = new KeyPair(Ids.next("key"), name, type, key.fingerprint(), key.publicKey(), state.now(), tags);
        state.addKeyPair(pair);
        w.value("keyName", pair.name())
                .value("keyFingerprint", pair.fingerprint())
                .value("keyMaterial", key.privateKey())
                .value("keyPairId", pair.id())
                .tagSet(pair.tags());
    }

    /** DescribeKeyPairs (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeKeyPairs.html). */
    private void describe(QueryRequest request, XmlWriter w) {
        Ec2State state = context.state();
        List<KeyPair> named = new ArrayList<>();
        for (String name : request.list("KeyName")) {
            named.add(state.keyPair(name).orElseThrow(() -> new Ec2Error(ErrorCode.INVALID_KEY_PAIR_NOT_FOUND,
                    "The key pair '" + name + "' does not exist")));
        }
        for (String id : request.list("KeyPairId")) {
            named.add(byId(id).orElseThrow(() -> new Ec2Error(ErrorCode.INVALID_KEY_PAIR_NOT_FOUND,
                    "The key pair ID '" + id + "' does not exist")));
        }
        boolean includePublicKey = request.bool("IncludePublicKey", false);
        Predicate<KeyPair> matches = filters.compile(request.filters());
        List<KeyPair> selected = (named.isEmpty() ? new ArrayList<>(state.keyPairs()) : named).stream()
                .distinct().filter(matches).toList();
        w.items("keySet", selected, (x, k) -> x
                .value("keyPairId", k.id())
                .value("keyFingerprint", k.fingerprint())
                .value("keyName", k.name())
                .value("keyType", k.type())
                .tagSet(k.tags())
                .value("publicKey", includePublicKey ? k.publicKey() : null)
                .value("createTime", k.createTime()));
    }

    /** DeleteKeyPair (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DeleteKeyPair.html). */
    private void delete(QueryRequest request, XmlWriter w) {
        Ec2State state = context.state();
        Optional<String> name = request.string("KeyName").filter(s -> !s.isEmpty());
        Optional<String> id = request.string("KeyPairId").filter(s -> !s.isEmpty());
        if (name.isEmpty() && id.isEmpty()) {
            throw Ec2Error.missingParameter("KeyName");
        }
        Optional<KeyPair> pair = name.isPresent() ? state.keyPair(name.get()) : byId(id.get());
        pair.ifPresent(k -> state.removeKeyPair(k.name()));
        w.value("return", true).value("keyPairId", pair.map(KeyPair::id).orElse(null));
    }

    private Optional<KeyPair> byId(String id) {
        return context.state().keyPairs().stream().filter(k -> k.id().equals(id)).findFirst();
    }
}
