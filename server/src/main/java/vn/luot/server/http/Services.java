package vn.luot.server.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.Map;
import vn.luot.server.auth.AuthService;
import vn.luot.server.config.DisplaySettings;
import vn.luot.server.engine.Engines;
import vn.luot.server.journal.Journal;
import vn.luot.server.push.KioskRegistry;

/**
 * What every HTTP verticle of a node shares: the engines, the journal, sign-in, metrics, settings, the clock and
 * the kiosks' printer states, and what /health says of this node (single, or its cluster membership). All of it is
 * safe to use from any event loop.
 */
public record Services(Engines engines, Journal journal, AuthService auth, ServerMetrics metrics,
                       Handler<RoutingContext> scrape, Map<String, DisplaySettings> display, Clock clock,
                       KioskRegistry kiosks, Map<String, Map<String, String>> kioskKeys,
                       java.util.function.Supplier<io.vertx.core.json.JsonObject> node) {}
