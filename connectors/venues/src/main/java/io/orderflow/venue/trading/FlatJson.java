package io.orderflow.venue.trading;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * REST answers read as flat maps of field → text (numbers keep their exact text; nested objects flatten to dotted
 * names, arrays inside objects are skipped): what order entry needs, without a data-binding layer.
 */
public final class FlatJson {
    private static final JsonFactory JSON = new JsonFactory();

    private FlatJson() {}

    public static Map<String, String> object(String json) {
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("expected a JSON object");
            }
            return read(p);
        } catch (IOException e) {
            throw new IllegalArgumentException("malformed JSON answer: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    public static List<Map<String, String>> array(String json) {
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw new IllegalArgumentException("expected a JSON array");
            }
            List<Map<String, String>> out = new ArrayList<>();
            while (p.nextToken() == JsonToken.START_OBJECT) {
                out.add(read(p));
            }
            return out;
        } catch (IOException e) {
            throw new IllegalArgumentException("malformed JSON answer: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    /** The objects of the array under {@code field} of a top-level object (OKX's {@code data}). */
    public static List<Map<String, String>> objectsIn(String json, String field) {
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("expected a JSON object");
            }
            List<Map<String, String>> out = new ArrayList<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (name.equals(field) && value == JsonToken.START_ARRAY) {
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        out.add(read(p));
                    }
                } else if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
                    p.skipChildren();
                }
            }
            return out;
        } catch (IOException e) {
            throw new IllegalArgumentException("malformed JSON answer: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    private static Map<String, String> read(JsonParser p) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        read(p, "", out);
        return out;
    }

    /** Nested objects flatten to dotted names ({@code sendStatus.status}); arrays inside are skipped. */
    private static void read(JsonParser p, String prefix, Map<String, String> out) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = prefix + p.currentName();
            JsonToken value = p.nextToken();
            if (value == JsonToken.START_OBJECT) {
                read(p, name + ".", out);
            } else if (value == JsonToken.START_ARRAY) {
                p.skipChildren();
            } else if (value != JsonToken.VALUE_NULL) {
                out.put(name, p.getText());
            }
        }
    }
}
