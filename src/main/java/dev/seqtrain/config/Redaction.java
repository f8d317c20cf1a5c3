package dev.seqtrain.config;

import java.util.regex.Pattern;

/**
 * Removes credentials from text that is logged or saved. Job files cannot hold Hadoop or AWS
 * settings (unknown keys are errors), so the one place a secret can hide is a URI's user info,
 * as in {@code s3a://KEY:SECRET@bucket/path}.
 */
public final class Redaction {
    private static final Pattern USER_INFO = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://)[^/\\s\"@]+@");

    private Redaction() {
    }

    public static String uris(String text) {
        return USER_INFO.matcher(text).replaceAll("$1***@");
    }
}
