namespace MetaOpt.Tests.Samplers;

/// <summary>
/// A trial's random draws come from the sampler's seed and the trial's number: separate processes asking at once
/// with one seed (the shells of 'metaopt ask', the workers of 'metaopt run' on a database) draw differently, and one
/// worker draws the same again.
/// </summary>
public class TrialSeedTests
{
    private static readonly FloatDistribution X = new(-5, 5);
    private static readonly FloatDistribution Y = new(0, 15);

    public static TheoryData<string, int> Samplers => new()
    {
        // Start-up draws, and the model's once ten trials have finished.
        { "tpe", 0 }, { "tpe", 12 }, { "random", 0 }, { "gp", 12 },
    };

    private static ISampler Create(string kind) => kind switch
    {
        "tpe" => new TpeSampler(seed: 0),
        "random" => new RandomSampler(seed: 0),
        "gp" => new GpSampler(new GpSamplerOptions { Seed = 0, Candidates = 64 }),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    private static double Branin(Trial t)
    {
        var (x, y) = (t.SuggestFloat("x", X.Low, X.High), t.SuggestFloat("y", Y.Low, Y.High));
        return Math.Pow(y - 5.1 / (4 * Math.PI * Math.PI) * x * x + 5 / Math.PI * x - 6, 2) + 10 * (1 - 1 / (8 * Math.PI)) * Math.Cos(x) + 10;
    }

    /// <summary>
    /// Six shells ask at once: each opens the study with a sampler of the same seed and starts its trial before any of
    /// them has drawn, so none sees another's parameters, and each sampler reads the same history.
    /// </summary>
    [Theory]
    [MemberData(nameof(Samplers))]
    public void SimultaneousAsksOfSeparateStudyObjectsWithOneSeedDrawDistinctParameters(string kind, int finished)
    {
        var storage = new InMemoryStorage();
        var study = Study.Create("s", new StudyOptions { Storage = storage, Sampler = Create(kind) });
        if (finished > 0)
            study.Optimize(Branin, trials: finished);
        var shells = Enumerable.Range(0, 6).Select(_ => Study.Load("s", new StudyOptions { Storage = storage, Sampler = Create(kind) })).ToList();
        var trials = shells.Select(s => s.AskExternal()).ToList();

        var drawn = shells.Zip(trials, (shell, trial) => Draw(shell, storage.GetTrial(trial.Id))).ToList();

        Assert.Equal(6, drawn.Distinct().Count());
    }

    // What the shell's sampler proposes for the trial, from the history all shells read at once.
    private static (double X, double Y) Draw(Study shell, FrozenTrial trial)
    {
        var space = shell.Sampler.InferRelativeSearchSpace(shell, trial);
        var relative = shell.Sampler.SampleRelative(shell, trial, space);
        double Value(string name, Distribution d) =>
            relative.TryGetValue(name, out var v) ? v : shell.Sampler.SampleIndependent(shell, trial, name, d);
        return (Value("x", X), Value("y", Y));
    }

    [Theory]
    [InlineData("tpe")]
    [InlineData("random")]
    public void AStudyStoppedAndResumedWithItsSeedDrawsWhatOneUninterruptedRunDraws(string kind)
    {
        var whole = Study.Create("s", new StudyOptions { Sampler = Create(kind) });
        whole.Optimize(Branin, trials: 24);
        var storage = new InMemoryStorage();
        Study.Create("s", new StudyOptions { Storage = storage, Sampler = Create(kind) }).Optimize(Branin, trials: 9);

        // A new process: a new sampler with the same seed, no memory of the draws before.
        var resumed = Study.Load("s", new StudyOptions { Storage = storage, Sampler = Create(kind) });
        resumed.Optimize(Branin, trials: 15);

        Assert.Equal(whole.Trials.Select(t => (t.Params["x"], t.Params["y"])), resumed.Trials.Select(t => (t.Params["x"], t.Params["y"])));
        Assert.Equal(24, resumed.Trials.Select(t => t.Params["x"]).Distinct().Count());
    }
}
