namespace MetaOpt;

/// <summary>
/// An ensemble of a study's kept models, built after its search as a final stage and stored with the study
/// (<see cref="AttributeKey"/>), so the report and the launcher show whether it beat the best single trial. The
/// ensemble is chosen on one set of cases (<see cref="SelectedOn"/>) and compared on another (<see cref="ComparedOn"/>)
/// by <see cref="Measure"/>, which is better in <see cref="Direction"/>.
/// </summary>
public sealed record StudyEnsemble
{
    /// <summary>The study user attribute holding the ensemble, as the JSON of <see cref="StudyEnsembleJson"/>.</summary>
    public const string AttributeKey = "metaopt:ensemble";

    /// <summary>The name of the row of the best single model: the study's best trial.</summary>
    public const string BestRow = "best";

    /// <summary>The name of the row of the plain average of the library.</summary>
    public const string AverageRow = "average";

    /// <summary>The name of the row of the selected ensemble.</summary>
    public const string EnsembleRow = "ensemble";

    /// <summary>How many of the study's best kept models formed the library it was chosen from.</summary>
    public required int TopK { get; init; }

    /// <summary>Rounds of the greedy selection: the largest ensemble considered.</summary>
    public required int Rounds { get; init; }

    /// <summary>What the rows' values measure, as shown (such as <c>MAE</c>).</summary>
    public required string Measure { get; init; }

    /// <summary>Which way <see cref="Measure"/> is better.</summary>
    public required Direction Direction { get; init; }

    /// <summary>The cases the ensemble was chosen on, as shown (such as <c>94 meta-validation users</c>).</summary>
    public required string SelectedOn { get; init; }

    /// <summary>The held-out cases the rows are compared on, as shown.</summary>
    public required string ComparedOn { get; init; }

    /// <summary>The compared ways of predicting: <see cref="BestRow"/>, <see cref="AverageRow"/> and <see cref="EnsembleRow"/>.</summary>
    public required IReadOnlyList<EnsembleComparisonRow> Rows { get; init; }

    /// <summary>The library's models, best first, with the rounds the selection gave each (0 for one it left out).</summary>
    public required IReadOnlyList<EnsembleMember> Members { get; init; }

    /// <summary>The row of the study's best trial.</summary>
    public EnsembleComparisonRow Best => Row(BestRow);

    /// <summary>The row of the selected ensemble.</summary>
    public EnsembleComparisonRow Ensemble => Row(EnsembleRow);

    /// <summary>Whether the ensemble beat the best single model on the held-out cases (a tie is not a win).</summary>
    public bool Won => Direction.IsBetter(Ensemble.Held, Best.Held);

    /// <summary>By how much the ensemble beat (positive) or trailed (negative) the best single model on the held-out cases.</summary>
    public double Margin => Direction.Sign() * (Best.Held - Ensemble.Held);

    /// <summary>The comparison in a few words: <c>won by 0.0123</c>, <c>lost by 0.0045</c> or <c>tied</c>.</summary>
    public string Verdict => Won ? $"won by {ValueText.Number(Margin)}" : Margin == 0 ? "tied" : $"lost by {ValueText.Number(-Margin)}";

    /// <summary>The row of that name.</summary>
    /// <exception cref="KeyNotFoundException">There is none.</exception>
    public EnsembleComparisonRow Row(string name) =>
        Rows.FirstOrDefault(r => r.Name == name) ?? throw new KeyNotFoundException($"The ensemble has no row '{name}'.");

    /// <summary>The ensemble a study stores; null when it stores none.</summary>
    /// <exception cref="InvalidDataException">The stored ensemble is malformed; the message names the attribute.</exception>
    public static StudyEnsemble? Read(IReadOnlyDictionary<string, object> studyAttrs)
    {
        ArgumentNullException.ThrowIfNull(studyAttrs);
        if (!studyAttrs.TryGetValue(AttributeKey, out var stored))
            return null;
        try
        {
            return StudyEnsembleJson.Read(stored as string ?? throw new InvalidDataException($"{stored} is not text"));
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"The study attribute '{AttributeKey}' cannot be read: {e.Message}.", e);
        }
    }

    /// <summary>Stores the ensemble in the study, replacing the one it had.</summary>
    public void Store(Study study)
    {
        ArgumentNullException.ThrowIfNull(study);
        study.SetUserAttr(AttributeKey, StudyEnsembleJson.Write(this));
    }

    /// <summary>
    /// Whether this ensemble was chosen from exactly <paramref name="library"/> (the trial numbers, best first) with
    /// <paramref name="topK"/> and <paramref name="rounds"/>: building it again would give it again.
    /// </summary>
    public bool IsFrom(IReadOnlyList<int> library, int topK, int rounds)
    {
        ArgumentNullException.ThrowIfNull(library);
        return TopK == topK && Rounds == rounds && Members.Select(m => m.Trial).SequenceEqual(library);
    }
}

/// <summary>One compared way of predicting.</summary>
/// <param name="Name">Its row name (<see cref="StudyEnsemble.BestRow"/>...).</param>
/// <param name="About">What it is, as shown (<c>trial 12</c>, <c>3 models, 20 rounds</c>).</param>
/// <param name="Selection">Its <see cref="StudyEnsemble.Measure"/> on the cases the ensemble was chosen on.</param>
/// <param name="Held">Its <see cref="StudyEnsemble.Measure"/> on the held-out cases.</param>
/// <param name="Metrics">Its other metrics on the held-out cases, by name as shown (<c>RMSE</c>, <c>nDCG@3</c>).</param>
public sealed record EnsembleComparisonRow(string Name, string About, double Selection, double Held, IReadOnlyDictionary<string, double> Metrics);

/// <summary>A model of the ensemble's library.</summary>
/// <param name="Trial">The trial that kept it.</param>
/// <param name="Value">The trial's value.</param>
/// <param name="Count">The rounds the selection added it in (0 when left out).</param>
/// <param name="Weight">Its weight in the ensemble: <paramref name="Count"/> over all rounds.</param>
public sealed record EnsembleMember(int Trial, double Value, int Count, double Weight);
