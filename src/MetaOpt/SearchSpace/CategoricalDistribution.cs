using System.Globalization;

namespace MetaOpt;

/// <summary>A parameter taking one of a fixed list of choices: strings, numbers or booleans.</summary>
/// <remarks>The internal representation is the index of the choice, so samplers never see the values themselves.</remarks>
public sealed class CategoricalDistribution : Distribution
{
    private readonly object[] _choices;

    /// <summary>Creates the distribution.</summary>
    /// <param name="choices">Distinct, non-null strings, numbers or booleans; at least one.</param>
    /// <exception cref="ArgumentException">The list is empty, has a null, an unsupported type, or a repeated value.</exception>
    public CategoricalDistribution(IEnumerable<object> choices)
    {
        _choices = choices.ToArray();
        if (_choices.Length == 0)
            throw new ArgumentException("choices must not be empty");
        for (var i = 0; i < _choices.Length; i++)
        {
            var c = _choices[i];
            if (c is not (string or bool or int or long or double or float))
                throw new ArgumentException(
                    $"choice #{i} ({c ?? "null"}, {c?.GetType().Name ?? "null"}) is not allowed: use strings, numbers or booleans");
            if (Array.FindIndex(_choices, 0, i, other => SameChoice(other, c)) >= 0)
                throw new ArgumentException($"choice '{Describe(c)}' appears more than once");
        }
    }

    /// <summary>The choices in the order given.</summary>
    public IReadOnlyList<object> Choices => _choices;

    /// <inheritdoc/>
    public override bool IsSingle => _choices.Length == 1;

    /// <summary>The index of a choice, or -1 when it is not one of them.</summary>
    public int IndexOf(object value) => Array.FindIndex(_choices, c => SameChoice(c, value));

    /// <inheritdoc/>
    public override double ToInternal(object value)
    {
        var i = IndexOf(value);
        if (i < 0)
            throw new ArgumentException($"'{Describe(value)}' is not one of {this}");
        return i;
    }

    /// <inheritdoc/>
    public override object ToExternal(double internalValue) => _choices[(int)internalValue];

    /// <inheritdoc/>
    public override bool Contains(double internalValue) =>
        internalValue >= 0 && internalValue < _choices.Length && internalValue == Math.Round(internalValue);

    /// <inheritdoc/>
    public override bool Equals(Distribution? other) =>
        other is CategoricalDistribution c && c._choices.Length == _choices.Length
        && _choices.Zip(c._choices).All(p => SameChoice(p.First, p.Second));

    /// <inheritdoc/>
    public override int GetHashCode() => _choices.Length;

    /// <inheritdoc/>
    public override string ToString() => "{" + string.Join(", ", _choices.Select(Describe)) + "}";

    // Numbers compare by value, so a choice 3 read back from storage as a long still matches the int 3.
    private static bool SameChoice(object? a, object? b) => (a, b) switch
    {
        (string x, string y) => x == y,
        (bool x, bool y) => x == y,
        (bool, _) or (_, bool) or (string, _) or (_, string) => false,
        (IConvertible x, IConvertible y) => Convert.ToDouble(x, CultureInfo.InvariantCulture) == Convert.ToDouble(y, CultureInfo.InvariantCulture),
        _ => Equals(a, b),
    };

    private static string Describe(object? v) => v switch
    {
        null => "null",
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => v.ToString() ?? "",
    };
}
