package vn.luot.server.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vn.luot.server.domain.DomainFixtures.COUNTERS;
import static vn.luot.server.domain.DomainFixtures.CT;
import static vn.luot.server.domain.DomainFixtures.DD;
import static vn.luot.server.domain.DomainFixtures.DKKD;
import static vn.luot.server.domain.DomainFixtures.HT;
import static vn.luot.server.domain.DomainFixtures.LD;
import static vn.luot.server.domain.DomainFixtures.XD;
import static vn.luot.server.domain.DomainFixtures.desk;
import static vn.luot.server.domain.DomainFixtures.issue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import vn.luot.server.domain.command.Command;
import vn.luot.server.domain.event.Event;

@DisplayName("Changing a running center's settings")
class SettingsChangeTest {
  static final Field TP = new Field("TP", "Lý lịch tư pháp", "G", 25, 9);

  static Command.ChangeSettings change(List<Field> fields, List<Counter> counters) {
    CenterSettings now = DomainFixtures.demoConfig().settings();
    return new Command.ChangeSettings(new CenterSettings(fields, counters, now.policy(), now.display(), now.ratingLabels()), "admin");
  }

  static List<Field> allFieldsAnd(Field... more) {
    List<Field> fields = new ArrayList<>(List.of(DD, HT, CT, DKKD, XD, LD));
    fields.addAll(List.of(more));
    return fields;
  }

  static Field disabled(Field f) {
    return new Field(f.code(), f.name(), f.prefix(), f.targetWaitMinutes(), f.defaultServiceMinutes(), true);
  }

  @Test
  @DisplayName("A new field gets its own queue and numbering at once; a counter may serve it")
  void addField() {
    DomainFixtures.Desk desk = desk();
    desk.issueIn("DD");
    List<Counter> counters = new ArrayList<>(COUNTERS);
    counters.add(new Counter("9", "Quầy 9", List.of("TP")));
    desk.accept(change(allFieldsAnd(TP), counters));
    Event.SettingsChanged e = desk.lastEvents(Event.SettingsChanged.class).get(0);
    assertEquals(List.of("fieldAdded:TP", "counterAdded:9"), e.changes());
    assertEquals("G001", desk.issueIn("TP").number());
    assertEquals(1, desk.state.waiting("TP"));
    assertEquals("G001", desk.callNextAt("9").number());
    assertEquals(1, desk.state.waiting("DD"), "the queue of an existing field is untouched");
  }

  @Test
  @DisplayName("A disabled field takes no new tickets nor transfers, and its waiting tickets are still served")
  void disableField() {
    DomainFixtures.Desk desk = desk();
    Ticket waiting = desk.issueIn("HT");
    List<Field> fields = new ArrayList<>(List.of(DD, disabled(HT), CT, DKKD, XD, LD));
    desk.accept(change(fields, COUNTERS));
    assertEquals(RejectionCode.FIELD_DISABLED, desk.rejectionOf(issue("HT")));
    desk.issueIn("CT");
    assertEquals(waiting.id(), desk.callNextAt("3").id());
    desk.finishAt("3");
    assertEquals("C001", desk.callNextAt("4").number());
    assertEquals(RejectionCode.FIELD_DISABLED, desk.rejectionOf(new Command.Transfer("4", "clerk4", "HT", null)));
  }

  @Test
  @DisplayName("Fields are not removed, prefixes used today stay, busy counters stay; codes and prefixes are unique")
  void refusals() {
    DomainFixtures.Desk desk = desk();
    desk.issueIn("DD");
    desk.callNextAt("2");
    assertEquals(RejectionCode.SETTINGS_FIELD_REMOVED, desk.rejectionOf(change(List.of(DD, HT, CT, DKKD, XD), COUNTERS)));
    Field renumbered = new Field("DD", "Đất đai", "Q", 30, 15);
    assertEquals(RejectionCode.SETTINGS_PREFIX_IN_USE,
        desk.rejectionOf(change(List.of(renumbered, HT, CT, DKKD, XD, LD), COUNTERS)));
    Field htNewPrefix = new Field("HT", "Hộ tịch", "H", 20, 8);
    desk.accept(change(List.of(DD, htNewPrefix, CT, DKKD, XD, LD), COUNTERS));
    assertEquals("H001", desk.issueIn("HT").number(), "a prefix unused today may change");
    List<Counter> without2 = COUNTERS.stream().filter(c -> !c.id().equals("2")).toList();
    assertEquals(RejectionCode.SETTINGS_COUNTER_BUSY, desk.rejectionOf(change(List.of(DD, htNewPrefix, CT, DKKD, XD, LD), without2)));
    List<Counter> without5 = COUNTERS.stream().filter(c -> !c.id().equals("5")).toList();
    desk.accept(change(List.of(DD, htNewPrefix, CT, DKKD, XD, LD), without5));
    assertTrue(desk.state.counter("5").isEmpty(), "an idle counter is removed");
    assertEquals(RejectionCode.COUNTER_UNKNOWN, desk.rejectionOf(DomainFixtures.callNext("5")));
    assertEquals(RejectionCode.SETTINGS_PREFIX_REPEATED,
        desk.rejectionOf(change(List.of(DD, htNewPrefix, CT, DKKD, XD, LD, new Field("TP", "Tư pháp", "A", 20, 5)), without5)));
    assertEquals(RejectionCode.SETTINGS_NO_ACTIVE_FIELD, desk.rejectionOf(change(
        List.of(disabled(DD), disabled(htNewPrefix), disabled(CT), disabled(DKKD), disabled(XD), disabled(LD)), without5)));
    assertEquals(RejectionCode.SETTINGS_COUNTER_FIELD_UNKNOWN, desk.rejectionOf(change(
        List.of(DD, htNewPrefix, CT, DKKD, XD, LD), List.of(new Counter("1", "Quầy 1", List.of("ZZ"))))));
  }

  @Test
  @DisplayName("The same settings again decide to nothing; the settings hold across the day rollover")
  void unchangedAndNextDay() {
    DomainFixtures.Desk desk = desk();
    desk.issueIn("DD");
    desk.accept(change(allFieldsAnd(TP), COUNTERS));
    long seq = desk.state.seq();
    assertTrue(desk.accept(change(allFieldsAnd(TP), COUNTERS)).events().isEmpty());
    assertEquals(seq, desk.state.seq());
    desk.now = desk.now.plus(java.time.Duration.ofDays(1));
    assertEquals("G001", desk.issueIn("TP").number());
    assertEquals("A001", desk.issueIn("DD").number());
  }
}
