using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using MetaOpt.Samplers;

namespace MetaOpt;

/// <summary>
/// Evaluates every point of a grid once, in a random (seeded) order, then stops the study.
/// </summary>
/// <remarks>
/// <para>Each trial takes one grid point when it starts and records its index in the system attribute
/// <c>grid_id</c> (with a fingerprint of the grid in <c>grid_space</c>), so a study loaded again, or run by several
/// worker threads, skips the points already taken by finished (failed included, as in Optuna) or running trials.
/// When a trial takes the last free point, the sampler calls <see cref="Study.Stop"/>, so <see cref="Study.Optimize"/>
/// starts no further trial and returns <see cref="StopReason.Stopped"/>. Optimize's workers create trials one at a
/// time, so even with parallelism no point is evaluated twice. A trial asked on a fully explored study (by
/// <see cref="Study.Ask()"/>, or by another process sharing the storage) re-evaluates a random point rather than
/// fail, as Optuna does, and stops the study again.</para>
/// <para>Every parameter the objective suggests must be in the grid, and every grid value must fit the suggested
/// distribution; anything else is an <see cref="InvalidSearchSpaceException"/>, which stops the study.</para>
/// <para>Enqueued trials keep their fixed parameters and take no grid point; their other parameters are drawn
/// from the grid values at random.</para>
/// </remarks>
public sealed class GridSampler : ISampler
{
    internal const string GridIdAttr = "grid_id";
    internal const string GridSpaceAttr = "grid_space";

    private readonly string[] _names;
    private readonly IReadOnlyList<object>[] _values;
    private readonly long _size;
    private readonly string _fingerprint;
    private readonly int _seed;
    private readonly object _lock = new();

    /// <summary>Creates the sampler.</summary>
    /// <param name="searchSpace">The values of each parameter; the grid is their Cartesian product.</param>
    /// <param name="seed">Seed of the visiting order; a random seed when null.</param>
    /// <exception cref="ArgumentException">The grid is empty, a parameter has no values or a value is repeated or of an unsupported type.</exception>
    public GridSampler(IReadOnlyDictionary<string, IReadOnlyList<object>> searchSpace, int? seed = null)
    {
        ArgumentNullException.ThrowIfNull(searchSpace);
        if (searchSpace.Count == 0)
            throw new ArgumentException("The grid needs at least one parameter.", nameof(searchSpace));
        _names = searchSpace.Keys.Order(StringComparer.Ordinal).ToArray();
        _values = new IReadOnlyList<object>[_names.Length];
        _size = 1;
        for (var i = 0; i < _names.Length; i++)
        {
            var values = searchSpace[_names[i]];
            try
            {
                // The same rules as a categorical parameter's choices: non-empty, distinct, strings/numbers/booleans.
                _values[i] = new CategoricalDistribution(values).Choices;
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException($"Grid parameter '{_names[i]}': {e.Message}.", nameof(searchSpace), e);
            }
            _size = checked(_size * _values[i].Count);
        }
        _fingerprint = Fingerprint(_names, _values);
        _seed = SamplerRandom.Seed(seed);
    }

    /// <summary>Number of points in the grid.</summary>
    public long GridSize => _size;

    /// <summary>
    /// True when every grid point has been taken by a trial of <paramref name="study"/> (finished or running), so
    /// a <see cref="StopReason.Stopped"/> from <see cref="Study.Optimize"/> means the grid is done.
    /// </summary>
    public bool IsExhausted(Study study) => TakenGridIds(study, excludedTrialId: null).Count >= _size;

    /// <inheritdoc/>
    public void BeforeTrial(Study study, FrozenTrial trial)
    {
        if (trial.SystemAttrs.ContainsKey(GridIdAttr) || trial.SystemAttrs.Keys.Any(k => k.StartsWith(Trial.FixedParamPrefix, StringComparison.Ordinal)))
            return;
        // One worker at a time reads the taken points and claims one, so threads of this process never collide.
        lock (_lock)
        {
            var taken = TakenGridIds(study, excludedTrialId: trial.Id);
            var free = new List<long>();
            for (long id = 0; id < _size; id++)
            {
                if (!taken.Contains(id))
                    free.Add(id);
            }
            var random = SamplerRandom.ForTrial(_seed, trial.Number);
            var gridId = free.Count > 0 ? free[random.Next(free.Count)] : random.NextInt64(_size);
            study.SetTrialSystemAttr(trial.Id, GridSpaceAttr, _fingerprint);
            study.SetTrialSystemAttr(trial.Id, GridIdAttr, gridId);
            if (free.Count <= 1)
                study.Stop();
        }
    }

    /// <inheritdoc/>
    public double SampleIndependent(Study study, FrozenTrial trial, string name, Distribution distribution)
    {
        var index = Array.IndexOf(_names, name);
        if (index < 0)
            throw new InvalidSearchSpaceException(
                $"Parameter '{name}' is not in the grid; the grid has {string.Join(", ", _names.Select(n => $"'{n}'"))}.", name);
        object value;
        if (trial.SystemAttrs.TryGetValue(GridIdAttr, out var id))
            value = _values[index][ValueIndex(Convert.ToInt64(id, CultureInfo.InvariantCulture), index)];
        else
            value = _values[index][SamplerRandom.ForTrial(_seed, trial.Number, name).Next(_values[index].Count)];
        try
        {
            return distribution.ToInternal(value);
        }
        catch (ArgumentException e)
        {
            throw new InvalidSearchSpaceException(
                $"Grid value {Describe(value)} of parameter '{name}' does not fit the suggested {distribution}: {e.Message}.", name, e);
        }
    }

    // The grid id is a mixed-radix number whose digits index each parameter's values, names in ordinal order.
    private int ValueIndex(long gridId, int parameter)
    {
        for (var i = _names.Length - 1; i > parameter; i--)
            gridId /= _values[i].Count;
        return (int)(gridId % _values[parameter].Count);
    }

    private HashSet<long> TakenGridIds(Study study, long? excludedTrialId)
    {
        var taken = new HashSet<long>();
        foreach (var trial in study.Trials)
        {
            if (trial.Id != excludedTrialId
                && trial.SystemAttrs.TryGetValue(GridSpaceAttr, out var space) && Equals(space, _fingerprint)
                && trial.SystemAttrs.TryGetValue(GridIdAttr, out var id))
                taken.Add(Convert.ToInt64(id, CultureInfo.InvariantCulture));
        }
        return taken;
    }

    // Identifies the grid across processes, so a study resumed with a different grid does not skip points by mistake.
    private static string Fingerprint(string[] names, IReadOnlyList<object>[] values)
    {
        var text = string.Join(";", names.Select((n, i) => n + "=" + string.Join(",", values[i].Select(Describe))));
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
    }

    private static string Describe(object value) => value switch
    {
        string s => "\"" + s + "\"",
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <inheritdoc/>
    /// <remarks>True: its draws do not depend on the values.</remarks>
    public bool SupportsMultiObjective => true;
}
