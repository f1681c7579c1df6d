using System.Collections.Concurrent;
using System.Globalization;
using MetaOpt.Samplers;
using MetaOpt.SearchSpace;

namespace MetaOpt;

/// <summary>
/// NSGA-II (Deb et al. 2002), the genetic algorithm for multi-objective studies (it also serves one objective): trials
/// are grouped in generations of <see cref="NsgaIISamplerOptions.PopulationSize"/>, each generation's children are bred
/// from the parent population, and the next parent population is the best of parents and children by non-dominated
/// rank, then crowding distance (<see cref="Pareto"/>).
/// </summary>
/// <remarks>
/// <para>Each trial is given a generation when it starts (<see cref="GenerationAttr"/>): the one being built, which is
/// complete once it holds <see cref="NsgaIISamplerOptions.PopulationSize"/> Complete trials; trials still running, or
/// told after that, stay in their generation, so workers and processes sharing a study can run trials of it at once.
/// The parent populations are rebuilt from the stored trials in number order, so a study resumed in another process
/// goes on where it stopped.</para>
/// <para>Children pick each parent by binary tournament (lower rank, then larger crowding distance). Numeric parameters
/// cross over by simulated binary crossover and mutate by polynomial mutation (Deb's operators for real-coded
/// genes), in each distribution's model space (log for log parameters), then snap back onto their integers and
/// steps; uniform crossover with random resampling, Optuna's default, treats a float as a token to copy and makes
/// children no nearer a good region than their parents. Categorical parameters swap and resample uniformly.</para>
/// <para>Draws come from the seed and the trial number, so a study run with parallelism 1 is reproducible.</para>
/// </remarks>
public sealed class NsgaIISampler : ISampler
{
    /// <summary>The system attribute holding the generation a trial belongs to.</summary>
    public const string GenerationAttr = "nsga2:generation";

    /// <summary>The system attribute holding a complete trial's constraint values (<see cref="NsgaIISamplerOptions.Constraints"/>), round-trip formatted and separated by semicolons.</summary>
    public const string ConstraintsAttr = "nsga2:constraints";

    private readonly int _seed;
    private readonly NsgaIISamplerOptions _options;
    private readonly ISampler _independent;
    // The parents each running trial of this process breeds from, found when it started.
    private readonly ConcurrentDictionary<long, IReadOnlyList<Member>> _parents = new();

    /// <summary>Creates the sampler with the default settings.</summary>
    /// <param name="seed">Seed of every random draw; a random seed when null.</param>
    public NsgaIISampler(int? seed)
        : this(new NsgaIISamplerOptions { Seed = seed })
    {
    }

    /// <summary>Creates the sampler with the default settings and a random seed.</summary>
    public NsgaIISampler()
        : this(new NsgaIISamplerOptions())
    {
    }

    /// <summary>Creates the sampler.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is outside its range (the exception names it).</exception>
    public NsgaIISampler(NsgaIISamplerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _seed = SamplerRandom.Seed(options.Seed);
        _options = options;
        _independent = options.IndependentSampler ?? new RandomSampler(_seed);
    }

    /// <summary>Trials per generation.</summary>
    public int PopulationSize => _options.PopulationSize;

    /// <inheritdoc/>
    public bool SupportsMultiObjective => _independent.SupportsMultiObjective;

