using MetaOpt.TestSupport;

namespace MetaOpt.Tests;

/// <summary>
/// SMAC's intensification on a scripted noisy objective: each new configuration's x is its trial number, and its
/// value on the k-th seed of the shared list is what the script says, so every decision is known in advance.
/// </summary>
public class IntensificationTests
{
    // Configuration 0 scores 5 on every seed; 1 and 3 score 9 (rejected at once); 5 is the challenger under test.
    private static double Script(int configuration, int seedIndex, Func<int, double> challenger) => configuration switch
    {
        0 => 5,
        5 => challenger(seedIndex),
        _ => 9,
    };

    private static Study NewStudy(IStorage storage, int maxRuns = 3) => Study.CreateOrLoad("s", new StudyOptions
    {
        Storage = storage, Seed = 11, Sampler = new TrialNumberSampler(),
        Intensification = new IntensificationOptions { MaxRuns = maxRuns },
    });

    private static void Run(Study study, int trials, Func<int, double> challenger)
    {
        var shared = Enumerable.Range(0, 20).Select(k => study.SeedOf(BaselineRuns.Configuration, k)).ToList();
        study.Optimize(trial =>
        {
            var configuration = (int)trial.SuggestFloat("x", 0, 100);
            return Script(configuration, shared.IndexOf(trial.Seed), challenger);
        }, trials);
    }

    private static IEnumerable<(int Configuration, int Repeat)> Sequence(Study study) =>
        study.Trials.Select(t => (t.Configuration, t.Repeat));

    [Fact]
    public void AChallengerLuckyOnItsFirstSeedIsRejectedAfterOneMoreSeed()
    {
        var study = NewStudy(new InMemoryStorage());

        // Configuration 5 draws 1 on seed 0 (it beats the incumbent's 5) and 9 on every other seed.
        Run(study, 9, k => k == 0 ? 1 : 9);

        // 0 gains a seed after each of the rejections of 1 and 3 (up to 3 runs); 5 is re-run on seed 1, where its mean
        // over seeds 0 and 1 (5) does not beat 0's (5), so it is rejected and the search goes on with 7 and 8.
        Assert.Equal([(0, 0), (1, 0), (0, 1), (3, 0), (0, 2), (5, 0), (5, 1), (7, 0), (8, 0)], Sequence(study));
        var winner = ConfigurationResult.Winner(ConfigurationResult.Of(study.Trials, study.Direction))!;
        Assert.Equal((0, 3), (winner.Configuration, winner.Repeats));
    }

    [Fact]
    public void ATrulyBetterChallengerRunsOnTheIncumbentsSeedsAndThenReplacesIt()
    {
        var study = NewStudy(new InMemoryStorage());

        Run(study, 9, _ => 2);

        // 5 doubles its runs up to the incumbent's 3, on the same seeds, then it is the incumbent.
        Assert.Equal([(0, 0), (1, 0), (0, 1), (3, 0), (0, 2), (5, 0), (5, 1), (5, 2), (8, 0)], Sequence(study));
        var winner = ConfigurationResult.Winner(ConfigurationResult.Of(study.Trials, study.Direction))!;
        Assert.Equal((5, 3, 2.0), (winner.Configuration, winner.Repeats, winner.Objective.Mean));
    }

