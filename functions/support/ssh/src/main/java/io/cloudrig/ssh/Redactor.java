package io.cloudrig.ssh;

import io.cloudrig.model.config.Secrets;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/** Replaces known secret values (passwords, tokens) in text with {@value Secrets#MASK}. Immutable. */
public final class Redactor {
    /** Shorter values would mask ordinary words; secrets we generate are far longer. */
    static final int MIN_LENGTH = 4;
    private final List<String> secrets;

    private Redactor(List<String> secrets) {
        this.secrets = secrets;
    }

    /** A redactor for these values (nulls and values shorter than 4 characters are ignored). */
    public static Redactor of(Collection<String> values) {
        return new Redactor(values.stream().filter(Objects::nonNull).filter(v -> v.length() >= MIN_LENGTH).distinct()
                // longest first, so that a secret containing another is masked whole
                .sorted(Comparator.comparingInt(String::length).reversed()).collect(Collectors.toUnmodifiableList()));
    }

    /** This redactor plus more values. */
    public Redactor with(Collection<String> values) {
        List<String> all = new java.util.ArrayList<>(secrets);
        all.addAll(values);
        return of(all);
    }

    public String apply(String text) {
        if (text == null || secrets.isEmpty()) {
            return text;
        }
        String out = text;
        for (String s : secrets) {
            if (out.contains(s)) {
                out = out.replace(s, Secrets.MASK);
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "Redactor{" + secrets.size() + " values}";
    }
}
