package multinode.chat;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fresh headless Chromium for each test, closed after it; when the test fails, screenshots of every tab
 * under {@code target/screenshots/}, taken right after the test method, before anything closes.
 */
public final class BrowserPerTest implements BeforeEachCallback, AfterTestExecutionCallback, AfterEachCallback {

  private Browser browser;

  /** The browser of the test running now. */
  public Browser get() {
    return browser;
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    browser = new Browser();
  }

  @Override
  public void afterTestExecution(ExtensionContext context) {
    if (context.getExecutionException().isPresent()) {
      browser.screenshotAll(context.getRequiredTestMethod().getName());
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    browser.close();
    browser = null;
  }
}
