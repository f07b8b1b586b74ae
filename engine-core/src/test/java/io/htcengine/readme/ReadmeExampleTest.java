package io.htcengine.readme;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's embedding example is this module's {@link ReadmeExample}, word for word, and it runs. */
class ReadmeExampleTest {
    private static final Path README = Path.of("..", "README.md");
    private static final Path EXAMPLE = Path.of("src", "test", "java", "io", "htcengine", "readme", "ReadmeExample.java");

    @Test
    void theReadmeShowsTheExampleThatIsCompiledHere() throws Exception {
        String readme = Files.readString(README);
        String start = "<!-- embedding-example: engine-core/" + EXAMPLE.toString().replace('\\', '/') + " -->\n```java\n";
        int from = readme.indexOf(start);
        assertTrue(from >= 0, "README.md has the marked embedding example");
        int to = readme.indexOf("```", from + start.length());
        String shown = readme.substring(from + start.length(), to).strip();
        String compiled = Files.readString(EXAMPLE).replaceFirst("(?s)^package [^;]+;\\s*", "").strip();
        assertEquals(compiled, shown, "README.md and ReadmeExample.java must match: edit both together");
        assertTrue(shown.lines().count() <= 25, "the embedding example stays within 25 lines");
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void theExampleRuns() {
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            ReadmeExample.main(new String[0]);
        } finally {
            System.setOut(original);
        }
        assertEquals("12^2 = 144\nCOMPLETED: 1000 of 1000\n", out.toString(StandardCharsets.UTF_8).replace("\r", ""));
    }
}
