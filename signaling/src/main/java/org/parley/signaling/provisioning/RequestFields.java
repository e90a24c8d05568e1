package org.parley.signaling.provisioning;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Strict reading of a JSON request object: unknown fields and wrong types are refused with
 * {@link ApiError#BAD_REQUEST} and a message naming the field by its path, e.g. {@code booths[1].language}.
 */
final class RequestFields {

    private final String path;
    private final JsonNode object;

    private RequestFields(String path, JsonNode object) {
        this.path = path;
        this.object = object;
    }

    /** The request body, which must be a JSON object. */
    static RequestFields body(JsonNode body) throws ApiException {
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest("the body must be a JSON object");
        }
        return new RequestFields("", body);
    }

    String path(String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    void allowOnly(String... fields) throws ApiException {
        Set<String> allowed = Set.of(fields);
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw ApiException.badRequest(path(name) + ": unknown field (expected one of " + String.join(", ", fields) + ")");
            }
        }
    }

    boolean has(String field) {
        JsonNode value = object.get(field);
        return value != null && !value.isNull();
    }

    private JsonNode required(String field) throws ApiException {
        if (!has(field)) {
            throw ApiException.badRequest(path(field) + ": missing");
        }
        return object.get(field);
    }

    /** A string of 1 to {@code maxLength} characters after stripping surrounding blanks. */
    String string(String field, int maxLength) throws ApiException {
        return text(path(field), required(field), maxLength);
    }

    /**
     * A string exactly as sent, blanks included (a password): 1 to {@code maxLength} characters.
     */
    String exactString(String field, int maxLength) throws ApiException {
        JsonNode value = required(field);
        if (!value.isTextual()) {
            throw ApiException.badRequest(path(field) + ": expected a string");
        }
        String text = value.textValue();
        if (text.isEmpty() || text.length() > maxLength) {
            throw ApiException.badRequest(path(field) + ": expected 1 to " + maxLength + " characters");
        }
        return text;
    }

    /** Like {@link #string}, or null when the field is absent or null. */
    String optionalString(String field, int maxLength) throws ApiException {
        return has(field) ? string(field, maxLength) : null;
    }

    boolean optionalBoolean(String field, boolean otherwise) throws ApiException {
        if (!has(field)) {
            return otherwise;
        }
        JsonNode value = object.get(field);
        if (!value.isBoolean()) {
            throw ApiException.badRequest(path(field) + ": expected true or false, got " + value);
        }
        return value.booleanValue();
    }

    long optionalInteger(String field, long min, long max, long otherwise) throws ApiException {
        if (!has(field)) {
            return otherwise;
        }
        JsonNode value = object.get(field);
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < min || value.longValue() > max) {
            throw ApiException.badRequest(path(field) + ": expected an integer " + min + ".." + max + ", got " + value);
        }
        return value.longValue();
    }

    /** An ISO-8601 date and time with an offset, e.g. {@code 2026-12-01T09:00:00+01:00}. */
    OffsetDateTime dateTime(String field) throws ApiException {
        String text = string(field, 64);
        try {
            return OffsetDateTime.parse(text);
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(path(field) + ": expected an ISO-8601 date-time with offset "
                    + "such as 2026-12-01T09:00:00Z, got \"" + text + "\"");
        }
    }

    RequestFields optionalObject(String field) throws ApiException {
        if (!has(field)) {
            return null;
        }
        JsonNode value = object.get(field);
        if (!value.isObject()) {
            throw ApiException.badRequest(path(field) + ": expected an object, got " + value);
        }
        return new RequestFields(path(field), value);
    }

    /** An array of objects; empty when the field is absent. */
    List<RequestFields> optionalObjects(String field) throws ApiException {
        List<RequestFields> elements = new ArrayList<>();
        if (!has(field)) {
            return elements;
        }
        JsonNode array = array(field);
        for (int i = 0; i < array.size(); i++) {
            String elementPath = path(field) + "[" + i + "]";
            if (!array.get(i).isObject()) {
                throw ApiException.badRequest(elementPath + ": expected an object, got " + array.get(i));
            }
            elements.add(new RequestFields(elementPath, array.get(i)));
        }
        return elements;
    }

    /** An array of strings, each 1 to {@code maxLength} characters. */
    List<String> strings(String field, int maxLength) throws ApiException {
        JsonNode array = array(field);
        List<String> elements = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            elements.add(text(path(field) + "[" + i + "]", array.get(i), maxLength));
        }
        return elements;
    }

    private JsonNode array(String field) throws ApiException {
        JsonNode value = required(field);
        if (!value.isArray()) {
            throw ApiException.badRequest(path(field) + ": expected an array, got " + value);
        }
        return value;
    }

    private static String text(String path, JsonNode value, int maxLength) throws ApiException {
        if (!value.isTextual()) {
            throw ApiException.badRequest(path + ": expected a string, got " + value);
        }
        String text = value.textValue().strip();
        if (text.isEmpty() || text.length() > maxLength) {
            throw ApiException.badRequest(path + ": expected 1 to " + maxLength + " characters");
        }
        return text;
    }
}
