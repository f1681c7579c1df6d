using System.Diagnostics;
using MetaOpt.Launcher.Cli;

namespace MetaOpt.Launcher.Tests;

/// <summary>
/// Every command's <c>--help</c> ends with an example of that command, and every example works as written: the test
/// walks the command tree through the help itself and runs the examples, in a new folder, as a user copying them would.
/// </summary>
public sealed class HelpExampleTests : IDisposable
{
    /// <summary>
    /// Every example in the help, in an order where each finds what the earlier ones made (a user follows the same
    /// order): a command added with an example fails <see cref="EveryCommandsHelpNamesMetaoptAndEndsWithAnExampleOfThatCommand"/>
    /// until its example is placed here.
    /// </summary>
    private static readonly string[] Tour =
    [
        "metaopt studies",
        "metaopt run functions-branin --trials 40",
        "metaopt list --format json",
        "metaopt show functions-branin --sort value --limit 10",
        "metaopt best functions-branin",
        "metaopt confirm functions-branin --top 5 --repeats 4",
        "metaopt suggest functions-branin --count 3",
        "metaopt report functions-branin --out report",
        "metaopt export functions-branin --format csv --out trials.csv",
        "metaopt storage check studies.db",
        "metaopt storage recover studies.db --out recovered.db",
        "metaopt storage copy --from studies.db --to backup.db",
        "metaopt ask quadratic --search-space space.json",
        "metaopt report-value quadratic 0 --step 0 --value 0.5",
        "metaopt tell quadratic 0 --value 0.25",
        "metaopt study copy functions-branin branin-old",
        "metaopt study delete branin-old --yes",
        "metaopt study rename functions-branin branin-tpe",
        "metaopt new study my-model",
        "metaopt train --algo maml --epochs 2",
        "metaopt run synthetic-cold-start --trials 3 --epochs 1 --keep-models top-2",
        "metaopt best synthetic-cold-start --export-model best-model",
        "metaopt predict synthetic-cold-start --users users.txt",
        "metaopt predict --model best-model --users users.txt",
        "metaopt ensemble synthetic-cold-start --top-k 2",
    ];

    /// <summary>Examples that run until Ctrl+C: parsed by the real parser instead of run.</summary>
    private static readonly string[] ServeUntilStopped = ["metaopt dashboard --port 8080"];

    /// <summary>The search space that the help of <c>ask</c> describes, which its example reads.</summary>
    private const string SearchSpace = """{"x": {"type": "float", "low": -5, "high": 5}}""";

    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void EveryCommandsHelpNamesMetaoptAndEndsWithAnExampleOfThatCommand()
    {
        var examples = new HashSet<string>(StringComparer.Ordinal);
        var visited = new List<string>();
        var pending = new Queue<string[]>([[]]);
        while (pending.TryDequeue(out var path))
        {
            var help = Launcher.Run([.. path, "--help"]);
            var command = string.Join(' ', ["metaopt", .. path]);
            visited.Add(command);
            Assert.True(help.ExitCode == 0, $"{command} --help: {help.Error}");
            Assert.Contains($"  {command}", help.Output); // the usage names metaopt, not the assembly
            Assert.DoesNotContain("MetaOpt.Launcher", help.Output);
            var lines = help.Output.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
            var shown = Section(lines, "Examples:");
            Assert.True(shown.Count > 0, $"'{command} --help' shows no example:\n{help.Output}");
            Assert.Equal(lines[^1].Trim(), shown[^1]);
            Assert.All(shown, example => Assert.StartsWith(command + (path.Length == 0 ? "" : " "), example + " ", StringComparison.Ordinal));
            examples.UnionWith(shown);
            // A subcommand's line starts two spaces in; a wrapped description goes on further in.
            foreach (var line in lines.SkipWhile(l => l != "Commands:").Skip(1).TakeWhile(l => l.Trim().Length > 0))
                if (line.Length > 2 && line[2] != ' ')
                    pending.Enqueue([.. path, line.Trim().Split(' ')[0]]);
        }

        Assert.Contains("metaopt study delete", visited);
        Assert.Contains("metaopt new study", visited);
        Assert.Equal(Tour.Concat(ServeUntilStopped).Order(StringComparer.Ordinal), examples.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void ExamplesThatServeUntilStoppedParseWithTheRealParser()
    {
        using var interruption = new Interruption();
        foreach (var example in ServeUntilStopped)
        {
            var parse = Program.CommandTree(interruption, TextWriter.Null).Parse(example.Split(' ')[1..]);
            Assert.True(parse.Errors.Count == 0, $"'{example}': {string.Join("; ", parse.Errors.Select(e => e.Message))}");
        }
    }

    [Fact]
    public void EveryExampleWorksAsWrittenInANewFolder()
    {
        File.WriteAllText(_directory.File("space.json"), SearchSpace);
        // The users and items that the help of predict rates.
        File.WriteAllText(_directory.File("users.txt"), "1 1 2 3\n");

        foreach (var example in Tour)
        {
            var (exitCode, output) = RunInFolder(example.Split(' ')[1..]);
            Assert.True(exitCode == 0, $"'{example}' exited {exitCode}:\n{output}");
        }

        Assert.True(File.Exists(_directory.File("report/report.html")));
        Assert.True(File.Exists(_directory.File("my-model/metaopt.json")));
    }

    /// <summary>The lines of a help section ("Commands:", "Examples:"), trimmed, up to the blank line that ends it.</summary>
    private static List<string> Section(string[] lines, string heading) =>
        lines.SkipWhile(l => l != heading).Skip(1).TakeWhile(l => l.Trim().Length > 0).Select(l => l.Trim()).ToList();

    /// <summary>Runs the real launcher in the test's folder, as a user's shell would, without a storage from the environment.</summary>
    private (int ExitCode, string Output) RunInFolder(string[] arguments)
    {
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "MetaOpt.Launcher"))
        {
            WorkingDirectory = _directory.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.Environment.Remove("METAOPT_STORAGE");
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var child = Process.Start(start)!;
        child.StandardInput.Close();
        var error = child.StandardError.ReadToEndAsync();
        var output = child.StandardOutput.ReadToEnd();
        child.WaitForExit();
        return (child.ExitCode, output + error.Result);
    }
}
