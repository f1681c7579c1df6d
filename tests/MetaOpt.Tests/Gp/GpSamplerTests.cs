using MetaOpt.Samplers.Gp;

namespace MetaOpt.Tests.Gp;

public class GpSamplerTests
{
    private static double Quadratic(Trial trial) =>
        Math.Pow(trial.SuggestFloat("x", 0, 1) - 0.3, 2) + Math.Pow(trial.SuggestFloat("y", 0, 1) - 0.7, 2);

    private static Study Run(int seed, int trials, Func<Trial, double> objective, Direction direction = Direction.Minimize)
    {
        var study = Study.Create("gp", new StudyOptions { Sampler = new GpSampler(new GpSamplerOptions { Seed = seed, StartupTrials = 5 }), Direction = direction });
        study.Optimize(objective, trials: trials);
        return study;
    }

    [Fact]
    public void SameSeedProposesTheSameTrialsOtherSeedDoesNot()
    {
        static double[] Xs(Study s) => s.Trials.Select(t => (double)t.Params["x"]).ToArray();
        var first = Xs(Run(7, 12, Quadratic));
        Assert.Equal(first, Xs(Run(7, 12, Quadratic)));
        Assert.NotEqual(first, Xs(Run(8, 12, Quadratic)));
    }

    [Fact]
    public void FindsTheMinimumAndTheMaximum()
    {
        Assert.True(Run(1, 20, Quadratic).BestValue < 1e-3);
        var maximised = Run(1, 20, t => -Quadratic(t), Direction.Maximize);
        Assert.True(maximised.BestValue > -1e-3);
    }

    [Fact]
    public void ATrialPrunedBeforeAnyValueCountsAsTheWorstSoTheGpLeavesItsRegion()
    {
        // The best values lie toward x = 1, but past 0.8 the "training" diverges at once: pruned with no report. Left out
        // of the model, such a trial changed nothing, and the GP proposed the same diverging corner again and again.
        var study = Run(2, 30, t =>
        {
            var x = t.SuggestFloat("x", 0, 1);
            var y = t.SuggestFloat("y", 0, 1);
            if (x > 0.8)
                throw new TrialPrunedException();
            return -x + Math.Pow(y - 0.5, 2);
        });

        var diverged = study.Trials.Skip(5).Count(t => t.State == TrialState.Pruned);
        Assert.True(diverged <= 8, $"{diverged} of the 25 model-based trials diverged");
        Assert.True(study.BestValue < -0.75, $"best {study.BestValue}");
    }

    [Fact]
    public void ConcurrentProposalsAreDistinct()
    {
        var study = Run(3, 10, Quadratic);
        var running = Enumerable.Range(0, 4).Select(_ =>
        {
            var trial = study.Ask();
            return (X: trial.SuggestFloat("x", 0, 1), Y: trial.SuggestFloat("y", 0, 1));
        }).ToList();
        for (var a = 0; a < running.Count; a++)
            for (var b = 0; b < a; b++)
                Assert.True(Math.Abs(running[a].X - running[b].X) + Math.Abs(running[a].Y - running[b].Y) > 1e-3,
                    $"proposals {a} and {b} coincide at ({running[a].X}, {running[a].Y})");
    }

    [Fact]
    public void LogAndCategoricalParametersAreModelled()
    {
        // The mixed benchmark's landscape without "steps": optimum at algo "b", lr = 10^-3.3, batch 96.
        static double Mixed(Trial t)
        {
            var lr = t.SuggestFloat("lr", 1e-5, 1e-1, log: true);
            var batch = t.SuggestInt("batch", 16, 256, step: 16);
            var algo = t.SuggestCategorical("algo", ["a", "b", "c"]);
            var shift = algo switch { "a" => 0.0, "b" => 0.3, _ => -0.4 };
            var penalty = algo switch { "a" => 0.3, "b" => 0.0, _ => 0.6 };
            return Math.Pow(Math.Log10(lr) + 3 + shift, 2) + 0.5 * Math.Pow((batch - 96) / 64.0, 2) + penalty;
        }
        var study = Run(2, 30, Mixed);
        Assert.Equal("b", study.BestParams["algo"]);
        Assert.InRange(Math.Log10((double)study.BestParams["lr"]), -3.5, -3.1);
        Assert.Equal(96, study.BestParams["batch"]);
        Assert.All(study.Trials, t => Assert.Equal(0, (int)t.Params["batch"] % 16));
    }

    // A conditional space: "deep" uses depth, "wide" uses width; the optimum is on "wide" at width 1.3.
    private static double Branches(Trial t)
    {
        var x = t.SuggestFloat("x", 0, 1);
        return t.SuggestCategorical("branch", ["deep", "wide"]) == "deep"
            ? 0.2 + x * x + t.SuggestInt("depth", 1, 8) / 100.0
            : x * x + Math.Pow(t.SuggestFloat("width", 0.5, 2.0) - 1.3, 2);
    }

