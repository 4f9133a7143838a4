package vn.luot.server.screens;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;
import vn.luot.server.support.Api;
import vn.luot.server.support.TestServer;

@Browser.Required
@DisplayName("The clerk workstation: sign in, then one key per action")
class ClerkPageTest extends PageTest {

  private void key(String k) {
    driver.findElement(By.tagName("body")).sendKeys(k);
  }

  private void waitStatus(String status) {
    Browser.waitUntil(driver, d -> status.equals(d.findElement(By.id("counter-status")).getText()));
  }

  @Test
  @DisplayName("clerk1 signs in, N calls A001, S starts, F finishes with an outcome and dossier code; N with nobody waiting says so")
  void callStartFinish() {
    JsonObject issued = api.post("/api/centers/default/tickets",
        "{\"field\":\"DD\",\"kiosk\":\"K1\",\"priority\":true,\"priorityGroup\":\"ELDERLY\"}").json();
    driver.manage().deleteAllCookies();
    Browser.signIn(driver, url("/clerk/"), "clerk1", TestServer.PASSWORD);
    waitStatus("Sẵn sàng");
    assertEquals("Quầy 1", Browser.text(driver, "counter-name"));

    key("n");
    waitStatus("Đang mời công dân");
    assertEquals(issued.getString("number"), Browser.text(driver, "number"));
    Browser.waitUntil(driver, d -> d.findElement(By.id("ticket-info")).getText().contains("Người cao tuổi"));
    key("s");
    waitStatus("Đang phục vụ");
    Browser.screenshot(driver, "clerk-serving");

    key("f");
    new Select(driver.findElement(By.id("outcome"))).selectByValue("MISSING_DOCUMENTS");
    driver.findElement(By.id("dossier")).sendKeys("HS-2026-001");
    driver.findElement(By.cssSelector("#finish-dialog button[value=ok]")).click();
    waitStatus("Sẵn sàng");

    Api.Response track = api.get("/api/track/" + issued.getString("trackToken"));
    assertEquals("DONE", track.json().getString("status"));
    JsonObject stats = api.get("/api/centers/default/stats", api.login("supervisor")).json();
    assertEquals(1, stats.getJsonObject("total").getInteger("served"));

    key("n");
    Browser.waitUntil(driver, d -> d.findElement(By.id("message")).getText().contains("Không còn công dân nào đang chờ"));
    assertTrue(driver.findElement(By.cssSelector("[data-action=recall]")).getAttribute("disabled") != null,
        "recall is not offered with nobody called");
  }

  @Test
  @DisplayName("A wrong password is refused in plain Vietnamese")
  void wrongPassword() {
    Browser.signIn(driver, url("/clerk/"), "clerk1", "wrong");
    try {
      Browser.waitUntil(driver, d -> d.findElement(By.id("login-error")).getText().contains("không đúng"));
    } catch (RuntimeException e) {
      throw new AssertionError("login error reads '" + Browser.text(driver, "login-error") + "', view "
          + driver.findElement(By.id("clerk")).getAttribute("data-view"), e);
    }
  }
}
