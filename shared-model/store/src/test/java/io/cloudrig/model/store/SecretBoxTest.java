package io.cloudrig.model.store;

import io.cloudrig.model.CloudrigException;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A sealed value opens to its text under its deployment and attribute only, every time; remembering the last value
 * opened never lets another (tampered, copied, or another key's) through.
 */
class SecretBoxTest {
    private static final String TEXT = "{\"password\":\"pw-box-4Rk\"}";

    private static byte[] newKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }

    private static SecretBox box() {
        return new SecretBox(newKey());
    }

    /** {@code sealed} with one bit of its ciphertext flipped. */
    private static String tampered(String sealed) {
        byte[] raw = Base64.getDecoder().decode(sealed.substring(SecretBox.PREFIX.length()));
        raw[raw.length / 2] ^= 1;
        return SecretBox.PREFIX + Base64.getEncoder().encodeToString(raw);
    }

    @Test
    void sealedValue_opensToItsText_againAndAgain_andNotInClear() {
        byte[] key = newKey();
        SecretBox box = new SecretBox(key);
        String sealed = box.seal(TEXT, "d1", "config");
        assertThat(sealed).startsWith(SecretBox.PREFIX).doesNotContain("pw-box-4Rk");
        assertThat(box.open(sealed, "d1", "config")).isEqualTo(TEXT);
        assertThat(box.open(sealed, "d1", "config")).isEqualTo(TEXT);
        assertThat(new SecretBox(key).open(sealed, "d1", "config")).as("the same key in a box that never saw it")
                .isEqualTo(TEXT);
    }

    @Test
    void afterASuccessfulOpen_aTamperedCopyStillFails() {
        SecretBox box = box();
        String sealed = box.seal(TEXT, "d1", "config");
        assertThat(box.open(sealed, "d1", "config")).isEqualTo(TEXT);

        assertThatThrownBy(() -> box.open(tampered(sealed), "d1", "config")).isInstanceOf(CloudrigException.class)
                .hasMessageContaining("'config' does not open");
        assertThat(box.open(sealed, "d1", "config")).as("the good value still opens").isEqualTo(TEXT);
    }

    @Test
    void afterASuccessfulOpen_theSameValueUnderAnotherDeploymentOrAttributeStillFails() {
        SecretBox box = box();
        String sealed = box.seal(TEXT, "d1", "config");
        assertThat(box.open(sealed, "d1", "config")).isEqualTo(TEXT);

        assertThatThrownBy(() -> box.open(sealed, "d2", "config")).hasMessageContaining("does not open");
        assertThatThrownBy(() -> box.open(sealed, "d1", "credentials")).hasMessageContaining("does not open");
        assertThatThrownBy(() -> box().open(sealed, "d1", "config")).as("another data key")
                .hasMessageContaining("does not open");
    }

    @Test
    void aNewValueOfTheAttribute_opensToItsOwnText() {
        SecretBox box = box();
        String first = box.seal(TEXT, "d1", "config");
        String second = box.seal("{\"password\":\"pw-box-other\"}", "d1", "config");
        assertThat(box.open(first, "d1", "config")).isEqualTo(TEXT);
        assertThat(box.open(second, "d1", "config")).isEqualTo("{\"password\":\"pw-box-other\"}");
        assertThat(box.open(first, "d1", "config")).isEqualTo(TEXT);
        assertThat(box.toString()).doesNotContain("pw-box");
    }
}
