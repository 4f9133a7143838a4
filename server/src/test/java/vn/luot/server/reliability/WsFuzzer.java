package vn.luot.server.reliability;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * The WebSocket half of the fuzzing run. Upgrades with bad parameters or headers must be refused in the error shape;
 * on an open feed, garbage frames are ignored (the socket still answers a ping), while a frame over the 4,096-byte
 * limit or one that breaks the protocol closes that socket and only that one. Frames also come after a close, and
 * sockets open and close in quick bursts.
 */
final class WsFuzzer {
  private static final int LIMIT = 4_096;
  private static final Duration ANSWER = Duration.ofSeconds(10);

  private final SplittableRandom random;
  private final Desk desk;
  private final int port;
  private final Consumer<String> failure;
  /** Frames sent so far; each upgrade attempt counts as one too. */
  int frames;

  WsFuzzer(SplittableRandom random, Desk desk, int port, Consumer<String> failure) {
    this.random = random;
    this.desk = desk;
    this.port = port;
    this.failure = failure;
  }

  /** One step: a refused upgrade, a session of frames on an open feed, or a burst of open-and-close. */
  void step() throws IOException {
    switch (random.nextInt(8)) {
      case 0, 1 -> refusedUpgrade();
      case 2 -> burst();
      default -> session();
    }
  }

  private void refusedUpgrade() throws IOException {
    Desk.Issued t = desk.someTicket(random);
    String token = t == null ? "default.AAAAAAAAAAAAAAAAAAAAAA" : t.trackToken();
    String[] paths = {"/ws/centers/nope", "/ws/centers/default?counter=99", "/ws/centers/default?counter=%zz",
        "/ws/centers/default?counter=" + "9".repeat(3_000), "/ws/track/garbage", "/ws/track/default.AAAAAAAAAAAAAAAAAAAAAA",
        "/ws/track/" + token.substring(0, token.length() - 1) + "!", "/ws/track/nope." + token.substring(token.indexOf('.') + 1),
        "/ws/centers/default/kiosks/KF/jobs", "/ws/centers/default/kiosks/nope/jobs", "/ws/centers/%C4%90/kiosks/KF/jobs",
        "/ws/centers/default/kiosks/" + "k".repeat(100) + "/jobs", "/ws/nowhere", "/ws/centers/default/extra"};
    String path = paths[random.nextInt(paths.length)];
    Map<String, String> headers = switch (random.nextInt(5)) {
      case 0 -> Map.of("Authorization", "Bearer wrong-key");
      case 1 -> Map.of("Sec-WebSocket-Version", "8");
      case 2 -> Map.of("Authorization", "Basic " + desk.kioskKey);
      default -> Map.of();
    };
    frames++;
    try (FrameSocket s = FrameSocket.open(port, path, headers, random)) {
      String what = "upgrade " + path + " " + headers;
      if (s.status == 0 || s.status >= 500) failure.accept(what + " → " + s.status + " " + s.body);
      else if (s.status != 101) FuzzTest.checkErrorShape(what, s.status, s.body, failure);
    }
  }

  private void burst() throws IOException {
    int n = 2 + random.nextInt(8);
    for (int i = 0; i < n; i++) {
      frames++;
      FrameSocket s = FrameSocket.open(port, "/ws/centers/default", Map.of(), random);
      if (random.nextBoolean()) s.frame(true, 0, FrameSocket.CLOSE, new byte[] {3, (byte) 0xE8}, true);
      s.close();
    }
  }

  /** A feed that is open: some frames, then a check that it is alive (or closed, after a fatal frame). */
  private void session() throws IOException {
    Desk.Issued t = desk.someTicket(random);
    int feed = random.nextInt(4);
    String path = switch (feed) {
      case 0 -> "/ws/centers/default";
      case 1 -> "/ws/centers/default?counter=" + desk.counters.get(random.nextInt(desk.counters.size()));
      case 2 -> t == null ? "/ws/centers/default" : "/ws/track/" + t.trackToken();
      default -> "/ws/centers/default/kiosks/KF/jobs";
    };
    boolean agent = feed == 3;
    Map<String, String> headers = agent ? Map.of("Authorization", "Bearer " + desk.kioskKey) : Map.of();
    frames++;
    try (FrameSocket s = FrameSocket.open(port, path, headers, random)) {
      if (s.status != 101) {
        // A track stream whose ticket a transfer replaced, or a day rolled over: refused in the error shape.
        if (s.status >= 500 || s.status == 0) failure.accept("upgrade " + path + " → " + s.status + " " + s.body);
        else if (s.status != 404) failure.accept("valid upgrade " + path + " refused: " + s.status + " " + s.body);
        return;
      }
      if (!agent) {
        FrameSocket.Received first = s.read(ANSWER);
        if (first == null || first.text() == null || !"snapshot".equals(new JsonObject(first.text()).getString("type"))) {
          failure.accept(path + ": the first message is not a snapshot: " + first);
          return;
        }
      }
      int n = 1 + random.nextInt(6);
      for (int i = 0; i < n; i++) {
        frames++;
        String fatal = sendOne(s, agent, t);
        if (fatal == null) continue;
        if (!fatal.isEmpty()) expectClosed(s, path, fatal);
        return;
      }
      if (!agent) expectPong(s, path);
      if (random.nextBoolean()) {
        s.frame(true, 0, FrameSocket.CLOSE, new byte[] {3, (byte) 0xE8}, true);
        frames++;
        // Frames after our close: the server must simply ignore them.
        s.text("{\"type\":\"ping\"}");
        s.frame(true, 0, FrameSocket.BINARY, new byte[] {1, 2, 3}, true);
      }
    }
  }

