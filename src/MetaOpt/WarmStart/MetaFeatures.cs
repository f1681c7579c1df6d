using System.Text.Json;

namespace MetaOpt;

/// <summary>
/// What a study knows of its task before the first trial (a dataset's users, items, ratings per user, rating scale,
/// sparsity...), by name: the meta-features <see cref="WarmStart.Auto"/> and <see cref="ZeroShotPortfolio"/> compare
/// tasks by. A study definition computes them; they are stored once in the study (<see cref="AttributeKey"/>).
/// </summary>
/// <remarks>
/// Two tasks are compared on a log scale (<see cref="DistanceTo"/>), since counts such as users or ratings differ
/// between datasets by factors, not by amounts.
/// </remarks>
public sealed class MetaFeatures
{
    /// <summary>The study attribute holding the meta-features, as a JSON object of numbers.</summary>
    public const string AttributeKey = "metaopt:meta_features";

    /// <summary>Creates meta-features from values by name.</summary>
    /// <exception cref="ArgumentException">No value, a blank name, or a value that is not finite.</exception>
    public MetaFeatures(IReadOnlyDictionary<string, double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
            throw new ArgumentException("Meta-features need at least one value.", nameof(values));
        foreach (var (name, value) in values)
        {
            if (string.IsNullOrWhiteSpace(name))
                throw new ArgumentException("A meta-feature's name must not be blank.", nameof(values));
            if (!double.IsFinite(value))
                throw new ArgumentException($"Meta-feature '{name}' is {value}; meta-features must be finite numbers.", nameof(values));
        }
        Values = new SortedDictionary<string, double>(values.ToDictionary(), StringComparer.Ordinal);
    }

    /// <summary>The values by name, in name order.</summary>
    public IReadOnlyDictionary<string, double> Values { get; }

    /// <summary>
    /// How far apart two tasks are: the root mean square, over the names either has, of the difference of
    /// sign(x)·ln(1 + |x|); a name only one of them has counts as a difference of 1. Zero for equal values; a task
    /// with twice the users and otherwise equal, about 0.69 / √(number of names).
    /// </summary>
    public double DistanceTo(MetaFeatures other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var names = Values.Keys.Union(other.Values.Keys).ToList();
        var sum = 0.0;
        foreach (var name in names)
        {
            var d = Values.TryGetValue(name, out var a) && other.Values.TryGetValue(name, out var b) ? Scale(a) - Scale(b) : 1.0;
            sum += d * d;
        }
        return Math.Sqrt(sum / names.Count);
    }

    private static double Scale(double x) => Math.Sign(x) * Math.Log(1 + Math.Abs(x));

    /// <summary>Stores the meta-features in <paramref name="study"/>, replacing any stored before.</summary>
    public void Store(Study study)
    {
        ArgumentNullException.ThrowIfNull(study);
        study.SetUserAttr(AttributeKey, ToJson());
    }

    /// <summary>The values as a JSON object of numbers, as stored.</summary>
    public string ToJson() => ValueJson.Text(json =>
    {
        json.WriteStartObject();
        foreach (var (name, value) in Values)
        {
            json.WritePropertyName(name);
            ValueJson.WriteDouble(json, value);
        }
        json.WriteEndObject();
    });

    /// <summary>The meta-features stored in a study's attributes; null when it stores none.</summary>
    /// <exception cref="InvalidDataException">The stored attribute is not a JSON object of finite numbers; the message names it.</exception>
    public static MetaFeatures? Read(IReadOnlyDictionary<string, object> studyAttrs)
    {
        ArgumentNullException.ThrowIfNull(studyAttrs);
        if (!studyAttrs.TryGetValue(AttributeKey, out var stored))
            return null;
        try
        {
            using var document = JsonDocument.Parse(stored as string ?? throw new InvalidDataException($"it is a {stored.GetType().Name}, not JSON text"));
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw new InvalidDataException("it is not a JSON object");
            return new MetaFeatures(document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => ValueJson.ReadDouble(p.Value)));
        }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException or FormatException or InvalidDataException)
        {
            throw new InvalidDataException($"study attribute '{AttributeKey}' is malformed: {e.Message}", e);
        }
    }
}
