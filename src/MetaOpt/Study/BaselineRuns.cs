namespace MetaOpt;

/// <summary>
/// The study's declared baselines (<see cref="StudyDeclarations.Baselines"/>) evaluated once per seed, as a
/// confirmation stores them, so that a confirmed configuration's mean is compared with a baseline's mean over as many
/// seeds rather than with one draw. Stored in the study (<see cref="AttributeKey"/>), one run added at a time.
/// </summary>
public sealed record BaselineRuns
{
    /// <summary>The study user attribute holding the runs, as the JSON of <see cref="BaselineRunsJson"/>.</summary>
    public const string AttributeKey = "metaopt:baseline_runs";

    /// <summary>
    /// The configuration number of the shared seed list (<see cref="Study.SeedOf"/>; no trial has it): run k of the
    /// baselines, a confirmation's k-th repeat of every configuration and run k of every configuration of an
    /// intensifying study all train with <c>SeedOf(-1, k)</c>, so that they can be compared seed by seed.
    /// </summary>
    public const int Configuration = -1;

    /// <summary>The runs, in the order they were stored.</summary>
    public IReadOnlyList<BaselineRun> Runs { get; init; } = [];

    /// <summary>The mean of baseline <paramref name="key"/> over the runs that have it; null when none has.</summary>
    public MeanEstimate? Estimate(string key)
    {
        var values = Runs.Where(r => r.Values.ContainsKey(key)).Select(r => (r.Values[key], (int?)r.Seed)).ToList();
        return values.Count == 0 ? null : MeanEstimate.Of(values);
    }

    /// <summary>
    /// The seeds the baselines are to be evaluated with: those of the shared list that the study's completed trials
    /// trained with (a confirmation's repeats, every run of an intensifying study), in the list's order, so that every
    /// configuration is compared with the baselines on its own seeds.
    /// </summary>
    public static IReadOnlyList<int> SeedsToRun(Study study)
    {
        ArgumentNullException.ThrowIfNull(study);
        return study.GetTrials(TrialState.Complete)
            .Where(t => t.SeedsOf == Configuration && t.Seed is not null)
            .OrderBy(t => t.Repeat)
            .Select(t => t.Seed!.Value)
            .Distinct()
            .ToList();
    }

    /// <summary>Whether a run with this seed is stored.</summary>
    public bool Has(int seed) => Runs.Any(r => r.Seed == seed);

    /// <summary>The runs stored in a study's user attributes; none when it stores none.</summary>
    /// <exception cref="InvalidDataException">The stored runs are malformed; the message names the attribute.</exception>
    public static BaselineRuns Read(IReadOnlyDictionary<string, object> studyAttrs)
    {
        ArgumentNullException.ThrowIfNull(studyAttrs);
        if (!studyAttrs.TryGetValue(AttributeKey, out var stored))
            return new BaselineRuns();
        try
        {
            return BaselineRunsJson.Read(stored as string ?? throw new InvalidDataException($"{stored} is not text"));
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"The study attribute '{AttributeKey}' cannot be read: {e.Message}.", e);
        }
    }

    /// <summary>Stores <paramref name="run"/> with the runs <paramref name="study"/> already has (replacing one of the same seed).</summary>
    public static void Add(Study study, BaselineRun run)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(run);
        var runs = Read(study.UserAttrs);
        study.SetUserAttr(AttributeKey, BaselineRunsJson.Write(runs with { Runs = [.. runs.Runs.Where(r => r.Seed != run.Seed), run] }));
    }
}

/// <summary>One evaluation of the baselines: the seed it trained with and each baseline's value, by its key.</summary>
public sealed record BaselineRun(int Seed, IReadOnlyDictionary<string, double> Values);
