package dev.seqtrain.report;

import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
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
 * A search's result, {@code trials.json} and {@code report.html}: every trial with its values, its
 * validation metric after each epoch and how it ended, the winner, and the baselines beside it.
 *
 * @param metric    the task's metric the search minimised or maximised
 * @param mode      {@code parallel} (trials on one worker core each) or {@code averaging}
 * @param winner    the id of the trial with the best score, or null when every trial failed
 * @param baselines the baselines' scores on the winner's validation examples
 */
public record TuneReport(String job, String tuneId, String metric, boolean higherIsBetter, String mode,
                         List<Trial> trials, Integer winner, Map<String, Double> baselines, double wallSeconds) {
    public static final String JSON = "trials.json";
    public static final String HTML = "report.html";
    private static final int WIDTH = 760;
    private static final int HEIGHT = 380;

    /**
     * @param status {@code finished} (it trained through the last rung), {@code stopped after rung N}
     *               (successive halving let better trials go on), or {@code failed}
     * @param scores the validation metric after each epoch trained
     * @param best   the best of them, or null
     */
    public record Trial(int id, Map<String, String> values, String status, String error, double[] trainLoss,
                        double[] scores, Double best) {
    }

    public String html() {
        StringBuilder html = new StringBuilder("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"/><title>")
                .append(escape("tune " + tuneId + " of " + job)).append("</title><style>body{font-family:sans-serif;"
                        + "max-width:64em;margin:2em auto}table{border-collapse:collapse}th,td{border:1px solid #ccc;"
                        + "padding:.3em .6em;text-align:left}</style></head><body>\n<h1>")
                .append(escape(job)).append(", tune ").append(escape(tuneId)).append("</h1>\n");
        html.append("<p>").append(trials.size()).append(" trials, ").append(escape(mode)).append(", ")
                .append(String.format(Locale.ROOT, "%.0f s", wallSeconds)).append("; validation ")
                .append(escape(metric)).append(higherIsBetter ? " (higher is better)" : " (lower is better)")
                .append(". Winner: ").append(winner == null ? "none (every trial failed)" : "trial " + winner)
                .append(".</p>\n<table><tr><th>trial</th><th>values</th><th>epochs</th><th>best</th><th>status</th></tr>\n");
        for (Trial trial : trials) {
            html.append("<tr><td>").append(trial.id()).append(trial.id() == (winner == null ? -1 : winner) ? " *" : "")
                    .append("</td><td>").append(escape(trial.values().toString())).append("</td><td>")
                    .append(trial.scores().length).append("</td><td>")
                    .append(trial.best() == null ? "-" : CompareHtml.significant(trial.best())).append("</td><td>")
                    .append(escape(trial.status() + (trial.error() == null ? "" : ": " + trial.error())))
                    .append("</td></tr>\n");
        }
        html.append("</table>\n");
        baselines.forEach((name, value) -> html.append("<p>Baseline ").append(escape(name)).append(": ")
                .append(CompareHtml.significant(value)).append("</p>\n"));
        for (Optional<String> figure : List.of(CompareHtml.chart(this::curves), CompareHtml.chart(this::winnerAndBaselines))) {
            figure.ifPresent(f -> html.append(f).append('\n'));
        }
        for (String key : numericKeys()) {
            CompareHtml.chart(() -> scatter(key)).ifPresent(f -> html.append(f).append('\n'));
        }
        return html.append("</body></html>\n").toString();
    }

    /** Each trial's validation metric per epoch: where successive halving stopped which. */
    Optional<XYChart> curves() {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title("validation " + metric + " per epoch")
                .xAxisTitle("epoch").yAxisTitle(metric).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE).setChartBackgroundColor(Color.WHITE);
        for (Trial trial : trials) {
            double[] x = IntStream.rangeClosed(1, trial.scores().length).asDoubleStream().toArray();
            int[] finite = IntStream.range(0, x.length).filter(i -> Double.isFinite(trial.scores()[i])).toArray();
            if (finite.length > 0) {
                chart.addSeries("trial " + trial.id(), IntStream.of(finite).mapToDouble(i -> x[i]).toArray(),
                        IntStream.of(finite).mapToDouble(i -> trial.scores()[i]).toArray());
            }
        }
        return chart.getSeriesMap().isEmpty() ? Optional.empty() : Optional.of(chart);
    }

    /** The winner's best score next to every baseline's. */
    Optional<CategoryChart> winnerAndBaselines() {
        Optional<Trial> best = trials.stream().filter(t -> winner != null && t.id() == winner).findFirst();
        if (best.isEmpty() || best.get().best() == null) {
            return Optional.empty();
        }
        List<String> names = new ArrayList<>(List.of("trial " + winner));
        List<Double> values = new ArrayList<>(List.of(best.get().best()));
        baselines.forEach((name, value) -> {
            names.add(name);
            values.add(value);
        });
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
                .title("the winner and the baselines: validation " + metric).yAxisTitle(metric).build();
        chart.getStyler().setLegendVisible(false).setChartBackgroundColor(Color.WHITE);
        chart.addSeries(metric, names, values);
        return Optional.of(chart);
    }

    /** The searched keys whose every value is a number: worth a value-against-metric scatter. */
    private List<String> numericKeys() {
        if (trials.isEmpty()) {
            return List.of();
        }
        return trials.get(0).values().keySet().stream().filter(key -> trials.stream().allMatch(t -> isNumber(
                t.values().get(key)))).toList();
    }

    private Optional<XYChart> scatter(String key) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(key + " against the best validation "
                + metric).xAxisTitle(key).yAxisTitle(metric).build();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter).setLegendVisible(false)
                .setChartBackgroundColor(Color.WHITE);
        List<Trial> scored = trials.stream().filter(t -> t.best() != null && Double.isFinite(t.best())).toList();
        if (scored.isEmpty()) {
            return Optional.empty();
        }
        chart.addSeries("trials", scored.stream().mapToDouble(t -> Double.parseDouble(t.values().get(key))).toArray(),
                scored.stream().mapToDouble(Trial::best).toArray()).setMarker(SeriesMarkers.CIRCLE);
        return Optional.of(chart);
    }

    private static boolean isNumber(String text) {
        try {
            return Double.isFinite(Double.parseDouble(text));
        } catch (NumberFormatException | NullPointerException e) {
            return false;
        }
    }
}
