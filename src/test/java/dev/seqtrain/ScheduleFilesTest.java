package dev.seqtrain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.w3c.dom.Document;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathFactory;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The schedules in jobs/schedules/ parse, and what they name exists: scripts, main class, job, jar, JVM flags. */
class ScheduleFilesTest {
    private static final Path ROOT = Path.of("").toAbsolutePath();
    private static final Path SCHEDULES = ROOT.resolve("jobs/schedules");
    private static final List<String> FILES = List.of("crontab", "seqtrain-nightly.service", "seqtrain-nightly.timer",
            "airflow_seqtrain_nightly.py", "kubernetes-cronjob.yaml");
    /** Where the schedules expect the checkout; every path below it must name a file of the repo. */
    private static final String INSTALL = "/opt/seqtrain/";
    /** ND4J's off-heap cap, which scripts/submit.sh adds to the pom's JVM flags (SEQTRAIN_OFFHEAP_MEMORY=2g). */
    private static final String MAX_BYTES = "-Dorg.bytedeco.javacpp.maxbytes=2g";

    @Test
    void crontabLinesHaveAValidScheduleAndRunAScript() throws IOException {
        List<String> entries = Files.readAllLines(SCHEDULES.resolve("crontab")).stream().map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .filter(line -> !line.matches("[A-Za-z_][A-Za-z0-9_]*\\s*=.*"))
                .toList();
        assertFalse(entries.isEmpty());
        for (String entry : entries) {
            String[] fields = entry.split("\\s+", 6);
            assertEquals(6, fields.length, "five schedule fields and a command: " + entry);
            assertTrue(Cron.valid(String.join(" ", List.of(fields).subList(0, 5))), entry);
            assertTrue(Stream.of(fields[5].split("\\s+"))
                    .anyMatch(word -> word.endsWith("scripts/nightly.sh") || word.endsWith("scripts/submit.sh")), entry);
        }
    }

    @Test
    void theCronValidatorKnowsGoodFromBad() {
        for (String good : List.of("30 2 * * *", "*/15 0-6,22,23 1-31/2 jan-jun,DEC mon-fri", "0 0 * * 7", "59 23 31 12 0")) {
            assertTrue(Cron.valid(good), good);
        }
        for (String bad : List.of("60 2 * * *", "30 24 * * *", "0 0 0 * *", "0 0 * 13 *", "0 0 * * 8", "5-1 * * * *",
                "*/0 * * * *", "1,,2 * * * *", "30 2 * *", "30 2 * * * *", "a * * * *", "1/5 * * * *", "0 0 * mon *")) {
            assertFalse(Cron.valid(bad), bad);
        }
    }

    @Test
    void theSystemdTimerStartsTheOneshotServiceThatRunsNightly() throws IOException {
        Map<String, Map<String, List<String>>> service = ini(SCHEDULES.resolve("seqtrain-nightly.service"));
        assertEquals(List.of("oneshot"), service.get("Service").get("Type"));
        List<String> execStart = service.get("Service").get("ExecStart");
        assertEquals(1, execStart.size());
        String program = execStart.get(0).split("\\s+")[0].replaceFirst("^[-@:+!]+", "");
        assertTrue(program.endsWith("scripts/nightly.sh"), program);

        Path timerFile = SCHEDULES.resolve("seqtrain-nightly.timer");
        Map<String, Map<String, List<String>>> timer = ini(timerFile);
        assertNotNull(timer.get("Timer").get("OnCalendar"));
        String unit = timer.get("Timer").getOrDefault("Unit",
                List.of(timerFile.getFileName().toString().replaceFirst("\\.timer$", ".service"))).get(0);
        assertTrue(Files.isRegularFile(SCHEDULES.resolve(unit)), unit);
        assertEquals(List.of("timers.target"), timer.get("Install").get("WantedBy"));
    }

