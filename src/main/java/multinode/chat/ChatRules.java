package multinode.chat;

import io.vertx.core.json.JsonObject;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the chat accepts from a browser. Every refusal is a {@link ChatException} with one code.
 * <ul>
 *   <li>Room names: {@value #ROOM_PATTERN}: 1 to 32 lower-case letters, digits, {@code -} and {@code _},
 *       starting with a letter or digit ({@code invalid_room}).</li>
 *   <li>Nicknames: 1 to {@value #MAX_NICKNAME} characters after trimming, no control characters
 *       ({@code invalid_nickname}).</li>
 *   <li>Messages: 1 to {@value #MAX_TEXT} characters after trimming, no control characters but
 *       newlines and tabs ({@code invalid_message}).</li>
 *   <li>At most {@value #RATE_MESSAGES} messages per socket in any {@value #RATE_WINDOW_MS} ms
 *       ({@code rate_limited}); at most {@value #MAX_ROOMS} rooms per socket ({@code too_many_rooms}).</li>
 *   <li>{@code lastSeq} and {@code before}: whole numbers (from 0 and 1); {@code epoch}: {@value #EPOCH_PATTERN};
 *       {@code limit}: 1 to {@link Chat#MAX_PAGE} ({@code invalid_request}, naming the field).</li>
 * </ul>
 */
public final class ChatRules {

  public static final String ROOM_PATTERN = "[a-z0-9][a-z0-9_-]{0,31}";
  public static final int MAX_NICKNAME = 32;
  public static final int MAX_TEXT = 2000;
  public static final int RATE_MESSAGES = 20;
  public static final long RATE_WINDOW_MS = 10_000;
  public static final int MAX_ROOMS = 10;
  /** Epochs: what the stores make (16 hexadecimal digits), with room to change. */
  public static final String EPOCH_PATTERN = "[A-Za-z0-9_-]{1,64}";

  private static final Pattern ROOM = Pattern.compile(ROOM_PATTERN);
  private static final Pattern EPOCH = Pattern.compile(EPOCH_PATTERN);
  private static final Pattern DIGITS = Pattern.compile("\\d{1,18}");

  private ChatRules() {
  }

  /** The room name, checked. */
  public static String room(Object room) {
    if (!(room instanceof String name) || !ROOM.matcher(name).matches()) {
      throw new ChatException(ChatFailure.INVALID_ROOM, "a room name is 1 to 32 of a-z, 0-9, - and _");
    }
    return name;
  }

  /** The nickname, trimmed and checked. */
  public static String nickname(Object nick) {
    String text = nick instanceof String s ? s.trim() : "";
    if (text.isEmpty() || text.length() > MAX_NICKNAME || text.chars().anyMatch(Character::isISOControl)) {
      throw new ChatException(ChatFailure.INVALID_NICKNAME, "a nickname is 1 to " + MAX_NICKNAME + " characters");
    }
    return text;
  }

  /** Names the node itself posts under, which no member may join as, in any case and with any spaces around them. */
  public static final Set<String> RESERVED_NICKNAMES = Set.of("system", "service");

  /**
   * A member's nickname: as {@link #nickname}, and not one the node posts under itself, so that nobody's
   * message can pass for a notice.
   */
  public static String memberNickname(Object nick) {
    return notReserved(nickname(nick), RESERVED_NICKNAMES);
  }

  /** A service's name in a room: as {@link #nickname}, and not {@code system}, so that no service passes for a notice. */
  public static String serviceName(Object name) {
    return notReserved(nickname(name), Set.of("system"));
  }

  private static String notReserved(String text, Set<String> reserved) {
    if (reserved.contains(text.toLowerCase(Locale.ROOT))) {
      throw new ChatException(ChatFailure.RESERVED_NICKNAME, "\"" + text + "\" is the node's own name in the chat");
    }
    return text;
  }

  /** The message text, trimmed and checked. */
  public static String text(Object text) {
    String trimmed = text instanceof String s ? s.trim() : "";
    if (trimmed.isEmpty() || trimmed.length() > MAX_TEXT
      || trimmed.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\t')) {
      throw new ChatException(ChatFailure.INVALID_MESSAGE, "a message is 1 to " + MAX_TEXT + " characters");
    }
    return trimmed;
  }

  /** The last sequence number a client saw, or null when it saw none. */
  public static Long lastSeq(JsonObject request) {
    return wholeNumber("lastSeq", request.getValue("lastSeq"), 0);
  }

  /** The epoch of what a client saw, or null when it names none. */
  public static String epoch(Object epoch) {
    if (epoch == null) {
      return null;
    }
    if (!(epoch instanceof String text) || !EPOCH.matcher(text).matches()) {
      throw new ChatException(ChatFailure.INVALID_REQUEST, "epoch must be what the node sent (" + EPOCH_PATTERN + ")");
    }
    return text;
  }

  /** Paging back: the sequence number to read before, or null for the newest messages. */
  public static Long before(Object before) {
    return wholeNumber("before", before, 1);
  }

  /** Paging back: how many messages, {@link Chat#HISTORY} when not given. */
  public static int limit(Object limit) {
    Long value = wholeNumber("limit", limit, 1);
    if (value != null && value > Chat.MAX_PAGE) {
      throw new ChatException(ChatFailure.INVALID_REQUEST, "limit must be a whole number from 1 to " + Chat.MAX_PAGE);
    }
    return value == null ? Chat.HISTORY : value.intValue();
  }

  /** A whole number from {@code min}, a number or its decimal text (from a query string), or null. */
  private static Long wholeNumber(String field, Object value, long min) {
    if (value == null) {
      return null;
    }
    Long number = value instanceof Number n && n.doubleValue() == n.longValue() ? Long.valueOf(n.longValue())
      : value instanceof String text && DIGITS.matcher(text).matches() ? Long.valueOf(text) : null;
    if (number == null || number < min) {
      throw new ChatException(ChatFailure.INVALID_REQUEST, field + " must be a whole number from " + min);
    }
    return number;
  }
}