    [Fact]
    public void ParametersOfOneBranchAreModelledWithTheBranchThatUsesThem()
    {
        var study = Run(4, 25, Branches);
        Assert.All(study.Trials, t => Assert.Equal(TrialState.Complete, t.State));
        var space = study.Sampler.InferRelativeSearchSpace(study, study.Trials[^1]);
        Assert.Equal(["branch", "depth", "width", "x"], space.Keys.Order());
        Assert.Equal("wide", study.BestParams["branch"]);
        Assert.InRange((double)study.BestParams["width"], 1.2, 1.4);
        Assert.True(study.BestValue < 0.01, $"best {study.BestValue}");
    }

    [Fact]
    public void EnqueuedValuesAreHeldWhileTheRestIsOptimised()
    {
        var study = Run(4, 25, Branches);
        Assert.Equal("wide", study.BestParams["branch"]);
        study.EnqueueTrial(new Dictionary<string, object> { ["branch"] = "deep" });
        var deep = study.Storage.GetTrial(study.Ask().Id);
        var space = study.Sampler.InferRelativeSearchSpace(study, deep);
        // Left alone the GP proposes the better branch, "wide"; held on "deep", it proposes on that branch.
        var point = study.Sampler.SampleRelative(study, deep, space);
        Assert.Equal(0, point["branch"]);
        Assert.Equal(UnitCubeSpace.Inactive, new UnitCubeSpace(space).ToUnit(2, point["width"]), 9);

        study.EnqueueTrial(new Dictionary<string, object> { ["branch"] = "wide", ["width"] = 1.9 });
        var wide = study.Storage.GetTrial(study.Ask().Id);
        point = study.Sampler.SampleRelative(study, wide, space);
        Assert.Equal(1, point["branch"]);
        Assert.Equal(1.9, point["width"], 9);
    }

    [Fact]
    public void EnqueuedLogAndSteppedValuesAreHeldOnTheirGrid()
    {
        static double Mixed(Trial t) =>
            Math.Pow(Math.Log10(t.SuggestFloat("lr", 1e-5, 1e-1, log: true)) + 3, 2) + Math.Pow((t.SuggestInt("batch", 16, 256, step: 16) - 96) / 64.0, 2);
        var study = Run(2, 12, Mixed);
        study.EnqueueTrial(new Dictionary<string, object> { ["lr"] = 1e-4, ["batch"] = 208 });
        var trial = study.Storage.GetTrial(study.Ask().Id);
        var point = study.Sampler.SampleRelative(study, trial, study.Sampler.InferRelativeSearchSpace(study, trial));
        Assert.Equal(1e-4, point["lr"], 12);
        Assert.Equal(208, point["batch"]);
    }

    [Fact]
    public void BranchConditionsAreReadOffTheTrialsAndProjectUnusedParameters()
    {
        var study = Run(4, 8, Branches);
        var space = new UnitCubeSpace(study.Sampler.InferRelativeSearchSpace(study, study.Trials[^1]));
        var conditions = BranchConditions.Infer(space, study.Trials);
        int Dim(string name) => space.Names.ToList().IndexOf(name);
        double[] point = [0, 0.9, 0.8, 0.7]; // branch "deep" (choice 0), depth, width, x
        Assert.Equal(["branch", "depth", "width", "x"], space.Names);
        Assert.True(conditions.IsActive(Dim("depth"), point));
        Assert.False(conditions.IsActive(Dim("width"), point));
        conditions.Project(point);
        Assert.Equal([0, 0.9, UnitCubeSpace.Inactive, 0.7], point);
        point[Dim("branch")] = 1;
        conditions.Project(point);
        Assert.Equal([1, UnitCubeSpace.Inactive, UnitCubeSpace.Inactive, 0.7], point);
        // A trial that did not use width encodes it at the inactive coordinate.
        var deep = study.Trials.First(t => (string)t.Params["branch"] == "deep");
        Assert.Equal(UnitCubeSpace.Inactive, space.Encode(deep)![Dim("width")]);
        Assert.Null(space.Encode(deep, complete: true));
    }

    [Fact]
    public void PrunedTrialsCountFailedOnesAreSkipped()
    {
        var study = Study.Create("gp", new StudyOptions { Sampler = new GpSampler(new GpSamplerOptions { Seed = 5, StartupTrials = 3 }) });
        for (var i = 0; i < 12; i++)
        {
            var trial = study.Ask();
            var x = trial.SuggestFloat("x", 0, 1);
            if (i % 4 == 1)
                study.Tell(trial, TrialState.Failed);
            else if (i % 4 == 2)
            {
                trial.Report((x - 0.3) * (x - 0.3), 0);
                study.Tell(trial, TrialState.Pruned);
            }
            else
                study.Tell(trial, (x - 0.3) * (x - 0.3));
        }
        Assert.InRange(study.BestValue, 0, 1e-3);
    }

    [Fact]
    public void BadSettingsAreRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new GpSampler(new GpSamplerOptions { StartupTrials = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new GpSampler(new GpSamplerOptions { Candidates = 0 }));
    }
}
