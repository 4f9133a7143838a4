package vn.luot.server.screens;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WindowType;
import vn.luot.server.support.Api;
import vn.luot.server.support.TestServer;

@Browser.Required
@DisplayName("The administration page: changes apply live, without a restart or a reload")
class AdminPageTest extends PageTest {

  private void signInAsAdmin() {
    Browser.signIn(driver, url("/admin/"), "admin", TestServer.PASSWORD);
    Browser.waitUntil(driver, d -> !d.findElements(By.cssSelector("#fields-rows tr[data-field='DD']")).isEmpty());
  }

  @Test
  @DisplayName("An admin adds a field on /admin/; the kiosk already open shows its button without a reload, and issues its ticket")
  void addedFieldAppearsOnOpenKiosk() {
    driver.get(url("/kiosk/?kiosk=K1"));
    Browser.waitUntil(driver, d -> "open".equals(d.findElement(By.id("kiosk")).getAttribute("data-connection"))
        && !d.findElements(By.cssSelector("button.field")).isEmpty());
    assertTrue(driver.findElements(By.cssSelector("button.field[data-field='TP']")).isEmpty());
    // A reload would lose this mark: the kiosk must change in place.
    driver.executeScript("window.sameKioskPage = 'still here'");
    String kioskTab = driver.getWindowHandle();

    driver.switchTo().newWindow(WindowType.TAB);
    signInAsAdmin();
    driver.findElement(By.id("field-code")).sendKeys("TP");
    driver.findElement(By.id("field-name")).sendKeys("Lý lịch tư pháp");
    driver.findElement(By.id("field-prefix")).sendKeys("G");
    driver.findElement(By.cssSelector("#field-add button[type=submit]")).click();
    Browser.waitUntil(driver, d -> d.findElement(By.id("message")).getText().contains("Đã thêm lĩnh vực Lý lịch tư pháp"));
    assertTrue(!driver.findElements(By.cssSelector("#fields-rows tr[data-field='TP']")).isEmpty());
    Browser.screenshot(driver, "admin-fields");

    driver.switchTo().window(kioskTab);
    Browser.waitUntil(driver, d -> !d.findElements(By.cssSelector("button.field[data-field='TP']")).isEmpty());
    assertEquals("still here", driver.executeScript("return window.sameKioskPage"));
    assertTrue(driver.findElement(By.cssSelector("button.field[data-field='TP']")).getText().contains("Lý lịch tư pháp"));
    driver.findElement(By.cssSelector("button.field[data-field='TP']")).click();
    Browser.waitUntil(driver, d -> "G001".equals(d.findElement(By.id("ticket-number")).getText()));
    assertEquals(1, api.waiting("TP"));

    // The change is in the audit log: who, what, when.
    JsonArray entries = api.get("/api/admin/audit?center=default", api.login("admin")).json().getJsonArray("entries");
    JsonObject newest = entries.getJsonObject(0);
    assertEquals("admin", newest.getString("actor"));
    assertEquals("settings.change", newest.getString("action"));
    assertTrue(newest.getJsonObject("detail").getJsonArray("changes").contains("fieldAdded:TP"), newest.encode());
    assertTrue(newest.getString("at").startsWith("20"), newest.encode());
  }

  @Test
  @DisplayName("An admin disables a field; the open kiosk hides its button at once")
  void disabledFieldDisappearsFromOpenKiosk() {
    driver.get(url("/kiosk/?kiosk=K1"));
    Browser.waitUntil(driver, d -> !d.findElements(By.cssSelector("button.field[data-field='LD']")).isEmpty());
    String kioskTab = driver.getWindowHandle();
    driver.switchTo().newWindow(WindowType.TAB);
    signInAsAdmin();
    driver.findElement(By.cssSelector("#fields-rows tr[data-field='LD'] input[type=checkbox]")).click();
    driver.findElement(By.cssSelector("#tab-fields .save")).click();
    Browser.waitUntil(driver, d -> d.findElement(By.id("message")).getText().startsWith("Đã lưu"));
    Browser.viewport(driver, 412, 915);
    Browser.screenshot(driver, "admin-fields-phone");
    Browser.viewport(driver, 1366, 768);
    driver.switchTo().window(kioskTab);
    Browser.waitUntil(driver, d -> d.findElements(By.cssSelector("button.field[data-field='LD']")).isEmpty());
    assertTrue(!driver.findElements(By.cssSelector("button.field[data-field='DD']")).isEmpty());
  }

