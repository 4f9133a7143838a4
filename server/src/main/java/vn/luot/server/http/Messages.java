package vn.luot.server.http;

import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * Error messages in Vietnamese (the default) or English, from the i18n bundles, chosen by Accept-Language.
 */
public final class Messages {
  // No fallback to the JVM's default locale: a server on an English machine still answers in Vietnamese.
  private static final ResourceBundle.Control NO_FALLBACK =
      ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);
  private final ResourceBundle vietnamese = ResourceBundle.getBundle("i18n.messages", Locale.ROOT, NO_FALLBACK);
  private final ResourceBundle english = ResourceBundle.getBundle("i18n.messages", Locale.ENGLISH, NO_FALLBACK);

  /** English only when the client prefers it; Vietnamese otherwise. */
  public String message(String code, Map<String, String> details, String acceptLanguage) {
    ResourceBundle bundle = prefersEnglish(acceptLanguage) ? english : vietnamese;
    String text;
    try {
      text = bundle.getString(code);
    } catch (MissingResourceException e) {
      text = code;
    }
    for (Map.Entry<String, String> d : details.entrySet()) {
      String value = d.getValue();
      // A detail written "@key" is itself a message of the bundle (a reason), translated the same way.
      if (value.startsWith("@")) value = fill(lookup(bundle, value.substring(1)), details);
      text = text.replace("{" + d.getKey() + "}", value);
    }
    return text;
  }

  private static String lookup(ResourceBundle bundle, String key) {
    try {
      return bundle.getString(key);
    } catch (MissingResourceException e) {
      return key;
    }
  }

  private static String fill(String text, Map<String, String> details) {
    for (Map.Entry<String, String> d : details.entrySet()) {
      if (!d.getValue().startsWith("@")) text = text.replace("{" + d.getKey() + "}", d.getValue());
    }
    return text;
  }

  static boolean prefersEnglish(String acceptLanguage) {
    if (acceptLanguage == null) return false;
    String first = acceptLanguage.split(",")[0].trim().toLowerCase(Locale.ROOT);
    return first.startsWith("en");
  }
}
