package io.ksi.notebooks;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * A Jupyter client written from the protocol's specification (messaging 5.3: signed multipart frames over ZeroMQ), not
 * from the kernel's library, so that a test sees the kernel as Jupyter does.
 */
final class JupyterWireClient implements AutoCloseable {
    record Msg(String type, String parentId, JsonObject content) {}

    /** What one execute_request produced: the shell reply and the iopub messages it caused, in order. */
    record Execution(JsonObject reply, List<Msg> published) {
        String status() {
            return reply.get("status").getAsString();
        }

        List<Msg> of(String type) {
            return published.stream().filter(m -> m.type().equals(type)).toList();
        }

        /** The text/plain of the cell's execute_result. */
        String result() {
            return of("execute_result")
                    .get(0)
                    .content()
                    .getAsJsonObject("data")
                    .get("text/plain")
                    .getAsString();
        }

        String stream(String name) {
            StringBuilder b = new StringBuilder();
            of("stream").stream()
                    .filter(m -> m.content().get("name").getAsString().equals(name))
                    .forEach(m -> b.append(m.content().get("text").getAsString()));
            return b.toString();
        }
    }

    private static final byte[] DELIMITER = "<IDS|MSG>".getBytes(StandardCharsets.UTF_8);
    private final ZContext context = new ZContext();
    private final ZMQ.Socket shell;
    private final ZMQ.Socket control;
    private final ZMQ.Socket iopub;
    private final Mac mac;
    private final String session = UUID.randomUUID().toString();

    JupyterWireClient(String ip, int shellPort, int controlPort, int iopubPort, String key) throws Exception {
        mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        shell = socket(SocketType.DEALER, ip, shellPort);
        control = socket(SocketType.DEALER, ip, controlPort);
        iopub = socket(SocketType.SUB, ip, iopubPort);
        iopub.subscribe(new byte[0]);
    }

    private ZMQ.Socket socket(SocketType type, String ip, int port) {
        ZMQ.Socket s = context.createSocket(type);
        s.setReceiveTimeOut(120_000);
        s.connect("tcp://" + ip + ":" + port);
        return s;
    }

    private synchronized String sign(byte[]... parts) {
        for (byte[] p : parts) {
            mac.update(p);
        }
        return HexFormat.of().formatHex(mac.doFinal());
    }

    /** Sends a request on the shell or control socket; returns its msg_id. */
    String send(boolean onControl, String type, JsonObject content) {
        String id = UUID.randomUUID().toString();
        JsonObject header = new JsonObject();
        header.addProperty("msg_id", id);
        header.addProperty("session", session);
        header.addProperty("username", "test");
        header.addProperty("date", Instant.now().toString());
        header.addProperty("msg_type", type);
        header.addProperty("version", "5.3");
        byte[][] parts = {bytes(header.toString()), bytes("{}"), bytes("{}"), bytes(content.toString())};
        ZMQ.Socket s = onControl ? control : shell;
        s.sendMore(DELIMITER);
        s.sendMore(sign(parts));
        s.sendMore(parts[0]);
        s.sendMore(parts[1]);
        s.sendMore(parts[2]);
        s.send(parts[3]);
        return id;
    }

    /** The next message on a socket; fails on a bad signature or after the receive timeout. */
    Msg receive(ZMQ.Socket s) {
        byte[] frame = s.recv();
        while (frame != null && !java.util.Arrays.equals(frame, DELIMITER)) {
            frame = s.recv();
        }
        if (frame == null) {
            throw new AssertionError("no message from the kernel within the timeout");
        }
        String signature = s.recvStr();
        byte[] header = s.recv();
        byte[] parent = s.recv();
        byte[] metadata = s.recv();
        byte[] content = s.recv();
        while (s.hasReceiveMore()) {
            s.recv();
        }
        if (!sign(header, parent, metadata, content).equals(signature)) {
            throw new AssertionError("message signed wrongly: " + new String(header, StandardCharsets.UTF_8));
        }
        JsonObject h = JsonParser.parseString(new String(header, StandardCharsets.UTF_8))
                .getAsJsonObject();
        JsonObject p = JsonParser.parseString(new String(parent, StandardCharsets.UTF_8))
                .getAsJsonObject();
        return new Msg(
                h.get("msg_type").getAsString(),
                p.has("msg_id") ? p.get("msg_id").getAsString() : null,
                JsonParser.parseString(new String(content, StandardCharsets.UTF_8))
                        .getAsJsonObject());
    }

    Msg reply(boolean onControl) {
        return receive(onControl ? control : shell);
    }

    /**
     * Waits until iopub delivers: a SUB socket misses what was published before its subscription reached the kernel, so
     * ask for kernel_info until its busy/idle status arrives (as jupyter_client does).
     */
    JsonObject handshake() {
        iopub.setReceiveTimeOut(500);
        try {
            for (int attempt = 0; attempt < 240; attempt++) {
                String id = send(false, "kernel_info_request", new JsonObject());
                Msg info = reply(false);
                for (byte[] frame = iopub.recv(); frame != null; frame = iopub.recv()) {
                    if (java.util.Arrays.equals(frame, DELIMITER)) {
                        iopub.recvStr();
                        byte[] parent = skipTo(iopub);
                        if (new String(parent, StandardCharsets.UTF_8).contains(id)) {
                            drain(iopub);
                            return info.content();
                        }
                    }
                }
            }
            throw new AssertionError("iopub never delivered a status message");
        } finally {
            iopub.setReceiveTimeOut(120_000);
        }
    }

    /** Reads header and parent frames, returns the parent header, drops the rest of the message. */
    private static byte[] skipTo(ZMQ.Socket s) {
        s.recv();
        byte[] parent = s.recv();
        while (s.hasReceiveMore()) {
            s.recv();
        }
        return parent;
    }

    private static void drain(ZMQ.Socket s) {
        s.setReceiveTimeOut(200);
        while (s.recv() != null) {
            // earlier status messages of the handshake
        }
    }

    /** Runs code and collects what the kernel published for it until it went idle. */
    Execution execute(String code) {
        String id = send(false, "execute_request", executeRequest(code));
        List<Msg> published = collectUntilIdle(id);
        Msg reply = reply(false);
        if (!id.equals(reply.parentId())) {
            throw new AssertionError("reply to another request: " + reply);
        }
        return new Execution(reply.content(), published);
    }

    List<Msg> collectUntilIdle(String id) {
        List<Msg> published = new ArrayList<>();
        while (true) {
            Msg m = receive(iopub);
            if (!id.equals(m.parentId())) {
                continue;
            }
            if (m.type().equals("status")
                    && m.content().get("execution_state").getAsString().equals("idle")) {
                return published;
            }
            published.add(m);
        }
    }

    static JsonObject executeRequest(String code) {
        JsonObject c = new JsonObject();
        c.addProperty("code", code);
        c.addProperty("silent", false);
        c.addProperty("store_history", true);
        c.add("user_expressions", new JsonObject());
        c.addProperty("allow_stdin", false);
        c.addProperty("stop_on_error", true);
        return c;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        context.close();
    }
}
