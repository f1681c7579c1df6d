using System.Globalization;
using MathNet.Numerics.LinearAlgebra;
using MetaOpt.Samplers;
using MetaOpt.Samplers.CmaEs;

namespace MetaOpt;

/// <summary>
/// CMA-ES (Hansen's tutorial) over the study's numeric parameters, with the margin for integer and stepped
/// parameters, optional IPOP restarts and a warm start from earlier studies (WS-CMA-ES); categorical parameters go to
/// an independent sampler, as in Optuna.
/// </summary>
/// <remarks>
/// <para>The searched space is the numeric parameters every complete trial shares (Optuna's intersection search
/// space), mapped onto [0, 1]^n (see <c>docs/samplers.md</c>). A trial's candidate is drawn from the current
/// generation's distribution with the trial's own random stream (<see cref="SamplerRandom"/>); the trial stores the
/// generation (<see cref="GenerationAttr"/>) and its candidate in the cube (<see cref="PointAttr"/>).</para>
/// <para>No state lives only in the sampler: the distribution is rebuilt by replaying the stored generations, so a
/// study resumed in another process proposes what an uninterrupted run would. Generation g is told with its first λ
/// complete trials in number order, once every trial of g numbered before the λ-th of them has finished (failed and
/// pruned ones are passed over); until then new trials are drawn from generation g too. Trials of a generation that
/// has been told already (drawn while it waited) do not enter any update: the update needs candidates of the
/// distribution it updates. The replay is cached, so each proposal costs one update per new generation.</para>
/// <para>With <see cref="StudyOptions.WarmStartFrom"/>, the first distribution is WS-CMA-ES's (Nomura et al., AAAI
/// 2021): the mean and covariance of the earlier studies' best tenth of trials, each widened by 0.1² I.</para>
/// </remarks>
public sealed class CmaEsSampler : ISampler
{
    /// <summary>System attribute holding the generation a trial's candidate was drawn from.</summary>
    public const string GenerationAttr = "cmaes:generation";

    /// <summary>System attribute holding a trial's candidate in the unit cube, before rounding onto grids.</summary>
    public const string PointAttr = "cmaes:x";

    private const double WarmStartTopFraction = 0.1;
    private const double WarmStartWidening = 0.1;

    private readonly int _seed;
    private readonly CmaEsSamplerOptions _options;
    private readonly ISampler _independent;
    private readonly object _lock = new();
    private readonly Dictionary<(Study Study, string SpaceKey), CmaState> _states = new();

    /// <summary>Creates the sampler with the default settings.</summary>
    /// <param name="seed">Seed of every random draw; a random seed when null.</param>
    public CmaEsSampler(int? seed)
        : this(new CmaEsSamplerOptions { Seed = seed })
    {
    }

    /// <summary>Creates the sampler with the default settings and a random seed.</summary>
    public CmaEsSampler()
        : this(new CmaEsSamplerOptions())
    {
    }

    /// <summary>Creates the sampler.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is outside its range (the exception names it).</exception>
    public CmaEsSampler(CmaEsSamplerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _seed = SamplerRandom.Seed(options.Seed);
        _options = options;
        _independent = options.IndependentSampler ?? new RandomSampler(_seed);
    }

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, Distribution> InferRelativeSearchSpace(Study study, FrozenTrial trial)
    {
        var complete = study.GetTrials(TrialState.Complete);
        if (complete.Count < _options.StartupTrials)
            return new Dictionary<string, Distribution>();
        var space = complete.Count == 0 && study.Options.WarmStartFrom is { } warm
            ? GpSampler.Intersection(warm.Resolve(study, []).SelectMany(s => s.Trials).Select(t => t.Distributions))
            : GpSampler.Intersection(complete.Select(t => t.Distributions));
        return space.Where(kv => kv.Value is not CategoricalDistribution).ToDictionary();
    }

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, double> SampleRelative(
        Study study, FrozenTrial trial, IReadOnlyDictionary<string, Distribution> searchSpace)
    {
        if (searchSpace.Count == 0)
            return new Dictionary<string, double>();
        var space = new CmaSpace(searchSpace, _options.WithMargin);
        CmaState state;
        lock (_lock)
            state = Current(study, space);
        var x = state.Sample(SamplerRandom.ForTrial(_seed, trial.Number, "cmaes"));
        CubeTrials.ApplyFixed(trial, space.Cube, x);
        study.SetTrialSystemAttr(trial.Id, GenerationAttr, state.Generation);
        study.SetTrialSystemAttr(trial.Id, PointAttr, CubeTrials.Format(x));
        return Enumerable.Range(0, space.Dimensions).ToDictionary(j => space.Names[j], j => space.FromUnit(j, x[j]));
    }

    /// <inheritdoc/>
    public double SampleIndependent(Study study, FrozenTrial trial, string name, Distribution distribution) =>
        _independent.SampleIndependent(study, trial, name, distribution);

