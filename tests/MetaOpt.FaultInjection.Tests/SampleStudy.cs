namespace MetaOpt.FaultInjection.Tests;

/// <summary>
/// A real storage with a finished function study, made once by the launcher, and what the read commands print for
/// it intact: the damaged copies are cut from it, and a copy read "successfully" must print the same.
/// </summary>
public sealed class SampleStudy : IDisposable
{
    /// <summary>The study the storage holds.</summary>
    public const string Study = "functions-branin";

    /// <summary>Its finished trials.</summary>
    public const int Trials = 20;

    private readonly WorkDirectory _directory = new();
    private readonly Dictionary<string, string> _intactOutput = [];

    public SampleStudy()
    {
        var run = LauncherChild.Run(_directory.Path, Command("run"));
        Assert.True(run.ExitCode == 0, $"preparing the sample study failed: {run}");
        Bytes = File.ReadAllBytes(_directory.File("s.db"));
        foreach (var command in new[] { "list", "show", "export" })
        {
            var read = LauncherChild.Run(_directory.Path, Command(command));
            Assert.True(read.ExitCode == 0, $"{command} of the intact sample failed: {read}");
            _intactOutput[command] = read.Output;
        }
    }

    /// <summary>The intact storage file.</summary>
    public byte[] Bytes { get; }

    /// <summary>The command line of <paramref name="command"/> (list, show, export or run) on s.db in the working directory.</summary>
    public static string[] Command(string command, string storage = "s.db") => command switch
    {
        "list" => ["list", "--storage", storage],
        "show" => ["show", Study, "--storage", storage],
        "export" => ["export", Study, "--format", "json", "--storage", storage],
        "run" => ["run", Study, "--trials", Trials.ToString(System.Globalization.CultureInfo.InvariantCulture), "--storage", storage],
        _ => throw new ArgumentOutOfRangeException(nameof(command), command, "list, show, export or run"),
    };

    /// <summary>What a read command printed for the intact file.</summary>
    public string IntactOutput(string command) => _intactOutput[command];

    public void Dispose() => _directory.Dispose();
}
