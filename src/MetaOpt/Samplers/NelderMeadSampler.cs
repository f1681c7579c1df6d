using MetaOpt.Samplers;
using MetaOpt.Samplers.Gp;
using MetaOpt.Samplers.NelderMead;

namespace MetaOpt;

/// <summary>
/// Globalized bounded Nelder-Mead (Luersen and Le Riche 2004: projection onto the bounds, restarts from the least
/// explored region) over the study's numeric parameters, asked and told one trial at a time; categorical parameters
/// go to an independent sampler, as in <see cref="CmaEsSampler"/>.
/// </summary>
/// <remarks>
/// <para>The searched space is the numeric parameters every complete trial shares, mapped onto [0, 1]^n. The simplex
/// method asks for one point at a time except for its initial simplex and its shrinks; each of its queries is a trial,
/// which stores the query's number (<see cref="StepAttr"/>) and the point it evaluated (<see cref="PointAttr"/>). A
/// failed or pruned trial answers its query with +∞, the worst value.</para>
/// <para>No state lives only in the sampler: the search is rebuilt by replaying the stored trials through it (the
/// first finished trial of each query, in number order), so a study resumed in another process proposes what an
/// uninterrupted run would. Nelder-Mead is sequential: while every open query is already being evaluated by another
/// worker, a new trial is a uniform point of its own random stream (<see cref="StepAttr"/> −1), which the simplex
/// does not use; with parallel workers prefer <see cref="ParticleSwarmSampler"/> or <see cref="CmaEsSampler"/>.</para>
/// </remarks>
public sealed class NelderMeadSampler : ISampler
{
    /// <summary>System attribute holding the number of the simplex's query a trial evaluates; −1 for a uniform point.</summary>
    public const string StepAttr = "nelder-mead:step";

    /// <summary>System attribute holding a trial's point in the unit cube, before rounding onto grids.</summary>
    public const string PointAttr = "nelder-mead:x";

    private readonly int _seed;
    private readonly NelderMeadSamplerOptions _options;
    private readonly ISampler _independent;
    private readonly object _lock = new();

    /// <summary>Creates the sampler with the default settings.</summary>
    /// <param name="seed">Seed of every random draw; a random seed when null.</param>
    public NelderMeadSampler(int? seed)
        : this(new NelderMeadSamplerOptions { Seed = seed })
    {
    }

    /// <summary>Creates the sampler with the default settings and a random seed.</summary>
    public NelderMeadSampler()
        : this(new NelderMeadSamplerOptions())
    {
    }

    /// <summary>Creates the sampler.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is outside its range (the exception names it).</exception>
    public NelderMeadSampler(NelderMeadSamplerOptions options)
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
            var (step, point) = Next(study, space, trial.Number);
            return (point, [(StepAttr, step)]);
        });

    /// <inheritdoc/>
    public double SampleIndependent(Study study, FrozenTrial trial, string name, Distribution distribution) =>
        _independent.SampleIndependent(study, trial, name, distribution);

    /// <inheritdoc/>
    public void BeforeTrial(Study study, FrozenTrial trial) => _independent.BeforeTrial(study, trial);

    /// <inheritdoc/>
    public void AfterTrial(Study study, FrozenTrial trial, TrialState state, double? value) => _independent.AfterTrial(study, trial, state, value);

    /// <summary>
    /// The query the trial numbered <paramref name="number"/> evaluates and its point: the first open query nobody has
    /// taken, after replaying every answered one; (−1, a uniform point) when every open query is taken.
    /// </summary>
    internal (int Step, double[] Point) Next(Study study, UnitCubeSpace space, int number) => Replay(study, space, number).Next;

    /// <summary>The search after replaying the stored trials, and the next trial's query.</summary>
    internal (NelderMeadSearch Search, (int Step, double[] Point) Next) Replay(Study study, UnitCubeSpace space, int number)
    {
        var n = space.Dimensions;
        var byStep = study.Trials
            .Where(t => CubeTrials.Int(t, StepAttr) is >= 0 && CubeTrials.Counts(t, space) && CubeTrials.Point(t, PointAttr, n) is not null)
            .GroupBy(t => CubeTrials.Int(t, StepAttr)!.Value)
            .ToDictionary(g => g.Key, g => g.OrderBy(t => t.Number).ToList());
        var search = new NelderMeadSearch(_options, _seed, n);
        var step = 0;
        foreach (var batch in search.Queries())
        {
            var answers = new (double[] X, double Value)[batch.Length];
            for (var i = 0; i < batch.Length; i++)
            {
                var taken = byStep.GetValueOrDefault(step + i);
                if (taken is null)
                    return (search, (step + i, batch[i]));
                var finished = taken.FirstOrDefault(t => t.State.IsFinished());
                if (finished is null)
                    continue;
                answers[i] = (CubeTrials.Point(finished, PointAttr, n)!, CubeTrials.Loss(finished, study.Direction) ?? double.PositiveInfinity);
            }
            if (answers.Any(a => a.X is null))
            {
                var random = SamplerRandom.ForTrial(_seed, number, "nelder-mead");
                return (search, (-1, Enumerable.Range(0, n).Select(_ => random.NextDouble()).ToArray()));
            }
            search.Answers = answers;
            step += batch.Length;
        }
        throw new InvalidOperationException("the Nelder-Mead search never ends");
    }
}