    @Test
    void theAirflowDagCompilesAndMatchesTheBuild(@TempDir Path temp) throws Exception {
        assumeTrue(onPath("python3"), "python3 is not installed");
        Path dag = SCHEDULES.resolve("airflow_seqtrain_nightly.py");
        python(temp, List.of("-m", "py_compile", dag.toString()));
        JsonNode parsed = new ObjectMapper().readTree(python(temp, List.of("-c", DAG_SUMMARY, dag.toString())));

        JsonNode submits = parsed.path("calls").path("SparkSubmitOperator");
        assertEquals(1, submits.size(), "one SparkSubmitOperator");
        JsonNode submit = submits.get(0);
        String mainClass = submit.path("java_class").asText();
        assertDoesNotThrow(() -> Class.forName(mainClass, false, getClass().getClassLoader()), mainClass);
        List<String> args = new ArrayList<>();
        submit.path("application_args").forEach(arg -> args.add(arg.asText()));
        assertEquals("nightly", args.get(0));
        assertEquals("{{ ds }}", args.get(args.indexOf("--date") + 1));
        assertTrue(Files.isRegularFile(ROOT.resolve("jobs/" + args.get(args.indexOf("--job") + 1) + ".conf")), args.toString());
        assertEquals(INSTALL + "conf/spark-defaults.conf", submit.path("properties_file").asText());

        String javaOptions = buildProperty("jvm.flags") + " " + MAX_BYTES;
        assertEquals(javaOptions, parsed.path("constants").path("JAVA_OPTIONS").asText());
        for (String side : List.of("driver", "executor")) {
            assertEquals(javaOptions, submit.path("conf").path("spark." + side + ".extraJavaOptions").asText(), side);
        }

        JsonNode dags = parsed.path("calls").path("DAG");
        assertEquals(1, dags.size(), "one DAG");
        assertTrue(Cron.valid(dags.get(0).path("schedule").asText()), dags.get(0).toString());
        assertFalse(dags.get(0).path("catchup").asBoolean(true));
        assertEquals(1, dags.get(0).path("max_active_runs").asInt());
    }

