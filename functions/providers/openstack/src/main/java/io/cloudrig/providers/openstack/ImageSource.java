package io.cloudrig.providers.openstack;

/**
 * Where the servers' image comes from (Rally's {@code image} object): an existing image by {@code uuid}; else an
 * existing image whose MD5 is {@code checksum}; else, when {@code url} is given, an upload of it as {@code name} in
 * {@code format}, checked against {@code checksum}.
 *
 * @param uuid an existing image, or null
 * @param checksum the image's MD5, or null (only with a uuid)
 * @param name the uploaded image's name, or null
 * @param format the uploaded image's disk format, or null
 * @param url where the image to upload is, or null
 * @param userdata cloud-init user data for the servers, or null
 */
public record ImageSource(String uuid, String checksum, String name, String format, String url, String userdata) {

    public boolean canUpload() {
        return url != null && name != null && format != null && checksum != null;
    }

    @Override
    public String toString() {
        return uuid != null ? "image " + uuid : "image with checksum " + checksum + (url != null ? " (or " + url + ")" : "");
    }
}
