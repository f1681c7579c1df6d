namespace MetaOpt.Tests.Pruners;

/// <summary>Builds study histories for pruner tests through the public ask / report / tell API.</summary>
internal static class PrunerHistory
{
    public static Study NewStudy(IPruner pruner, Direction direction = Direction.Minimize, string name = "pruning", IStorage? storage = null) =>
        Study.Create(name, new StudyOptions { Pruner = pruner, Direction = direction, Storage = storage ?? new InMemoryStorage() });

    /// <summary>Completes a trial that reported <c>curve[i]</c> at step i, without asking the pruner; its value is the last report.</summary>
    public static FrozenTrial Complete(Study study, params double[] curve) => study.Tell(Start(study, curve), curve[^1]);

    /// <summary>Starts a trial that reported <c>curve[i]</c> at step i, without asking the pruner.</summary>
    public static Trial Start(Study study, params double[] curve)
    {
        var trial = study.Ask();
        for (var step = 0; step < curve.Length; step++)
            trial.Report(curve[step], step);
        return trial;
    }

    /// <summary>Reports a value and asks the pruner, as an objective does after each epoch.</summary>
    public static bool ReportAndAsk(this Trial trial, double value, int step)
    {
        trial.Report(value, step);
        return trial.ShouldPrune();
    }

    /// <summary>
    /// Runs a trial that reports <paramref name="value"/> at steps 0..<paramref name="lastStep"/>, asking the pruner
    /// after each report; returns the step at which it was pruned (and tells it Pruned), or null when it completed.
    /// </summary>
    public static int? RunConstant(Study study, double value, int lastStep)
    {
        var trial = study.Ask();
        for (var step = 0; step <= lastStep; step++)
        {
            if (trial.ReportAndAsk(value, step))
            {
                study.Tell(trial, TrialState.Pruned);
                return step;
            }
        }
        study.Tell(trial, value);
        return null;
    }

    /// <summary>Runs <see cref="RunConstant"/> for each value in turn and returns where each trial was pruned.</summary>
    public static int?[] RunConstants(Study study, int lastStep, params double[] values) =>
        values.Select(v => RunConstant(study, v, lastStep)).ToArray();
}
