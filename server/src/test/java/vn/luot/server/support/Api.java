package vn.luot.server.support;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A plain HTTP client for tests, as a kiosk or a clerk's browser would talk to the server. */
public final class Api {
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final int port;

  public Api(int port) {
    this.port = port;
  }

  /** An answer: status, headers and the body parsed as JSON when it is JSON. */
  public record Response(int status, String body, Map<String, java.util.List<String>> headers) {
    public JsonObject json() {
      return new JsonObject(body);
    }

    public String errorCode() {
      return json().getJsonObject("error").getString("code");
    }

    public String header(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0)).findFirst().orElse(null);
    }
  }

  public Response get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).GET(), null);
  }

  public Response get(String path, String token) {
    return send(HttpRequest.newBuilder(uri(path)).GET(), token);
  }

  public Response post(String path, String body) {
    return post(path, body, null, Map.of());
  }

  public Response post(String path, String body, String token) {
    return post(path, body, token, Map.of());
  }

  public Response post(String path, String body, String token, Map<String, String> headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path))
        .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
        .header("Content-Type", "application/json");
    headers.forEach(b::header);
    return send(b, token);
  }

  public Response put(String path, String body, String token) {
    return send(HttpRequest.newBuilder(uri(path)).PUT(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
        .header("Content-Type", "application/json"), token);
  }

  public Response send(HttpRequest.Builder builder, String token) {
    if (token != null) builder.header("Authorization", "Bearer " + token);
    try {
      HttpResponse<String> r = CLIENT.send(builder.timeout(Duration.ofSeconds(20)).build(),
          HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return new Response(r.statusCode(), r.body(), r.headers().map());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public URI uri(String path) {
    return URI.create("http://localhost:" + port + path);
  }

  // ---- the common steps of a day, named as people say them ----

  public String login(String username) {
    Response r = post("/api/auth/login", new JsonObject().put("username", username).put("password", TestServer.PASSWORD).encode());
    if (r.status() != 200) throw new IllegalStateException("login of " + username + " failed: " + r.status() + " " + r.body());
    return r.json().getString("token");
  }

  public JsonObject issue(String field) {
    Response r = post("/api/centers/default/tickets", new JsonObject().put("field", field).put("kiosk", "K1").encode());
    if (r.status() != 201) throw new IllegalStateException("issue failed: " + r.status() + " " + r.body());
    return r.json();
  }

  /**
   * Issues a ticket once storage is back: the first tries may still meet 503 (the engine reloads after a failed
   * write), so it asks again until a 201, for at most {@code within}. Any other answer is returned at once.
   */
  public Response issueOnceStorageIsBack(String field, Duration within) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (true) {
      Response r = post("/api/centers/default/tickets", new JsonObject().put("field", field).put("kiosk", "K1").encode());
      if (r.status() != 503 || System.nanoTime() > deadline) return r;
      Thread.sleep(200);
    }
  }

  /**
   * Kiosks in a rush: {@code count} tickets of one field with 64 in flight at once, so the journal commits them in
   * groups. Fails unless every answer is a 201. Returns each ticket's number with the {@link System#nanoTime()} its
   * answer arrived.
   */
  public Map<String, Long> issueConcurrently(String field, int count) throws InterruptedException {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    Semaphore inFlight = new Semaphore(64);
    Map<String, Long> answered = new ConcurrentHashMap<>();
    List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      inFlight.acquire();
      HttpRequest request = HttpRequest.newBuilder(uri("/api/centers/default/tickets"))
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"field\":\"" + field + "\",\"kiosk\":\"K" + (i % 4) + "\"}")).build();
      answers.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((r, e) -> {
        if (r != null && r.statusCode() == 201) answered.put(new JsonObject(r.body()).getString("number"), System.nanoTime());
        inFlight.release();
      }));
    }
    try {
      CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
      for (CompletableFuture<HttpResponse<String>> a : answers) {
        if (a.get().statusCode() != 201) throw new IllegalStateException("issue failed: " + a.get().statusCode() + " " + a.get().body());
      }
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("issuing " + count + " tickets failed", e);
    }
    return answered;
  }

  public Response counter(String counter, String action, String token) {
    return post("/api/centers/default/counters/" + counter + "/" + action, null, token);
  }

  public JsonObject center() {
    return get("/api/centers/default").json();
  }

  /** A value of {@code GET /metrics} (Prometheus text), by its full name, e.g. luot_ws_dropped_slow_total. */
  public double metric(String name) {
    for (String line : get("/metrics").body().split("\n")) {
      if (line.startsWith(name + " ")) return Double.parseDouble(line.substring(name.length() + 1).trim());
    }
    throw new IllegalStateException("no metric " + name + " on /metrics");
  }

  public int waiting(String field) {
    JsonArray fields = center().getJsonArray("fields");
    for (int i = 0; i < fields.size(); i++) {
      if (fields.getJsonObject(i).getString("code").equals(field)) return fields.getJsonObject(i).getInteger("waiting");
    }
    throw new IllegalArgumentException(field);
  }
}
