package io.ksi.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layout rules of the project, checked on the compiled classes of every module (this module is built last): each
 * package says in its package-info.java what it may depend on and depends on nothing else; no package cycles; the
 * library never reaches the application or the CLI, plotting, progress-bar and logging libraries.
 */
class LayoutTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final List<String> LIBRARY = List.of("djl-bridge", "datasets", "models", "ensemble");
    private static final List<String> MODULES =
            List.of("djl-bridge", "datasets", "models", "ensemble", "app", "spark", "notebooks-java");
    /** What only the application may use: the CLI, charts, progress bars, a logging binding. */
    private static final List<String> APPLICATION_LIBRARIES =
            List.of("picocli", "org.knowm.xchart", "me.tongfei", "org.slf4j");

    /** The packages of the library modules. */
    private static final List<String> LIBRARY_PACKAGES =
            List.of("io.ksi.bridge", "io.ksi.data", "io.ksi.models", "io.ksi.ensemble");

    /** Every package's dependencies, ksi's own and external, from one jdeps run over all modules. */
    private static Map<String, Set<String>> all;
    /** The same, ksi's own packages only. */
    private static Map<String, Set<String>> deps;

    @BeforeAll
    static void readDependencies() {
        all = jdeps(MODULES);
        deps = new TreeMap<>();
        all.forEach((from, targets) -> deps.put(
                from,
                new TreeSet<>(targets.stream()
                        .filter(t -> t.startsWith("io.ksi.") && !t.equals(from))
                        .toList())));
    }

    @Test
    void everyPackageHasAPackageInfoSayingWhatItMayDependOn() throws IOException {
        Map<String, List<String>> allowed = allowedDependencies();
        Set<String> sourcePackages = new TreeSet<>();
        for (String module : MODULES) {
            Path src = ROOT.resolve(module).resolve("src/main/java");
            try (Stream<Path> files = Files.walk(src)) {
                files.filter(f -> f.toString().endsWith(".java"))
                        .forEach(f -> sourcePackages.add(
                                src.relativize(f.getParent()).toString().replace('/', '.')));
            }
        }
        assertEquals(sourcePackages, allowed.keySet(), "packages without a package-info.java with 'May depend on:'");
        assertTrue(sourcePackages.containsAll(deps.keySet()), "compiled packages missing from the sources");
    }

    @Test
    void packagesDependOnlyOnWhatTheirPackageInfoAllows() throws IOException {
        Map<String, List<String>> allowed = allowedDependencies();
        List<String> violations = new ArrayList<>();
        deps.forEach((from, targets) -> {
            for (String to : targets) {
                if (allowed.getOrDefault(from, List.of()).stream().noneMatch(a -> matches(a, to))) {
                    violations.add(from + " -> " + to);
                }
            }
        });
        assertEquals(List.of(), violations, "dependencies that package-info.java does not allow");
    }

    @Test
    void theLibraryNeverReachesTheApplication() {
        List<String> violations = new ArrayList<>();
        all.forEach((from, targets) -> {
            if (LIBRARY_PACKAGES.stream().anyMatch(from::startsWith)) {
                targets.stream()
                        .filter(to -> to.startsWith("io.ksi.app")
                                || to.startsWith("io.ksi.spark")
                                || to.startsWith("io.ksi.notebooks")
                                || APPLICATION_LIBRARIES.stream().anyMatch(to::startsWith))
                        .forEach(to -> violations.add(from + " -> " + to));
            }
        });
        assertEquals(List.of(), violations, "the library must not use the application or its libraries");
    }

    @Test
    void libraryPomsDeclareNoApplicationLibrary() throws IOException {
        for (String module : LIBRARY) {
            for (String line : Files.readAllLines(ROOT.resolve(module).resolve("pom.xml"))) {
                if (line.contains("<dependency>") && !line.contains("<scope>test</scope>")) {
                    for (String lib : List.of("picocli", "xchart", "progressbar", "slf4j-simple", "ksi-app")) {
                        assertTrue(
                                !line.contains("<artifactId>" + lib + "</artifactId>"),
                                module + "/pom.xml must not depend on " + lib + ": " + line.trim());
                    }
                }
            }
        }
    }

    /**
     * The library (ensemble) needs the data readers, not what gets combined: a service embedding it must not pull in
     * the trainer, the oracle and the generators.
     */
    @Test
    void theLibraryDoesNotDependOnModels() throws IOException {
        List<String> violations = new ArrayList<>();
        all.forEach((from, targets) -> {
            if (from.startsWith("io.ksi.ensemble") || from.startsWith("io.ksi.data")) {
                targets.stream()
                        .filter(to -> to.startsWith("io.ksi.models"))
                        .forEach(to -> violations.add(from + " -> " + to));
            }
        });
        assertEquals(List.of(), violations, "the library must not use io.ksi.models");
        for (String module : List.of("datasets", "ensemble")) {
            assertTrue(
                    !Files.readString(ROOT.resolve(module).resolve("pom.xml")).contains("<artifactId>ksi-models<"),
                    module + "/pom.xml must not depend on ksi-models");
        }
    }

    /** Spark is one way of accumulating the fit's sums: it plugs into the library, not into the application. */
    @Test
    void sparkDependsOnTheLibraryNotTheApplication() throws IOException {
        String pom = Files.readString(ROOT.resolve("spark/pom.xml"));
        // the module's own dependencies; the cluster profile packs the CLI around it for spark-submit
        String own = pom.substring(pom.indexOf("<dependencies>"), pom.indexOf("</dependencies>"));
        for (String line : own.split("\n")) {
            assertTrue(
                    !line.contains("<artifactId>ksi-app</artifactId>") || line.contains("<scope>test</scope>"),
                    "spark/pom.xml must not depend on ksi-app: " + line.trim());
        }
        all.forEach((from, targets) -> {
            if (from.startsWith("io.ksi.spark")) {
                targets.stream()
                        .filter(to -> to.startsWith("io.ksi.app"))
                        .forEach(to -> assertTrue(false, from + " -> " + to));
            }
        });
    }

    /**
     * The application holds only live code: every class of {@code app} is reached, through the compiled classes'
     * dependencies, from a {@code ksi} verb (the CLI's command tree, plugins included) or from a test.
     */
    @Test
    void everyApplicationClassIsReachableFromAVerbOrATest() throws IOException {
        Map<String, Set<String>> graph = classGraph(List.of(
                ROOT.resolve("app/target/classes"),
                ROOT.resolve("app/target/test-classes"),
                ROOT.resolve("notebooks-java/target/classes")));
        Set<String> roots = new TreeSet<>(List.of("io.ksi.app.cli.Ksi"));
        verbs(io.ksi.app.cli.Ksi.commandLine(), roots);
        roots.addAll(classesIn(ROOT.resolve("app/target/test-classes")));
        roots.addAll(classesIn(ROOT.resolve("notebooks-java/target/classes")));
        Set<String> reached = new TreeSet<>();
        List<String> todo = new ArrayList<>(roots);
        while (!todo.isEmpty()) {
            String c = todo.remove(todo.size() - 1);
            if (reached.add(c)) {
                todo.addAll(graph.getOrDefault(c, Set.of()));
            }
        }
        Set<String> dead = new TreeSet<>(classesIn(ROOT.resolve("app/target/classes")));
        dead.removeAll(reached);
        assertEquals(Set.of(), dead, "application classes no verb and no test reaches");
    }

    /** The classes of every command in the tree (picocli's subcommands are annotation values, which jdeps skips). */
    private static void verbs(picocli.CommandLine line, Set<String> out) {
        out.add(line.getCommandSpec().userObject().getClass().getName());
        for (picocli.CommandLine.Model.CommandSpec mixin :
                line.getCommandSpec().mixins().values()) {
            out.add(mixin.userObject().getClass().getName());
        }
        line.getSubcommands().values().forEach(sub -> verbs(sub, out));
    }

    private static Set<String> classesIn(Path folder) throws IOException {
        Set<String> out = new TreeSet<>();
        try (Stream<Path> files = Files.walk(folder)) {
            files.filter(f -> f.toString().endsWith(".class") && !f.endsWith("package-info.class"))
                    .forEach(f -> {
                        String rel = folder.relativize(f).toString();
                        out.add(rel.substring(0, rel.length() - ".class".length())
                                .replace('/', '.'));
                    });
        }
        return out;
    }

    /** Class-level dependencies among io.ksi classes, by jdeps. */
    private static Map<String, Set<String>> classGraph(List<Path> folders) {
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow();
        List<String> args = new ArrayList<>(List.of("-verbose:class", "-filter:none"));
        folders.forEach(f -> args.add(f.toString()));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertEquals(
                0, jdeps.run(new PrintWriter(out), new PrintWriter(err), args.toArray(String[]::new)), err::toString);
        Map<String, Set<String>> graph = new TreeMap<>();
        Pattern edge = Pattern.compile("^\\s+(io\\.ksi\\.[\\w.$]+)\\s+->\\s+(io\\.ksi\\.[\\w.$]+)\\s");
        for (String line : out.toString().split("\\R")) {
            Matcher m = edge.matcher(line + " ");
            if (m.find()) {
                graph.computeIfAbsent(m.group(1), k -> new TreeSet<>()).add(m.group(2));
            }
        }
        return graph;
    }

    @Test
    void noPackageCycles() {
        List<String> cycle = findCycle(deps);
        assertEquals(List.of(), cycle, "package cycle");
    }

    @Test
    void theCycleCheckFindsACycle() {
        Map<String, Set<String>> g = Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a"), "d", Set.of("a"));
        List<String> cycle = findCycle(g);
        assertEquals(4, cycle.size(), "a cycle of three packages, its first repeated: " + cycle);
        assertEquals(cycle.get(0), cycle.get(3));
    }

    @Test
    void wildcardsMatchThePackageAndItsSubpackages() {
        assertTrue(matches("io.ksi.ensemble.*", "io.ksi.ensemble"));
        assertTrue(matches("io.ksi.ensemble.*", "io.ksi.ensemble.feature"));
        assertTrue(!matches("io.ksi.ensemble.*", "io.ksi.ensembles"));
        assertTrue(!matches("io.ksi.ensemble", "io.ksi.ensemble.feature"));
    }

    static boolean matches(String allowed, String pkg) {
        if (allowed.endsWith(".*")) {
            String base = allowed.substring(0, allowed.length() - 2);
            return pkg.equals(base) || pkg.startsWith(base + ".");
        }
        return pkg.equals(allowed);
    }

    /** A path that returns to its start (first element repeated at the end), or an empty list. */
    static List<String> findCycle(Map<String, Set<String>> graph) {
        Map<String, Integer> state = new TreeMap<>();
        for (String start : new TreeSet<>(graph.keySet())) {
            List<String> path = new ArrayList<>();
            List<String> cycle = visit(start, graph, state, path);
            if (!cycle.isEmpty()) {
                return cycle;
            }
        }
        return List.of();
    }

    private static List<String> visit(
            String node, Map<String, Set<String>> graph, Map<String, Integer> state, List<String> path) {
        int s = state.getOrDefault(node, 0);
        if (s == 2) {
            return List.of();
        }
        path.add(node);
        if (s == 1) {
            return new ArrayList<>(path.subList(path.indexOf(node), path.size()));
        }
        state.put(node, 1);
        for (String next : new TreeSet<>(graph.getOrDefault(node, Set.of()))) {
            List<String> cycle = visit(next, graph, state, path);
            if (!cycle.isEmpty()) {
                return cycle;
            }
        }
        state.put(node, 2);
        path.remove(path.size() - 1);
        return List.of();
    }

    /** Package -> the packages it may use, from "May depend on:" in each package-info.java ({@code ...} items). */
    static Map<String, List<String>> allowedDependencies() throws IOException {
        Map<String, List<String>> out = new TreeMap<>();
        Pattern code = Pattern.compile("\\{@code\\s+([\\w.*]+)\\s*}");
        for (String module : MODULES) {
            try (Stream<Path> files = Files.walk(ROOT.resolve(module).resolve("src/main/java"))) {
                for (Path f : files.filter(p -> p.endsWith("package-info.java")).toList()) {
                    String text = Files.readString(f).replaceAll("\\s*\\n\\s*\\*\\s*", " ");
                    Matcher pkg = Pattern.compile("package\\s+([\\w.]+);").matcher(text);
                    int at = text.indexOf("May depend on:");
                    if (!pkg.find() || at < 0) {
                        continue;
                    }
                    List<String> allowed = new ArrayList<>();
                    Matcher m = code.matcher(text.substring(at, pkg.start()));
                    while (m.find()) {
                        allowed.add(m.group(1));
                    }
                    out.put(pkg.group(1), allowed);
                }
            }
        }
        return out;
    }

    /** Package-level dependencies of the compiled classes, by the JDK's jdeps. */
    private static Map<String, Set<String>> jdeps(List<String> modules) {
        ToolProvider jdeps = ToolProvider.findFirst("jdeps")
                .orElseThrow(
                        () -> new IllegalStateException("jdeps not found: the layout checks need a JDK, not a JRE"));
        List<String> args = new ArrayList<>(List.of("-verbose:package", "-filter:none"));
        for (String m : modules) {
            Path classes = ROOT.resolve(m).resolve("target/classes");
            assertTrue(Files.isDirectory(classes), classes + " missing: build the module first");
            args.add(classes.toString());
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = jdeps.run(new PrintWriter(out), new PrintWriter(err), args.toArray(String[]::new));
        assertEquals(0, rc, "jdeps failed: " + err);
        Map<String, Set<String>> graph = new TreeMap<>();
        Pattern edge = Pattern.compile("^\\s+(io\\.ksi\\.[\\w.]+)\\s+->\\s+([\\w.]+)\\s");
        for (String line : out.toString().split("\\R")) {
            Matcher m = edge.matcher(line + " ");
            if (m.find()) {
                graph.computeIfAbsent(m.group(1), k -> new TreeSet<>()).add(m.group(2));
            }
        }
        assertTrue(!graph.isEmpty(), "jdeps reported no dependencies: " + out);
        return graph;
    }
}
