package vn.luot.server.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import vn.luot.server.domain.CenterSettings;
import vn.luot.server.domain.Counter;
import vn.luot.server.domain.DisplaySettings;
import vn.luot.server.domain.Field;
import vn.luot.server.domain.QueuePolicy;
import vn.luot.server.domain.RoutingMode;

/**
 * A center's settings on the wire, as GET /api/centers/{c}/settings gives them and PUT takes them back (the whole
 * document). Reading checks every shape and range at the edge; consistency with the running center (a removed
 * field, a busy counter) is the decider's.
 */
final class SettingsJson {
  static final Pattern PREFIX = Pattern.compile("[A-Z]{1,3}");
  static final Pattern COUNTER_ID = Pattern.compile("[A-Za-z0-9-]{1,32}");
  static final Pattern LABEL = Pattern.compile("[^\\p{Cc}]*\\S[^\\p{Cc}]{0,58}");
  static final Pattern TEMPLATE = Pattern.compile("(?=.*\\{number\\})(?=.*\\{counter\\})[^\\p{Cc}]{1,200}");
  static final int MAX_FIELDS = 60;
  static final int MAX_COUNTERS = 100;

  private SettingsJson() {}

  static JsonObject render(CenterSettings s) {
    JsonArray fields = new JsonArray();
    for (Field f : s.fields()) {
      fields.add(new JsonObject().put("code", f.code()).put("name", f.name()).put("prefix", f.prefix())
          .put("targetWaitMinutes", f.targetWaitMinutes()).put("defaultServiceMinutes", f.defaultServiceMinutes())
          .put("disabled", f.disabled()));
    }
    JsonArray counters = new JsonArray();
    for (Counter c : s.counters()) {
      counters.add(new JsonObject().put("id", c.id()).put("name", c.name()).put("fields", new JsonArray(c.fields())));
    }
    QueuePolicy p = s.policy();
    DisplaySettings d = s.display();
    return new JsonObject()
        .put("fields", fields)
        .put("counters", counters)
        .put("policy", new JsonObject().put("priorityRatio", p.priorityRatio()).put("routing", p.routing().name())
            .put("recallMinGapSeconds", p.recallMinGap().toSeconds()))
        .put("display", new JsonObject().put("notice", d.notice()).put("announcementTemplate", d.template())
            .put("numberReading", d.numberReading()).put("zeroTens", d.zeroTens()).put("voice", d.voice())
            .put("repeat", d.repeat()).put("highlightSeconds", d.highlightSeconds()))
        .put("ratingLevels", new JsonArray(s.ratingLabels()));
  }

  static CenterSettings parse(io.vertx.core.buffer.Buffer body) {
    JsonBody b = JsonBody.parse(body, Set.of("fields", "counters", "policy", "display", "ratingLevels"));
    List<Field> fields = new ArrayList<>();
    JsonArray fa = b.requiredArray("fields", 1, MAX_FIELDS);
    for (int i = 0; i < fa.size(); i++) fields.add(field(JsonBody.nested(fa.getValue(i), "fields[" + i + "]",
        Set.of("code", "name", "prefix", "targetWaitMinutes", "defaultServiceMinutes", "disabled"))));
    List<Counter> counters = new ArrayList<>();
    JsonArray ca = b.requiredArray("counters", 0, MAX_COUNTERS);
    for (int i = 0; i < ca.size(); i++) counters.add(counter(JsonBody.nested(ca.getValue(i), "counters[" + i + "]",
        Set.of("id", "name", "fields"))));
    JsonArray labels = b.requiredArray("ratingLevels", 2, 5);
    List<String> ratingLabels = new ArrayList<>();
    for (int i = 0; i < labels.size(); i++) {
      if (!(labels.getValue(i) instanceof String l) || !LABEL.matcher(l).matches()) {
        throw ApiError.invalidValue("ratingLevels[" + i + "]", "label");
      }
      ratingLabels.add(l.strip());
    }
    QueuePolicy policy = policy(JsonBody.nested(b.required("policy"), "policy",
        Set.of("priorityRatio", "routing", "recallMinGapSeconds")), ratingLabels.size());
    DisplaySettings display = display(JsonBody.nested(b.required("display"), "display",
        Set.of("notice", "announcementTemplate", "numberReading", "zeroTens", "voice", "repeat", "highlightSeconds")));
    return new CenterSettings(fields, counters, policy, display, ratingLabels);
  }

  private static Field field(JsonBody f) {
    return new Field(f.requiredString("code", HttpApi.CODE, "fieldCode"),
        f.requiredString("name", HttpApi.NAME, "text200").strip(),
        f.requiredString("prefix", PREFIX, "prefix"),
        f.requiredInt("targetWaitMinutes", 1, 600),
        f.requiredInt("defaultServiceMinutes", 1, 240),
        f.optionalBoolean("disabled", false));
  }

  private static Counter counter(JsonBody c) {
    String id = c.requiredString("id", COUNTER_ID, "counterId");
    String name = c.requiredString("name", HttpApi.NAME, "text200").strip();
    JsonArray fa = c.requiredArray("fields", 1, MAX_FIELDS);
    List<String> fields = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < fa.size(); i++) {
      String name_ = c.path("fields[" + i + "]");
      if (!(fa.getValue(i) instanceof String code) || !HttpApi.CODE.matcher(code).matches()) {
        throw ApiError.invalidValue(name_, "fieldCode");
      }
      if (!seen.add(code)) throw ApiError.invalidValue(name_, "repeated");
      fields.add(code);
    }
    return new Counter(id, name, fields);
  }

  private static QueuePolicy policy(JsonBody p, int ratingLevels) {
    RoutingMode routing = p.optionalEnum("routing", RoutingMode.class);
    return new QueuePolicy(p.requiredInt("priorityRatio", 1, 20),
        routing == null ? QueuePolicy.DEFAULT.routing() : routing,
        Duration.ofSeconds(p.optionalInt("recallMinGapSeconds", 0, 600, (int) QueuePolicy.DEFAULT.recallMinGap().toSeconds())),
        ratingLevels);
  }

  private static DisplaySettings display(JsonBody d) {
    DisplaySettings x = DisplaySettings.DEFAULT;
    String notice = d.optionalString("notice", HttpApi.TEXT, "text500");
    String template = d.optionalString("announcementTemplate", TEMPLATE, "template");
    String reading = d.optionalString("numberReading", Pattern.compile("number|digits"), "numberReading");
    String zeroTens = d.optionalString("zeroTens", Pattern.compile("linh|lẻ"), "zeroTens");
    String voice = d.optionalString("voice", Pattern.compile("clips|speech|off"), "voice");
    return new DisplaySettings(notice == null ? "" : notice, template == null ? x.template() : template,
        reading == null ? x.numberReading() : reading, zeroTens == null ? x.zeroTens() : zeroTens,
        voice == null ? x.voice() : voice, d.optionalInt("repeat", 1, 3, x.repeat()),
        d.optionalInt("highlightSeconds", 1, 120, x.highlightSeconds()));
  }
}
