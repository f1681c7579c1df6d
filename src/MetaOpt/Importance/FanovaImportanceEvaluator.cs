using MetaOpt.Importance;

namespace MetaOpt;

/// <summary>Parameter importance by fANOVA on a random forest of regression trees: Optuna's default evaluator.</summary>
/// <remarks>
/// <para>
/// A random forest is fitted to the Complete trials, with each parameter in the space the samplers work in (log for
/// log-scaled parameters, the choice index for categoricals). For each tree, the variance of the tree's prediction
/// over the uniform measure on the search space is split into the main effect of every single parameter
/// (Hutter, Hoos and Leyton-Brown, ICML 2014). A parameter's importance is its fraction of variance averaged over
/// the trees, and the fractions are normalised to sum to 1, as Optuna's <c>FanovaImportanceEvaluator</c> does.
/// </para>
/// <para>
/// Conditional parameters (absent from some trials) are kept: "inactive" becomes one more cell of the parameter's
/// range, weighted by how often the parameter was inactive. Unlike Optuna, categoricals are split on their index
/// order rather than one-hot encoded, so a category is separated from non-neighbouring ones in two splits, not one.
/// Fewer than two Complete trials give an empty result; an objective that never varied gives equal shares; both
/// say so in <see cref="ImportanceResult.Note"/>.
/// </para>
/// </remarks>
/// <example><code>
/// var importance = new FanovaImportanceEvaluator(seed: 0).Evaluate(study.Trials);
/// var ranked = importance.Importances.Select(p => $"{p.Parameter}: {p.Importance:P0}");   // most important first
/// </code></example>
public sealed class FanovaImportanceEvaluator : IImportanceEvaluator
{
    private readonly int _trees;
    private readonly int _maxDepth;
    private readonly int _minSamplesLeaf;
    private readonly int _seed;

    /// <summary>Creates the evaluator.</summary>
    /// <param name="trees">Trees in the forest, at least 1 (Optuna: 64).</param>
    /// <param name="maxDepth">Maximum depth of each tree, at least 1 (Optuna: 64).</param>
    /// <param name="minSamplesLeaf">Fewest bootstrap samples in a leaf, at least 1.</param>
    /// <param name="seed">Seed of the bootstrap and feature order: the same seed and trials give the same result.</param>
    /// <exception cref="ArgumentOutOfRangeException">A count is below 1.</exception>
    public FanovaImportanceEvaluator(int trees = 64, int maxDepth = 64, int minSamplesLeaf = 1, int seed = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(trees, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDepth, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(minSamplesLeaf, 1);
        _trees = trees;
        _maxDepth = maxDepth;
        _minSamplesLeaf = minSamplesLeaf;
        _seed = seed;
    }

    /// <inheritdoc/>
    public string Method => "fANOVA on a random forest";

    /// <inheritdoc/>
    /// <remarks>Uses the Complete trials with a finite value; Pruned trials are left out because their values are partial.</remarks>
    public ImportanceResult Evaluate(IReadOnlyList<FrozenTrial> trials, IReadOnlyCollection<string>? parameters = null)
    {
        ArgumentNullException.ThrowIfNull(trials);
        var complete = trials.Where(t => t.State == TrialState.Complete && t.Value is { } v && double.IsFinite(v)).ToList();
        if (complete.Count < 2)
            return Result([], complete.Count, $"Needs at least 2 completed trials to rank parameters; found {complete.Count}.");

        var notes = new List<string>();
        var data = ImportanceDataset.Build(complete, parameters, notes);
        if (data.Names.Length == 0)
            return Result([], complete.Count, Join(notes.Prepend("No parameter varied across the completed trials.")));

        var sums = new double[data.Names.Length];
        var informativeTrees = 0;
        var settings = new RegressionTree.TreeSettings(_maxDepth, _minSamplesLeaf, MinSamplesSplit: 2, data.Names.Length, ActiveLower: data.ActiveLower);
        var forest = RandomForest.Fit(data.Rows, data.Values, _trees, settings, bootstrap: true, new Random(_seed));
        foreach (var tree in forest.Trees)
        {
            if (FanovaDecomposition.MainEffectFractions(tree.Leaves(data), data.Lower, data.Upper) is not { } fractions)
                continue;
            informativeTrees++;
            for (var d = 0; d < sums.Length; d++)
                sums[d] += fractions[d];
        }

        var total = sums.Sum();
        if (informativeTrees == 0 || !(total > 0))
        {
            notes.Insert(0, "The objective did not vary with any single parameter, so every parameter gets an equal share.");
            Array.Fill(sums, 1.0);
            total = sums.Length;
        }
        var ranked = data.Names.Select((name, d) => new ParameterImportance(name, sums[d] / total))
            .OrderByDescending(p => p.Importance).ThenBy(p => p.Parameter, StringComparer.Ordinal).ToList();
        return Result(ranked, complete.Count, notes.Count == 0 ? null : Join(notes));
    }

    private ImportanceResult Result(IReadOnlyList<ParameterImportance> importances, int trialsUsed, string? note) =>
        new() { Method = Method, Importances = importances, TrialsUsed = trialsUsed, Note = note };

    private static string Join(IEnumerable<string> notes) => string.Join(" ", notes);
}