    [Fact]
    public void MidRaceTheIncumbentIsTheWinnerAndTheBetterMeanOverFewerRunsItsRunnerUpOnTheSameSeeds()
    {
        var study = NewStudy(new InMemoryStorage());

        // Stopped while 5 (2 on every seed) races 0 (5): 5 has two runs of the three it needs.
        Run(study, 7, _ => 2);

        var ranked = study.Configurations;
        var winner = ConfigurationResult.Winner(ranked)!;
        var runnerUp = ConfigurationResult.RunnerUp(ranked, winner)!;
        var difference = MeanDifference.Of(winner.Objective, runnerUp.Objective);
        Assert.Equal((0, 3), (winner.Configuration, winner.Repeats));
        Assert.Equal((5, 2), (runnerUp.Configuration, runnerUp.Repeats));
        // Compared on the two seeds both ran: 5 − 2 on each.
        Assert.Equal((2, 3.0, true), (difference.Pairs, difference.Mean, difference.ToldApart));
        Assert.Null(ConfigurationResult.RunnerUp([winner], winner));
        // The contest the report and the dashboard state: the incumbent, not the better mean over fewer runs.
        var contest = ConfigurationResult.Contest(ranked)!;
        Assert.Equal((winner, runnerUp, false), (contest.Winner, contest.RunnerUp, contest.WinnerHasBestMean));
        Assert.Equal(difference.Mean, contest.Difference!.Mean);
    }

    [Fact]
    public void EveryConfigurationsKthRunUsesTheKthSeedOfOneSharedList()
    {
        var study = NewStudy(new InMemoryStorage());

        Run(study, 9, _ => 2);

        Assert.All(study.Trials, t => Assert.Equal(study.SeedOf(BaselineRuns.Configuration, t.Repeat), t.Seed));
        Assert.All(study.Trials, t => Assert.Equal(BaselineRuns.Configuration, Convert.ToInt32(t.SystemAttrs[Study.SeedsOfAttr])));
        Assert.Equal([2, 4, 6, 7], study.Trials.Where(t => t.SystemAttrs.ContainsKey(Study.IntensifyAttr)).Select(t => t.Number));
    }

    [Fact]
    public void TheIncumbentGainsSeedsUpToItsCap()
    {
        var study = NewStudy(new InMemoryStorage(), maxRuns: 4);

        // No challenger ever beats 0: it gains one seed per rejection until it has 4.
        Run(study, 12, _ => 9);

        Assert.Equal(4, study.Trials.Count(t => t.Configuration == 0));
        Assert.Equal([0, 2, 4, 6], study.Trials.Where(t => t.Configuration == 0).Select(t => t.Number));
    }

    [Fact]
    public void ParallelWorkersEnqueueEachRepeatOnce()
    {
        var study = NewStudy(new InMemoryStorage());

        var shared = Enumerable.Range(0, 40).Select(k => study.SeedOf(BaselineRuns.Configuration, k)).ToList();
        study.Optimize(trial => Script((int)trial.SuggestFloat("x", 0, 100), shared.IndexOf(trial.Seed), _ => 2), trials: 30, parallelism: 4);

        // Whatever the interleaving, no configuration runs a seed twice, and none has more runs than the cap.
        var runs = study.Trials.GroupBy(t => t.Configuration).ToList();
        Assert.All(runs, g => Assert.Equal(g.Count(), g.Select(t => t.Repeat).Distinct().Count()));
        Assert.All(runs, g => Assert.InRange(g.Count(), 1, 3));
        Assert.Equal(30, study.Trials.Count);
    }

    [Fact]
    public void ASpentBudgetLeavesNoRepeatWaiting()
    {
        var study = Study.Create("s", new StudyOptions
        {
            Seed = 11, Sampler = new TrialNumberSampler(), MaxTrials = 2, Intensification = new IntensificationOptions(),
        });

        // After 0 (5) and 1 (9, rejected) the rule wants a second seed of 0, but the budget of 2 is spent.
        Run(study, 5, _ => 2);

        Assert.Equal([TrialState.Complete, TrialState.Complete], study.Trials.Select(t => t.State));
    }

    [Fact]
    public void IntensificationsRepeatsCountTowardTheSearchBudgetAndAConfirmationsDoNot()
    {
        var study = NewStudy(new InMemoryStorage());
        Run(study, 9, _ => 2);
        study.EnqueueRepeat(study.Trials[1]);
        study.Optimize(_ => 9, 1);

        Assert.Equal(1, TrialBudget.UsedByRepeats(study.Trials));
        Assert.Equal(10, TrialBudget.Used(study.Trials));
    }
}
