package dev.seqtrain.report;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.DoubleSummaryStatistics;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** The comparison report's charts, drawn with XChart into PNGs; empty where there is nothing to draw. */
final class CompareCharts {
    static {
        // Charts are drawn off-screen: a driver without a display must not try to reach one.
        System.setProperty("java.awt.headless", "true");
    }

    private static final int WIDTH = 760;
    private static final int HEIGHT = 420;
    /** One colour per cell in every chart, so the eye can follow a cell across them. */
    private static final Map<String, Color> CELL_COLORS = Map.of(CellResult.RNN, new Color(0x1f77b4),
            CellResult.GRU, new Color(0xff7f0e), CellResult.LSTM, new Color(0xd62728), CellResult.MATCHED_RNN,
            new Color(0x2ca02c));
    private static final Color OTHER_COLOR = new Color(0x9467bd);
    private static final Color BASELINE_COLOR = Color.GRAY;

    private CompareCharts() {
    }

    /** The validation metric against T for each cell of a long-range sweep, with the baseline as a dashed line. */
    static Optional<XYChart> metricByLength(List<CompareTask> sweep) {
        CompareTask first = sweep.get(0);
        boolean logY = first.lowerIsBetter();
        XYChart chart = chart("validation " + first.metric() + " against sequence length, " + first.family(),
                "sequence length T", first.metric());
        for (String label : CompareTask.labels(sweep)) {
            List<CompareTask> withCell = sweep.stream().filter(task -> task.cell(label).isPresent()).toList();
            add(chart, label, lengths(withCell), values(withCell, task -> task.cell(label).get().metric()), logY)
                    .ifPresent(series -> style(series, color(label), false));
        }
        add(chart, "baseline: " + first.baseline(), lengths(sweep), values(sweep, CompareTask::baselineValue), logY)
                .ifPresent(series -> style(series, BASELINE_COLOR, true).setMarker(SeriesMarkers.NONE));
        return finished(chart, logY);
    }

    /** How strongly each input step still moves the last step's loss: where an RNN's gradient vanishes. */
    static Optional<XYChart> gradientNorms(CompareTask task) {
        XYChart chart = chart("gradient of the last step's loss by input step, " + task.name(),
                "time step t", "‖∂ loss / ∂ input(t)‖");
        for (CellResult cell : task.cells()) {
            double[] norms = cell.gradientNorms();
            add(chart, cell.label(), IntStream.range(0, norms.length).asDoubleStream().toArray(), norms, true)
                    .ifPresent(series -> style(series, color(cell.label()), false).setMarker(SeriesMarkers.NONE));
        }
        return finished(chart, true);
    }

    /** Training loss (left axis, solid) and the validation metric (right axis, dashed) after each epoch. */
    static Optional<XYChart> lossCurves(CompareTask task) {
        boolean logY = task.lowerIsBetter();
        XYChart chart = chart("loss curves, " + task.name(), "epoch", "training loss");
        chart.setYAxisGroupTitle(1, "validation " + task.metric());
        chart.getStyler().setYAxisGroupPosition(1, Styler.YAxisPosition.Right);
        for (CellResult cell : task.cells()) {
            add(chart, cell.label() + " training loss", epochs(cell.trainLoss()), cell.trainLoss(), logY)
                    .ifPresent(series -> style(series, color(cell.label()), false));
            add(chart, cell.label() + " validation " + task.metric(), epochs(cell.validationMetric()),
                    cell.validationMetric(), logY)
                    .ifPresent(series -> style(series, color(cell.label()), true).setYAxisGroup(1));
        }
        return finished(chart, logY);
    }

    static byte[] png(Chart<?, ?> chart) {
        try {
            return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static XYChart chart(String title, String xTitle, String yTitle) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle)
                .yAxisTitle(yTitle).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS).setChartBackgroundColor(Color.WHITE);
        return chart;
    }

    /**
     * Adds the finite points (and, for a log axis, the positive ones: XChart rejects the others, and a
     * gradient that underflowed to 0 has no place on it); nothing if no point is left.
     */
    private static Optional<XYSeries> add(XYChart chart, String name, double[] xs, double[] ys, boolean forLog) {
        List<Integer> kept = IntStream.range(0, ys.length)
                .filter(i -> Double.isFinite(ys[i]) && (!forLog || ys[i] > 0)).boxed().toList();
        if (kept.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(chart.addSeries(name, kept.stream().mapToDouble(i -> xs[i]).toArray(),
                kept.stream().mapToDouble(i -> ys[i]).toArray()));
    }

    private static XYSeries style(XYSeries series, Color color, boolean dashed) {
        series.setLineColor(color);
        series.setMarkerColor(color);
        series.setLineStyle(dashed ? SeriesLines.DASH_DASH : SeriesLines.SOLID);
        return series;
    }

    /**
     * The chart, on a log y axis if asked for and every axis spans at least a decade: XChart labels only
     * powers of ten on a log axis, so a narrower one would show no values. Empty if it has no series.
     */
    private static Optional<XYChart> finished(XYChart chart, boolean logY) {
        if (chart.getSeriesMap().isEmpty()) {
            return Optional.empty();
        }
        boolean everyAxisSpansADecade = chart.getSeriesMap().values().stream()
                .collect(Collectors.groupingBy(XYSeries::getYAxisGroup)).values().stream()
                .allMatch(axis -> {
                    DoubleSummaryStatistics y = axis.stream().flatMapToDouble(series -> Arrays.stream(series.getYData()))
                            .summaryStatistics();
                    return y.getMax() >= 10 * y.getMin();
                });
        chart.getStyler().setYAxisLogarithmic(logY && everyAxisSpansADecade);
        return Optional.of(chart);
    }

    private static Color color(String label) {
        return CELL_COLORS.getOrDefault(label, OTHER_COLOR);
    }

    private static double[] lengths(List<CompareTask> tasks) {
        return values(tasks, CompareTask::sequenceLength);
    }

    private static double[] values(List<CompareTask> tasks, ToDoubleFunction<CompareTask> value) {
        return tasks.stream().mapToDouble(value).toArray();
    }

    private static double[] epochs(double[] perEpoch) {
        return IntStream.rangeClosed(1, perEpoch.length).asDoubleStream().toArray();
    }
}
