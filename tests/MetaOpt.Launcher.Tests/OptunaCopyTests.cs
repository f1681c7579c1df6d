using System.Globalization;

namespace MetaOpt.Launcher.Tests;

/// <summary>
/// <c>metaopt storage copy</c> with Optuna's storages: studies Python Optuna wrote come in, what MetaOpt cannot hold is
/// refused in one line before anything is written, and MetaOpt's studies go out as a journal and come back the same.
/// </summary>
public sealed class OptunaCopyTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "OptunaFixtures", name);

    [Theory]
    [InlineData("optuna-journal:", "history.journal")]
    [InlineData("optuna-sqlite:", "history.sqlite3")]
    public void CopyFromOptunaBringsEveryStudyInAndSaysWhatItKeptAsText(string prefix, string file)
    {
        var target = _directory.File("imported.db");

        var copy = Launcher.Run("storage", "copy", "--from", prefix + Fixture(file), "--to", target);

        Assert.Equal(0, copy.ExitCode);
        Assert.Equal(
            $"Copied 'optimized' (5 trials) to {target}. 1 of them were running and are Running in the copy, without their later results: copy again once the study has finished.\n" +
            $"Copied 'added' (2 trials) to {target}. 1 attribute value that is a list, an object or None is kept as its JSON text.\n", copy.Output);
        using var storage = LiteDbStorage.OpenReadOnly(target);
        Assert.Equal([TrialState.Complete, TrialState.Pruned, TrialState.Failed, TrialState.Running, TrialState.Waiting],
            storage.GetAllTrials("optimized").Select(t => t.State));
        Assert.Equal(1.0213999999999999, storage.GetAllTrials("optimized")[0].Value);
        Assert.Equal("out of memory", storage.GetAllTrials("added")[1].FailReason);
    }

    [Fact]
    public void AMultiObjectiveStudyIsCopiedWithItsDirectionsAndEachTrialsValues()
    {
        var target = _directory.File("imported.db");
        var source = "optuna-journal:" + Fixture("multi.journal");

        var all = Launcher.Run("storage", "copy", "--from", source, "--to", target);

        Assert.Equal(0, all.ExitCode);
        Assert.Empty(all.ErrorLines);
        using var storage = new LiteDbStorage(target);
        Assert.Equal(["plain", "pareto"], storage.GetAllStudies().Select(s => s.Name));
        Assert.Equal([Direction.Minimize, Direction.Maximize], storage.FindStudy("pareto")!.Directions);
        var trials = storage.GetAllTrials("pareto");
        Assert.Equal(2, trials.Count);
        // The fixture's objective returns its two parameters.
        Assert.All(trials, t => Assert.Equal([(double)t.Params["x"], (double)t.Params["y"]], t.Values));
    }

    [Fact]
    public void AStudyCopiedOutAsAnOptunaJournalComesBackTheSameAndWarmStartsAGpStudy()
    {
        var storage = _directory.File("studies.db");
        var journal = "optuna-journal:" + _directory.File("studies.journal");
        var back = _directory.File("back.db");
        Assert.Equal(0, Launcher.Run("run", "functions-branin", "--name", "source", "--trials", "12", "--sampler", "random", "--seed", "3", "--storage", storage).ExitCode);

        var exported = Launcher.Run("storage", "copy", "--from", storage, "--to", journal);
        var again = Launcher.Run("storage", "copy", "--from", storage, "--to", journal);
        var imported = Launcher.Run("storage", "copy", "--from", journal, "--to", back);
        var warm = Launcher.Run("run", "functions-branin", "--sampler", "gp", "--warm-start", "source", "--trials", "3", "--seed", "3", "--storage", back);

        Assert.Equal(0, exported.ExitCode);
        Assert.Equal($"Copied 'source' (12 trials) to {journal}.\n", exported.Output);
        Assert.Equal(1, again.ExitCode);
        Assert.Equal($"metaopt: The Optuna journal '{_directory.File("studies.journal")}' already has a study 'source': copy with --study another one, " +
                     "or to another file; nothing was written", Assert.Single(again.ErrorLines));
        Assert.Equal(0, imported.ExitCode);
        using (var original = LiteDbStorage.OpenReadOnly(storage))
        using (var copy = LiteDbStorage.OpenReadOnly(back))
        {
            var (before, after) = (original.GetAllTrials("source"), copy.GetAllTrials("source"));
            Assert.Equal(before.Select(Summary), after.Select(Summary));
            Assert.Equal(original.FindStudy("source")!.UserAttrs, copy.FindStudy("source")!.UserAttrs);
        }
        Assert.Equal(0, warm.ExitCode);
        Assert.Contains("3 complete", warm.Output);
    }

    [Theory]
    [InlineData("optuna-sqlite:out.sqlite3", "--to 'optuna-sqlite:out.sqlite3': MetaOpt reads Optuna's RDB schema but does not write it; use --to optuna-journal:FILE, which Optuna and optuna-dashboard open")]
    [InlineData("optuna-journal:", "'optuna-journal:' names no file: use optuna-journal:FILE, optuna-sqlite:FILE or optuna-postgresql:postgresql://user:password@host:5432/database")]
    public void AnOptunaTargetMetaOptCannotWriteIsAUsageError(string to, string message)
    {
        var outcome = Launcher.Run("storage", "copy", "--from", "optuna-journal:" + Fixture("history.journal"), "--to", to);

        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal("metaopt: " + message, Assert.Single(outcome.ErrorLines));
    }

    [Fact]
    public void AMissingOrDamagedOptunaFileIsOneLine()
    {
        var damaged = _directory.File("damaged.journal");
        File.WriteAllLines(damaged, ["{\"op_code\": 0", "{}"]);

        var missing = Launcher.Run("storage", "copy", "--from", "optuna-journal:nosuch.journal", "--to", _directory.File("a.db"));
        var bad = Launcher.Run("storage", "copy", "--from", "optuna-journal:" + damaged, "--to", _directory.File("a.db"));

        Assert.Equal(2, missing.ExitCode);
        Assert.Equal("metaopt: 'optuna-journal:nosuch.journal': no such file", Assert.Single(missing.ErrorLines));
        Assert.Equal(1, bad.ExitCode);
        Assert.StartsWith($"metaopt: cannot read 'optuna-journal:{damaged}': line 1 of the Optuna journal '{damaged}' is not JSON", Assert.Single(bad.ErrorLines));
        Assert.False(File.Exists(_directory.File("a.db")));
    }

    [Fact]
    public void AnOptunaPostgresqlSourceIsNamedWithoutItsPasswordWhenItCannotBeRead()
    {
        // Port 1 on the loopback: nothing listens there, so the connection is refused at once.
        var unreachable = Launcher.Run("storage", "copy", "--from", "optuna-postgresql:postgresql://optuna:s3cret@127.0.0.1:1/optuna", "--to", _directory.File("a.db"));
        var notUrl = Launcher.Run("storage", "copy", "--from", "optuna-postgresql:optuna.db", "--to", _directory.File("a.db"));

        Assert.Equal(1, unreachable.ExitCode);
        var line = Assert.Single(unreachable.ErrorLines);
        Assert.StartsWith("metaopt: cannot read 'optuna-postgresql:postgresql://optuna:***@127.0.0.1:1/optuna': cannot open '", line);
        Assert.DoesNotContain("s3cret", unreachable.Error);
        Assert.Equal(2, notUrl.ExitCode);
        Assert.Equal("metaopt: 'optuna-postgresql:optuna.db' names no database: use optuna-postgresql:postgresql://user:password@host:5432/database",
            Assert.Single(notUrl.ErrorLines));
        Assert.False(File.Exists(_directory.File("a.db")));
    }

    private static string Summary(FrozenTrial t) => string.Join(' ', [t.Number.ToString(CultureInfo.InvariantCulture), t.State.ToString(),
        t.Value?.ToString("R", CultureInfo.InvariantCulture) ?? "-", .. t.Params.OrderBy(p => p.Key).Select(p => $"{p.Key}={p.Value}"),
        .. t.SystemAttrs.OrderBy(p => p.Key).Select(p => $"{p.Key}={p.Value}"), .. t.UserAttrs.OrderBy(p => p.Key).Select(p => $"{p.Key}={p.Value}")]);
}
