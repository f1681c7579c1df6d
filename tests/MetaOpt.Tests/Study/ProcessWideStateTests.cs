namespace MetaOpt.Tests;

/// <summary>Tests that look at the process's console and signal handlers, which tests running beside them would disturb.</summary>
[CollectionDefinition(nameof(ProcessWideState), DisableParallelization = true)]
public sealed class ProcessWideState;

/// <summary>
/// The library leaves the console and the process's signals to its host: a study without a logger writes nothing,
/// and Optimize handles Ctrl+C and SIGTERM only when asked.
/// </summary>
[Collection(nameof(ProcessWideState))]
public sealed class ProcessWideStateTests
{
    [Fact]
    public void AStudyWithoutALoggerWritesNothingOnTheConsoleWhereItWarns()
    {
        var storage = new InMemoryStorage();
        var study = Study.Create("s", new StudyOptions { Storage = storage, Sampler = new RandomSampler(seed: 3) });
        var error = new StringWriter();
        var output = new StringWriter();
        var (originalError, originalOutput) = (Console.Error, Console.Out);
        Console.SetError(error);
        Console.SetOut(output);
        try
        {
            study.Optimize(trial =>
            {
                var x = trial.SuggestFloat("x", 0, 1);
                // Both warnings: a step reported again, and a trial another worker failed meanwhile.
                trial.Report(x, 0);
                trial.Report(x + 1, 0);
                storage.FinishTrial(trial.Id, TrialState.Failed, null, "taken for dead");
                return x;
            }, trials: 1);
        }
        finally
        {
            Console.SetError(originalError);
            Console.SetOut(originalOutput);
        }

        Assert.Equal(TrialState.Failed, Assert.Single(study.Trials).State);
        Assert.Equal("", error.ToString());
        Assert.Equal("", output.ToString());
    }

    [Fact]
    public void OptimizeHandlesCtrlCAndSIGTERMOnlyWhenAsked()
    {
        var study = Study.Create("s", new StudyOptions { Sampler = new RandomSampler(seed: 3) });
        var installed = new List<int>();
        double Objective(Trial trial)
        {
            installed.Add(Study.StopOnSignals.Installed);
            return trial.SuggestFloat("x", 0, 1);
        }

        study.Optimize(Objective, trials: 1);
        study.Optimize(Objective, trials: 1, stopOnCtrlC: true);

        Assert.Equal([0, 1], installed);
        Assert.Equal(0, Study.StopOnSignals.Installed);
    }
}