    /// <inheritdoc/>
    public void BeforeTrial(Study study, FrozenTrial trial)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(trial);
        var (generation, parents) = Parents(study, study.Trials, int.MaxValue);
        study.SetTrialSystemAttr(trial.Id, GenerationAttr, generation);
        _parents[trial.Id] = parents;
        _independent.BeforeTrial(study, trial);
    }

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, Distribution> InferRelativeSearchSpace(Study study, FrozenTrial trial) =>
        GpSampler.Intersection(study.GetTrials(TrialState.Complete).Select(t => t.Distributions));

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, double> SampleRelative(
        Study study, FrozenTrial trial, IReadOnlyDictionary<string, Distribution> searchSpace)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(trial);
        ArgumentNullException.ThrowIfNull(searchSpace);
        // A trial started by another process (ask/tell) breeds from the parents of the generation it was given.
        var parents = _parents.TryGetValue(trial.Id, out var known) ? known
            : Parents(study, study.Trials, Generation(trial) ?? int.MaxValue).Parents;
        var space = searchSpace.Where(kv => parents.All(p => p.Trial.Distributions.TryGetValue(kv.Key, out var d) && d.Equals(kv.Value)))
            .OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .ToList();
        if (parents.Count < 2 || space.Count == 0)
            return new Dictionary<string, double>();
        var random = SamplerRandom.ForTrial(_seed, trial.Number, "nsga2");
        var first = Tournament(parents, random);
        var second = Tournament(parents, random);
        var crossover = random.NextDouble() < _options.CrossoverProbability;
        var mutation = _options.MutationProbability ?? 1.0 / space.Count;
        var child = new Dictionary<string, double>(space.Count);
        foreach (var (name, distribution) in space)
        {
            double a = first.Trial.InternalParam(name), b = second.Trial.InternalParam(name);
            var swap = crossover && random.NextDouble() < _options.SwappingProbability;
            var mutate = random.NextDouble() < mutation;
            child[name] = distribution is CategoricalDistribution categorical
                ? mutate ? random.Next(categorical.Choices.Count) : swap ? b : a
                : Numeric(distribution, a, b, swap, mutate, random);
        }
        return child;
    }

    /// <inheritdoc/>
    public double SampleIndependent(Study study, FrozenTrial trial, string name, Distribution distribution) =>
        _independent.SampleIndependent(study, trial, name, distribution);

    /// <inheritdoc/>
    /// <exception cref="InvalidOperationException">The constraints function returned no value or a NaN.</exception>
    public void AfterTrial(Study study, FrozenTrial trial, TrialState state, double? value)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(trial);
        _parents.TryRemove(trial.Id, out _);
        if (_options.Constraints is { } constraints && state == TrialState.Complete)
        {
            var values = constraints(trial);
            if (values is null || values.Count == 0 || values.Any(double.IsNaN))
                throw new InvalidOperationException(
                    $"Trial {trial.Number}: NsgaIISamplerOptions.Constraints returned {(values is null ? "null" : $"({string.Join(", ", values)})")}; it must return one or more numbers, none NaN.");
            study.SetTrialSystemAttr(trial.Id, ConstraintsAttr, CubeTrials.Format(values));
        }
        _independent.AfterTrial(study, trial, state, value);
    }

    /// <summary>A parent: a Complete trial with its non-dominated rank and crowding distance among the candidates it was chosen from.</summary>
    internal sealed record Member(FrozenTrial Trial, int Rank, double Crowding);

    /// <summary>
    /// The generation a new trial belongs to (the first not yet holding <see cref="NsgaIISamplerOptions.PopulationSize"/>
    /// Complete trials, below <paramref name="before"/>) and the parent population it breeds from: the elite of each
    /// complete generation together with the parents before it, generation after generation. The first parents are
    /// the elite of the Complete trials no generation holds (proposed before NSGA-II served the study, as the
    /// <see cref="AutoSampler"/>'s MOTPE trials are), so NSGA-II goes on from them rather than from a random generation.
    /// </summary>
    internal (int Generation, IReadOnlyList<Member> Parents) Parents(Study study, IReadOnlyList<FrozenTrial> trials, int before)
    {
        var directions = study.Directions;
        var complete = trials.Where(t => t.State == TrialState.Complete && t.Values?.Count == directions.Count).ToList();
        var byGeneration = complete
            .Where(t => Generation(t) is not null)
            .GroupBy(t => Generation(t)!.Value)
            .ToDictionary(g => g.Key, g => g.OrderBy(t => t.Number).ToList());
        var earlier = complete.Where(t => Generation(t) is null).OrderBy(t => t.Number).ToList();
        IReadOnlyList<Member> parents = earlier.Count == 0 ? [] : Elite(earlier, directions, _options.PopulationSize, _options.Constraints is not null);
        var generation = 0;
        while (generation < before && byGeneration.TryGetValue(generation, out var population) && population.Count >= _options.PopulationSize)
        {
            parents = Elite(population.Concat(parents.Select(p => p.Trial)).ToList(), directions, _options.PopulationSize, _options.Constraints is not null);
            generation++;
        }
        return (generation, parents);
    }

    /// <summary>
    /// The best <paramref name="size"/> of the candidates: whole fronts of the non-dominated sort (by constraint-domination
    /// when <paramref name="constrained"/>) while they fit, then the loneliest of the next front by crowding distance
    /// (the earlier trial first among equals).
    /// </summary>
    internal static IReadOnlyList<Member> Elite(IReadOnlyList<FrozenTrial> candidates, IReadOnlyList<Direction> directions, int size, bool constrained = false)
    {
        var values = candidates.Select(t => t.Values!).ToList();
        var violations = constrained ? candidates.Select(Violation).ToList() : null;
        var elite = new List<Member>(size);
        var rank = 0;
        foreach (var front in Pareto.NonDominatedSort(values, directions, violations))
        {
            var crowding = Pareto.CrowdingDistance(front.Select(i => values[i]).ToList());
            var members = front.Select((i, k) => new Member(candidates[i], rank, crowding[k]));
            if (elite.Count + front.Count > size)
                members = members.OrderByDescending(m => m.Crowding).ThenBy(m => m.Trial.Number).Take(size - elite.Count);
            elite.AddRange(members);
            if (elite.Count >= size)
                break;
            rank++;
        }
        return elite;
    }

    /// <summary>Binary tournament by the crowded comparison: the lower rank wins, then the larger crowding distance, then a coin.</summary>
    private static Member Tournament(IReadOnlyList<Member> parents, Random random)
    {
        var a = parents[random.Next(parents.Count)];
        var b = parents[random.Next(parents.Count - 1)];
        if (ReferenceEquals(a, b))
            b = parents[^1];
        return a.Rank != b.Rank ? (a.Rank < b.Rank ? a : b)
            : a.Crowding != b.Crowding ? (a.Crowding > b.Crowding ? a : b)
            : random.NextDouble() < 0.5 ? a : b;
    }

    /// <summary>A numeric gene of the child in model space: simulated binary crossover of the parents' genes when <paramref name="swap"/>, else the first's, then polynomial mutation when <paramref name="mutate"/>.</summary>
    private double Numeric(Distribution distribution, double first, double second, bool swap, bool mutate, Random random)
    {
        var (low, high) = SearchSpaceTransform.ModelBounds(distribution);
        var x = SearchSpaceTransform.ToModel(distribution, first);
        if (swap)
            x = SimulatedBinaryCrossover(x, SearchSpaceTransform.ToModel(distribution, second), low, high, _options.CrossoverEta, random);
        if (mutate)
            x = PolynomialMutation(x, low, high, _options.MutationEta, random);
        return SearchSpaceTransform.FromModel(distribution, Math.Clamp(x, low, high));
    }

    /// <summary>
    /// One child of simulated binary crossover with bounds (Deb and Agrawal 1995, as in Deb's NSGA-II code): the spread
    /// factor's distribution is cut so that both children stay inside [low, high]; the child is either of the two.
    /// </summary>
    internal static double SimulatedBinaryCrossover(double x1, double x2, double low, double high, double eta, Random random)
    {
        if (Math.Abs(x1 - x2) < 1e-14 || high <= low)
            return x1;
        double y1 = Math.Min(x1, x2), y2 = Math.Max(x1, x2);
        var u = random.NextDouble();
        double Spread(double beta)
        {
            var alpha = 2 - Math.Pow(beta, -(eta + 1));
            return u <= 1 / alpha ? Math.Pow(u * alpha, 1 / (eta + 1)) : Math.Pow(1 / (2 - u * alpha), 1 / (eta + 1));
        }
        var c1 = 0.5 * (y1 + y2 - Spread(1 + 2 * (y1 - low) / (y2 - y1)) * (y2 - y1));
        var c2 = 0.5 * (y1 + y2 + Spread(1 + 2 * (high - y2) / (y2 - y1)) * (y2 - y1));
        return Math.Clamp(random.NextDouble() < 0.5 ? c1 : c2, low, high);
    }

    /// <summary>Polynomial mutation with bounds (Deb and Goyal 1996, as in Deb's NSGA-II code): a move whose size shrinks near the bounds it would cross.</summary>
    internal static double PolynomialMutation(double x, double low, double high, double eta, Random random)
    {
        if (high <= low)
            return x;
        double range = high - low, u = random.NextDouble(), power = 1 / (eta + 1);
        double delta;
        if (u < 0.5)
        {
            var near = 1 - (x - low) / range;
            delta = Math.Pow(2 * u + (1 - 2 * u) * Math.Pow(near, eta + 1), power) - 1;
        }
        else
        {
            var near = 1 - (high - x) / range;
            delta = 1 - Math.Pow(2 * (1 - u) + 2 * (u - 0.5) * Math.Pow(near, eta + 1), power);
        }
        return Math.Clamp(x + delta * range, low, high);
    }

    /// <summary>A trial's total constraint violation: the sum of its positive constraint values; infinity when it stored none (a trial told before the constraints were set).</summary>
    private static double Violation(FrozenTrial trial)
    {
        if (trial.SystemAttrs.GetValueOrDefault(ConstraintsAttr) is not string text)
            return double.PositiveInfinity;
        return text.Split(';').Sum(c => Math.Max(0, double.Parse(c, CultureInfo.InvariantCulture)));
    }

    private static int? Generation(FrozenTrial trial) =>
        trial.SystemAttrs.TryGetValue(GenerationAttr, out var g) ? Convert.ToInt32(g, CultureInfo.InvariantCulture) : null;
}
