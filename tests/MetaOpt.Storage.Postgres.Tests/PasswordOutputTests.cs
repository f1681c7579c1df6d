using System.Diagnostics;

namespace MetaOpt.Storage.Postgres.Tests;

/// <summary>
/// Every verb, its errors included, run against a URL with a known password in each form it may take: nothing any
/// of them prints holds the password or a piece of it.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PasswordOutputTests : IDisposable
{
    // "pw@Hidden7" as a raw '@' shows where a mask that ends at the first '@' would leak "Hidden7".
    private const string Password = "pw@Hidden7";
    private const string Piece = "Hidden7";

    private readonly string _folder = Directory.CreateTempSubdirectory("metaopt-password-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    public static TheoryData<string> Forms => new() { "user-info", "query", "raw-at" };

    [SkippableTheory]
    [MemberData(nameof(Forms))]
    public void NoVerbPrintsThePassword(string form)
    {
        var url = PostgresServer.Require().NewDatabase();
        // The test server trusts loopback logins, so any password is accepted: what matters is where it shows.
        var secret = form switch
        {
            "user-info" => url.Replace("postgres@", "postgres:Secret-Hidden7@", StringComparison.Ordinal),
            "query" => url + "?Password=Hidden7",
            _ => url.Replace("postgres@", $"postgres:{Password}@", StringComparison.Ordinal),
        };
        var space = Path.Combine(_folder, "space.json");
        File.WriteAllText(space, """{"x": {"type": "float", "low": -1, "high": 1}}""");
        var file = Path.Combine(_folder, "copy.db");
        var outcomes = new List<(string Command, LauncherOutcome Outcome)>();
        void Metaopt(params string[] arguments) => outcomes.Add((string.Join(' ', arguments), LauncherProcess.Run(arguments, storage: null, _folder)));
        void FromVariable(params string[] arguments) => outcomes.Add(($"(METAOPT_STORAGE) {string.Join(' ', arguments)}", LauncherProcess.Run(arguments, storage: secret, _folder)));

        Metaopt("run", "functions-branin", "--trials", "3", "--sampler", "random", "--storage", secret);
        Metaopt("run", "functions-branin", "--trials", "2", "--storage", secret);
        FromVariable("run", "functions-branin", "--trials", "4", "--isolation", "process", "--report", Path.Combine(_folder, "run-report"));
        Metaopt("list", "--storage", secret);
        Metaopt("list", "--format", "json", "--storage", secret);
        FromVariable("list", "--format", "json");
        Metaopt("show", "functions-branin", "--storage", secret);
        Metaopt("best", "functions-branin", "--storage", secret);
        Metaopt("report", "functions-branin", "--storage", secret);
        Metaopt("export", "functions-branin", "--format", "csv", "--storage", secret);
        Metaopt("ask", "cc", "--search-space", space, "--storage", secret);
        Metaopt("ask", "cc", "--search-space", space, "--direction", "maximize", "--storage", secret);
        Metaopt("report-value", "cc", "0", "--step", "0", "--value", "1", "--storage", secret);
        FromVariable("tell", "cc", "0", "--value", "1");
        Metaopt("tell", "cc", "7", "--value", "1", "--storage", secret);
        Metaopt("study", "copy", "functions-branin", "branin-copy", "--storage", secret);
        Metaopt("study", "copy", "functions-branin", "branin-copy", "--storage", secret);
        Metaopt("study", "rename", "branin-copy", "branin-renamed", "--storage", secret);
        Metaopt("study", "delete", "branin-renamed", "--storage", secret);
        Metaopt("study", "delete", "branin-renamed", "--yes", "--storage", secret);
        Metaopt("storage", "check", secret);
        Metaopt("storage", "copy", "--from", secret, "--to", file);
        Metaopt("storage", "copy", "--from", file, "--to", secret);
        Metaopt("storage", "recover", secret, "--out", Path.Combine(_folder, "recovered.db"));
        // Errors: no such study, bad options and values, a mistyped command, each quoting what it was given.
        Metaopt("show", "no-such-study", "--storage", secret);
        FromVariable("tell", "no-such-study", "0", "--value", "1");
        Metaopt("list", "--format", "yaml", "--storage", secret);
        Metaopt("run", "functions-branin", "--trials", "abc", "--storage", secret);
        Metaopt("lsit", "--storage", secret);
        Metaopt("list", $"--storage={secret}", "--bogus");
        Metaopt("run", "functions-branin", "--trials", "9", "--storage", secret, "--warm-start", "nothing-here");
        outcomes.Add(("dashboard", Dashboard(secret)));

        foreach (var (command, outcome) in outcomes)
            Assert.False(outcome.All.Contains(Piece, StringComparison.Ordinal), $"metaopt {command} printed the password:\n{outcome.All}");
        Assert.DoesNotContain(Directory.EnumerateFileSystemEntries(_folder, "*", SearchOption.AllDirectories), path => path.Contains(Piece, StringComparison.Ordinal));
        // The verbs did their work with that URL: the password reached the server, it only never reached the output.
        Assert.Contains(outcomes, o => o.Outcome.Output.Contains("Copied 'functions-branin' (4 trials)", StringComparison.Ordinal));
        Assert.Equal(0, outcomes.Single(o => o.Command.StartsWith("(METAOPT_STORAGE) tell cc 0", StringComparison.Ordinal)).Outcome.ExitCode);
    }

    /// <summary>The dashboard's banner and whatever it prints until SIGTERM stops it.</summary>
    private LauncherOutcome Dashboard(string url)
    {
        using var dashboard = Process.Start(LauncherProcess.StartInfo(["dashboard", "--storage", url, "--port", "0", "--host", "0.0.0.0"], workingDirectory: _folder))!;
        var banner = dashboard.StandardOutput.ReadLine() ?? "";
        Assert.Contains("Dashboard of", banner);
        using (var stop = Process.Start("kill", ["-TERM", dashboard.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            stop.WaitForExit();
        Assert.True(dashboard.WaitForExit(30_000), "the dashboard did not stop on SIGTERM");
        return new LauncherOutcome(dashboard.ExitCode, banner + dashboard.StandardOutput.ReadToEnd(), dashboard.StandardError.ReadToEnd());
    }
}
