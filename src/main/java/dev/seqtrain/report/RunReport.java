package dev.seqtrain.report;

import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

import static dev.seqtrain.report.CompareHtml.escape;

/**
 * {@code report.html}, published with every run: self-contained (charts as embedded PNGs), drawn
 * from the run's metrics and a picture only the task can draw. What a person looks at first: how
 * training went, the model against each baseline, and forecasts against actuals, the confusion matrix
 * or sample text.
 */
public final class RunReport {
    public static final String FILE = "report.html";
    private static final int WIDTH = 760;
    private static final int HEIGHT = 380;
    private static final String STYLE = """
            body { font-family: sans-serif; max-width: 64em; margin: 2em auto; color: #222; }
            table { border-collapse: collapse; margin: 1em 0; }
            th, td { border: 1px solid #ccc; padding: 0.3em 0.6em; text-align: left; }
            pre { background: #f6f8fa; padding: 0.8em; white-space: pre-wrap; }
            p.verdict { font-size: 1.1em; background: #f6f8fa; padding: 0.8em; border-left: 4px solid #1f77b4; }
            p.missing { color: #a00; }
            """;

    static {
        System.setProperty("java.awt.headless", "true"); // drivers have no display
    }

    private RunReport() {
    }

    /** What only the task can show; null for none. */
    public sealed interface Picture permits Forecasts, Samples {
    }

    /**
     * A stretch of validation data: each window's actual target and the model's forecast of it, in
     * the target's units, and persistence's forecast for reference.
     */
    public record Forecasts(String target, double[] actual, double[] forecast, double[] persistence) implements Picture {
    }

    /** Text the model wrote, by sampling temperature. */
    public record Samples(Map<String, String> byTemperature) implements Picture {
    }

    public static String html(TaskMetrics metrics, Picture picture) {
        StringBuilder html = new StringBuilder("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"/><title>")
                .append(escape("run " + metrics.runId() + " of " + metrics.job())).append("</title><style>")
                .append(STYLE).append("</style></head><body>\n<h1>").append(escape(metrics.job())).append(", run ")
                .append(escape(metrics.runId())).append("</h1>\n");
        html.append("<p class=\"verdict\">Validation ").append(escape(metrics.score().toString())).append(": the model ")
                .append(escape(Verdict.of(metrics))).append(".</p>\n<table>\n");
        row(html, "task", metrics.task());
        row(html, "model", metrics.model().cell() + ", " + metrics.model().layers() + " x " + metrics.model().hiddenSize()
                + (metrics.model().bidirectional() ? " bidirectional" : "") + ", " + metrics.model().parameters()
                + " parameters");
        row(html, "published epoch", metrics.bestEpoch() + " of " + metrics.epochs().size()
                + (metrics.stoppedEarly() ? " (stopped early)" : ""));
        metrics.baselineScores().forEach((name, score) -> row(html, "baseline " + name, score.toString()));
        metrics.missingBaselines().forEach((name, why) -> row(html, "baseline " + name, "not computed: " + why));
        if (metrics.gate() != null) {
            row(html, "nightly gate", (metrics.gate().promoted() ? "promoted: " : "kept CURRENT: ") + metrics.gate().reason());
        }
        row(html, "wall time", String.format(Locale.ROOT, "%.1f s", metrics.wallSeconds()));
        html.append("</table>\n");
        figure(html, "Training", epochs(metrics));
        figure(html, "The model and its baselines", baselines(metrics));
        if (metrics instanceof ClassificationMetrics classifier) {
            figure(html, "Confusion matrix (validation)", confusion(classifier.validation()));
        }
        if (picture instanceof Forecasts forecasts) {
            figure(html, "Forecasts on validation data", forecasts(forecasts));
        }
        if (picture instanceof Samples samples) {
            html.append("<h2>Sample text</h2>\n");
            samples.byTemperature().forEach((temperature, text) -> html.append("<h3>temperature ")
                    .append(escape(temperature)).append("</h3>\n<pre>").append(escape(text)).append("</pre>\n"));
        }
        return html.append("</body></html>\n").toString();
    }

    private static void row(StringBuilder html, String name, String value) {
        html.append("<tr><th>").append(escape(name)).append("</th><td>").append(escape(value)).append("</td></tr>\n");
    }

    private static void figure(StringBuilder html, String heading, Optional<? extends Chart<?, ?>> chart) {
        CompareHtml.chart(() -> chart).ifPresent(figure -> html.append("<h2>").append(escape(heading)).append("</h2>\n")
                .append(figure).append('\n'));
    }

    /** Training loss, and the validation metric on its own axis, per epoch. */
    static Optional<XYChart> epochs(TaskMetrics metrics) {
        List<EpochResult> epochs = metrics.epochs();
        if (epochs.isEmpty()) {
            return Optional.empty();
        }
        double[] x = IntStream.rangeClosed(1, epochs.size()).asDoubleStream().toArray();
        double[] loss = epochs.stream().mapToDouble(EpochResult::trainLoss).toArray();
        double[] score = epochs.stream().mapToDouble(e -> e.score().value()).toArray();
        String metric = metrics.score().metric();
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title("training loss and validation " + metric)
                .xAxisTitle("epoch").yAxisTitle("training loss").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS).setChartBackgroundColor(Color.WHITE);
        chart.setYAxisGroupTitle(1, "validation " + metric);
        chart.getStyler().setYAxisGroupPosition(1, Styler.YAxisPosition.Right);
        finite(chart, "training loss", x, loss).ifPresent(s -> s.setLineColor(new Color(0x1f77b4)));
        finite(chart, "validation " + metric, x, score).ifPresent(s -> {
            s.setYAxisGroup(1);
            s.setLineColor(new Color(0xd62728));
            s.setLineStyle(SeriesLines.DASH_DASH);
        });
        return chart.getSeriesMap().isEmpty() ? Optional.empty() : Optional.of(chart);
    }

