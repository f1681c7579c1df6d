namespace MetaOpt.Recommender;

/// <summary>An ensemble chosen by <see cref="EnsembleSelection"/>.</summary>
/// <param name="Counts">How many times each model of the library was chosen (0: not in the ensemble).</param>
/// <param name="Loss">The ensemble's loss on the hillclimb set.</param>
/// <param name="Trajectory">The loss after each round, the first round first (the ensemble is the best of them).</param>
public sealed record EnsembleSelectionResult(IReadOnlyList<int> Counts, double Loss, IReadOnlyList<double> Trajectory)
{
    /// <summary>Each model's weight: its count over the ensemble's size.</summary>
    public IReadOnlyList<double> Weights => Counts.Select(c => (double)c / Counts.Sum()).ToArray();

    /// <summary>The ensemble's predictions from the models' predictions on other data (the test users), in library order.</summary>
    /// <exception cref="ArgumentException">Not one prediction per model of the library, or of different lengths.</exception>
    public double[] Combine(IReadOnlyList<double[]> predictions)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        if (predictions.Count != Counts.Count)
            throw new ArgumentException($"The ensemble was selected from {Counts.Count} models, but {predictions.Count} predictions were given.", nameof(predictions));
        int length = predictions[0].Length;
        if (predictions.Any(p => p is null || p.Length != length))
            throw new ArgumentException("Every model's predictions must have the same length.", nameof(predictions));
        var weights = Weights;
        var combined = new double[length];
        for (int m = 0; m < predictions.Count; m++)
            if (weights[m] > 0)
                for (int i = 0; i < length; i++) combined[i] += weights[m] * predictions[m][i];
        return combined;
    }
}
