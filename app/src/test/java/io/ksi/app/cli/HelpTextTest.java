package io.ksi.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** Every command's help, as a user reads it at 80 columns: no picocli warnings, defaults shown, file names whole. */
class HelpTextTest {
    /** A help line ending inside a file name ("... (.labels." then "txt).") that picocli split at a dot. */
    private static final Pattern SPLIT_NAME = Pattern.compile("\\.[A-Za-z0-9_-]*\\.$|\\w\\.$");

    private static final Pattern EXTENSION_START = Pattern.compile("^\\s*(npy|npz|txt|json|gz|png|pt|onnx|csv)\\b.*");

    @Test
    void everyHelpIsCleanAndShowsItsDefaults() {
        List<String> problems = new ArrayList<>();
        for (CommandLine c : commands(Ksi.commandLine())) {
            String name = c.getCommandSpec().qualifiedName();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            PrintStream old = System.err;
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            String help;
            try {
                help = c.getUsageMessage(CommandLine.Help.Ansi.OFF);
            } finally {
                System.setErr(old);
            }
            if (err.toString(StandardCharsets.UTF_8).contains("picocli WARN")) {
                problems.add(name + ": picocli warns: "
                        + err.toString(StandardCharsets.UTF_8).strip());
            }
            List<String> lines = help.lines().toList();
            for (int i = 0; i + 1 < lines.size(); i++) {
                if (SPLIT_NAME.matcher(lines.get(i)).find()
                        && EXTENSION_START.matcher(lines.get(i + 1)).matches()) {
                    problems.add(name + ": a file name split over two lines: '" + lines.get(i) + "' / '"
                            + lines.get(i + 1).strip() + "'");
                }
            }
            for (OptionSpec o : c.getCommandSpec().options()) {
                boolean flag = o.type() == boolean.class || o.type() == Boolean.class;
                if (o.defaultValue() != null && !flag && !o.usageHelp() && !o.versionHelp()) {
                    String d = String.join(" ", o.description());
                    if (!d.contains("default")) {
                        problems.add(name + " " + o.longestName() + ": default " + o.defaultValue() + " not shown");
                    }
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    /** series and field share their size options, whose defaults are each study's: the help quotes them right. */
    @Test
    void studySizeHelpQuotesBothStudiesDefaults() {
        var series = io.ksi.app.series.SeriesStudy.Settings.defaults();
        var seriesQuick = io.ksi.app.series.SeriesStudy.Settings.quick();
        var field = io.ksi.app.image.ImageStudy.Settings.defaults();
        var fieldQuick = io.ksi.app.image.ImageStudy.Settings.quick();
        CommandLine command = Ksi.commandLine().getSubcommands().get("series");
        int[][] expected = {
            {series.pairs(), field.pairs(), seriesQuick.pairs(), fieldQuick.pairs()},
            {series.heldOutPairs(), field.heldOutPairs(), seriesQuick.heldOutPairs(), fieldQuick.heldOutPairs()},
            {series.fitSteps(), field.fitSteps(), seriesQuick.fitSteps(), fieldQuick.fitSteps()},
            {series.steps(), field.steps(), seriesQuick.steps(), fieldQuick.steps()},
            {series.samples(), field.samples(), seriesQuick.samples(), fieldQuick.samples()}
        };
        String[] options = {"--pairs", "--heldout", "--fit-steps", "--steps", "--count"};
        for (int i = 0; i < options.length; i++) {
            String d = String.join(
                    " ", command.getCommandSpec().findOption(options[i]).description());
            int[] v = expected[i];
            String want = String.format("(default: series %d, field %d; --quick: %d, %d)", v[0], v[1], v[2], v[3]);
            assertEquals(true, d.endsWith(want), options[i] + ": '" + d + "' should end with " + want);
        }
    }

    private static List<CommandLine> commands(CommandLine root) {
        List<CommandLine> all = new ArrayList<>();
        all.add(root);
        for (CommandLine sub : root.getSubcommands().values()) {
            if (!all.contains(sub)) {
                all.addAll(commands(sub));
            }
        }
        return all;
    }
}
