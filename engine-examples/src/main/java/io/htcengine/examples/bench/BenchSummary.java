package io.htcengine.examples.bench;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The summary of a JMH JSON results file ({@code -rf json}): for every result the {@link ScenarioTable} knows, the
 * score of one peer in one scenario. As JSON: one object keyed by scenario ({@code S1} … {@code S6},
 * {@code alloc}), then by peer ({@code engine}, {@code tpe_pbq}, {@code forkjoin}, {@code completablefuture},
 * {@code tpe}, {@code linear_scan}; S6: {@code engine_async}, {@code engine_sync}, {@code in_memory}), each
 * {@code {"score": .., "unit": ".."}}: throughput in {@code ops/s},
 * latency (S4, the p99) in {@code us}, allocation in {@code B/op}. S4 also carries {@code p50} and {@code p99.9}
 * beside {@code score}. Results the table does not know are left out.
 *
 * <p>Immutable once built; safe from any thread.
 */
public final class BenchSummary {
    private static final ObjectMapper MAPPER = new ObjectMapper()
        .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

    /** One score of one peer in one scenario; {@code extra} holds further figures (S4's other percentiles). */
    record Score(int row, String scenario, String variant, String peer, double score, String unit,
                 Map<String, Double> extra) {
    }

    private final List<Score> scores;

    private BenchSummary(List<Score> scores) {
        this.scores = List.copyOf(scores);
    }

    /** @return the summary of the JMH JSON results file {@code file} */
    public static BenchSummary read(Path file) throws IOException {
        return parse(Files.readString(file));
    }

    /**
     * @return the summary of a JMH JSON results document (an array of results)
     * @throws IOException when it is not JSON or not an array
     */
    public static BenchSummary parse(String jmhJson) throws IOException {
        JsonNode root = MAPPER.readTree(jmhJson);
        if (root == null || !root.isArray()) {
            throw new IOException("not a JMH JSON results array");
        }
        List<Score> scores = new ArrayList<>();
        for (JsonNode result : root) {
            String benchmark = result.path("benchmark").asText("");
            for (ScenarioTable.Row row : ScenarioTable.rowsFor(benchmark)) {
                String variant = row.variantParam() == null ? null
                    : result.path("params").path(row.variantParam()).asText(null);
                String peer = row.peer();
                if (variant != null && row.variantKey() == ScenarioTable.VariantKey.PEER) {
                    peer = peer + "_" + variant.toLowerCase(Locale.ROOT);
                    variant = null;
                }
                Score score = score(row, variant, peer, result);
                if (score != null) {
                    scores.add(score);
                }
            }
        }
        scores.sort(Comparator.comparingInt(Score::row)); // stable: the table's order, then the file's
        return new BenchSummary(scores);
    }

    private static Score score(ScenarioTable.Row row, String variant, String peer, JsonNode result) {
        JsonNode secondary = result.path("secondaryMetrics");
        int index = ScenarioTable.ROWS.indexOf(row);
        switch (row.metric()) {
            case THROUGHPUT: {
                JsonNode primary = result.path("primaryMetric");
                return new Score(index, row.scenario(), variant, peer, primary.path("score").asDouble(),
                    primary.path("scoreUnit").asText("ops/s"), Map.of());
            }
            case ALLOCATION: {
                JsonNode norm = secondary.path("gc.alloc.rate.norm");
                if (norm.isMissingNode()) {
                    norm = secondary.path("\u00b7gc.alloc.rate.norm");
                }
                return norm.isMissingNode() ? null : new Score(index, row.scenario(), variant, peer,
                    norm.path("score").asDouble(), norm.path("scoreUnit").asText("B/op"), Map.of());
            }
            case LATENCY_P99: {
                JsonNode p99 = secondary.path("latency.p99");
                if (p99.isMissingNode()) {
                    return null;
                }
                Map<String, Double> extra = new LinkedHashMap<>();
                extra.put("p50", secondary.path("latency.p50").path("score").asDouble(Double.NaN));
                extra.put("p99.9", secondary.path("latency.p99.9").path("score").asDouble(Double.NaN));
                return new Score(index, row.scenario(), variant, peer, p99.path("score").asDouble(),
                    p99.path("scoreUnit").asText("us"), extra);
            }
            default:
                throw new IllegalStateException("unknown metric " + row.metric());
        }
    }

