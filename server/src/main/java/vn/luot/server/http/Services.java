package vn.luot.server.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import vn.luot.server.admin.AdminService;
import vn.luot.server.admin.KioskDirectory;
import vn.luot.server.auth.AuthService;
import vn.luot.server.engine.Engines;
import vn.luot.server.journal.Journal;
import vn.luot.server.push.KioskRegistry;

/**
 * What every HTTP verticle of a node shares: the engines, the journal, sign-in, metrics, the clock, the kiosks'
 * printer states, the administration of accounts and kiosks, and what /health says of this node (single, or its
 * cluster membership), and the abuse limits. All of it is safe to use from any event loop.
 */
public record Services(Engines engines, Journal journal, AuthService auth, ServerMetrics metrics,
                       Handler<RoutingContext> scrape, Clock clock, KioskRegistry kiosks, KioskDirectory kioskDirectory,
                       AdminService admin, java.util.function.Supplier<io.vertx.core.json.JsonObject> node,
                       AbuseGuard guard) {}