    @Test
    @SuppressWarnings("unchecked")
    void theKubernetesCronJobSubmitsTheNightlyJob() throws IOException {
        Map<String, Object> cronJob;
        try (InputStream in = Files.newInputStream(SCHEDULES.resolve("kubernetes-cronjob.yaml"))) {
            cronJob = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
        }
        assertEquals("batch/v1", cronJob.get("apiVersion"));
        assertEquals("CronJob", cronJob.get("kind"));
        Map<String, Object> spec = (Map<String, Object>) cronJob.get("spec");
        assertTrue(Cron.valid((String) spec.get("schedule")));
        assertEquals("Forbid", spec.get("concurrencyPolicy"));
        Map<String, Object> pod = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>)
                ((Map<String, Object>) spec.get("jobTemplate")).get("spec")).get("template")).get("spec");
        assertEquals("Never", pod.get("restartPolicy"));
        List<Map<String, Object>> containers = (List<Map<String, Object>>) pod.get("containers");
        assertEquals(1, containers.size());
        List<String> command = (List<String>) containers.get(0).get("command");

        assertTrue(command.get(0).startsWith(INSTALL), command.get(0));
        String script = command.get(0).substring(INSTALL.length());
        assertEquals("scripts/submit.sh", script);
        assertTrue(Files.isRegularFile(ROOT.resolve(script)));
        assertTrue(command.contains("--conf") && command.contains(
                "spark.kubernetes.container.image=" + containers.get(0).get("image")), "Spark's pods run the same image");
        List<String> seqtrain = command.subList(command.indexOf("--") + 1, command.size());
        assertEquals("nightly", seqtrain.get(0));
        assertTrue(Files.isRegularFile(ROOT.resolve("jobs/" + seqtrain.get(seqtrain.indexOf("--job") + 1) + ".conf")));
    }

    @Test
    void everyInstallPathNamesAFileOfTheRepo() throws Exception {
        Pattern jar = Pattern.compile("target/seqtrain-(.+)-job\\.jar");
        String version = pomVersion();
        int paths = 0;
        for (String file : FILES) {
            Matcher path = Pattern.compile(Pattern.quote(INSTALL) + "([\\w.\\-/]*[\\w\\-])").matcher(
                    Files.readString(SCHEDULES.resolve(file)));
            while (path.find()) {
                String relative = path.group(1);
                Matcher jarName = jar.matcher(relative);
                if (jarName.matches()) {
                    assertEquals(version, jarName.group(1), file + ": " + relative + " is the pom's version");
                } else {
                    assertTrue(Files.isRegularFile(ROOT.resolve(relative)), file + ": " + INSTALL + relative);
                }
                paths++;
            }
        }
        assertTrue(paths >= 4, "nightly.sh (systemd), submit.sh (Kubernetes), the jar and spark-defaults.conf (Airflow)");
    }

    /** Crontab schedules: five fields of *, numbers, names, lists, ranges and steps. */
    static final class Cron {
        private static final List<String> MONTHS = List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug",
                "sep", "oct", "nov", "dec");
        private static final List<String> DAYS = List.of("sun", "mon", "tue", "wed", "thu", "fri", "sat");
        /** minute, hour, day of month, month, day of week (0 and 7 are Sunday): lowest, highest, names. */
        private static final List<Field> FIELDS = List.of(new Field(0, 59, List.of()), new Field(0, 23, List.of()),
                new Field(1, 31, List.of()), new Field(1, 12, MONTHS), new Field(0, 7, DAYS));

        static boolean valid(String schedule) {
            String[] fields = schedule.strip().split("\\s+");
            if (fields.length != FIELDS.size()) {
                return false;
            }
            for (int i = 0; i < fields.length; i++) {
                if (!FIELDS.get(i).accepts(fields[i])) {
                    return false;
                }
            }
            return true;
        }

        private record Field(int min, int max, List<String> names) {
            boolean accepts(String field) {
                for (String item : field.split(",", -1)) {
                    String[] stepped = item.split("/", -1);
                    if (stepped.length > 2 || stepped.length == 2 && !stepped[1].matches("0*[1-9]\\d{0,1}")) {
                        return false;
                    }
                    if (stepped[0].equals("*")) {
                        continue;
                    }
                    String[] range = stepped[0].split("-", -1);
                    if (range.length > 2 || range.length == 1 && stepped.length == 2) {
                        return false; // a step needs * or a range
                    }
                    Integer from = value(range[0]);
                    Integer to = value(range[range.length - 1]);
                    if (from == null || to == null || from > to) {
                        return false;
                    }
                }
                return true;
            }

            private Integer value(String text) {
                int named = names.indexOf(text.toLowerCase(Locale.ROOT));
                if (named >= 0) {
                    return min + named;
                }
                if (!text.matches("\\d{1,2}")) {
                    return null;
                }
                int number = Integer.parseInt(text);
                return number >= min && number <= max ? number : null;
            }
        }
    }

    private static final Pattern INI_SECTION = Pattern.compile("\\[([A-Za-z]+)]");
    private static final Pattern INI_ENTRY = Pattern.compile("([A-Za-z][A-Za-z0-9]*)\\s*=\\s*(.*)");

    /** A systemd unit: section, key, values (a key may repeat); fails on any line that is none of these. */
    private static Map<String, Map<String, List<String>>> ini(Path file) throws IOException {
        Map<String, Map<String, List<String>>> sections = new LinkedHashMap<>();
        Map<String, List<String>> section = null;
        for (String raw : Files.readAllLines(file)) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            Matcher header = INI_SECTION.matcher(line);
            Matcher entry = INI_ENTRY.matcher(line);
            if (header.matches()) {
                section = sections.computeIfAbsent(header.group(1), name -> new LinkedHashMap<>());
            } else {
                assertTrue(entry.matches() && section != null, file.getFileName() + ": " + line);
                section.computeIfAbsent(entry.group(1), key -> new ArrayList<>()).add(entry.group(2));
            }
        }
        return sections;
    }

    /** Module constants and the keyword arguments of every call by name, constants and literals resolved. */
    private static final String DAG_SUMMARY = """
            import ast, json, sys
            tree = ast.parse(open(sys.argv[1], encoding="utf-8").read(), sys.argv[1])
            constants = {}
            for node in tree.body:
                if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
                    try:
                        constants[node.targets[0].id] = ast.literal_eval(node.value)
                    except ValueError:
                        pass
            def value(node):
                if isinstance(node, ast.Name) and node.id in constants:
                    return constants[node.id]
                if isinstance(node, ast.Dict):
                    return {value(k): value(v) for k, v in zip(node.keys, node.values) if k is not None}
                if isinstance(node, (ast.List, ast.Tuple)):
                    return [value(e) for e in node.elts]
                try:
                    return ast.literal_eval(node)
                except ValueError:
                    return ast.unparse(node)
            calls = {}
            for node in ast.walk(tree):
                if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                    calls.setdefault(node.func.id, []).append({k.arg: value(k.value) for k in node.keywords if k.arg})
            print(json.dumps({"constants": constants, "calls": calls}, default=str))
            """;

    /** Runs python3 with bytecode kept out of the repo; returns its standard output, failing with its errors. */
    private static String python(Path temp, List<String> arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("python3"));
        command.addAll(arguments);
        File errors = temp.resolve("stderr").toFile();
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(errors);
        builder.environment().put("PYTHONPYCACHEPREFIX", temp.resolve("pycache").toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "python3 answered");
        assertEquals(0, process.exitValue(), command + ":\n" + Files.readString(errors.toPath()));
        return output;
    }

    private static boolean onPath(String program) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, program)));
    }

    /** A property the build writes from pom.xml (seqtrain.jvm.flags becomes jvm.flags). */
    private static String buildProperty(String key) throws IOException {
        Properties build = new Properties();
        try (InputStream in = Files.newInputStream(ROOT.resolve("target/classes/seqtrain-build.properties"))) {
            build.load(in);
        }
        String value = build.getProperty(key);
        assertNotNull(value, key);
        assertFalse(value.contains("${"), key + " is filtered by Maven");
        return value;
    }

    private static String pomVersion() throws Exception {
        Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(ROOT.resolve("pom.xml").toFile());
        String version = XPathFactory.newInstance().newXPath().evaluate("/project/version", pom);
        assertFalse(version.isBlank(), "pom.xml names its version");
        return version;
    }
}
