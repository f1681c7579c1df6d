namespace MetaOpt.FaultInjection.Tests;

/// <summary>
/// A synthetic-cold-start storage whose baselines are already computed (they take most of a fresh run), with one
/// finished trial: the interruption tests copy it instead of paying for the baselines each time.
/// </summary>
public sealed class BaselinedStudy : IDisposable
{
    /// <summary>The study the storage holds.</summary>
    public const string Study = "synthetic-cold-start";

    private readonly WorkDirectory _directory = new();

    public BaselinedStudy()
    {
        var run = LauncherChild.Run(_directory.Path, Command(1));
        Assert.True(run.ExitCode == 0, $"preparing the baselined study failed: {run}");
    }

    /// <summary>The same command every test runs, apart from the trial count (so no stored setting changes). Trials of
    /// 12 epochs (about a second on a quiet machine): with 3, a loaded CI machine sent a signal meant for one trial
    /// after the run had finished all of them.</summary>
    public static string[] Command(int trials, params string[] extra) =>
        ["run", Study, "--trials", trials.ToString(System.Globalization.CultureInfo.InvariantCulture), "--epochs", "12", "--seed", "0", "--storage", "s.db", .. extra];

    /// <summary>Copies the prepared storage into <paramref name="directory"/> as s.db.</summary>
    public void CopyTo(string directory) => File.Copy(_directory.File("s.db"), Path.Combine(directory, "s.db"));

    public void Dispose() => _directory.Dispose();
}