  /**
   * Sends one frame; returns why the server must close the socket for it, null when it must stay open, or "" when
   * either is right (the session then ends without a check).
   */
  private String sendOne(FrameSocket s, boolean agent, Desk.Issued t) throws IOException {
    switch (random.nextInt(16)) {
      case 0 -> s.text("{\"type\":\"resync\"}");
      case 1 -> s.text(pickText());
      case 2 -> s.frame(true, 0, FrameSocket.BINARY, bytes(1 + random.nextInt(LIMIT)), true);
      case 3 -> {
        s.frame(true, 0, FrameSocket.TEXT, bytes(LIMIT + 1 + random.nextInt(60_000)), true);
        return "a frame over " + LIMIT + " B";
      }
      case 4 -> {
        s.frame(false, 0, FrameSocket.TEXT, "{\"type\":".getBytes(StandardCharsets.UTF_8), true);
        s.frame(true, 0, 0, "\"ping\"}".getBytes(StandardCharsets.UTF_8), true);
      }
      case 5 -> {
        for (int i = 0; i < 3; i++) s.frame(false, 0, i == 0 ? FrameSocket.TEXT : 0, bytes(2_000), true);
        s.frame(true, 0, 0, bytes(10), true);
        return "a message of 6,010 B in four frames";
      }
      case 6 -> {
        s.frame(true, 0, FrameSocket.TEXT, "{\"type\":\"ping\"}".getBytes(StandardCharsets.UTF_8), false);
        return "an unmasked frame";
      }
      case 7 -> {
        s.frame(true, 0, 3 + random.nextInt(5), bytes(5), true);
        return "a reserved opcode";
      }
      case 8 -> {
        s.frame(true, 0, 0, bytes(5), true);
        return "a continuation with nothing to continue";
      }
      case 9 -> {
        s.frame(true, 0, FrameSocket.PING, bytes(126 + random.nextInt(200)), true);
        return "a control frame over 125 B";
      }
      case 10 -> s.frame(true, 0, FrameSocket.PING, bytes(random.nextInt(126)), true);
      case 11 -> {
        // RFC 6455 says close (1007); reading it with replacement characters and ignoring it is as harmless.
        s.frame(true, 0, FrameSocket.TEXT, new byte[] {'{', '"', (byte) 0xC3, 0x28, '"', '}'}, true);
        return "";
      }
      case 12 -> {
        if (!agent) {
          s.text("{\"type\":\"ping\"}");
        } else {
          String job = (t == null ? "20000101-A001" : t.id()) + "#" + (1 + random.nextInt(3));
          s.text(new JsonObject().put("type", random.nextBoolean() ? "printed" : "failed").put("jobId", job)
              .put("reason", "PAPER_OUT").encode());
        }
      }
      case 13 -> s.text(new JsonObject().put("type", pick(List.of("printed", "failed", "status", "resync", "ping")))
          .put("jobId", pick(List.of("x#99999", "#1", "a#0", "20000101-A001#1", "k".repeat(100) + "#1", "", "#")))
          .put("printer", pick(List.of("OK", "paper out", "", "ERROR_" + "X".repeat(40))))
          .put("detail", "d".repeat(random.nextInt(3_000))).encode());
      case 14 -> s.text(new JsonObject().put("type", 42).put("jobId", new JsonObject()).put("printer", List.of(1)).encode());
      default -> s.text("");
    }
    return null;
  }

  private String pickText() {
    return pick(List.of("garbage", "[]", "null", "{", "{\"type\":null}", "{\"type\":\"" + "x".repeat(3_000) + "\"}",
        "{\"type\":\"resync\",\"seq\":-1}", "\u0000\u0001", "🙂 tiếng Việt", "{\"type\":[\"ping\"]}",
        "[".repeat(2_000)));
  }

  private void expectPong(FrameSocket s, String path) throws IOException {
    s.text("{\"type\":\"ping\"}");
    long deadline = System.nanoTime() + ANSWER.toNanos();
    while (System.nanoTime() < deadline) {
      FrameSocket.Received r = s.read(ANSWER);
      if (r == null || r.closed()) {
        failure.accept(path + ": after frames it must ignore, the socket " + (r == null ? "went silent" : "was closed " + r));
        return;
      }
      if ("pong".equals(new JsonObject(r.text()).getString("type"))) return;
    }
    failure.accept(path + ": no pong");
  }

  private void expectClosed(FrameSocket s, String path, String why) throws IOException {
    long deadline = System.nanoTime() + ANSWER.toNanos();
    while (System.nanoTime() < deadline) {
      FrameSocket.Received r = s.read(ANSWER);
      if (r == null) break;
      if (r.closed()) return;
    }
    failure.accept(path + ": " + why + " did not close the socket");
  }

  private byte[] bytes(int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) b[i] = (byte) random.nextInt(256);
    return b;
  }

  private <T> T pick(List<T> list) {
    return list.get(random.nextInt(list.size()));
  }
}
