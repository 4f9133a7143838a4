package vn.luot.server.domain;

import java.time.Instant;

/**
 * A counter at this moment.
 *
 * @param currentTicket  the ticket called or being served here, or null
 * @param priorityStreak priority tickets called here in a row, to apply the priority ratio
 * @param since          when the counter entered its status
 */
public record CounterState(String id, CounterStatus status, String currentTicket, String pauseReason, int priorityStreak,
                           Instant since) {

  static CounterState idle(String id, Instant since) {
    return new CounterState(id, CounterStatus.IDLE, null, null, 0, since);
  }

  CounterState with(CounterStatus newStatus, String ticket, Instant at) {
    return new CounterState(id, newStatus, ticket, null, priorityStreak, at);
  }

  CounterState paused(String reason, Instant at) {
    return new CounterState(id, CounterStatus.PAUSED, null, reason, priorityStreak, at);
  }

  CounterState withStreak(int streak) {
    return new CounterState(id, status, currentTicket, pauseReason, streak, since);
  }
}