    /// <inheritdoc/>
    public void BeforeTrial(Study study, FrozenTrial trial) => _independent.BeforeTrial(study, trial);

    /// <inheritdoc/>
    public void AfterTrial(Study study, FrozenTrial trial, TrialState state, double? value) => _independent.AfterTrial(study, trial, state, value);

    /// <summary>
    /// The distribution new trials are drawn from: the last one cached, advanced through every generation the stored
    /// trials complete.
    /// </summary>
    internal CmaState Current(Study study, CmaSpace space)
    {
        var key = (study, space.Key);
        var state = _states.TryGetValue(key, out var cached) ? cached : Initial(study, space);
        var sign = study.Direction.Sign();
        var byGeneration = study.Trials
            .Where(t => t.SystemAttrs.ContainsKey(GenerationAttr) && CubeTrials.InSpace(t, space.Cube))
            .GroupBy(t => Convert.ToInt32(t.SystemAttrs[GenerationAttr], CultureInfo.InvariantCulture))
            .ToDictionary(g => g.Key, g => g.OrderBy(t => t.Number).ToList());
        var sigma0 = _options.Sigma0 ?? 1.0 / 6;
        while (byGeneration.TryGetValue(state.Generation, out var members))
        {
            var told = new List<(double[] X, double Value)>();
            foreach (var t in members)
            {
                if (!t.State.IsFinished())
                    break;
                if (t.State == TrialState.Complete && t.Value is { } v && double.IsFinite(v) && CubeTrials.Point(t, PointAttr, space.Dimensions) is { } x)
                    told.Add((x, sign * v));
                if (told.Count == state.Lambda)
                    break;
            }
            if (told.Count < state.Lambda)
                break;
            state = _options.RestartStrategy == CmaEsRestart.Ipop
                ? state.Tell(told, r => RestartMean(r, space.Dimensions), r => Lambda(space.Dimensions) * (int)Math.Pow(_options.IncreasePopsize, r), sigma0)
                : state.Tell(told, sigma0: sigma0);
        }
        _states[key] = state;
        return state;
    }

    private int Lambda(int dimensions) => _options.PopulationSize ?? 4 + (int)Math.Floor(3 * Math.Log(dimensions));

    private double[] RestartMean(int restart, int dimensions)
    {
        var random = SamplerRandom.ForTrial(_seed, restart, "cmaes-restart");
        return Enumerable.Range(0, dimensions).Select(_ => random.NextDouble()).ToArray();
    }

    /// <summary>The first distribution: at the centre with the initial step size, or WS-CMA-ES's from the earlier studies.</summary>
    private CmaState Initial(Study study, CmaSpace space)
    {
        var n = space.Dimensions;
        var lambda = Lambda(n);
        if (study.Options.WarmStartFrom is { } warm && WarmStartDistribution(study, warm, space) is { } prior)
            return CmaState.Initial(space, lambda, prior.Mean, prior.Sigma, prior.C);
        return CmaState.Initial(space, lambda, Enumerable.Repeat(0.5, n).ToArray(), _options.Sigma0 ?? 1.0 / 6);
    }

    /// <summary>
    /// WS-CMA-ES's initial distribution: the Gaussian closest (in KL divergence) to a mixture of N(x, 0.1² I) over the
    /// earlier studies' best tenth of trials, split into a step size (the geometric mean of its standard deviations)
    /// and a covariance of determinant 1; null when no earlier trial has values for this space.
    /// </summary>
    internal static (double[] Mean, double Sigma, Matrix<double> C)? WarmStartDistribution(Study study, WarmStart warm, CmaSpace space)
    {
        var points = new List<double[]>();
        foreach (var source in warm.Resolve(study, space.Names.ToList()))
        {
            var sign = source.Direction.Sign();
            var encoded = source.Trials
                .Select(t => (Point: space.Cube.EncodeExternal(t.Params), Value: sign * t.Value!.Value))
                .Where(o => o.Point is not null)
                .OrderBy(o => o.Value)
                .ToList();
            points.AddRange(encoded.Take((int)Math.Ceiling(WarmStartTopFraction * encoded.Count)).Select(o => o.Point!));
        }
        if (points.Count == 0)
            return null;
        var n = space.Dimensions;
        var mean = Enumerable.Range(0, n).Select(j => points.Average(p => p[j])).ToArray();
        var sigma = Matrix<double>.Build.DenseIdentity(n) * (WarmStartWidening * WarmStartWidening);
        foreach (var p in points)
        {
            var d = Vector<double>.Build.Dense(n, j => p[j] - mean[j]);
            sigma += d.OuterProduct(d) / points.Count;
        }
        var step = Math.Pow(sigma.Determinant(), 1.0 / (2 * n));
        return (mean, step, sigma / (step * step));
    }
}
