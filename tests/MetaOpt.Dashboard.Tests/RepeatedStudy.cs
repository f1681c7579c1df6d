using MetaOpt.TestSupport;

namespace MetaOpt.Dashboard.Tests;

/// <summary>A confirmed study with fixed values, as the API and the page tests read it.</summary>
internal static class RepeatedStudy
{
    /// <summary>
    /// Trials 0 to 6: #0 runs 1 (trial 0), 2 (trial 3), 3 (trial 4), mean 2, 95% interval -0.484138 to 4.48414;
    /// #1 runs 4 (trial 1), 5 (trial 5), 6 (trial 6); #2 runs 0.5 once (trial 2). Welch's test tells #0 from #1
    /// (p 0.021). The baseline "global mean" ran 2.1, 2.2, 2.3.
    /// </summary>
    public static void Add(IStorage storage, string name)
    {
        var study = Study.Create(name, new StudyOptions { Storage = storage, Seed = 1, Sampler = new RandomSampler(seed: 1) });
        new StudyDeclarations { Baselines = [new BaselineDeclaration("mean_val", "global mean", "validation")] }.Store(study);
        RepeatedTrials.Add(study, [(0.1, 1, null), (0.2, 4, null), (0.3, 0.5, null), (0, 2, 0), (0, 3, 0), (0, 5, 1), (0, 6, 1)], "test_mae", 0.1);
        foreach (var (seed, value) in new[] { (7, 2.1), (8, 2.2), (9, 2.3) })
            BaselineRuns.Add(study, new BaselineRun(seed, new Dictionary<string, double> { ["mean_val"] = value }));
    }
}
