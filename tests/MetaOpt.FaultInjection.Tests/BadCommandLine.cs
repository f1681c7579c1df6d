namespace MetaOpt.FaultInjection.Tests;

/// <summary>
/// One bad command line: its arguments, the text its one error line must contain (the bad value or option), the exit
/// code, and what the directory holds beforehand (a finished study in s.db, data folders) so "nothing created" is exact.
/// </summary>
internal sealed record BadCommandLine(string Name, string[] Args, string Names, int ExitCode = 2, bool WithStudy = false)
{
    private const string Branin = "functions-branin";
    private const string Synthetic = "synthetic-cold-start";
    private const string MovieLens = "movielens-maml";

    /// <summary>Every case of issue #11 and the obvious others. A --storage path that names no usable file (a device, a
    /// directory, a missing folder) is a storage that cannot be opened: exit 1, as for a read-only or locked one.</summary>
    public static IReadOnlyList<BadCommandLine> Corpus { get; } =
    [
        new("trials-abc", ["run", Branin, "--trials", "abc", "--storage", "s.db"], "'abc'"),
        new("trials-99999999999", ["run", Branin, "--trials", "99999999999", "--storage", "s.db"], "'99999999999'"),
        new("trials-0", ["run", Branin, "--trials", "0", "--storage", "s.db"], "'0'"),
        new("trials-1.5", ["run", Branin, "--trials", "1.5", "--storage", "s.db"], "'1.5'"),
        new("trials-empty", ["run", Branin, "--trials", "", "--storage", "s.db"], "--trials"),
        new("trials-without-value", ["run", Branin, "--storage", "s.db", "--trials"], "--trials"),
        new("parallel-abc", ["run", Branin, "--parallel", "abc", "--storage", "s.db"], "'abc'"),
        new("parallel-0", ["run", Branin, "--parallel", "0", "--storage", "s.db"], "'0'"),
        new("parallel-100000", ["run", Branin, "--parallel", "100000", "--storage", "s.db"], "'100000'"),
        new("epochs-abc", ["run", Synthetic, "--epochs", "abc", "--storage", "s.db"], "'abc'"),
        new("epochs-0", ["run", Synthetic, "--epochs", "0", "--storage", "s.db"], "'0'"),
        new("seed-abc", ["run", Branin, "--seed", "abc", "--storage", "s.db"], "'abc'"),
        new("timeout-99999999h", ["run", Branin, "--timeout", "99999999h", "--storage", "s.db"], "'99999999h'"),
        new("timeout-abc", ["run", Branin, "--timeout", "abc", "--storage", "s.db"], "'abc'"),
        new("timeout-0s", ["run", Branin, "--timeout", "0s", "--storage", "s.db"], "'0s'"),
        new("warm-start-nosuch", ["run", "functions-mixed", "--sampler", "gp", "--warm-start", "nosuch", "--storage", "s.db"], "'nosuch'", WithStudy: true),
        new("device-cuda-without-cuda", ["run", Synthetic, "--device", "cuda", "--trials", "1", "--storage", "s.db"], "'cuda'"),
        new("device-tpu", ["run", Synthetic, "--device", "tpu", "--storage", "s.db"], "'tpu'"),
        new("data-missing-directory", ["run", MovieLens, "--data", "nosuch-data", "--storage", "s.db"], "nosuch-data"),
        new("data-not-given", ["run", MovieLens, "--storage", "s.db"], "--data"),
        new("data-is-a-file", ["run", MovieLens, "--data", "ratings.txt", "--storage", "s.db"], "ratings.txt"),
        new("data-malformed", ["run", MovieLens, "--data", "ml-bad", "--storage", "s.db"], "ml-bad", ExitCode: 1),
        new("name-empty", ["run", Branin, "--name", "", "--storage", "s.db"], "--name"),
        new("name-path", ["run", Branin, "--name", "../../x", "--storage", "s.db"], "'../../x'"),
        new("name-newline", ["run", Branin, "--name", "two\nlines", "--storage", "s.db"], "--name"),
        new("name-escape-sequence", ["run", Branin, "--name", "red\u001b[31mname", "--storage", "s.db"], "--name"),
        new("name-5000-characters", ["run", Branin, "--name", new string('n', 5000), "--storage", "s.db"], "5000"),
        new("storage-empty", ["run", Branin, "--storage", ""], "--storage"),
        new("storage-dev-null", ["run", Branin, "--storage", "/dev/null"], "/dev/null", ExitCode: 1),
        new("storage-directory", ["run", Branin, "--storage", "ml-bad"], "ml-bad", ExitCode: 1),
        new("storage-in-missing-directory", ["run", Branin, "--storage", "nosuch-dir/s.db"], "nosuch-dir", ExitCode: 1),
        new("list-storage-missing", ["list", "--storage", "nosuch.db"], "nosuch.db"),
        new("list-storage-directory", ["list", "--storage", "ml-bad"], "ml-bad", ExitCode: 1),
        new("list-storage-empty", ["list", "--storage", ""], "--storage"),
        new("unknown-command", ["frobnicate"], "frobnicate"),
        new("unknown-option", ["run", Branin, "--frobnicate", "--storage", "s.db"], "--frobnicate"),
        new("unknown-study-definition", ["run", "nosuch-study", "--storage", "s.db"], "'nosuch-study'"),
        new("run-without-study", ["run", "--storage", "s.db"], "study"),
        new("unknown-sampler", ["run", Branin, "--sampler", "nosuch", "--storage", "s.db"], "'nosuch'"),
        new("unknown-pruner", ["run", Branin, "--pruner", "nosuch", "--storage", "s.db"], "'nosuch'"),
        new("show-unknown-study", ["show", "nosuch", "--storage", "s.db"], "'nosuch'", WithStudy: true),
        new("best-unknown-study", ["best", "nosuch", "--storage", "s.db"], "'nosuch'", WithStudy: true),
        new("report-unknown-study", ["report", "nosuch", "--storage", "s.db"], "'nosuch'", WithStudy: true),
        new("export-unknown-format", ["export", Branin, "--format", "xml", "--storage", "s.db"], "'xml'", WithStudy: true),
        new("export-without-format", ["export", Branin, "--storage", "s.db"], "--format", WithStudy: true),
        new("show-name-with-path", ["show", "../../x", "--storage", "s.db"], "'../../x'", WithStudy: true),
    ];

    public override string ToString() => Name;
}
