package vn.luot.server.engine;

import java.util.function.Function;
import vn.luot.server.domain.CenterState;
import vn.luot.server.domain.command.Command;

/** What others ask of a center's engine ({@link Engines#execute}, {@link Engines#read}), run on its context. */
sealed interface EngineCall {
  /** Decide and journal a command; answered with a {@link CommandResult} once durable. */
  record Execute(Command command) implements EngineCall {}

  /** Read the durable state on the engine's own context; answered with what the reader returns. */
  record Read(Function<CenterState, ?> reader) implements EngineCall {}
}
