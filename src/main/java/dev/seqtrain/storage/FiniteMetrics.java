package dev.seqtrain.storage;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * The last line of defence before a run is published or made CURRENT: a metrics file with a number
 * that is not finite (Jackson writes NaN and the infinities as the strings "NaN", "Infinity") belongs
 * to a model that diverged or was never measured.
 */
public final class FiniteMetrics {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(JsonParser.Feature.ALLOW_NON_NUMERIC_NUMBERS);
    private static final Set<String> NON_FINITE = Set.of("NaN", "Infinity", "-Infinity");

    private FiniteMetrics() {
    }

    /** Where the first non-finite number of {@code json} is (e.g. {@code epochs[2].validationLoss}), or null. */
    public static String firstNonFinite(String json) {
        try {
            return find(MAPPER.readTree(json), "");
        } catch (IOException e) {
            throw new UncheckedIOException("metrics are not JSON", e);
        }
    }

    private static String find(JsonNode node, String path) {
        if (node.isNumber() && !Double.isFinite(node.doubleValue()) || node.isTextual() && NON_FINITE.contains(node.textValue())) {
            return path.isEmpty() ? "(the value)" : path;
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String found = find(node.get(i), path + "[" + i + "]");
                if (found != null) {
                    return found;
                }
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String found = find(field.getValue(), path.isEmpty() ? field.getKey() : path + "." + field.getKey());
            if (found != null) {
                return found;
            }
        }
        return null;
    }
}
