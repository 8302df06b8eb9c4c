package io.cloudrig.doubles.ec2.actions;

import io.cloudrig.doubles.ec2.protocol.Ec2Error;
import io.cloudrig.doubles.ec2.protocol.ErrorCode;
import io.cloudrig.doubles.ec2.protocol.QueryRequest;
import io.cloudrig.doubles.ec2.protocol.XmlWriter;
import io.cloudrig.doubles.ec2.state.Ec2State;
import io.cloudrig.doubles.ec2.state.Ids;
import io.cloudrig.doubles.ec2.state.Image;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * DescribeImages (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeImages.html): the public images
 * and the account's own, scoped by ImageId.N, Owner.N ({@code self}, {@code amazon}, {@code aws-marketplace} or an
 * account id) and Filter.N (names with wildcards, e.g. {@code name=ubuntu/images/*jammy*}).
 */
public final class ImageActions {
    private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");

    private final ActionContext context;
    private final FilterSet<Image> filters;

    public ImageActions(ActionContext context) {
        this.context = context;
        this.filters = FilterSet.<Image>withTags(Image::tags)
                .value("image-id", Image::id)
                .value("name", Image::name)
                .value("description", Image::description)
                .value("owner-id", Image::ownerId)
                .value("owner-alias", Image::ownerAlias)
                .value("architecture", Image::architecture)
                .value("creation-date", i -> XmlWriter.timestamp(i.creationDate()))
                .value("is-public", Image::isPublic)
                .value("state", i -> "available")
                .value("image-type", i -> "machine")
                .value("root-device-type", i -> "ebs")
                .value("root-device-name", Image::rootDeviceName)
                .value("virtualization-type", i -> "hvm")
                .value("hypervisor", i -> "xen")
                .value("platform-details", Image::platformDetails);
    }

    public void register(Map<String, Action> actions) {
        actions.put("DescribeImages", this::describe);
    }

    private void describe(QueryRequest request, XmlWriter w) {
        Ec2State state = context.state();
        List<String> ids = request.list("ImageId");
        for (String id : ids) {
            if (!Ids.isWellFormed("ami", id)) {
                throw new Ec2Error(ErrorCode.INVALID_AMI_ID_MALFORMED, "Invalid id: \"" + id + "\" (expecting \"ami-...\")");
            }
        }
        List<String> missing = ids.stream().filter(id -> state.image(id).isEmpty()).toList();
        if (!missing.isEmpty()) {
            throw new Ec2Error(ErrorCode.INVALID_AMI_ID_NOT_FOUND,
                    "The image id '" + missing + "' does not exist");
        }
        Predicate<Image> owned = owners(request.list("Owner"), state.ownerId());
        Predicate<Image> matches = filters.compile(request.filters());
        List<Image> selected = new ArrayList<>();
        for (Image image : state.images()) {
            boolean launchable = image.isPublic() || image.ownerId().equals(state.ownerId());
            if (launchable && (ids.isEmpty() || ids.contains(image.id())) && owned.test(image) && matches.test(image)) {
                selected.add(image);
            }
        }
        Paging.Page<Image> page = context.paging().page(selected, request, 1, 1000);
        w.items("imagesSet", page.items(), ImageActions::write);
        w.value("nextToken", page.nextToken());
    }

    private static Predicate<Image> owners(List<String> owners, String self) {
        if (owners.isEmpty()) {
            return i -> true;
        }
        List<Predicate<Image>> any = new ArrayList<>();
        for (String owner : owners) {
            switch (owner) {
                case "self" -> any.add(i -> i.ownerId().equals(self));
                case "amazon", "aws-marketplace", "aws-backup-vault" -> any.add(i -> owner.equals(i.ownerAlias()));
                default -> {
                    if (!ACCOUNT_ID.matcher(owner).matches()) {
                        throw Ec2Error.invalidValue("Owner", owner,
                                "self, amazon, aws-marketplace, aws-backup-vault or a 12-digit account id");
                    }
                    any.add(i -> i.ownerId().equals(owner));
                }
            }
        }
        return i -> any.stream().anyMatch(p -> p.test(i));
    }

    private static void write(XmlWriter w, Image i) {
        w.value("imageId", i.id())
                .value("imageLocation", (i.ownerAlias() != null ? i.ownerAlias() : i.ownerId()) + "/" + i.name())
                .value("imageState", "available")
                .value("imageOwnerId", i.ownerId())
                .value("creationDate", i.creationDate())
                .value("isPublic", i.isPublic())
                .value("architecture", i.architecture())
                .value("imageType", "machine")
                .value("name", i.name())
                .value("description", i.description())
                .value("imageOwnerAlias", i.ownerAlias())
                .value("rootDeviceType", "ebs")
                .value("rootDeviceName", i.rootDeviceName())
                .items("blockDeviceMapping", List.of(i), (b, image) -> b
                        .value("deviceName", image.rootDeviceName())
                        .open("ebs")
                        .value("deleteOnTermination", true)
                        .value("volumeSize", image.rootVolumeSizeGiB())
                        .value("volumeType", "gp3")
                        .value("encrypted", false)
                        .close())
                .value("virtualizationType", "hvm")
                .tagSet(i.tags())
                .value("hypervisor", "xen")
                .value("enaSupport", true)
                .value("platformDetails", i.platformDetails())
                .value("usageOperation", "RunInstances");
    }
}