    /** The published model's score next to each baseline's. */
    static Optional<CategoryChart> baselines(TaskMetrics metrics) {
        List<String> names = new ArrayList<>(List.of("model"));
        List<Double> values = new ArrayList<>(List.of(metrics.score().value()));
        metrics.baselineScores().forEach((name, score) -> {
            names.add(name);
            values.add(score.value());
        });
        if (values.stream().anyMatch(v -> !Double.isFinite(v))) {
            return Optional.empty();
        }
        Score score = metrics.score();
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
                .title("validation " + score.metric() + " (" + (score.higherIsBetter() ? "higher" : "lower")
                        + " is better)").yAxisTitle(score.metric()).build();
        chart.getStyler().setLegendVisible(false).setChartBackgroundColor(Color.WHITE);
        chart.addSeries(score.metric(), names, values);
        return Optional.of(chart);
    }

    /** How many validation examples of each actual class got each predicted class. */
    static Optional<HeatMapChart> confusion(Classification classification) {
        List<String> labels = classification.labels();
        List<Number[]> cells = new ArrayList<>();
        for (int actual = 0; actual < labels.size(); actual++) {
            for (int predicted = 0; predicted < labels.size(); predicted++) {
                cells.add(new Number[]{predicted, actual, classification.confusion()[actual][predicted]});
            }
        }
        HeatMapChart chart = new HeatMapChartBuilder().width(WIDTH).height(Math.max(HEIGHT, 60 * labels.size() + 120))
                .title("validation examples: actual (rows) by predicted (columns)").xAxisTitle("predicted")
                .yAxisTitle("actual").build();
        chart.getStyler().setShowValue(true).setChartBackgroundColor(Color.WHITE);
        chart.addSeries("examples", labels, labels, cells);
        return Optional.of(chart);
    }

    /** Actual values, the model's forecasts and persistence's over consecutive validation windows. */
    static Optional<XYChart> forecasts(Forecasts forecasts) {
        if (forecasts.actual().length == 0) {
            return Optional.empty();
        }
        double[] x = IntStream.range(0, forecasts.actual().length).asDoubleStream().toArray();
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title(forecasts.target() + ": forecasts against actual values").xAxisTitle("validation window")
                .yAxisTitle(forecasts.target()).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS).setChartBackgroundColor(Color.WHITE)
                .setMarkerSize(3);
        finite(chart, "actual", x, forecasts.actual()).ifPresent(s -> s.setLineColor(Color.BLACK));
        finite(chart, "model", x, forecasts.forecast()).ifPresent(s -> s.setLineColor(new Color(0xd62728)));
        finite(chart, "persistence", x, forecasts.persistence()).ifPresent(s -> {
            s.setLineColor(Color.GRAY);
            s.setLineStyle(SeriesLines.DASH_DASH);
        });
        chart.getSeriesMap().values().forEach(s -> s.setMarker(SeriesMarkers.NONE));
        return chart.getSeriesMap().isEmpty() ? Optional.empty() : Optional.of(chart);
    }

    private static Optional<XYSeries> finite(XYChart chart, String name, double[] x, double[] y) {
        int[] kept = IntStream.range(0, y.length).filter(i -> Double.isFinite(y[i])).toArray();
        if (kept.length == 0) {
            return Optional.empty();
        }
        return Optional.of(chart.addSeries(name, IntStream.of(kept).mapToDouble(i -> x[i]).toArray(),
                IntStream.of(kept).mapToDouble(i -> y[i]).toArray()));
    }
}