    /** @return the scores, in the order of the results file */
    List<Score> scores() {
        return scores;
    }

    /** @return the key of a score's scenario: {@code S3.chains} when a run has more than one S3 shape */
    private String scenarioKey(Score score, Map<String, Set<String>> variantsByScenario) {
        Set<String> variants = variantsByScenario.getOrDefault(score.scenario(), Set.of());
        return score.variant() != null && variants.size() > 1 ? score.scenario() + "." + score.variant()
            : score.scenario();
    }

    private Map<String, Set<String>> variantsByScenario() {
        Map<String, Set<String>> variants = new HashMap<>();
        for (Score s : scores) {
            if (s.variant() != null) {
                variants.computeIfAbsent(s.scenario(), k -> new HashSet<>()).add(s.variant());
            }
        }
        return variants;
    }

    /** @return the summary as one line of JSON, keyed by scenario then by peer */
    public String toJson() {
        Map<String, Set<String>> variants = variantsByScenario();
        ObjectNode root = MAPPER.createObjectNode();
        for (Score s : scores) {
            ObjectNode scenario = root.has(scenarioKey(s, variants)) ? (ObjectNode) root.get(scenarioKey(s, variants))
                : root.putObject(scenarioKey(s, variants));
            ObjectNode peer = scenario.putObject(s.peer());
            peer.put("score", Double.isFinite(s.score()) ? round(s.score()) : null);
            peer.put("unit", s.unit());
            s.extra().forEach((name, value) -> {
                if (Double.isFinite(value)) {
                    peer.put(name, round(value));
                }
            });
        }
        return root.toString();
    }

    /** Prints one line per score, the engine's ratio to its baseline (S1-S5), and S6's durable / in-memory ratios. */
    public void printText(PrintStream out) {
        Map<String, Set<String>> variants = variantsByScenario();
        Map<String, Map<String, Score>> byScenario = new LinkedHashMap<>();
        for (Score s : scores) {
            byScenario.computeIfAbsent(scenarioKey(s, variants), k -> new LinkedHashMap<>()).put(s.peer(), s);
        }
        byScenario.forEach((scenario, peers) -> {
            peers.values().forEach(s -> out.printf(Locale.ROOT, "%-20s %-18s %,16.1f %s%s%n", scenario, s.peer(),
                s.score(), s.unit(), s.extra().isEmpty() ? "" : "  " + s.extra()));
            String baseline = peers.containsKey("tpe_pbq") ? "tpe_pbq" : peers.containsKey("tpe") ? "tpe"
                : peers.containsKey("completablefuture") ? "completablefuture"
                : peers.containsKey("linear_scan") ? "linear_scan" : null;
            if (baseline != null && peers.containsKey("engine") && !scenario.equals("alloc")) {
                out.printf(Locale.ROOT, "%-20s engine / %s = %.2f%s%n", scenario, baseline,
                    peers.get("engine").score() / peers.get(baseline).score(),
                    scenario.equals("S4") ? " (p99 latency: lower is better)" : "");
            }
            if (peers.containsKey("in_memory")) {
                // S6: each durability mode beside the same engine without persistence.
                peers.values().stream().filter(s -> s.peer().startsWith("engine_")).forEach(s -> out.printf(
                    Locale.ROOT, "%-20s %s / in_memory = %.2f%n", scenario, s.peer(),
                    s.score() / peers.get("in_memory").score()));
            }
        });
    }

    /** @return {@code value} to three decimals, written plainly (no exponent) */
    private static BigDecimal round(double value) {
        return BigDecimal.valueOf(Math.round(value * 1000) / 1000.0).stripTrailingZeros();
    }
}