  @Test
  @DisplayName("An admin creates a clerk account on the page and is shown its generated password once; the clerk signs in with it")
  void createAccountOnThePage() {
    signInAsAdmin();
    driver.findElement(By.cssSelector("[data-tab=accounts]")).click();
    Browser.waitUntil(driver, d -> !d.findElements(By.cssSelector("#accounts-rows tr[data-username='clerk1']")).isEmpty());
    driver.findElement(By.id("account-username")).sendKeys("canbo9");
    driver.findElement(By.id("account-name")).sendKeys("Nguyễn Thị Chín");
    new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("account-role"))).selectByValue("clerk");
    new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("account-counter"))).selectByValue("3");
    driver.findElement(By.cssSelector("#account-add button[type=submit]")).click();
    String password = Browser.waitUntil(driver, d -> {
      var secret = d.findElements(By.id("secret"));
      return secret.isEmpty() ? null : secret.get(0).getText();
    });
    Api.Response login = api.post("/api/auth/login", new JsonObject().put("username", "canbo9").put("password", password).encode());
    assertEquals(200, login.status(), login.body());
    assertEquals("3", login.json().getString("counter"));
    Browser.waitUntil(driver, d -> !d.findElements(By.cssSelector("#accounts-rows tr[data-username='canbo9']")).isEmpty());
    Browser.screenshot(driver, "admin-accounts");
    driver.findElement(By.cssSelector("[data-tab=counters]")).click();
    Browser.screenshot(driver, "admin-counters");
    driver.findElement(By.cssSelector("[data-tab=audit]")).click();
    Browser.waitUntil(driver, d -> d.findElement(By.id("audit-rows")).getText().contains("canbo9"));
    Browser.screenshot(driver, "admin-audit");

    // English on request: the page's own words, and the server's messages.
    driver.findElement(By.cssSelector("#app .lang-toggle")).click();
    assertEquals("Change log", driver.findElement(By.cssSelector("[data-tab=audit]")).getText());
    Browser.waitUntil(driver, d -> d.findElement(By.id("audit-rows")).getText().contains("Account created"));
    driver.findElement(By.cssSelector("[data-tab=accounts]")).click();
    Browser.waitUntil(driver, d -> !d.findElements(By.cssSelector("#accounts-rows tr[data-username='canbo9'] select.counter-of")).isEmpty());
    new org.openqa.selenium.support.ui.Select(driver.findElement(
        By.cssSelector("#accounts-rows tr[data-username='canbo9'] select.counter-of"))).selectByValue("5");
    Browser.waitUntil(driver, d -> d.findElement(By.id("message")).getText().contains("canbo9 moved to Quầy 5"));
    assertEquals("5", api.post("/api/auth/login", new JsonObject().put("username", "canbo9").put("password", password).encode())
        .json().getString("counter"));
  }

  @Test
  @DisplayName("An open lobby screen takes a new notice, a new counter and a disabled field without a reload")
  void lobbyFollowsSettings() {
    driver.get(url("/display/"));
    Browser.waitUntil(driver, d -> !d.findElements(By.cssSelector("#counters .tile[data-counter='8']")).isEmpty());
    driver.executeScript("window.sameLobbyPage = 'still here'");
    String admin = api.login("admin");
    JsonObject settings = api.get("/api/centers/default/settings", admin).json();
    for (String k : new String[] {"center", "name", "seq"}) settings.remove(k);
    settings.getJsonObject("display").put("notice", "Chiều thứ Bảy trung tâm nghỉ");
    settings.getJsonArray("counters").add(new JsonObject().put("id", "9").put("name", "Quầy 9")
        .put("fields", new JsonArray().add("HT")));
    settings.getJsonArray("fields").stream().map(JsonObject.class::cast).filter(f -> f.getString("code").equals("LD"))
        .forEach(f -> f.put("disabled", true));
    assertEquals(200, api.put("/api/centers/default/settings", settings.encode(), admin).status());
    Browser.waitUntil(driver, d -> d.findElement(By.id("notice-text")).getText().contains("Chiều thứ Bảy trung tâm nghỉ"));
    Browser.waitUntil(driver, d -> !d.findElements(By.cssSelector("#counters .tile[data-counter='9']")).isEmpty());
    Browser.waitUntil(driver, d -> d.findElements(By.cssSelector("#waiting li[data-field='LD']")).isEmpty());
    assertEquals("still here", driver.executeScript("return window.sameLobbyPage"));
  }
}
