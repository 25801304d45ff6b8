package io.ksi.app.serve;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import io.ksi.ensemble.sampling.Sampler;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Set;

/**
 * A validated {@code POST /v1/sample} body: {@code {"n": 16, "seed": 3, "steps": 40, "sampler": "optimal"}}, n
 * required. Every refusal names the field and what was expected.
 */
public record SampleRequest(int n, long seed, int steps, String sampler) {
    /** What a request leaves out. */
    public record Defaults(long seed, int steps, String sampler, int maxN, int maxSteps) {}

    private static final Set<String> FIELDS = Set.of("n", "seed", "steps", "sampler");

    public Sampler parsedSampler() {
        return Sampler.byName(sampler);
    }

    public static SampleRequest parse(String body, Defaults d) {
        JsonObject o = object(body);
        for (Map.Entry<String, JsonElement> e : o.entrySet()) {
            if (!FIELDS.contains(e.getKey())) {
                throw new BadRequest(
                        400, e.getKey(), "unknown field '" + e.getKey() + "': expected n, seed, steps or sampler");
            }
        }
        if (!o.has("n")) {
            throw new BadRequest(400, "n", "missing field 'n': the number of samples, 1 to " + d.maxN());
        }
        long n = integer(o, "n");
        if (n < 1 || n > d.maxN()) {
            throw new BadRequest(400, "n", "'n' must be between 1 and " + d.maxN() + " (--max-n), got " + n);
        }
        long seed = o.has("seed") ? integer(o, "seed") : d.seed();
        long steps = o.has("steps") ? integer(o, "steps") : d.steps();
        if (steps < 1 || steps > d.maxSteps()) {
            throw new BadRequest(400, "steps", "'steps' must be between 1 and " + d.maxSteps() + ", got " + steps);
        }
        String sampler = d.sampler();
        if (o.has("sampler")) {
            JsonElement s = o.get("sampler");
            if (!s.isJsonPrimitive() || !s.getAsJsonPrimitive().isString()) {
                throw new BadRequest(400, "sampler", "'sampler' must be a string such as \"optimal\", got " + s);
            }
            sampler = s.getAsString();
        }
        try {
            sampler = Sampler.byName(sampler).name();
        } catch (IllegalArgumentException e) {
            throw new BadRequest(400, "sampler", e.getMessage());
        }
        return new SampleRequest((int) n, seed, (int) steps, sampler);
    }

    private static JsonObject object(String body) {
        if (body.isBlank()) {
            throw new BadRequest(400, null, "empty body: expected a JSON object such as {\"n\": 16}");
        }
        JsonElement root;
        try {
            JsonReader r = new JsonReader(new StringReader(body));
            r.setStrictness(Strictness.STRICT); // no single quotes, unquoted names or comments in a service's input
            root = r.peek() == JsonToken.BEGIN_OBJECT ? objectWithoutRepeats(r) : JsonParser.parseReader(r);
            if (r.peek() != JsonToken.END_DOCUMENT) {
                throw new BadRequest(400, null, "malformed JSON: more after the object, at " + r.getPath());
            }
        } catch (JsonParseException | IOException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new BadRequest(
                    400,
                    null,
                    "malformed JSON" + where(cause.getMessage()) + ": expected an object such as {\"n\": 16}");
        }
        if (!root.isJsonObject()) {
            throw new BadRequest(400, null, "expected a JSON object such as {\"n\": 16}, got " + abbreviate(root));
        }
        return root.getAsJsonObject();
    }

    /** The top-level object, refusing a field given twice (Gson would keep the last one without a word). */
    private static JsonObject objectWithoutRepeats(JsonReader r) throws IOException {
        JsonObject o = new JsonObject();
        r.beginObject();
        while (r.hasNext()) {
            String name = r.nextName();
            if (o.has(name)) {
                throw new BadRequest(400, name, "field '" + name + "' given twice: give each field once");
            }
            o.add(name, JsonParser.parseReader(r));
        }
        r.endObject();
        return o;
    }

    /** " at line L column C" from Gson's message; its advice (switch to lenient parsing) is not for a client. */
    private static String where(String m) {
        int at = m == null ? -1 : m.indexOf(" at line ");
        if (at < 0) {
            return "";
        }
        int path = m.indexOf(" path ", at);
        return m.substring(at, path < 0 ? m.length() : path);
    }

    private static long integer(JsonObject o, String field) {
        JsonElement e = o.get(field);
        if (e.isJsonPrimitive() && ((JsonPrimitive) e).isNumber()) {
            try {
                return new BigDecimal(e.getAsString()).longValueExact();
            } catch (ArithmeticException | NumberFormatException ex) {
                // not an integer, or beyond 64 bits: named below
            }
        }
        throw new BadRequest(400, field, "'" + field + "' must be an integer, got " + abbreviate(e));
    }

    private static String abbreviate(JsonElement e) {
        String s = e.toString();
        return s.length() > 40 ? s.substring(0, 37) + "..." : s;
    }
}
