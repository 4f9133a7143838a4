package vn.luot.server.engine;

import java.util.function.Function;
import vn.luot.server.domain.CenterState;
import vn.luot.server.domain.command.Command;

/** What others send a center's engine over the (local) event bus. */
sealed interface EngineCall {
  /** Decide and journal a command; answered with a {@link CommandResult} once durable. */
  record Execute(Command command) implements EngineCall {}

  /** Read the durable state on the engine's own context; answered with what the reader returns. */
  record Read(Function<CenterState, ?> reader) implements EngineCall {}

  /** The answer to either, wrapped so one local codec carries it. */
  record Reply(Object value) {}
}
