package multinode.chat;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Debian's headless Chromium, driven by Selenium through Debian's chromedriver (nothing is downloaded):
 * one browser, one tab per page.
 */
public final class Browser implements AutoCloseable {

  private final ChromeDriver driver;
  private final Path profile;
  private final List<String> tabs = new ArrayList<>();

  public Browser() {
    try {
      profile = Files.createTempDirectory("multinode-chromium");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ChromeOptions options = new ChromeOptions()
      .setBinary("/usr/bin/chromium")
      .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--window-size=1000,800", "--user-data-dir=" + profile);
    ChromeDriverService service = new ChromeDriverService.Builder()
      .usingDriverExecutable(new File("/usr/bin/chromedriver"))
      .usingAnyFreePort()
      .build();
    driver = new ChromeDriver(service, options);
    tabs.add(driver.getWindowHandle());
  }

  /** Opens the URL in a new tab (the first call uses the first tab); returns the tab's index. */
  public int open(String url) {
    if (tabs.size() > 1 || !driver.getCurrentUrl().startsWith("data:") && !driver.getCurrentUrl().equals("about:blank")) {
      driver.switchTo().newWindow(WindowType.TAB);
      tabs.add(driver.getWindowHandle());
    }
    driver.get(url);
    return tabs.size() - 1;
  }

  /** Switches to the tab with this index. */
  public WebDriver tab(int index) {
    return driver.switchTo().window(tabs.get(index));
  }

  /** Closes the tab with this index, as a user closing it would. */
  public void closeTab(int index) {
    tab(index).close();
    tabs.set(index, null);
    tabs.stream().filter(t -> t != null).findFirst().ifPresent(t -> driver.switchTo().window(t));
  }

  public WebElement find(int tab, String css) {
    return tab(tab).findElement(By.cssSelector(css));
  }

  /** The tab's address, title and the start of its text: what a failure message shows of a page. */
  public String describe(int tab) {
    WebDriver page = tab(tab);
    String text = page.findElements(By.tagName("body")).stream().map(WebElement::getText).findFirst().orElse("");
    return page.getCurrentUrl() + " \"" + page.getTitle() + "\": " + text.substring(0, Math.min(300, text.length())).replace('\n', ' ');
  }

  public List<WebElement> all(int tab, String css) {
    return tab(tab).findElements(By.cssSelector(css));
  }

  /**
   * The text of every element matching {@code css}, read in one go in the page: a list the page
   * re-renders meanwhile cannot leave stale elements behind.
   */
  @SuppressWarnings("unchecked")
  public List<String> texts(int tab, String css) {
    return (List<String>) ((JavascriptExecutor) tab(tab))
      .executeScript("return [...document.querySelectorAll(arguments[0])].map(e => e.textContent)", css);
  }

  /** Runs a script in the tab and returns what it returns. */
  public Object script(int tab, String js, Object... args) {
    return ((JavascriptExecutor) tab(tab)).executeScript(js, args);
  }

  /** Sets the size of the browser's window, as a phone's screen would be. */
  public void resize(int width, int height) {
    driver.manage().window().setSize(new org.openqa.selenium.Dimension(width, height));
  }

  /** Writes a screenshot of the tab under {@code target/screenshots/}. */
  public Path screenshot(int tab, String name) {
    try {
      Path dir = Files.createDirectories(Path.of("target", "screenshots"));
      Path file = dir.resolve(name + ".png");
      Files.write(file, ((TakesScreenshot) tab(tab)).getScreenshotAs(OutputType.BYTES));
      return file;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** A screenshot of every open tab, named after the test: for failures. */
  public void screenshotAll(String test) {
    for (int i = 0; i < tabs.size(); i++) {
      if (tabs.get(i) != null) {
        screenshot(i, test + "-tab" + i);
      }
    }
  }

  @Override
  public void close() {
    driver.quit();
  }
}
