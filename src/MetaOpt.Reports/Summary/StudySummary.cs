namespace MetaOpt.Reports.Summary;

/// <summary>The numbers in a report's header: trials by state, timing, the pruner's savings, the best trial's metrics.</summary>
internal sealed class StudySummary
{
    private StudySummary(StudySnapshot study, ReportOptions options)
    {
        Study = study;
        Best = study.BestTrial;
        CountsByState = Enum.GetValues<TrialState>().ToDictionary(s => s, s => study.Trials.Count(t => t.State == s));

        var finished = study.Trials.Where(t => t.State.IsFinished() && t.Duration is not null).ToList();
        TrialDurations = finished.Select(t => t.Duration!.Value).Order().ToList();
        var starts = study.Trials.Where(t => t.DatetimeStart is not null).Select(t => t.DatetimeStart!.Value).ToList();
        var ends = finished.Select(t => t.DatetimeComplete!.Value).ToList();
        WallTime = starts.Count > 0 && ends.Count > 0 ? ends.Max() - starts.Min() : null;

        var trained = study.Trials.Where(t => t.State is TrialState.Complete or TrialState.Pruned).ToList();
        TrialsTrained = trained.Count;
        EpochsRun = trained.Sum(EpochsOf);
        var configured = options.MaxEpochs ?? AsPositiveInt(study.UserAttrs.GetValueOrDefault(MaxEpochsKey));
        EpochsPerFullTrial = configured ?? (trained.Count == 0 ? 0 : trained.Max(EpochsOf));
        EpochsPerFullTrialIsConfigured = configured is not null;
        // A complete trial that trained fewer epochs (a strategy with fewer global epochs) chose to: only pruned trials
        // stand for epochs the pruner spared.
        EpochsFull = trained.Sum(t => t.State == TrialState.Pruned ? Math.Max(EpochsPerFullTrial, EpochsOf(t)) : EpochsOf(t));

        Declarations = options.DeclarationsOf(study);
        Metrics = Declarations.Metrics
            .Where(m => Best?.UserAttrs.ContainsKey(m.Key) == true)
            .Select(m => new Attribute(m.Key, m.Label, Best!.UserAttrs[m.Key], "best trial"))
            .ToList();
        Baselines = Declarations.Baselines
            .Select(b => Best?.UserAttrs.TryGetValue(b.Key, out var v) == true ? new Attribute(b.Key, b.Label, v, "best trial")
                : study.UserAttrs.TryGetValue(b.Key, out var s) ? new Attribute(b.Key, b.Label, s, "study") : null)
            .OfType<Attribute>()
            .ToList();
        Comparison = BaselineComparison.Of(study, options);
    }

    /// <summary>The study user attribute read as the epochs of a full trial when <see cref="ReportOptions.MaxEpochs"/> is null.</summary>
    public const string MaxEpochsKey = "max_epochs";

    /// <summary>The trial user attribute read as the epochs a trial trained, when the objective set it.</summary>
    public const string EpochsRunKey = "epochs_run";

    /// <summary>A declared user attribute with its label and where it was found.</summary>
    public sealed record Attribute(string Key, string Label, object Value, string Source)
    {
        /// <summary>How the report names it: the label, with the key that finds it in exports.</summary>
        public string Name => $"{Label} ({Key})";
    }

    public StudySnapshot Study { get; }

    public FrozenTrial? Best { get; }

    public IReadOnlyDictionary<TrialState, int> CountsByState { get; }

    /// <summary>From the first trial's start to the last finished trial's end.</summary>
    public TimeSpan? WallTime { get; }

    /// <summary>Durations of the finished trials, shortest first.</summary>
    public IReadOnlyList<TimeSpan> TrialDurations { get; }

    /// <summary>Complete and Pruned trials: those whose training counts for the pruning savings.</summary>
    public int TrialsTrained { get; }

    /// <summary>Intermediate values reported by Complete and Pruned trials: the epochs actually trained.</summary>
    public int EpochsRun { get; }

    /// <summary>Epochs of one unpruned trial: <see cref="ReportOptions.MaxEpochs"/>, or the longest trial's.</summary>
    public int EpochsPerFullTrial { get; }

    public bool EpochsPerFullTrialIsConfigured { get; }

    /// <summary>Epochs the trained trials would have run had none been pruned: each complete trial's own, a full
    /// trial's for each pruned one.</summary>
    public int EpochsFull { get; }

    /// <summary>What the report shows as metrics and baselines: the options' declarations, else the study's own.</summary>
    public StudyDeclarations Declarations { get; }

    public IReadOnlyList<Attribute> Metrics { get; }

    public IReadOnlyList<Attribute> Baselines { get; }

    /// <summary>The winning strategy and its margins over the best baselines; null without a complete trial.</summary>
    public BaselineComparison? Comparison { get; }

    public static StudySummary Of(StudySnapshot study, ReportOptions options) => new(study, options);

    public TimeSpan? MedianTrialDuration => TrialDurations.Count == 0 ? null : TrialDurations[TrialDurations.Count / 2];

    public TimeSpan? MeanTrialDuration => TrialDurations.Count == 0 ? null : TimeSpan.FromTicks((long)TrialDurations.Average(d => d.Ticks));

    /// <summary>Fraction of <see cref="EpochsFull"/> the pruner spared; 0 when nothing was trained.</summary>
    public double EpochsSavedFraction => EpochsFull == 0 ? 0 : Math.Max(0, EpochsFull - EpochsRun) / (double)EpochsFull;

    /// <summary>The epochs a trial trained: its <c>epochs_run</c> attribute, else the steps it reported.</summary>
    public static int EpochsOf(FrozenTrial trial) =>
        AsPositiveInt(trial.UserAttrs.GetValueOrDefault(EpochsRunKey)) ?? trial.IntermediateValues.Count;

    private static int? AsPositiveInt(object? value) => value switch
    {
        int i when i > 0 => i,
        long l when l is > 0 and <= int.MaxValue => (int)l,
        double d when d >= 1 && d <= int.MaxValue && d == Math.Floor(d) => (int)d,
        _ => null,
    };

    public TimeSpan TotalTrialTime => TimeSpan.FromTicks(TrialDurations.Sum(d => d.Ticks));
}
