package dev.seqtrain.report;

import org.knowm.xchart.internal.chartpart.Chart;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Renders a comparison report as one self-contained HTML page: the recommendation, the classic
 * RNN-vs-LSTM table with measured values, and the charts as embedded PNGs. The markup is also
 * well-formed XML, so it can be checked with any XML parser.
 */
final class CompareHtml {
    private static final String MISSING = "—";
    private static final String STYLE = """
            body { font-family: sans-serif; max-width: 64em; margin: 2em auto; color: #222; }
            table { border-collapse: collapse; margin: 1em 0; }
            th, td { border: 1px solid #ccc; padding: 0.3em 0.6em; vertical-align: top; text-align: left; }
            thead th { background: #f0f0f0; }
            td.number { text-align: right; }
            small { color: #555; }
            p.recommendation { font-size: 1.1em; background: #f6f8fa; padding: 0.8em; border-left: 4px solid #1f77b4; }
            p.missing { color: #a00; }
            """;

    private CompareHtml() {
    }

    /** One row of the table: a header, one cell per column (HTML), and the baseline (HTML, may be empty). */
    private record Row(String header, List<String> cells, String baseline) {
    }

    static String render(CompareReport report) {
        List<String> columns = List.copyOf(CompareTask.labels(report.tasks()));
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>")
                .append(escape(report.title())).append("</title>\n<style>\n").append(STYLE).append("</style>\n")
                .append("</head>\n<body>\n<h1>").append(escape(report.title())).append("</h1>\n")
                .append("<p class=\"recommendation\"><strong>Recommendation:</strong> ")
                .append(escape(report.recommendation().text())).append("</p>\n");
        table(html, columns, rows(report.tasks(), columns));

        Map<String, List<CompareTask>> sweeps = Recommendation.sweeps(report.tasks());
        section(html, "Validation metric against sequence length",
                sweeps.values().stream().map(sweep -> chart(() -> CompareCharts.metricByLength(sweep))).toList());
        section(html, "Gradient norm by time step",
                report.tasks().stream().map(task -> chart(() -> CompareCharts.gradientNorms(task))).toList());
        section(html, "Loss curves",
                report.tasks().stream().map(task -> chart(() -> CompareCharts.lossCurves(task))).toList());
        return html.append("</body>\n</html>\n").toString();
    }

    /** Rows in the order of the classic table: structure, size, speed, quality, long-range memory. */
    private static List<Row> rows(List<CompareTask> tasks, List<String> columns) {
        List<Row> rows = new ArrayList<>();
        Map<String, List<CompareTask>> families = tasks.stream()
                .collect(Collectors.groupingBy(CompareTask::family, LinkedHashMap::new, Collectors.toList()));
        families.forEach((family, familyTasks) -> {
            // every task of a family has the same inputs, so the same networks
            Function<String, Optional<CellResult>> network = label -> familyTasks.stream()
                    .flatMap(task -> task.cell(label).stream()).findFirst();
            rows.add(row("structure, " + family, columns, network, cell -> escape(cell.parameters().structure())));
            rows.add(row("parameters, " + family, columns, network, CompareHtml::parameters));
        });
        for (CompareTask task : tasks) {
            rows.add(row("training windows/s, " + task.name(), columns, task::cell,
                    cell -> number("%,.0f", cell.trainingWindowsPerSecond())));
        }
        for (CompareTask task : tasks) {
            rows.add(row("inference windows/s, " + task.name(), columns, task::cell,
                    cell -> number("%,.0f", cell.inferenceWindowsPerSecond())));
        }
        for (CompareTask task : tasks) {
            rows.add(row("wall time per epoch, " + task.name(), columns, task::cell,
                    cell -> number("%.1f s", cell.wallSecondsPerEpoch())));
        }
        for (CompareTask task : tasks) {
            rows.add(metricRow(task, columns));
        }
        Recommendation.sweeps(tasks).forEach((family, sweep) -> rows.add(longRangeRow(family, sweep, columns)));
        return rows;
    }

    private static Row row(String header, List<String> columns, Function<String, Optional<CellResult>> cellOf,
                           Function<CellResult, String> html) {
        return new Row(header, columns.stream().map(label -> cellOf.apply(label).map(html).orElse(MISSING)).toList(),
                "");
    }

