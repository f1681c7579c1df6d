namespace MetaOpt.Tests.Importance;

public sealed class FanovaImportanceEvaluatorTests
{
    [Fact]
    public void EvaluateValueDependsOnlyOnXXGetsMostOfTheImportance()
    {
        var trials = RunStudy(60, t =>
        {
            var x = t.SuggestFloat("x", -5, 5);
            t.SuggestFloat("y", -5, 5);
            t.SuggestInt("z", 1, 10);
            return x * x;
        });

        var result = new FanovaImportanceEvaluator(seed: 1).Evaluate(trials);

        Assert.Equal("x", result.Importances[0].Parameter);
        Assert.True(result.Of("x") > 0.9, $"x got {result.Of("x"):F3}");
        Assert.Equal(1.0, result.Importances.Sum(p => p.Importance), 9);
        Assert.Equal(60, result.TrialsUsed);
        Assert.Null(result.Note);
    }

    [Fact]
    public void EvaluateSameSeedSameResultOtherSeedCloseResult()
    {
        var trials = RunStudy(40, t => t.SuggestFloat("a", 0, 1) + 3 * t.SuggestFloat("b", 0, 1));

        var first = new FanovaImportanceEvaluator(seed: 7).Evaluate(trials);
        var again = new FanovaImportanceEvaluator(seed: 7).Evaluate(trials);
        var other = new FanovaImportanceEvaluator(seed: 8).Evaluate(trials);

        Assert.Equal(first.Importances, again.Importances);
        Assert.Equal("b", first.Importances[0].Parameter);
        Assert.InRange(other.Of("b") - first.Of("b"), -0.1, 0.1);
    }

    [Fact]
    public void EvaluateAdditiveFunctionSharesMatchTheAnalyticVarianceSplit()
    {
        // f = a + 2b with a, b ~ U(0,1): Var(a) = 1/12, Var(2b) = 4/12, so b explains 80%.
        var trials = RunStudy(200, t => t.SuggestFloat("a", 0, 1) + 2 * t.SuggestFloat("b", 0, 1));

        var result = new FanovaImportanceEvaluator(seed: 3).Evaluate(trials);

        Assert.InRange(result.Of("b"), 0.72, 0.88);
    }

    [Fact]
    public void EvaluateLogParameterRankedInLogSpace()
    {
        // The value is linear in log(lr), so in log space lr dominates a weak linear term in w.
        var trials = RunStudy(80, t => Math.Log10(t.SuggestFloat("lr", 1e-5, 1e-1, log: true)) + 0.1 * t.SuggestFloat("w", 0, 1));

        var result = new FanovaImportanceEvaluator(seed: 0).Evaluate(trials);

        Assert.True(result.Of("lr") > 0.95, $"lr got {result.Of("lr"):F3}");
    }

    [Fact]
    public void EvaluateCategoricalDrivesValueCategoricalRankedFirst()
    {
        var costs = new Dictionary<string, double> { ["maml"] = 1, ["fomaml"] = 5, ["reptile"] = 2 };
        var trials = RunStudy(60, t => costs[t.SuggestCategorical("algo", new[] { "maml", "fomaml", "reptile" })] + 0.05 * t.SuggestFloat("x", 0, 1));

        var result = new FanovaImportanceEvaluator(seed: 0).Evaluate(trials);

        Assert.Equal("algo", result.Importances[0].Parameter);
        Assert.True(result.Of("algo") > 0.9);
    }

    [Fact]
    public void EvaluateConditionalParameterIsRankedWithoutError()
    {
        var trials = RunStudy(80, t =>
        {
            var useMomentum = t.SuggestCategorical("optimizer", new[] { "sgd", "momentum" }) == "momentum";
            var momentum = useMomentum ? t.SuggestFloat("momentum", 0, 1) : 0;
            return 4 * momentum + 0.01 * t.SuggestFloat("noise", 0, 1);
        });

        var result = new FanovaImportanceEvaluator(seed: 0).Evaluate(trials);

        Assert.Equal(3, result.Importances.Count);
        Assert.Equal("momentum", result.Importances[0].Parameter);
        Assert.True(result.Of("noise") < 0.05);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void EvaluateFewerThanTwoCompleteTrialsEmptyWithNote(int complete)
    {
        var trials = RunStudy(complete, t => t.SuggestFloat("x", 0, 1));

        var result = new FanovaImportanceEvaluator().Evaluate(trials);

        Assert.Empty(result.Importances);
        Assert.Contains("at least 2 completed trials", result.Note);
    }

    [Fact]
    public void EvaluateConstantObjectiveEqualSharesWithNote()
    {
        var trials = RunStudy(10, t => t.SuggestFloat("x", 0, 1) * 0 + t.SuggestFloat("y", 0, 1) * 0 + 3);

        var result = new FanovaImportanceEvaluator().Evaluate(trials);

        Assert.All(result.Importances, p => Assert.Equal(0.5, p.Importance, 12));
        Assert.Contains("equal share", result.Note);
    }

    [Fact]
    public void EvaluatePrunedAndFailedTrialsAreNotUsed()
    {
        var study = Study.Create("mixed", new StudyOptions { Sampler = new RandomSampler(seed: 5) });
        for (var i = 0; i < 30; i++)
        {
            var trial = study.Ask();
            var x = trial.SuggestFloat("x", 0, 1);
            trial.Report(x, 0);
            var state = (i % 3) switch { 0 => TrialState.Complete, 1 => TrialState.Pruned, _ => TrialState.Failed };
            study.Tell(trial, state, state == TrialState.Complete ? x : null);
        }

        var result = new FanovaImportanceEvaluator().Evaluate(study.Trials);

        Assert.Equal(10, result.TrialsUsed);
    }

    [Fact]
    public void ConstructorBadCountsThrow()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new FanovaImportanceEvaluator(trees: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FanovaImportanceEvaluator(maxDepth: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FanovaImportanceEvaluator(minSamplesLeaf: 0));
    }

    private static IReadOnlyList<FrozenTrial> RunStudy(int trials, Func<Trial, double> objective)
    {
        var study = Study.Create("importance", new StudyOptions { Sampler = new RandomSampler(seed: 42) });
        for (var i = 0; i < trials; i++)
        {
            var trial = study.Ask();
            study.Tell(trial, objective(trial));
        }
        return study.Trials;
    }
}
