using MetaOpt.Samplers;
using MetaOpt.Samplers.Gp;

namespace MetaOpt;

/// <summary>
/// Particle swarm optimisation (SPSO 2011's coefficients, a global-best swarm) over the study's numeric parameters,
/// asked and told one trial at a time; categorical parameters go to an independent sampler, as in
/// <see cref="CmaEsSampler"/>.
/// </summary>
/// <remarks>
/// <para>The searched space is the numeric parameters every complete trial shares, mapped onto [0, 1]^n (log scale
/// for log parameters, integer and step grids rounded on the way out). Each trial moves one particle: of those
/// moved least, the one whose latest trial is the oldest, so the particles take turns whatever order
/// concurrent workers' proposals arrive in. The move is
/// v ← w v + c₁ r₁ (p − x) + c₂ r₂ (g − x), x ← x + v, with p the particle's best finished position, g the swarm's,
/// r₁ and r₂ uniform per coordinate from the trial's own random stream; steps are clipped to the largest velocity and
/// a coordinate that would leave the cube stops at the wall with its velocity zeroed.</para>
/// <para>No state lives only in the sampler: each trial stores its particle (<see cref="ParticleAttr"/>), position
/// (<see cref="PointAttr"/>) and velocity (<see cref="VelocityAttr"/>), and the swarm is rebuilt from them, so a study
/// resumed in another process proposes what an uninterrupted run would. A particle whose latest trial is still running
/// can move again (the move needs its position, not its value): workers never wait, and with more workers than
/// particles several moves of one particle are in flight.</para>
/// </remarks>
public sealed class ParticleSwarmSampler : ISampler
{
    /// <summary>System attribute holding the particle a trial moved.</summary>
    public const string ParticleAttr = "pso:particle";

    /// <summary>System attribute holding a trial's position in the unit cube, before rounding onto grids.</summary>
    public const string PointAttr = "pso:x";

    /// <summary>System attribute holding the velocity that brought the particle to the trial's position.</summary>
    public const string VelocityAttr = "pso:v";

    private readonly int _seed;
    private readonly ParticleSwarmSamplerOptions _options;
    private readonly ISampler _independent;
    private readonly object _lock = new();

    /// <summary>Creates the sampler with the default settings.</summary>
    /// <param name="seed">Seed of every random draw; a random seed when null.</param>
    public ParticleSwarmSampler(int? seed)
        : this(new ParticleSwarmSamplerOptions { Seed = seed })
    {
    }

    /// <summary>Creates the sampler with the default settings and a random seed.</summary>
    public ParticleSwarmSampler()
        : this(new ParticleSwarmSamplerOptions())
    {
    }

    /// <summary>Creates the sampler.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is outside its range (the exception names it).</exception>
    public ParticleSwarmSampler(ParticleSwarmSamplerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _seed = SamplerRandom.Seed(options.Seed);
        _options = options;
        _independent = options.IndependentSampler ?? new RandomSampler(_seed);
    }

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, Distribution> InferRelativeSearchSpace(Study study, FrozenTrial trial) =>
        CubeTrials.NumericIntersection(study);

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, double> SampleRelative(
        Study study, FrozenTrial trial, IReadOnlyDictionary<string, Distribution> searchSpace) =>
        CubeTrials.Propose(study, trial, searchSpace, _lock, PointAttr, space =>
        {
            var (particle, position, velocity) = Move(study, space, trial.Number);
            return (position, [(ParticleAttr, particle), (VelocityAttr, CubeTrials.Format(velocity))]);
        });

    /// <inheritdoc/>
    public double SampleIndependent(Study study, FrozenTrial trial, string name, Distribution distribution) =>
        _independent.SampleIndependent(study, trial, name, distribution);

    /// <inheritdoc/>
    public void BeforeTrial(Study study, FrozenTrial trial) => _independent.BeforeTrial(study, trial);

    /// <inheritdoc/>
    public void AfterTrial(Study study, FrozenTrial trial, TrialState state, double? value) => _independent.AfterTrial(study, trial, state, value);

    /// <summary>The particle the trial numbered <paramref name="number"/> moves, and where to.</summary>
    internal (int Particle, double[] Position, double[] Velocity) Move(Study study, UnitCubeSpace space, int number)
    {
        var n = space.Dimensions;
        var count = _options.Particles ?? 10 + (int)Math.Floor(2 * Math.Sqrt(n));
        var history = new List<(double[] X, double[] V, double? Loss, int Number)>[count];
        for (var p = 0; p < count; p++)
            history[p] = [];
        (double[] X, double Loss)? swarmBest = null;
        foreach (var t in study.Trials.OrderBy(t => t.Number))
        {
            if (CubeTrials.Int(t, ParticleAttr) is not { } p || p < 0 || p >= count || !CubeTrials.Counts(t, space)
                || CubeTrials.Point(t, PointAttr, n) is not { } x || CubeTrials.Point(t, VelocityAttr, n) is not { } v)
                continue;
            var loss = CubeTrials.Loss(t, study.Direction);
            history[p].Add((x, v, loss, t.Number));
            if (loss is { } l && (swarmBest is null || l < swarmBest.Value.Loss))
                swarmBest = (x, l);
        }

        // The particle moved least goes next, the oldest latest trial among them: by trial number alone, a worker that
        // took the lock late would make its particle look old and move it again at once.
        var particle = Enumerable.Range(0, count)
            .OrderBy(p => history[p].Count).ThenBy(p => history[p].Count == 0 ? -1 : history[p][^1].Number).First();
        var random = SamplerRandom.ForTrial(_seed, number, "pso");
        if (history[particle].Count == 0)
        {
            // SPSO 2007's start: a uniform position and half the way to another uniform point as velocity.
            var start = SamplerRandom.ForTrial(_seed, particle, "pso-start");
            var x0 = Enumerable.Range(0, n).Select(_ => start.NextDouble()).ToArray();
            var v0 = x0.Select(xj => Math.Clamp((start.NextDouble() - xj) / 2, -_options.MaxVelocity, _options.MaxVelocity)).ToArray();
            return (particle, x0, v0);
        }
        var (current, velocity, _, _) = history[particle][^1];
        var own = history[particle].Where(h => h.Loss is not null).OrderBy(h => h.Loss).Select(h => h.X).FirstOrDefault() ?? current;
        var best = swarmBest?.X ?? current;
        var next = new double[n];
        var step = new double[n];
        for (var j = 0; j < n; j++)
        {
            var r1 = random.NextDouble();
            var r2 = random.NextDouble();
            var v = _options.Inertia * velocity[j] + _options.Cognitive * r1 * (own[j] - current[j]) + _options.Social * r2 * (best[j] - current[j]);
            v = Math.Clamp(v, -_options.MaxVelocity, _options.MaxVelocity);
            var x = current[j] + v;
            if (x is < 0 or > 1)
            {
                x = Math.Clamp(x, 0, 1);
                v = 0;
            }
            next[j] = x;
            step[j] = v;
        }
        return (particle, next, step);
    }
}
