namespace MetaOpt.Recommender;

/// <summary>
/// Ensemble selection (Caruana, Niculescu-Mizil, Crew and Ksikes, ICML 2004): greedy forward selection with
/// replacement over a library of models' predictions on a hillclimb (validation) set. Each round adds the model,
/// possibly one already chosen, whose addition gives the averaged predictions the lowest loss; the ensemble returned
/// is the round with the lowest loss, so adding rounds never makes it worse on that set. A model chosen n times
/// weighs n / size. Pure: it sees only numbers, never the models.
/// </summary>
public static class EnsembleSelection
{
    /// <summary>Selects by the mean absolute error of the averaged predictions against <paramref name="truth"/>.</summary>
    /// <exception cref="ArgumentException">As <see cref="Select(IReadOnlyList{double[]}, int, Func{double[], double})"/>, or <paramref name="truth"/>'s length differs.</exception>
    public static EnsembleSelectionResult Select(IReadOnlyList<double[]> predictions, IReadOnlyList<double> truth, int rounds)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        ArgumentNullException.ThrowIfNull(truth);
        if (predictions.Count > 0 && predictions[0].Length != truth.Count)
            throw new ArgumentException($"The predictions have {predictions[0].Length} values but the truth has {truth.Count}; they must be aligned.", nameof(truth));
        return Select(predictions, rounds, averaged => averaged.Select((p, i) => Math.Abs(p - truth[i])).Average());
    }

    /// <summary>Selects by <paramref name="loss"/> (lower is better) of the averaged predictions.</summary>
    /// <param name="predictions">Each model's predictions on the hillclimb set, all of the same length.</param>
    /// <param name="rounds">Models added, with replacement: the largest ensemble considered.</param>
    /// <param name="loss">The loss of averaged predictions; a NaN loss never wins.</param>
    /// <exception cref="ArgumentException">No model, an empty or misaligned prediction, or <paramref name="rounds"/> below 1.</exception>
    public static EnsembleSelectionResult Select(IReadOnlyList<double[]> predictions, int rounds, Func<double[], double> loss)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        ArgumentNullException.ThrowIfNull(loss);
        if (predictions.Count == 0)
            throw new ArgumentException("There is no model to select from.", nameof(predictions));
        int length = predictions[0].Length;
        if (length == 0 || predictions.Any(p => p is null || p.Length != length))
            throw new ArgumentException($"Every model's predictions must have the same, non-zero length ({length} for the first).", nameof(predictions));
        if (rounds < 1)
            throw new ArgumentException($"Rounds is {rounds}; allowed: at least 1.", nameof(rounds));

        var sum = new double[length];
        var counts = new int[predictions.Count];
        var trajectory = new List<double>(rounds);
        int[] best = [];
        double bestLoss = double.NaN;
        for (int round = 1; round <= rounds; round++)
        {
            // The first model with the lowest loss: ties go to the earlier model, so the selection is deterministic.
            int chosen = -1;
            double chosenLoss = double.NaN;
            for (int m = 0; m < predictions.Count; m++)
            {
                var candidate = new double[length];
                for (int i = 0; i < length; i++) candidate[i] = (sum[i] + predictions[m][i]) / round;
                double value = loss(candidate);
                if (chosen < 0 || Better(value, chosenLoss))
                    (chosen, chosenLoss) = (m, value);
            }
            for (int i = 0; i < length; i++) sum[i] += predictions[chosen][i];
            counts[chosen]++;
            trajectory.Add(chosenLoss);
            if (round == 1 || Better(chosenLoss, bestLoss))
                (best, bestLoss) = ([.. counts], chosenLoss);
        }
        return new EnsembleSelectionResult(best, bestLoss, trajectory);
    }

    // A NaN loss loses to any other.
    private static bool Better(double value, double than) => !double.IsNaN(value) && (double.IsNaN(than) || value < than);
}
