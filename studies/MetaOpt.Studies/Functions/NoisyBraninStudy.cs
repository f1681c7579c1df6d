namespace MetaOpt.Studies.Functions;

/// <summary>
/// Branin with Gaussian noise of standard deviation 1 drawn from each trial's seed: a cheap noisy objective for
/// repeats, confirmation and intensification (docs/noise.md), whose noise-free value each trial records
/// (<see cref="TrialAttributes.NoiseFreeValue"/>).
/// </summary>
public sealed class NoisyBraninStudy : BenchmarkFunctionStudy
{
    private readonly BraninStudy _branin = new();

    /// <inheritdoc/>
    public override string FunctionName => "noisy-branin";

    /// <inheritdoc/>
    public override string Description => "Branin plus Gaussian noise (sd 1) from the trial's seed; f* = 0.397887 without the noise.";

    /// <inheritdoc/>
    public override double Optimum => _branin.Optimum;

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, Distribution> SearchSpace => _branin.SearchSpace;

    /// <inheritdoc/>
    public override double Evaluate(IReadOnlyDictionary<string, object> parameters) => _branin.Evaluate(parameters);

    /// <inheritdoc/>
    protected override double NoiseSd => 1;
}
