package multinode.chat;

import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.function.Supplier;

/**
 * Screenshots of every tab of a test's browser under {@code target/screenshots/} when the test fails,
 * taken right after the test method and before any {@code @AfterEach} closes the browser.
 */
final class ScreenshotsOnFailure implements AfterTestExecutionCallback {

  private final Supplier<Browser> browser;

  ScreenshotsOnFailure(Supplier<Browser> browser) {
    this.browser = browser;
  }

  @Override
  public void afterTestExecution(ExtensionContext context) {
    Browser open = browser.get();
    if (context.getExecutionException().isPresent() && open != null) {
      open.screenshotAll(context.getRequiredTestMethod().getName());
    }
  }
}
