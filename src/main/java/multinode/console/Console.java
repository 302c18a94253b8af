package multinode.console;

import multinode.MultinodeVerticle;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * The node's console ({@code --console}, {@code --eval}), run on its own thread once the node is up.
 * <ul>
 *   <li>Interactive (a terminal on stdin): JLine line editing, history in {@code ~/.multinode_history},
 *       completion of commands and of node, task, group, topic and room names; what arrives while the
 *       user types prints above the prompt and the typed line stays as it was; colours only where the
 *       terminal has them.</li>
 *   <li>Scripted ({@code --eval} commands, or commands piped on stdin): no prompt, each command's result
 *       on stdout, and at the first error its line on stderr and exit code 1.</li>
 * </ul>
 */
public final class Console {

  /** Exit code of a script whose command failed. */
  public static final int EXIT_COMMAND_FAILED = 1;

  private Console() {
  }

  /**
   * Runs the commands given with {@code --eval}, or else those on stdin when it is not a terminal, or
   * else an interactive session; returns the process's exit code.
   */
  public static int run(MultinodeVerticle node, List<String> evals) {
    if (!evals.isEmpty()) {
      return script(node, evals);
    }
    if (System.console() == null) {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
        return script(node, in.lines().toList());
      } catch (IOException e) {
        System.err.println("multinode: cannot read stdin: " + e.getMessage());
        return EXIT_COMMAND_FAILED;
      }
    }
    return interactive(node);
  }

  private static int script(MultinodeVerticle node, List<String> lines) {
    PrintStream stdout = System.out;
    Commands commands = new Commands(node, new ConsoleOutput() {
      @Override
      public synchronized void line(String text) {
        stdout.println(text);
      }

      @Override
      public void event(String text) {
        // a script prints results only: node events are left out, messages wait for receive
      }

      @Override
      public boolean holdsMessages() {
        return true;
      }
    });
    try {
      for (String line : lines) {
        try {
          if (!commands.run(line)) {
            break;
          }
        } catch (ConsoleException e) {
          stdout.flush();
          System.err.println("error: " + e.getMessage());
          return EXIT_COMMAND_FAILED;
        }
      }
      return 0;
    } finally {
      commands.close();
      stdout.flush();
    }
  }

  private static int interactive(MultinodeVerticle node) {
    try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
      LineReader[] reader = new LineReader[1];
      boolean colour = terminal.getNumericCapability(org.jline.utils.InfoCmp.Capability.max_colors) != null
        && !Terminal.TYPE_DUMB.equals(terminal.getType());
      ConsoleOutput output = new ConsoleOutput() {
        @Override
        public void line(String text) {
          terminal.writer().println(text);
          terminal.flush();
        }

        @Override
        public void event(String text) {
          above(text, AttributedStyle.CYAN);
        }

        @Override
        public void log(String text) {
          above(text, AttributedStyle.YELLOW);
        }

        private synchronized void above(String text, int foreground) {
          AttributedString styled = colour
            ? new AttributedString(text, AttributedStyle.DEFAULT.foreground(foreground)) : new AttributedString(text);
          if (reader[0] != null && reader[0].isReading()) {
            reader[0].printAbove(styled);
          } else {
            terminal.writer().println(styled.toAnsi(terminal));
            terminal.flush();
          }
        }
      };
      Commands commands = new Commands(node, output);
      reader[0] = LineReaderBuilder.builder()
        .terminal(terminal)
        .appName("multinode")
        .completer(completer(commands))
        .variable(LineReader.HISTORY_FILE, historyFile())
        .build();
      String name = node.nodes().self().name();
      terminal.writer().println("multinode console on " + name + ": " + (node.nodes().list().size()) + " other node(s); "
        + "help lists the commands, Tab completes, quit leaves");
      String prompt = colour ? new AttributedString(name + "> ", AttributedStyle.BOLD).toAnsi(terminal) : name + "> ";
      ConsoleLogs logs = ConsoleLogs.above(output::log);
      try {
        while (true) {
          String line;
          try {
            line = reader[0].readLine(prompt);
          } catch (UserInterruptException e) {
            continue;
          } catch (EndOfFileException e) {
            return 0;
          }
          try {
            if (!commands.run(line)) {
              return 0;
            }
          } catch (ConsoleException e) {
            String error = "error: " + e.getMessage();
            terminal.writer().println(colour ? new AttributedString(error, AttributedStyle.DEFAULT.foreground(AttributedStyle.RED))
              .toAnsi(terminal) : error);
          }
        }
      } finally {
        logs.close();
        commands.close();
      }
    } catch (IOException e) {
      System.err.println("multinode: no terminal for the console: " + e.getMessage());
      return EXIT_COMMAND_FAILED;
    }
  }

  private static Completer completer(Commands commands) {
    return (reader, line, candidates) -> {
      if (line.wordIndex() == 0) {
        commands.names().forEach(name -> candidates.add(new Candidate(name)));
      } else {
        commands.candidates(line.words().get(0), line.wordIndex() - 1).forEach(value -> candidates.add(new Candidate(value)));
      }
    };
  }

  /**
   * Where the console keeps what was typed: {@code $XDG_STATE_HOME/multinode/history} when that is set,
   * else {@code $HOME/.multinode_history} (the JVM's idea of the home only when {@code HOME} is unset).
   */
  static Path historyFile() {
    String state = System.getenv("XDG_STATE_HOME");
    if (state != null && !state.isBlank()) {
      Path dir = Path.of(state, "multinode");
      try {
        java.nio.file.Files.createDirectories(dir);
      } catch (java.io.IOException e) {
        // JLine says so when it cannot write the file
      }
      return dir.resolve("history");
    }
    String home = System.getenv("HOME");
    return Path.of(home != null && !home.isBlank() ? home : System.getProperty("user.home"), ".multinode_history");
  }
}
