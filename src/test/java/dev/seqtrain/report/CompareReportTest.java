package dev.seqtrain.report;

import dev.seqtrain.storage.Json;
import dev.seqtrain.config.CellType;
import dev.seqtrain.model.ParameterCounts;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CompareReportTest {
    private static final int[] LENGTHS = {10, 25, 50, 100};
    private static final String USER_TASK = "user data: sample-forecast";

    /** A cell with made-up measurements; the curves and gradient norms are shaped like real ones. */
    private static CellResult cell(String label, CellType type, int inputs, int hidden, double trainingSpeed,
                                   double metric, boolean solved, int length) {
        double decay = type == CellType.LSTM ? 0.98 : 0.6;
        double[] gradientNorms = IntStream.range(0, length).mapToDouble(t -> Math.pow(decay, length - 1 - t)).toArray();
        if (type == CellType.RNN) {
            gradientNorms[0] = 0; // underflowed: must not break the log-scale chart
        }
        double[] trainLoss = {0.2, 0.1, metric * 1.1, metric};
        double[] validationMetric = {0.25, 0.12, metric * 1.2, metric};
        return new CellResult(label, ParameterCounts.stack(type, inputs, hidden, 1, 1), trainingSpeed,
                trainingSpeed * 4, 1000 / trainingSpeed, metric, solved, trainLoss, validationMetric, gradientNorms);
    }

    private static CompareTask adding(int length, boolean rnnSolves, boolean lstmSolves) {
        return new CompareTask("adding problem", length, true, "MSE", true, "constant predictor", 1.0 / 6,
                List.of(cell(CellResult.RNN, CellType.RNN, 2, 64, 3100, rnnSolves ? 0.004 : 0.16, rnnSolves, length),
                        cell(CellResult.LSTM, CellType.LSTM, 2, 64, 1000, lstmSolves ? 0.001 : 0.15, lstmSolves,
                                length),
                        cell(CellResult.MATCHED_RNN, CellType.RNN, 2, 129, 2000, 0.17, false, length)));
    }

    private static CompareTask userTask(String metric, boolean lowerIsBetter, double rnnMetric, double rnnSpeed,
                                        double lstmMetric, double lstmSpeed) {
        return new CompareTask(USER_TASK, 24, false, metric, lowerIsBetter, "persistence", lowerIsBetter ? 1.65 : 0.5,
                List.of(cell(CellResult.RNN, CellType.RNN, 3, 32, rnnSpeed, rnnMetric, true, 24),
                        cell(CellResult.LSTM, CellType.LSTM, 3, 32, lstmSpeed, lstmMetric, true, 24)));
    }

    /** The adding problem at every length, the RNN solving up to 25 and the LSTM all. */
    private static List<CompareTask> sweep() {
        return Arrays.stream(LENGTHS).mapToObj(length -> adding(length, length <= 25, true)).toList();
    }

    private static CompareReport fullReport() {
        List<CompareTask> tasks = new ArrayList<>(sweep());
        tasks.add(userTask("RMSE", true, 0.73, 3100, 0.71, 1000));
        return CompareReport.of("RNN vs LSTM <& \"compare\">", tasks);
    }

    @Test
    void jsonRoundTripKeepsEveryTaskCellAndMeasurement() {
        CompareReport report = fullReport();
        String json = report.json();
        for (CompareTask task : report.tasks()) {
            assertTrue(json.contains("\"" + task.family() + "\""), task.family());
            for (CellResult cell : task.cells()) {
                assertTrue(json.contains("\"" + cell.label() + "\""), cell.label());
            }
        }
        assertTrue(json.contains("4H(I+H+1) = 4×64×(2+64+1) = 17,152"));

        CompareReport read = Json.read(json, CompareReport.class);
        assertEquals(report.title(), read.title());
        assertEquals(report.recommendation(), read.recommendation());
        assertEquals(report.tasks().size(), read.tasks().size());
        for (int t = 0; t < report.tasks().size(); t++) {
            CompareTask expected = report.tasks().get(t);
            CompareTask actual = read.tasks().get(t);
            assertEquals(expected.name(), actual.name());
            assertEquals(expected.baselineValue(), actual.baselineValue());
            assertEquals(expected.cells().size(), actual.cells().size());
            for (int c = 0; c < expected.cells().size(); c++) {
                CellResult want = expected.cells().get(c);
                CellResult got = actual.cells().get(c);
                assertEquals(want.label(), got.label());
                assertEquals(want.parameters(), got.parameters());
                assertEquals(want.trainingWindowsPerSecond(), got.trainingWindowsPerSecond());
                assertEquals(want.inferenceWindowsPerSecond(), got.inferenceWindowsPerSecond());
                assertEquals(want.wallSecondsPerEpoch(), got.wallSecondsPerEpoch());
                assertEquals(want.metric(), got.metric());
                assertEquals(want.solved(), got.solved());
                assertArrayEquals(want.trainLoss(), got.trainLoss());
                assertArrayEquals(want.validationMetric(), got.validationMetric());
                assertArrayEquals(want.gradientNorms(), got.gradientNorms());
            }
        }
    }

    @Test
    void htmlIsWellFormedWithTheTableAndOneEmbeddedPngPerChart() throws Exception {
        CompareReport report = fullReport();
        String html = report.html();
        Document page = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new InputSource(new StringReader(html)));

        assertEquals(1, page.getElementsByTagName("table").getLength());
        List<String> columns = texts(page.getElementsByTagName("thead").item(0), "th");
        assertEquals(List.of("", "rnn", "lstm", "rnn (matched params)", "baseline"), columns);
        List<String> rowHeaders = texts(page.getElementsByTagName("tbody").item(0), "th");
        for (CompareTask task : report.tasks()) {
            for (String row : List.of("training windows/s, ", "inference windows/s, ", "wall time per epoch, ")) {
                assertTrue(rowHeaders.contains(row + task.name()), row + task.name());
            }
            assertTrue(rowHeaders.contains(task.metric() + " (lower is better), " + task.name()));
        }
        assertTrue(rowHeaders.containsAll(List.of("structure, adding problem", "parameters, adding problem",
                "structure, " + USER_TASK, "parameters, " + USER_TASK, "largest T solved, adding problem")));
        assertTrue(html.contains("<td>T = 25</td><td>T = 100</td><td>none of T = 10, 25, 50, 100</td>"));
        assertTrue(html.contains("<td><strong>0.001</strong><br/><small>solved</small></td>"), "best metric in bold");
        assertTrue(html.contains("<td>constant predictor<br/>0.1667</td>"));

        // one metric-vs-T chart for the sweep, then a gradient-norm and a loss chart per task
        NodeList images = page.getElementsByTagName("img");
        assertEquals(1 + 2 * report.tasks().size(), images.getLength());
        byte[] pngSignature = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
        for (int i = 0; i < images.getLength(); i++) {
            String source = ((Element) images.item(i)).getAttribute("src");
            assertTrue(source.startsWith("data:image/png;base64,"));
            byte[] png = Base64.getDecoder().decode(source.substring("data:image/png;base64,".length()));
            assertArrayEquals(pngSignature, Arrays.copyOf(png, pngSignature.length));
        }
        assertFalse(html.contains("Chart not drawn"));
    }

    @Test
    void htmlEscapesText() {
        String html = fullReport().html();
        assertTrue(html.contains("<h1>RNN vs LSTM &lt;&amp; &quot;compare&quot;&gt;</h1>"));
        assertFalse(html.contains("<& \"compare\">"));
    }

    private static List<String> texts(org.w3c.dom.Node parent, String tag) {
        NodeList nodes = ((Element) parent).getElementsByTagName(tag);
        return IntStream.range(0, nodes.getLength()).mapToObj(i -> nodes.item(i).getTextContent()).toList();
    }

    /** A user task with a GRU between the RNN and the LSTM. */
    private static CompareTask threeCells(double rnnMetric, double rnnSpeed, double gruMetric, double gruSpeed,
                                          double lstmMetric, double lstmSpeed) {
        return new CompareTask(USER_TASK, 24, false, "RMSE", true, "persistence", 1.65,
                List.of(cell(CellResult.RNN, CellType.RNN, 3, 32, rnnSpeed, rnnMetric, true, 24),
                        cell(CellResult.GRU, CellType.GRU, 3, 32, gruSpeed, gruMetric, true, 24),
                        cell(CellResult.LSTM, CellType.LSTM, 3, 32, lstmSpeed, lstmMetric, true, 24)));
    }

    @Test
    void theCheapestCellWithinFivePercentOfTheBestIsRecommended() {
        Recommendation recommendation = Recommendation.of(List.of(userTask("RMSE", true, 0.73, 3100, 0.71, 1000)));
        assertEquals(CellResult.RNN, recommendation.cell());
        assertEquals("On " + USER_TASK + ", RMSE RNN 0.73, LSTM 0.71: the LSTM's is the best; of those within 5% the"
                + " RNN trains fastest, at 3.1× the LSTM's speed: use the RNN.", recommendation.text());
    }

    @Test
    void aRisingMetricIsComparedInItsDirection() {
        Recommendation recommendation = Recommendation.of(List.of(userTask("accuracy", false, 0.873, 2500, 0.9, 1000)));
        assertEquals(CellResult.RNN, recommendation.cell(), "97% of the LSTM's accuracy is within 5%");
        assertEquals(CellResult.LSTM, Recommendation.of(List.of(userTask("accuracy", false, 0.8, 2500, 0.9, 1000)))
                .cell());
    }

    @Test
    void aCellMoreThanFivePercentWorseLosesDespiteItsSpeed() {
        Recommendation recommendation = Recommendation.of(List.of(userTask("MSE", true, 1.4, 3100, 1.0, 1000)));
        assertEquals(CellResult.LSTM, recommendation.cell());
        assertTrue(recommendation.text().endsWith("the LSTM's is the best, and no other cell comes within 5%: use the"
                + " LSTM."), recommendation.text());
    }

    @Test
    void asGoodButSlowerLoses() {
        Recommendation recommendation = Recommendation.of(List.of(userTask("MSE", true, 1.0, 900, 1.0, 1000)));
        assertEquals(CellResult.LSTM, recommendation.cell());
    }

    @Test
    void withThreeCellsTheCheapestOfThoseWithinToleranceWins() {
        // The RNN is far worse; the GRU is within 5% of the LSTM and faster.
        Recommendation gru = Recommendation.of(List.of(threeCells(1.5, 3000, 1.03, 1400, 1.0, 1000)));
        assertEquals(CellResult.GRU, gru.cell());
        assertTrue(gru.text().contains("RMSE RNN 1.5, GRU 1.03, LSTM 1: the LSTM's is the best; of those within 5% the"
                + " GRU trains fastest, at 1.4× the LSTM's speed"), gru.text());
        // All three within 5%: the RNN, the cheapest.
        assertEquals(CellResult.RNN, Recommendation.of(List.of(threeCells(1.02, 3000, 1.01, 1400, 1.0, 1000))).cell());
        // The GRU is best and fastest of those close to it.
        assertEquals(CellResult.GRU, Recommendation.of(List.of(threeCells(1.5, 3000, 0.9, 1400, 0.93, 1000))).cell());
    }

    @Test
    void onTheSweepAloneTheLargestSolvedLengthDecides() {
        Recommendation recommendation = Recommendation.of(sweep());
        assertEquals(CellResult.LSTM, recommendation.cell());
        assertEquals("On the adding problem (T = 10, 25, 50, 100), T solved: RNN up to 25, LSTM up to 100; only the"
                + " LSTM solves T=100: use the LSTM.", recommendation.text());

        List<CompareTask> bothSolve = Arrays.stream(LENGTHS).mapToObj(length -> adding(length, true, true)).toList();
        Recommendation rnn = Recommendation.of(bothSolve);
        assertEquals(CellResult.RNN, rnn.cell());
        assertTrue(rnn.text().endsWith("of the cells that solve T=100 the RNN trains fastest (3.1× the slowest's speed at"
                + " T=100): use the RNN."), rnn.text());
    }

    @Test
    void userDataDecidesAndTheSweepIsStatedBeside() {
        Recommendation recommendation = fullReport().recommendation();
        assertEquals(CellResult.RNN, recommendation.cell());
        assertTrue(recommendation.text().endsWith(": use the RNN. On the adding problem (T = 10, 25, 50, 100), T solved:"
                + " RNN up to 25, LSTM up to 100; only the LSTM solves T=100."), recommendation.text());
    }

    @Test
    void withSeveralUserTasksTheCellMustHoldUpOnAll() {
        CompareTask good = userTask("RMSE", true, 0.73, 3100, 0.71, 1000);
        CompareTask bad = userTask("RMSE", true, 0.9, 3100, 0.71, 1000);
        Recommendation recommendation = Recommendation.of(List.of(good, bad));
        assertEquals(CellResult.LSTM, recommendation.cell());
        assertTrue(recommendation.text().endsWith(
                "Overall: use the LSTM, the cheapest cell within 5% of the best on every task."), recommendation.text());
    }

    @Test
    void withoutTwoCellsThereIsNoRecommendation() {
        CompareTask lstmOnly = new CompareTask(USER_TASK, 24, false, "RMSE", true, "persistence", 1.65,
                List.of(cell(CellResult.LSTM, CellType.LSTM, 3, 32, 1000, 0.7, true, 24)));
        assertNull(Recommendation.of(List.of(lstmOnly)).cell());
    }
}
