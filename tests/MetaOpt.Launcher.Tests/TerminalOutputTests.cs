using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MetaOpt.Launcher.Cli;

namespace MetaOpt.Launcher.Tests;

/// <summary>What the listing commands print for people and scripts: 80-column tables, --limit/--state, JSON, help, suggestions.</summary>
public sealed class TerminalOutputTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly string _storage;

    public TerminalOutputTests() => _storage = _directory.File("studies.db");

    public void Dispose() => _directory.Dispose();

    private void RunStudy(string definition, int trials, params string[] extra) =>
        Assert.Equal(0, Launcher.Run(["run", definition, "--trials", trials.ToString(CultureInfo.InvariantCulture), "--storage", _storage, "--seed", "3", .. extra]).ExitCode);

    [Fact]
    public void ParametersPrintAsAskAndTheReportWriteThem()
    {
        // show and run printed .NET's True/False where ask, export and the report write true/false.
        Assert.Equal("flag=true n=3 x=0.1235", Format.Params(new Dictionary<string, object> { ["flag"] = true, ["n"] = 3, ["x"] = 0.123456 }));
    }

    [Fact]
    public void TablesFitEightyColumnsWithoutSplittingANumberOrAName()
    {
        RunStudy("functions-branin", 6);
        RunStudy("functions-mixed", 4, "--name", "a-rather-long-study-name-for-the-mixed-space");

        foreach (var command in new[] { new[] { "studies" }, ["list", "--storage", _storage], ["show", "functions-mixed", "--storage", _storage, "--sort", "value"] }
                     .Select(c => c.Select(a => a == "functions-mixed" ? "a-rather-long-study-name-for-the-mixed-space" : a).ToArray()))
        {
            var (exitCode, output) = RunChild(command, columns: 80);

            Assert.Equal(0, exitCode);
            var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();
            Assert.All(lines, l => Assert.True(l.Length <= 80, $"{command[0]}: {l.Length} columns: {l}"));
            if (command[0] == "list")
            {
                Assert.Contains(lines, l => l.Split(' ')[0] == "a-rather-long-study-name-for-the-mixed-space");
                Assert.Contains(lines, l => l.Contains(BestValue("functions-branin").ToString("G6", CultureInfo.InvariantCulture), StringComparison.Ordinal));
            }
        }
        // Every description word is printed whole: none is cut at the column edge.
        var studies = RunChild(["studies"], columns: 80).Output;
        var words = studies.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries).ToHashSet();
        Assert.Contains("movielens-meta-transfer", words);
        Assert.Contains("pretrain_epochs", words);
    }

    [Fact]
    public void NarrowTableLeavesOutColumnsAndSaysWhich()
    {
        var table = new TextTable().Column("name").Column("value", rightAligned: true).Column("note", dropRank: 1).Column("text", wrap: true);
        table.Row("functions-branin", "0.450529", "a-long-note-cell", "a few words to wrap");
        var output = new StringWriter();

        table.Write(output, 34);

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();
        Assert.Equal("name                 value  text", lines[0]);
        Assert.Equal("functions-branin  0.450529  a few", lines[2]);
        Assert.Equal(["words", "to", "wrap"], lines.Skip(3).Take(3).Select(l => l.Trim()));
        Assert.StartsWith("(left out to fit 34 columns: note;", lines[6]);
    }

    [Fact]
    public void ShowLimitAndStateSelectTheBestTrialsOfAState()
    {
        RunStudy("functions-branin", 12);

        var best = Launcher.Run("show", "functions-branin", "--storage", _storage, "--sort", "value", "--limit", "3", "--state", "complete", "--format", "json");
        var pruned = Launcher.Run("show", "functions-branin", "--storage", _storage, "--state", "pruned", "--format", "json");
        var table = Launcher.Run("show", "functions-branin", "--storage", _storage, "--limit", "2");

        Assert.Equal(0, best.ExitCode);
        using var document = JsonDocument.Parse(best.Output);
        Assert.Equal("functions-branin", document.RootElement.GetProperty("study").GetString());
        var values = document.RootElement.GetProperty("trials").EnumerateArray().Select(t => t.GetProperty("value").GetDouble()).ToList();
        Assert.Equal(AllValues("functions-branin").Order().Take(3), values);
        using var none = JsonDocument.Parse(pruned.Output);
        Assert.Equal(0, none.RootElement.GetProperty("trials").GetArrayLength());
        Assert.Contains("(2 of 12 trials shown; raise --limit for more)", table.Output);
    }

    [Fact]
    public void ShowNamesTheSamplerTheAutoSamplerChoseForEachTrial()
    {
        RunStudy("functions-branin", 3);
        RunStudy("functions-branin", 3, "--sampler", "random", "--name", "random");

        var table = Launcher.Run("show", "functions-branin", "--storage", _storage);
        var json = Launcher.Run("show", "functions-branin", "--storage", _storage, "--format", "json");
        var random = Launcher.Run("show", "random", "--storage", _storage);

        var lines = table.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();
        Assert.Contains("sampler", lines[0], StringComparison.Ordinal);
        Assert.Equal(3, lines.Count(l => l.Contains("Complete", StringComparison.Ordinal) && l.Contains(" gp ", StringComparison.Ordinal)));
        using var document = JsonDocument.Parse(json.Output);
        Assert.All(document.RootElement.GetProperty("trials").EnumerateArray(),
            t => Assert.Equal("gp", t.GetProperty("system_attrs").GetProperty(AutoSampler.SamplerAttr).GetString()));
        Assert.DoesNotContain("sampler", random.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void ListAndStudiesWriteJsonWithTheDocumentedFields()
    {
        RunStudy("functions-branin", 5);

        var list = Launcher.Run("list", "--storage", _storage, "--format", "json");
        var studies = Launcher.Run("studies", "--format", "json");

        using var listed = JsonDocument.Parse(list.Output);
        var study = Assert.Single(listed.RootElement.GetProperty("studies").EnumerateArray());
        Assert.Equal("functions-branin", study.GetProperty("name").GetString());
        Assert.Equal(5, study.GetProperty("complete").GetInt32());
        Assert.Equal(AllValues("functions-branin").Min(), study.GetProperty("best_value").GetDouble());
        using var defined = JsonDocument.Parse(studies.Output);
        var branin = defined.RootElement.GetProperty("studies").EnumerateArray().Single(s => s.GetProperty("name").GetString() == "functions-branin");
        Assert.Equal(["x1", "x2"], branin.GetProperty("parameters").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal("none", branin.GetProperty("data").GetString());
    }

    [Fact]
    public void MistypedCommandAndStudyNamesGetASuggestion()
    {
        RunStudy("functions-branin", 2, "--name", "branin-tpe");

        var command = Launcher.Run("lsit", "--storage", _storage);
        var builtIn = Launcher.Run("run", "functions-branni", "--storage", _storage);
        var stored = Launcher.Run("show", "branin-tep", "--storage", _storage);
        var far = Launcher.Run("show", "zzz", "--storage", _storage);

        Assert.Equal(2, command.ExitCode);
        Assert.Equal("metaopt: Unrecognized command or argument 'lsit': did you mean 'list'? (see 'metaopt --help')", Assert.Single(command.ErrorLines));
        Assert.Contains("unknown study 'functions-branni': did you mean 'functions-branin'?", Assert.Single(builtIn.ErrorLines));
        Assert.Contains("no study 'branin-tep' in", Assert.Single(stored.ErrorLines));
        Assert.Contains("did you mean 'branin-tpe'?", stored.ErrorLines[0]);
        Assert.DoesNotContain("did you mean", far.Error);
    }

    [Theory]
    [InlineData("lsit", "list", 1)]
    [InlineData("show", "show", 0)]
    [InlineData("Show", "show", 0)]
    [InlineData("sohw", "show", 1)]
    [InlineData("xyz", "show", 4)]
    public void DistanceCountsSwapsAsOneEdit(string typed, string known, int distance) =>
        Assert.Equal(distance, Suggestions.Distance(typed.ToLowerInvariant(), known));

    private List<double> AllValues(string study)
    {
        using var storage = new LiteDbStorage(_storage);
        return storage.GetAllTrials(study).Where(t => t.State == TrialState.Complete).Select(t => t.Value!.Value).ToList();
    }

    private double BestValue(string study) => AllValues(study).Min();

    /// <summary>Runs the real launcher with its output redirected and COLUMNS set, as a script or 'less' would see it.</summary>
    private static (int ExitCode, string Output) RunChild(string[] arguments, int columns)
    {
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "MetaOpt.Launcher"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["COLUMNS"] = columns.ToString(CultureInfo.InvariantCulture);
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var child = Process.Start(start)!;
        var error = child.StandardError.ReadToEndAsync();
        var output = child.StandardOutput.ReadToEnd();
        child.WaitForExit();
        Assert.Equal("", error.Result);
        return (child.ExitCode, output);
    }
}