    private static String parameters(CellResult cell) {
        StringBuilder html = new StringBuilder(number("%,d", cell.parameters().total())).append("<br/><small>");
        cell.parameters().layers().forEach(layer ->
                html.append(escape(layer.type() + ": " + layer.formula())).append("<br/>"));
        if (cell.parameters().layers().size() > 1) {
            html.append(escape("total: " + cell.parameters().formula()));
        }
        return html.append("</small>").toString();
    }

    /** The metric of each cell, the best in bold, with whether it solved the task or beat the baseline. */
    private static Row metricRow(CompareTask task, List<String> columns) {
        Optional<Double> best = task.cells().stream().map(CellResult::metric)
                .reduce((a, b) -> task.better(b, a) ? b : a);
        Function<CellResult, String> html = cell -> {
            String value = significant(cell.metric());
            String verdict = task.longRange() ? (cell.solved() ? "solved" : "not solved")
                    : (cell.solved() ? "beats the baseline" : "does not beat the baseline");
            boolean isBest = best.isPresent() && best.get() == cell.metric();
            return (isBest ? "<strong>" + value + "</strong>" : value) + "<br/><small>" + verdict + "</small>";
        };
        Row row = row(String.format(Locale.ROOT, "%s (%s is better), %s", task.metric(),
                task.lowerIsBetter() ? "lower" : "higher", task.name()), columns, task::cell, html);
        return new Row(row.header(), row.cells(),
                escape(task.baseline()) + "<br/>" + significant(task.baselineValue()));
    }

    private static Row longRangeRow(String family, List<CompareTask> sweep, List<String> columns) {
        String lengths = sweep.stream().map(task -> String.valueOf(task.sequenceLength()))
                .collect(Collectors.joining(", "));
        return new Row("largest T solved, " + family, columns.stream().map(label -> {
            if (sweep.stream().noneMatch(task -> task.cell(label).isPresent())) {
                return MISSING;
            }
            int largest = Recommendation.largestSolved(sweep, label);
            return largest > 0 ? "T = " + largest : escape("none of T = " + lengths);
        }).toList(), "");
    }

    private static void table(StringBuilder html, List<String> columns, List<Row> rows) {
        html.append("<table>\n<thead><tr><th></th>");
        columns.forEach(label -> html.append("<th>").append(escape(label)).append("</th>"));
        html.append("<th>baseline</th></tr></thead>\n<tbody>\n");
        for (Row row : rows) {
            html.append("<tr><th>").append(escape(row.header())).append("</th>");
            row.cells().forEach(cell -> html.append("<td>").append(cell).append("</td>"));
            html.append("<td>").append(row.baseline()).append("</td></tr>\n");
        }
        html.append("</tbody>\n</table>\n");
    }

    /** A heading and its figures; nothing if no chart had data. */
    private static void section(StringBuilder html, String heading, List<Optional<String>> figures) {
        List<String> drawn = figures.stream().flatMap(Optional::stream).toList();
        if (!drawn.isEmpty()) {
            html.append("<h2>").append(escape(heading)).append("</h2>\n");
            drawn.forEach(figure -> html.append(figure).append('\n'));
        }
    }

    /** The chart as an embedded PNG, a note if it could not be drawn, or empty if it has no data. */
    static Optional<String> chart(Supplier<? extends Optional<? extends Chart<?, ?>>> draw) {
        try {
            return draw.get().map(chart -> "<figure><img alt=\"" + escape(chart.getTitle())
                    + "\" src=\"data:image/png;base64," + Base64.getEncoder().encodeToString(CompareCharts.png(chart))
                    + "\"/></figure>");
        } catch (RuntimeException | Error e) {
            if (e instanceof VirtualMachineError fatal) {
                throw fatal;
            }
            // Why not fail the run: a driver without fonts (a slim JRE image) cannot draw, and the table
            // and the recommendation hold the results anyway.
            return Optional.of("<p class=\"missing\">Chart not drawn: " + escape(String.valueOf(e)) + "</p>");
        }
    }

    private static String number(String format, Number value) {
        return String.format(Locale.ROOT, format, value);
    }

    /** Four significant digits, without trailing zeros: 0.004, 0.1667, 1.65. */
    static String significant(double value) {
        return Double.isFinite(value)
                ? new BigDecimal(value).round(new MathContext(4)).stripTrailingZeros().toPlainString()
                : String.valueOf(value);
    }

    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder escaped = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
