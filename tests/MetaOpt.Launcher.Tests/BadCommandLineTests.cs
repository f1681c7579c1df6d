namespace MetaOpt.Launcher.Tests;

/// <summary>
/// Bad values of every kind of option: each is exit 2 with one line naming the option, the value as typed and what
/// is allowed, and nothing is created (the storage file does not appear).
/// </summary>
public sealed class BadCommandLineTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly string _storage;

    public BadCommandLineTests() => _storage = _directory.File("s.db");

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData("--trials", "abc", "use a whole number from 1 to 2147483647")]
    [InlineData("--trials", "99999999999", "use a whole number from 1 to 2147483647")]
    [InlineData("--trials", "0", "use a whole number from 1 to 2147483647")]
    [InlineData("--trials", "1.5", "use a whole number from 1 to 2147483647")]
    [InlineData("--parallel", "abc", "use a whole number from 1 to 256")]
    [InlineData("--parallel", "100000", "use a whole number from 1 to 256")]
    [InlineData("--epochs", "abc", "use a whole number from 1 to 100000")]
    [InlineData("--folds", "0", "use a whole number from 1 to 1000")]
    [InlineData("--seed", "x", "use a whole number from 0 to 2147483647")]
    [InlineData("--seed", "-1", "use a whole number from 0 to 2147483647")]
    [InlineData("--timeout", "99999999h", "use a positive duration up to 365d, such as 90s, 30m, 2h or 1h30m")]
    [InlineData("--timeout", "abc", "use a positive duration up to 365d, such as 90s, 30m, 2h or 1h30m")]
    [InlineData("--timeout", "0s", "use a positive duration up to 365d, such as 90s, 30m, 2h or 1h30m")]
    [InlineData("--intensify", "1", "use a whole number from 2 to 100, the incumbent's most runs (or no value for 3)")]
    [InlineData("--intensify", "many", "use a whole number from 2 to 100, the incumbent's most runs (or no value for 3)")]
    [InlineData("--intensify", "101", "use a whole number from 2 to 100, the incumbent's most runs (or no value for 3)")]
    public void RunOptionValueIsNamedWithWhatIsAllowed(string option, string value, string allowed)
    {
        var outcome = Launcher.Run("run", "functions-branin", option, value, "--storage", _storage);

        AssertUsageError(outcome, $"metaopt: invalid {option} '{value}': {allowed} (see 'metaopt run --help')");
    }

    [Theory]
    [InlineData("--epochs", "abc", "use a whole number from 1 to 100000")]
    [InlineData("--inner-steps", "1000", "use a whole number from 1 to 100")]
    [InlineData("--meta-batch", "-3", "use a whole number from 1 to 100000")]
    [InlineData("--pretrain-epochs", "x", "use a whole number from 0 to 100000")]
    [InlineData("--threads", "0", "use a whole number from 1 to 1024")]
    [InlineData("--seed", "1e3", "use a whole number from 0 to 2147483647")]
    [InlineData("--meta-lr", "fast", "use a number above 0 and at most 1")]
    [InlineData("--meta-lr", "5", "use a number above 0 and at most 1")]
    [InlineData("--meta-lr", "0", "use a number above 0 and at most 1")]
    [InlineData("--inner-lr", "NaN", "use a number from 0 to 10")]
    [InlineData("--dim", "0", "use a whole number from 1 to 4096")]
    public void TrainOptionValueIsNamedWithWhatIsAllowed(string option, string value, string allowed)
    {
        var outcome = Launcher.Run("train", option, value);

        AssertUsageError(outcome, $"metaopt: invalid {option} '{value}': {allowed} (see 'metaopt train --help')");
    }

    [Fact]
    public void EmptyStoragePathIsAUsageError()
    {
        var outcome = Launcher.Run("list", "--storage", "");

        AssertUsageError(outcome, "metaopt: --storage must name a file, not '' (see 'metaopt list --help')");
    }

    [Fact]
    public void DataThatIsAFileSaysSo()
    {
        var file = _directory.File("u.data");
        File.WriteAllText(file, "1\t1\t5\t0\n");

        var outcome = Launcher.Run("run", "movielens-maml", "--data", file, "--storage", _storage);

        AssertUsageError(outcome, $"metaopt: data directory '{file}' is a file, not a directory: pass --data with the folder of data the study reads (see 'metaopt run --help')");
    }

    [Fact]
    public void MalformedDataFailsBeforeAnyStudyIsStored()
    {
        var data = Directory.CreateDirectory(_directory.File("ml-100k")).FullName;
        File.WriteAllText(Path.Combine(data, "u.data"), "not\ta\trating\n");

        var outcome = Launcher.Run("run", "movielens-maml", "--data", data, "--storage", _storage);

        Assert.Equal(1, outcome.ExitCode);
        var line = Assert.Single(outcome.ErrorLines);
        Assert.StartsWith($"metaopt: cannot prepare 'movielens-maml': the data in '{data}' cannot be used: ", line);
        Assert.False(File.Exists(_storage));
    }

    [Fact]
    public void UnavailableDeviceIsRefusedBeforeAnyStudyIsStored()
    {
        var outcome = Launcher.Run("run", "synthetic-cold-start", "--device", "cuda:99", "--trials", "1", "--storage", _storage);

        Assert.Equal(2, outcome.ExitCode);
        var line = Assert.Single(outcome.ErrorLines);
        Assert.StartsWith("metaopt: cannot run 'synthetic-cold-start' with these settings: Device 'cuda:99'", line);
        Assert.DoesNotContain("(Parameter", line);
        Assert.False(File.Exists(_storage));
    }

    [Fact]
    public void WarmStartFromAStudyTheStorageLacksCreatesNothing()
    {
        Assert.Equal(0, Launcher.Run("run", "functions-branin", "--trials", "2", "--storage", _storage).ExitCode);

        var outcome = Launcher.Run("run", "functions-mixed", "--sampler", "gp", "--warm-start", "nosuch", "--storage", _storage);

        AssertUsageError(outcome, $"metaopt: cannot warm-start from 'nosuch': no such study in '{_storage}'; it has functions-branin", storageMayExist: true);
        using var storage = new LiteDbStorage(_storage);
        Assert.Equal(["functions-branin"], storage.GetAllStudies().Select(s => s.Name));
    }

    [Theory]
    [InlineData("", "A study name must not be empty or blank: ''.")]
    [InlineData("../../x", "A study name must not contain '/' or '\\': '../../x'.")]
    [InlineData("two\nlines", "A study name must not contain control characters such as newlines or escape sequences: 'two\\nlines'.")]
    public void BadStudyNameIsRefusedWithTheRule(string name, string rule)
    {
        var outcome = Launcher.Run("run", "functions-branin", "--name", name, "--storage", _storage);

        AssertUsageError(outcome, $"metaopt: invalid --name: {rule} (see 'metaopt run --help')");
    }

    [Fact]
    public void OverlongStudyNameIsRefusedByReadsToo()
    {
        Assert.Equal(0, Launcher.Run("run", "functions-branin", "--trials", "1", "--storage", _storage).ExitCode);
        var name = new string('n', 5000);

        var show = Launcher.Run("show", name, "--storage", _storage);
        var run = Launcher.Run("run", "functions-branin", "--name", name, "--storage", _storage);

        Assert.All([show, run], outcome =>
        {
            Assert.Equal(2, outcome.ExitCode);
            Assert.Contains("must be at most 100 characters long (it has 5000)", Assert.Single(outcome.ErrorLines));
        });
    }

    private void AssertUsageError(LauncherOutcome outcome, string expectedLine, bool storageMayExist = false)
    {
        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal(expectedLine, Assert.Single(outcome.ErrorLines));
        if (!storageMayExist)
            Assert.False(File.Exists(_storage));
    }
}
