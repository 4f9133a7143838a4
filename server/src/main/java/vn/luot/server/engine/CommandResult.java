package vn.luot.server.engine;

import vn.luot.server.domain.CounterState;
import vn.luot.server.domain.Rejection;
import vn.luot.server.domain.Ticket;

/**
 * The answer to a command, taken from the durable state right after its events were journaled.
 *
 * @param rejection            why it did not apply, or null when it did
 * @param replay               true when nothing new happened (an idempotent repeat of an issue)
 * @param ticket               the ticket to show the caller, or null (e.g. call-next with nobody waiting)
 * @param ahead                people ahead of that ticket in its field
 * @param estimatedWaitMinutes the estimate for that ticket
 * @param counter              the counter acted on, or null
 */
public record CommandResult(Rejection rejection, boolean replay, Ticket ticket, int ahead, int estimatedWaitMinutes,
                            CounterState counter) {

  static CommandResult rejected(Rejection rejection) {
    return new CommandResult(rejection, false, null, 0, 0, null);
  }

  public boolean accepted() {
    return rejection == null;
  }
}
