package io.ksi.app.serve;

/** A request the server refuses: answered with {@code status} and a JSON error naming {@code field} (null if none). */
public final class BadRequest extends RuntimeException {
    private final int status;
    private final String field;

    public BadRequest(int status, String field, String message) {
        super(message);
        this.status = status;
        this.field = field;
    }

    public int status() {
        return status;
    }

    public String field() {
        return field;
    }
}
